// The one place the bot's parts are wired together: fleet (SDK clients on Azure or the simulator),
// catalogue, approvals, troubleshooting, digests, bot endpoint and HTTP server. main.ts feeds it from
// the environment; the embedded bot (chat CLI, bench, end-to-end tests) from options. Both get the
// same bot, so what the tests exercise is what `npm start` runs.
import type { Policy } from "./approvals/policy.js";
import { createBotEndpoint, type BotEndpoint } from "./bot/create-bot-endpoint.js";
import { createTeamsGroupResolver } from "./bot/create-teams-group-resolver.js";
import type { Clock } from "./clock.js";
import { createApprovalRuntime, type ApprovalRuntime, type ApprovalSettings } from "./commands/approval-runtime.js";
import type { BotAuthConfig } from "./config.js";
import { demoUsers } from "./devchat/demo-users.js";
import {
  createArmReadinessCheck,
  createAzureCommandRunner,
  createAzureDiagnostics,
  createAzureFleet,
  createAzureFleetWriter,
  createAzureRbacChecker,
  createAzureScanner,
  type AzureFleet,
  type AzureFleetOptions,
} from "./fleet/azure/index.js";
import { createVersionCatalog } from "./fleet/catalog.js";
import type { FleetReader } from "./fleet/port.js";
import type { Logger } from "./log.js";
import { createSubscribeGate } from "./schedule/may-subscribe.js";
import type { Scheduler } from "./schedule/scheduler.js";
import { startDigestScheduler, type DigestSchedulerOptions } from "./schedule/start-digest-scheduler.js";
import { withSubscribeGate } from "./schedule/with-subscribe-gate.js";
import { startServer } from "./server.js";
import type { Store } from "./store/port.js";

export interface BotParts {
  /** Endpoints, credential and subscriptions: Azure, or the simulator. */
  fleetOptions: AzureFleetOptions;
  store: Store;
  policy: Policy;
  clock: Clock;
  log: Logger;
  auth: BotAuthConfig;
  catalogTtlMs: number;
  approvals: {
    waves?: { canary: number; maxBatchPercent: number };
    leaseMs?: number;
    wavePollMs?: number;
    settings?: Partial<ApprovalSettings>;
    /** The local store's lock guarantees one process: recover left-over executions at once. */
    singleProcess: boolean;
  };
  probeConfirmation?: "requester" | "secondPerson";
  server: { port: number; host?: string };
  /** Wraps the fleet before the commands see it (the benchmark serializes it). */
  wrapFleet?: (fleet: FleetReader) => FleetReader;
  newCorrelationId?: () => string;
  digests?: Pick<DigestSchedulerOptions, "tickMs" | "instanceId" | "scheduler">;
}

export interface ComposedBot {
  bot: BotEndpoint;
  fleet: AzureFleet;
  approvals: ApprovalRuntime;
  scheduler: Scheduler;
  url: string;
  /** Stops the server, the scheduler and the approval sweeps; the store and fleet are the caller's. */
  stop(): Promise<void>;
}

export async function composeBot(parts: BotParts): Promise<ComposedBot> {
  const { fleetOptions, store, policy, clock, log } = parts;
  const fleet = createAzureFleet(fleetOptions);
  const reader = parts.wrapFleet ? parts.wrapFleet(fleet) : fleet;
  const catalog = createVersionCatalog(reader, { clock, ttlMs: parts.catalogTtlMs });
  // Only the approval executor holds the writer (ARCHITECTURE.md seam 6).
  const writer = createAzureFleetWriter(fleetOptions);
  // Group grants: the team's Entra group and its Teams membership, asked through the current turn.
  const groups = createTeamsGroupResolver({ log, clock });
  const approvals = createApprovalRuntime({
    store,
    policy,
    fleet: reader,
    catalog,
    clock,
    log,
    writer,
    instances: writer,
    ...(parts.approvals.wavePollMs !== undefined && { executor: { pollIntervalMs: parts.approvals.wavePollMs } }),
    ...(parts.approvals.waves && { waves: parts.approvals.waves }),
    ...(parts.approvals.leaseMs !== undefined && { leaseMs: parts.approvals.leaseMs }),
    ...(parts.approvals.settings && { settings: parts.approvals.settings }),
    singleProcess: parts.approvals.singleProcess,
    // Consulted only when the grants policy sets requireRbacWriteRole (issue 3 req 2).
    rbac: createAzureRbacChecker(fleetOptions),
    groups,
  });
  // `drift all` / `drift sub:` scan the subscriptions the fleet was built with (Resource Graph, paged).
  const scan = { scanner: createAzureScanner(fleetOptions), subscriptionIds: fleetOptions.subscriptionIds };
  // Only people with a grant may make the bot post digests into a conversation (may-subscribe.ts).
  const mayRun = withSubscribeGate(createSubscribeGate(policy, groups), approvals.mayRun);
  const bot = createBotEndpoint({
    commands: {
      fleet: reader,
      catalog,
      clock,
      log,
      store,
      approvals,
      mayRun,
      // Troubleshooting reads DCRs/AMPLS and, after the requester confirms, runs checks on the machine.
      diagnostics: createAzureDiagnostics(fleetOptions),
      machineCommands: createAzureCommandRunner(fleetOptions),
      ...(parts.probeConfirmation && { probeConfirmation: parts.probeConfirmation }),
      ...scan,
    },
    auth: parts.auth,
    log,
    ...(parts.newCorrelationId && { newCorrelationId: parts.newCorrelationId }),
  });
  approvals.attachChat(bot.resumeChat);
  // Before the first turn: expire what is due, pick up executions a previous run left behind.
  await approvals.start();
  // GET /readyz: the store answers and ARM answers with our credential.
  const armReachable = createArmReadinessCheck(fleetOptions);
  const server = await startServer(
    { bot, log, ready: async () => (await Promise.all([store.ping(), armReachable()]), true), ...(bot.mode === "local" && { devChat: { demoUsers } }) },
    parts.server,
  );
  // Scheduled digests: one leader per store posts each run once (a missed run posts late on start).
  const scheduler = startDigestScheduler({ store, clock, log, notifier: bot.notifier, fleet: reader, catalog, scan, ...parts.digests });
  return {
    bot,
    fleet,
    approvals,
    scheduler,
    url: server.url,
    async stop() {
      await server.stop();
      await scheduler.stop();
      await approvals.stop();
    },
  };
}
