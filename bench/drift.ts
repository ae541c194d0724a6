// `drift all` over a generated estate (10,000 VMs, 30,000 extensions) at 50 ms per request with ARM's
// token buckets on, through the Resource Graph scan; and in the same run the naive path (list the
// scope, then GET every VM and its extensions through @azure/arm-compute, bounded parallel, which is
// what `drift rg` does). At 25 reads/s the naive path needs minutes for 10,000 VMs, so it is measured
// on one 1,000-VM resource group and its calls are extrapolated linearly (said in the output).
// The simulator runs in a child process, and drift all in a fresh one: its RSS is the bot's alone.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join, resolve } from "node:path";
import { renderCard } from "../src/cards/render-card.js";
import { subscriptionIdsOf } from "../src/chat/start-embedded-bot.js";
import { systemClock } from "../src/clock.js";
import { handleMessage, type CommandDeps } from "../src/commands/dispatch.js";
import type { ChatPort, Reply } from "../src/commands/types.js";
import { createVersionCatalog } from "../src/fleet/catalog.js";
import { createAzureFleet, createSimulatorCredential, type AzureFleetOptions } from "../src/fleet/azure/index.js";
import { silentLogger } from "../src/log.js";
import { demoFixture } from "../src/sim/index.js";
import type { BenchContext, BenchSection, Figure, SectionResult } from "./bench-section.js";
import type { DriftScanInput, DriftScanResult } from "./drift-scan-run.js";
import type { DriftSimConfig } from "./drift-sim.js";
import { round } from "./measure.js";

export interface DriftBenchOptions {
  vms: number;
  extensionsPerVm: number;
  /** VMs of the resource group the naive path reads (extrapolated to `vms`). */
  sliceVms: number;
}

interface SimChild {
  endpoints: { url: string; logsUrl: string; caPem: string };
  stats(reset?: boolean): Promise<{ calls: number; byRoute: Record<string, number> }>;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, "..");

async function startSimChild(config: DriftSimConfig): Promise<SimChild> {
  // `node --import tsx`, not the tsx shim: stdin and signals reach the simulator itself.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "bench/drift-sim.ts")], {
    cwd: root,
    env: { ...process.env, DRIFT_SIM: JSON.stringify(config) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  let ready: (endpoints: SimChild["endpoints"]) => void = () => undefined;
  const started = new Promise<SimChild["endpoints"]>((done, fail) => {
    ready = done;
    child.once("exit", (code) => fail(new Error(`drift simulator exited (${code}) before it was ready:\n${errors}`)));
  });
  lines.on("line", (line) => {
    if (line.startsWith("READY ")) ready(JSON.parse(line.slice(6)) as SimChild["endpoints"]);
    else if (line.startsWith("STATS ")) waiting.shift()?.(line.slice(6));
  });
  const endpoints = await started;
  return {
    endpoints,
    stats(reset = false) {
      return new Promise((done) => {
        waiting.push((json) => done(JSON.parse(json) as { calls: number; byRoute: Record<string, number> }));
        child.stdin!.write(reset ? "reset\n" : "stats\n");
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.stdin!.end();
      await exited;
    },
  };
}

/** `drift all` in a fresh process (drift-scan-run.ts): its RSS is the bot's alone. */
async function runScanChild(input: DriftScanInput): Promise<DriftScanResult> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/drift-scan-run.ts")], {
    cwd: root,
    env: { ...process.env, DRIFT_SCAN: JSON.stringify(input) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((done) => child.once("exit", done));
  const line = output.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`bench: the drift all process gave no result:\n${output}`);
  return JSON.parse(line.slice("RESULT ".length)) as DriftScanResult;
}

const chat: ChatPort = { send: async () => "", update: async () => undefined };

function request(text: string) {
  return {
    text,
    user: { id: "29:bench", aadObjectId: "00000000-0000-4000-8000-0000000000be", name: "bench" },
    conversation: { id: "a:bench", type: "personal" as const },
    locale: "en" as const,
    correlationId: "bench-drift",
  };
}

function checkCard(reply: Reply, command: string): number {
  if (reply.kind !== "card" || reply.template !== "drift") {
    throw new Error(`bench: "${command}" did not answer with the drift card: ${reply.kind === "card" ? reply.template : reply.text}`);
  }
  return Buffer.byteLength(JSON.stringify(renderCard(reply)));
}

export function driftSection(options: DriftBenchOptions): BenchSection {
  return {
    name: "drift",
    async run(context: BenchContext): Promise<SectionResult> {
      const config: DriftSimConfig = { vms: options.vms, vmsPerResourceGroup: options.sliceVms, extensionsPerVm: options.extensionsPerVm, latencyMs: context.latencyMs, seed: 1 };
      context.progress(`drift: starting a simulator with ${options.vms} generated VMs x ${options.extensionsPerVm} extensions (ARM throttling on)`);
      const sim = await startSimChild(config);
      try {
        const azure: AzureFleetOptions = {
          subscriptionIds: subscriptionIdsOf(demoFixture),
          credential: createSimulatorCredential(),
          armEndpoint: sim.endpoints.url,
          logsEndpoint: sim.endpoints.logsUrl,
          caPem: sim.endpoints.caPem,
          // The naive path meets the token bucket: let the SDK wait out every Retry-After.
          retry: { maxRetries: 30 },
        };
        context.progress("drift: drift all through the Resource Graph scan, cold, in a fresh bot process");
        await sim.stats(true);
        const scan = await runScanChild({ ...sim.endpoints, subscriptionIds: azure.subscriptionIds });
        const scanStats = await sim.stats();
        const scanCalls = scanStats.calls;
        if (scan.template !== "drift") throw new Error(`bench: drift all answered with the ${scan.template} card`);

        context.progress(`drift: naive baseline, drift rg-gen-001 (${options.sliceVms} VMs) VM by VM through @azure/arm-compute`);
        // No scanner in the deps: `drift` takes the per-VM path (list the scope, GET each VM, bounded parallel).
        const fleet = createAzureFleet(azure);
        const naiveDeps: CommandDeps = { fleet, catalog: createVersionCatalog(fleet, { clock: systemClock, ttlMs: 3_600_000 }), clock: systemClock, log: silentLogger };
        await sim.stats(true);
        const naiveStartedAt = performance.now();
        const naiveReply = await handleMessage(naiveDeps, request("drift rg-gen-001"), chat);
        const naiveMs = performance.now() - naiveStartedAt;
        const naiveStats = await sim.stats();
        checkCard(naiveReply, "drift rg-gen-001");
        const scale = options.vms / options.sliceVms;
        const naiveCalls = Math.round(naiveStats.calls * scale);
        // Had ARM throttled nothing: the list pages plus a VM GET and an extension list per VM (no 429 retry).
        const listCalls = Object.entries(naiveStats.byRoute).filter(([route]) => !/^virtualMachine(s\.get|Extensions\.list)$/.test(route)).reduce((sum, [, n]) => sum + n, 0);
        const unthrottledCalls = Math.round((listCalls + 2 * options.sliceVms) * scale);

        const figures: Figure[] = [
          { key: "scanMs", value: round(scan.scanMs, 0), unit: "ms", description: `drift all, ${options.vms} VMs / ${options.vms * options.extensionsPerVm} extensions, cold`, target: { max: 3000 } },
          { key: "scanCalls", value: scanCalls, unit: "calls", description: "requests the simulator received for drift all (Resource Graph pages + version lists)" },
          { key: "scanPeakRssMb", value: Math.max(scan.peakRssMb, scan.maxRssMb), unit: "MB", description: "peak RSS of a fresh bot process running drift all", target: { max: 300 } },
          { key: "cardBytes", value: scan.cardBytes, unit: "B", description: "drift all card, rendered", target: { max: 28 * 1024 } },
          { key: "machines", value: scan.machines, unit: "", description: "machines the scan judged (each once)" },
          { key: "baselineSliceMs", value: round(naiveMs, 0), unit: "ms", description: `naive: drift rg-gen-001, ${options.sliceVms} VMs VM by VM (measured)` },
          { key: "baselineSliceCalls", value: naiveStats.calls, unit: "calls", description: `naive: requests for ${options.sliceVms} VMs incl. 429 retries (measured)` },
          { key: "baselineCalls", value: naiveCalls, unit: "calls", description: `naive: extrapolated linearly x${round(scale, 1)} to ${options.vms} VMs` },
          { key: "baselineMsExtrapolated", value: round(naiveMs * scale, 0), unit: "ms", description: `naive: wall time extrapolated linearly to ${options.vms} VMs` },
          { key: "baselineCallsUnthrottled", value: unthrottledCalls, unit: "calls", description: "naive: the same without 429 retries (lists + 2 GETs per VM), extrapolated" },
          { key: "callReduction", value: round(naiveCalls / Math.max(1, scanCalls), 1), unit: "x", description: "baseline calls / scan calls", target: { min: 50 } },
          { key: "callReductionUnthrottled", value: round(unthrottledCalls / Math.max(1, scanCalls), 1), unit: "x", description: "as above, counting no 429 retry for the baseline", target: { min: 50 } },
        ];
        return {
          figures,
          details: {
            baseline: `measured on ${options.sliceVms} of ${options.vms} VMs and extrapolated linearly (ARM throttling makes the full naive run take minutes)`,
            scanPages: scan.pages,
            scanRssBeforeMb: scan.rssBeforeMb,
            scanCallsByRoute: scanStats.byRoute,
            baselineCallsByRoute: naiveStats.byRoute,
          },
        };
      } finally {
        await sim.stop();
      }
    },
  };
}
