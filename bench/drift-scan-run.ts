// One cold `drift all` through the Resource Graph scan, in a fresh process, so its peak RSS is the
// bot's own for that command (the bench process has run other sections and holds their garbage).
// Reads DRIFT_SCAN (endpoints + subscriptions), prints `RESULT <json>`.
import { Writable } from "node:stream";
import { pino } from "pino";
import { renderCard } from "../src/cards/render-card.js";
import { systemClock } from "../src/clock.js";
import { handleMessage } from "../src/commands/dispatch.js";
import { createVersionCatalog } from "../src/fleet/catalog.js";
import { createAzureFleet, createAzureScanner, createSimulatorCredential } from "../src/fleet/azure/index.js";

export interface DriftScanInput {
  url: string;
  logsUrl: string;
  caPem: string;
  subscriptionIds: string[];
}

export interface DriftScanResult {
  scanMs: number;
  /** Highest RSS sampled while the command ran, and the process's lifetime peak (both MB). */
  peakRssMb: number;
  maxRssMb: number;
  rssBeforeMb: number;
  cardBytes: number;
  template: string;
  machines: number;
  pages: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const input = JSON.parse(process.env.DRIFT_SCAN ?? "{}") as DriftScanInput;
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: "info" }, sink);
  const azure = { subscriptionIds: input.subscriptionIds, credential: createSimulatorCredential(), armEndpoint: input.url, logsEndpoint: input.logsUrl, caPem: input.caPem };
  const fleet = createAzureFleet(azure);
  const deps = { fleet, catalog: createVersionCatalog(fleet, { clock: systemClock, ttlMs: 3_600_000 }), clock: systemClock, log, scanner: createAzureScanner(azure), subscriptionIds: input.subscriptionIds };
  const request = {
    text: "drift all",
    user: { id: "29:bench", name: "bench" },
    conversation: { id: "a:bench", type: "personal" as const },
    locale: "en" as const,
    correlationId: "bench-drift-all",
  };
  const chat = { send: async () => "", update: async () => undefined };
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const startedAt = performance.now();
  const reply = await handleMessage(deps, request, chat);
  const scanMs = performance.now() - startedAt;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const done = lines.find((l) => l.msg === "drift scan done") ?? {};
  const result: DriftScanResult = {
    scanMs,
    peakRssMb: mb(peak),
    maxRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    rssBeforeMb: mb(rssBefore),
    cardBytes: reply.kind === "card" ? Buffer.byteLength(JSON.stringify(renderCard(reply))) : 0,
    template: reply.kind === "card" ? reply.template : "text",
    machines: Number(done.machines ?? Number.NaN),
    pages: Number(done.pages ?? Number.NaN),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (process.env.DRIFT_SCAN) {
  main().catch((error: unknown) => {
    process.stderr.write(`drift scan failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  });
}
