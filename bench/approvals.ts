// Approvals end to end (issue 3 req 10), on the durable local store, against the ARM simulator:
// 1. The Approve invoke's response time, p50/p99 over 100 clicks, with short (≈0.1 s) and long (≈10 s)
//    simulated operations: the invoke is answered before the work starts, so it must not grow.
// 2. A 100-instance Manual scale set upgraded in waves: waves, ARM calls and wall time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRequest } from "../src/approvals/use-cases.js";
import { cardVerbs } from "../src/cards/verbs.js";
import { startCaptureConnector, type CaptureConnector } from "../src/chat/capture-connector.js";
import { subscriptionIdsOf } from "../src/chat/start-embedded-bot.js";
import { startSimulator, type Fixture, type LroSettings } from "../src/sim/index.js";
import { alice, bob, startApprovalServer, talkTo, type ApprovalServer, type Talk } from "../test/e2e/approvals-app.js";
import { fleetWithScaleSet, fleetWithVms } from "../test/e2e/approvals-fixtures.js";
import type { BenchContext, BenchSection, Figure, SectionResult } from "./bench-section.js";
import { round } from "./measure.js";

export interface ApprovalBenchOptions {
  clicks: number;
  instances: number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

interface Bot {
  server: ApprovalServer;
  talk: Talk;
  stop(): Promise<void>;
}

async function startBot(context: BenchContext, fixture: Fixture, lro: LroSettings, connector: CaptureConnector, wavePollMs = 500): Promise<Bot & { sim: Awaited<ReturnType<typeof startSimulator>> }> {
  const sim = await startSimulator({ fixture, host: "127.0.0.1", latencyMs: context.latencyMs, lro });
  const dir = mkdtempSync(join(tmpdir(), "extops-bench-approvals-"));
  const server = await startApprovalServer({
    sim,
    subscriptionIds: subscriptionIdsOf(fixture),
    store: { kind: "local", dir },
    // Production-like pacing: SDK polls every second, card updates every 3 s, no heartbeat watch.
    settings: { cardUpdateIntervalMs: 3000, heartbeatWatchMs: 0 },
    writer: { pollIntervalMs: 1000, operationTimeoutMs: 120_000 },
    executorPollMs: wavePollMs,
  });
  const talk = talkTo(server.messagesUrl, connector);
  await talk.say(bob, "approvals");
  return {
    sim,
    server,
    talk,
    async stop() {
      await server.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function approveData(refreshData: Record<string, unknown>): Record<string, unknown> {
  return { ...refreshData, verb: cardVerbs.approvalApprove };
}

/** Alice asks for one change; returns the data Bob's Approve button would carry. */
async function ask(talk: Talk, text: string): Promise<{ id: string; data: Record<string, unknown> }> {
  const exchange = await talk.say(alice, text);
  const posted = JSON.stringify(exchange.replies[0] ?? {});
  const match = /"verb":"approvalRefresh","requestId":"([a-z0-9]+)","planHash":"(sha256:[0-9a-f]+)"/.exec(posted);
  if (!match) throw new Error(`bench: "${text}" did not post an approval card:\n${posted.slice(0, 500)}`);
  return { id: match[1]!, data: approveData({ verb: cardVerbs.approvalRefresh, requestId: match[1], planHash: match[2] }) };
}

/** 100 Approve clicks, each on a fresh request for another VM, timed from POST to the invoke's answer. */
async function measureClicks(context: BenchContext, connector: CaptureConnector, clicks: number, operationMs: number): Promise<{ p50: number; p99: number; max: number }> {
  const fixture = fleetWithVms("rg-bench", "vm-bench", clicks);
  const bot = await startBot(context, fixture, { polls: 1_000_000, maxDurationMs: operationMs }, connector);
  try {
    const durations: number[] = [];
    for (let i = 0; i < clicks; i++) {
      const { data } = await ask(bot.talk, `upgrade rg-bench/vm-bench-${String(i).padStart(3, "0")}`);
      const startedAt = performance.now();
      const answer = await bot.talk.press(bob, { verb: cardVerbs.approvalApprove, data });
      durations.push(performance.now() - startedAt);
      if (answer.status !== 200 || !answer.body.includes("You approved it")) throw new Error(`bench: click ${i} was not approved: ${answer.body.slice(0, 300)}`);
    }
    context.progress(`approvals: ${clicks} clicks with ${operationMs} ms operations done; waiting for the executions`);
    await bot.server.runtime.idle();
    return { p50: round(percentile(durations, 50), 1), p99: round(percentile(durations, 99), 1), max: round(Math.max(...durations), 1) };
  } finally {
    await bot.stop();
  }
}

/** One Manual scale set of `instances` instances, model one minor behind, upgraded wave by wave. */
async function measureRollout(context: BenchContext, connector: CaptureConnector, instances: number) {
  const fixture = fleetWithScaleSet("vmss-bench", instances);
  const bot = await startBot(context, fixture, {}, connector, 250);
  try {
    const { id, data } = await ask(bot.talk, "upgrade rg-prod/vmss-bench");
    bot.sim.stats.reset();
    const startedAt = performance.now();
    await bot.talk.press(bob, { verb: cardVerbs.approvalApprove, data });
    await bot.server.runtime.idle();
    const wallMs = performance.now() - startedAt;
    const request = await getRequest(bot.server.store, id);
    const rollout = request?.plan.items.find((i) => i.action.kind === "rolloutModel");
    const waves = rollout?.action.kind === "rolloutModel" ? rollout.action.waves.map((w) => w.length) : [];
    if (request?.state !== "succeeded") throw new Error(`bench: the rollout ended ${request?.state}`);
    return {
      wallMs: round(wallMs, 0),
      waves: waves.length,
      waveSizes: waves.join("+"),
      armCalls: bot.sim.stats.calls,
      armWrites: bot.sim.stats.writes,
      byRoute: { ...bot.sim.stats.byRoute },
      cardUpdates: connector.calls.filter((c) => c.method === "PUT").length,
    };
  } finally {
    await bot.stop();
  }
}

export function approvalsSection(options: ApprovalBenchOptions): BenchSection {
  return {
    name: "approvals",
    async run(context): Promise<SectionResult> {
      const connector = await startCaptureConnector();
      try {
        const short = await measureClicks(context, connector, options.clicks, 100);
        const long = await measureClicks(context, connector, options.clicks, 10_000);
        connector.clear();
        const rollout = await measureRollout(context, connector, options.instances);
        const figures: Figure[] = [
          { key: "invokeP50ShortMs", value: short.p50, unit: "ms", description: `Approve invoke answered, p50 of ${options.clicks} clicks (0.1 s operations)`, target: { max: 1000 } },
          { key: "invokeP99ShortMs", value: short.p99, unit: "ms", description: `Approve invoke answered, p99 of ${options.clicks} clicks (0.1 s operations)`, target: { max: 1000 } },
          { key: "invokeP50LongMs", value: long.p50, unit: "ms", description: `Approve invoke answered, p50 of ${options.clicks} clicks (10 s operations)`, target: { max: 1000 } },
          { key: "invokeP99LongMs", value: long.p99, unit: "ms", description: `Approve invoke answered, p99 of ${options.clicks} clicks (10 s operations)`, target: { max: 1000 } },
          {
            key: "invokeP99LongOverShort",
            value: round(long.p99 / Math.max(1, short.p99), 2),
            unit: "x",
            description: "p99 with long operations / p99 with short ones (must not grow with operation length)",
            target: { max: 2 },
          },
          { key: "rolloutWallMs", value: rollout.wallMs, unit: "ms", description: `${options.instances}-instance Manual scale set: approve → every wave done` },
          { key: "rolloutWaves", value: rollout.waves, unit: "", description: `waves (${rollout.waveSizes})` },
          { key: "rolloutArmCalls", value: rollout.armCalls, unit: "", description: "ARM calls during the rollout (writes, operation polls, instance reads)" },
          { key: "rolloutArmWrites", value: rollout.armWrites, unit: "", description: "ARM writes during the rollout (model PATCH + one manualupgrade per wave)" },
        ];
        return {
          figures,
          details: { invokeShort: short, invokeLong: long, rolloutByRoute: rollout.byRoute, rolloutCardUpdates: rollout.cardUpdates, waveSizes: rollout.waveSizes },
        };
      } finally {
        await connector.close();
      }
    },
  };
}
