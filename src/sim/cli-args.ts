// Command line of `npm run sim` (pure, so it is unit-tested):
//   --port <p> --host <h> --fixture <file> --latency <ms> --page-size <n>
//   --fault <kind>[,method=GET][,path=<substring>][,status=<n>][,code=<C>][,retryAfter=<s>][,delay=<ms>][,times=<n>]   (repeatable)
import { parseArgs } from "node:util";
import type { FaultRule } from "./fault-book.js";

export interface CliOptions {
  port: number;
  host: string;
  fixturePath?: string;
  latencyMs: number;
  pageSize?: number;
  faults: FaultRule[];
}

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

export const cliUsage = `usage: npm run sim -- [--port 8443] [--host 127.0.0.1] [--fixture fleet.json] [--latency ms] [--page-size n]
                      [--fault kind[,method=GET][,path=text][,status=500][,code=Code][,retryAfter=s][,delay=ms][,times=n]]...
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
  };
}
