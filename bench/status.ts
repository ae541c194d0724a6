import { startCaptureConnector, type CaptureConnector } from "../src/chat/capture-connector.js";
import { replyToText } from "../src/chat/reply-to-text.js";
import { sendChatMessage, type ChatExchange } from "../src/chat/send-chat-message.js";
import { startEmbeddedBot } from "../src/chat/start-embedded-bot.js";
import { serializeFleet } from "../src/fleet/serialize-fleet.js";
import { t } from "../src/i18n/translate.js";
import type { BenchContext, BenchSection, Figure, SectionResult } from "./bench-section.js";
import { median, round } from "./measure.js";

// `status` end to end: activity in at POST /api/messages -> reply out at the fake connector.
// Cold = a freshly started bot (empty name index and version catalogue, no open connections);
// warm = the same command again on that bot. The sequential baseline runs the same command with
// every fan-out forced one call at a time (the fleet's `sequential` option + serializeFleet).

export interface StatusBenchOptions {
  command: string;
  /** Text the reply must contain, so an error card is never timed as a success. */
  expect: string;
  coldRuns: number;
  warmRuns: number;
}

interface ModeFigures {
  cold: number[];
  warm: number[];
  coldCalls: number[];
  warmCalls: number[];
  byRoute: Record<string, number>;
}

function checkReply(exchange: ChatExchange, options: StatusBenchOptions): void {
  const text = exchange.replies.map(replyToText).join("\n");
  const errorTitle = t("en", "common.error.title");
  if (exchange.status !== 200 || exchange.replies.length !== 1 || !text.includes(options.expect) || text.includes(errorTitle)) {
    throw new Error(`bench: "${options.command}" did not answer with the expected card (HTTP ${exchange.status}):\n${text}`);
  }
}

async function measureMode(context: BenchContext, connector: CaptureConnector, options: StatusBenchOptions, sequential: boolean): Promise<ModeFigures> {
  const figures: ModeFigures = { cold: [], warm: [], coldCalls: [], warmCalls: [], byRoute: {} };
  const { stats } = context.simulator;
  // Run 0 warms up the process (module loading, JIT) and is not counted.
  for (let run = 0; run <= options.coldRuns; run++) {
    const bot = await startEmbeddedBot({
      simulator: context.simulator,
      ...(sequential && { fleetOptions: { sequential: true }, wrapFleet: serializeFleet }),
    });
    try {
      const target = { messagesUrl: bot.messagesUrl, connector };
      stats.reset();
      const cold = await sendChatMessage(target, options.command);
      checkReply(cold, options);
      if (run > 0) {
        figures.cold.push(cold.elapsedMs);
        figures.coldCalls.push(stats.calls);
        figures.byRoute = { ...stats.byRoute };
      }
      for (let i = 0; i < options.warmRuns; i++) {
        stats.reset();
        const warm = await sendChatMessage(target, options.command);
        checkReply(warm, options);
        if (run > 0) {
          figures.warm.push(warm.elapsedMs);
          figures.warmCalls.push(stats.calls);
        }
      }
    } finally {
      await bot.stop();
      connector.clear();
    }
  }
  return figures;
}

export function statusSection(options: StatusBenchOptions): BenchSection {
  return {
    name: "status",
    async run(context): Promise<SectionResult> {
      const connector = await startCaptureConnector();
      try {
        context.progress(`status: "${options.command}", parallel fan-out (${options.coldRuns} cold runs, ${options.warmRuns} warm each)`);
        const parallel = await measureMode(context, connector, options, false);
        context.progress(`status: "${options.command}", sequential baseline`);
        const sequential = await measureMode(context, connector, options, true);
        const rt = context.roundTripMs;
        const coldRoundTrips = median(parallel.cold) / rt;
        const sequentialColdRoundTrips = median(sequential.cold) / rt;
        const figures: Figure[] = [
          { key: "coldMs", value: round(median(parallel.cold), 1), unit: "ms", description: "cold, end to end (median)" },
          { key: "warmMs", value: round(median(parallel.warm), 1), unit: "ms", description: "warm, end to end (median)" },
          { key: "coldRoundTrips", value: round(coldRoundTrips), unit: "RT", description: "cold, in simulated round trips", target: { max: 3 } },
          { key: "warmRoundTrips", value: round(median(parallel.warm) / rt), unit: "RT", description: "warm, in simulated round trips", target: { max: 1.5 } },
          { key: "armCalls", value: median(parallel.coldCalls), unit: "calls", description: "simulator requests per cold command (ARM + Log Analytics)" },
          { key: "warmArmCalls", value: median(parallel.warmCalls), unit: "calls", description: "simulator requests per warm command" },
          { key: "sequentialColdRoundTrips", value: round(sequentialColdRoundTrips), unit: "RT", description: "baseline: cold with the fan-out forced sequential" },
          { key: "sequentialWarmRoundTrips", value: round(median(sequential.warm) / rt), unit: "RT", description: "baseline: warm with the fan-out forced sequential" },
          { key: "sequentialArmCalls", value: median(sequential.coldCalls), unit: "calls", description: "baseline: simulator requests per cold command" },
          { key: "coldSpeedup", value: round(sequentialColdRoundTrips / coldRoundTrips), unit: "x", description: "sequential cold / parallel cold" },
        ];
        return { figures, details: { command: options.command, coldCallsByRoute: parallel.byRoute } };
      } finally {
        await connector.close();
      }
    },
  };
}
