import { demoGrantsPath, loadPolicyFile } from "../approvals/load-policy.js";
import type { Policy } from "../approvals/policy.js";
import { systemClock, type Clock } from "../clock.js";
import { composeBot } from "../compose-bot.js";
import type { BotAuthConfig } from "../config.js";
import { createSimulatorCredential, type AzureFleet, type AzureFleetOptions } from "../fleet/azure/index.js";
import type { FleetReader } from "../fleet/port.js";
import { silentLogger, type Logger } from "../log.js";
import type { Scheduler } from "../schedule/scheduler.js";
import type { DigestSchedulerOptions } from "../schedule/start-digest-scheduler.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/port.js";
import { demoFixture, startSimulator, type Fixture, type RunningSimulator, type SimulatorOptions } from "../sim/index.js";

// The whole bot in one process against the ARM simulator: for the chat CLI, the benchmark and the
// end-to-end tests. main.ts wires the same parts from the environment; this wires them from options.

/** The subscriptions a fixture defines: the ones the bot watches when it runs on the simulator. */
export function subscriptionIdsOf(fixture: Fixture): string[] {
  return fixture.subscriptions.map((subscription) => subscription.id);
}

export interface EmbeddedBotOptions {
  /** Reuse a running simulator (it is not stopped with the bot; pass subscriptionIds unless it runs the demo fleet). */
  simulator?: RunningSimulator;
  /** For a simulator started here: fixture (default: the demo fleet), latency, ... */
  simulatorOptions?: SimulatorOptions;
  /** Default: every subscription of the simulator's fixture. */
  subscriptionIds?: string[];
  /** Default: local mode (no MicrosoftAppId). */
  auth?: BotAuthConfig;
  log?: Logger;
  clock?: Clock;
  catalogTtlMs?: number;
  /** Extra fleet options, e.g. { sequential: true } for the benchmark baseline. */
  fleetOptions?: Partial<AzureFleetOptions>;
  /** Wraps the fleet before the commands see it (the benchmark serializes it). */
  wrapFleet?: (fleet: FleetReader) => FleetReader;
  /** Injected by tests that want predictable correlation IDs. */
  newCorrelationId?: () => string;
  /** Conversation references, subscriptions, digest runs; default: a memory store of its own (not closed by stop). */
  store?: Store;
  /** Who may subscribe a conversation to digests; default: the demo grants. */
  policy?: Policy;
  /** The digest scheduler: tickMs false = no timer (tests call scheduler.tick()); instanceId, lease TTL, ... */
  digests?: Pick<DigestSchedulerOptions, "tickMs" | "instanceId" | "scheduler">;
}

export interface EmbeddedBot {
  /** Base URL of the bot server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** POST target: url + /api/messages */
  messagesUrl: string;
  simulator: RunningSimulator;
  fleet: AzureFleet;
  store: Store;
  /** The digest scheduler of this bot: tick() runs what is due now. */
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export async function startEmbeddedBot(options: EmbeddedBotOptions = {}): Promise<EmbeddedBot> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const ownSimulator = !options.simulator;
  const simulator = options.simulator ?? (await startSimulator({ fixture: demoFixture, host: "127.0.0.1", ...options.simulatorOptions }));
  try {
    const fleetOptions: AzureFleetOptions = {
      subscriptionIds: options.subscriptionIds ?? subscriptionIdsOf(options.simulatorOptions?.fixture ?? demoFixture),
      credential: createSimulatorCredential(),
      armEndpoint: simulator.url,
      logsEndpoint: simulator.logsUrl,
      caPem: simulator.caPem,
      clock,
      log,
      ...options.fleetOptions,
    };
    const store = options.store ?? createMemoryStore();
    const composed = await composeBot({
      fleetOptions,
      store,
      policy: options.policy ?? loadPolicyFile(demoGrantsPath),
      clock,
      log,
      auth: options.auth ?? { appType: "MultiTenant" },
      catalogTtlMs: options.catalogTtlMs ?? 3_600_000,
      // A store of its own (or the caller's) in one process: left-over executions are recovered at once.
      approvals: { singleProcess: true },
      server: { port: 0, host: "127.0.0.1" },
      ...(options.wrapFleet && { wrapFleet: options.wrapFleet }),
      ...(options.newCorrelationId && { newCorrelationId: options.newCorrelationId }),
      ...(options.digests && { digests: options.digests }),
    });
    return {
      url: composed.url,
      messagesUrl: `${composed.url}/api/messages`,
      simulator,
      fleet: composed.fleet,
      store,
      scheduler: composed.scheduler,
      async stop() {
        await composed.stop();
        if (ownSimulator) await simulator.stop();
      },
    };
  } catch (error) {
    if (ownSimulator) await simulator.stop();
    throw error;
  }
}
