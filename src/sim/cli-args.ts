// Command line of `npm run sim` (pure, so it is unit-tested):
//   --port <p> --host <h> --fixture <file> --latency <ms> --page-size <n>
//   --fault <kind>[,method=GET][,path=<substring>][,status=<n>][,code=<C>][,retryAfter=<s>][,delay=<ms>][,times=<n>]   (repeatable)
//   --vms <n> [--mix upToDate=50,behind=20,...] [--scale-sets <n>]   generated fleet added to the fixture
//   --throttle arm | reads=<capacity>:<perSecond>[,writes=<capacity>:<perSecond>]   ARM token buckets
//   --graph-quota <limit>:<windowMs> | off      --lro-polls <n>
import { parseArgs } from "node:util";
import type { FaultRule } from "./fault-book.js";
import { fleetSituations, type FleetMix } from "./generate-fleet.js";
import type { GraphQuotaSettings } from "./graph-quota.js";
import { armDefaultThrottle, type ArmThrottleSettings } from "./token-bucket.js";

export interface CliOptions {
  port: number;
  host: string;
  fixturePath?: string;
  latencyMs: number;
  pageSize?: number;
  faults: FaultRule[];
  generate?: { vms: number; mix?: FleetMix; scaleSets?: number };
  armThrottle?: ArmThrottleSettings;
  graphQuota?: GraphQuotaSettings | false;
  lroPolls?: number;
}

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

export const cliUsage = `usage: npm run sim -- [--port 8443] [--host 127.0.0.1] [--fixture fleet.json] [--latency ms] [--page-size n]
                      [--fault kind[,method=GET][,path=text][,status=500][,code=Code][,retryAfter=s][,delay=ms][,times=n]]...
                      [--vms n [--mix upToDate=50,behind=20,frozen=10,legacy=8,noAgent=4,deallocated=4,failed=2,silent=2] [--scale-sets n]]
                      [--throttle arm|reads=250:25,writes=200:10] [--graph-quota 15:5000|off] [--lro-polls n]
  kind: throttle (429; Retry-After only with retryAfter=), error (default 500), slow (adds delay=ms)`;

function readNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new CliUsageError(`${flag} expects a non-negative integer, got "${text}"`);
  return value;
}

export function parseFaultSpec(spec: string): FaultRule {
  const [kind, ...pairs] = spec.split(",");
  if (kind !== "throttle" && kind !== "error" && kind !== "slow") {
    throw new CliUsageError(`--fault kind must be throttle, error or slow, got "${kind ?? ""}"`);
  }
  const rule: FaultRule = { kind };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    switch (key) {
      case "method":
        rule.method = value.toUpperCase();
        break;
      case "path":
        rule.pathIncludes = value;
        break;
      case "code":
        rule.code = value;
        break;
      case "status":
        rule.status = readNumber("--fault status", value, 500);
        break;
      case "retryAfter":
        rule.retryAfterSeconds = readNumber("--fault retryAfter", value, 0);
        break;
      case "delay":
        rule.delayMs = readNumber("--fault delay", value, 0);
        break;
      case "times":
        rule.times = readNumber("--fault times", value, 1);
        if (rule.times < 1) throw new CliUsageError("--fault times must be at least 1");
        break;
      default:
        throw new CliUsageError(`unknown --fault setting "${key}"`);
    }
  }
  return rule;
}

export function parseMix(spec: string): FleetMix {
  const mix: FleetMix = {};
  for (const pair of spec.split(",")) {
    const [name, weight] = pair.split("=");
    const situation = fleetSituations.find((s) => s === name);
    if (!situation) throw new CliUsageError(`--mix: unknown situation "${name ?? ""}" (one of ${fleetSituations.join(", ")})`);
    mix[situation] = readNumber(`--mix ${situation}`, weight, 0);
  }
  return mix;
}

function readBucket(flag: string, text: string): { capacity: number; refillPerSecond: number } {
  const [capacity, perSecond] = text.split(":");
  const bucket = { capacity: readNumber(flag, capacity, 0), refillPerSecond: readNumber(flag, perSecond, 0) };
  if (bucket.capacity < 1 || bucket.refillPerSecond < 1) throw new CliUsageError(`${flag} expects <capacity>:<perSecond>, both at least 1`);
  return bucket;
}

export function parseThrottle(spec: string): ArmThrottleSettings {
  if (spec === "arm") return armDefaultThrottle;
  const settings: ArmThrottleSettings = {};
  for (const pair of spec.split(",")) {
    const [kind, bucket] = pair.split("=");
    if ((kind !== "reads" && kind !== "writes") || bucket === undefined) throw new CliUsageError(`--throttle expects arm or reads=<c>:<r>,writes=<c>:<r>, got "${pair}"`);
    settings[kind] = readBucket(`--throttle ${kind}`, bucket);
  }
  return settings;
}

function parseGraphQuota(spec: string): GraphQuotaSettings | false {
  if (spec === "off") return false;
  const [limit, windowMs] = spec.split(":");
  const quota = { limit: readNumber("--graph-quota", limit, 0), windowMs: readNumber("--graph-quota", windowMs, 0) };
  if (quota.limit < 1 || quota.windowMs < 1) throw new CliUsageError("--graph-quota expects <limit>:<windowMs> or off");
  return quota;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        fixture: { type: "string" },
        latency: { type: "string" },
        "page-size": { type: "string" },
        fault: { type: "string", multiple: true },
        vms: { type: "string" },
        mix: { type: "string" },
        "scale-sets": { type: "string" },
        throttle: { type: "string" },
        "graph-quota": { type: "string" },
        "lro-polls": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const pageSize = values["page-size"] === undefined ? undefined : readNumber("--page-size", values["page-size"], 50);
  if (pageSize === 0) throw new CliUsageError("--page-size must be at least 1");
  return {
    port: readNumber("--port", values.port, 8443),
    host: values.host ?? "127.0.0.1",
    fixturePath: values.fixture,
    latencyMs: readNumber("--latency", values.latency, 0),
    pageSize,
    faults: (values.fault ?? []).map(parseFaultSpec),
    ...(values.vms !== undefined
      ? {
          generate: {
            vms: readNumber("--vms", values.vms, 0),
            ...(values.mix !== undefined ? { mix: parseMix(values.mix) } : {}),
            ...(values["scale-sets"] !== undefined ? { scaleSets: readNumber("--scale-sets", values["scale-sets"], 0) } : {}),
          },
        }
      : {}),
    ...(values.throttle !== undefined ? { armThrottle: parseThrottle(values.throttle) } : {}),
    ...(values["graph-quota"] !== undefined ? { graphQuota: parseGraphQuota(values["graph-quota"]) } : {}),
    ...(values["lro-polls"] !== undefined ? { lroPolls: readNumber("--lro-polls", values["lro-polls"], 2) } : {}),
  };
}
