// Composition root (STYLE §1): read the config, build the fleet, catalogue and bot, start the server.
// No handlers and no rules here.
import { existsSync, readFileSync } from "node:fs";
import { createBotEndpoint } from "./bot/create-bot-endpoint.js";
import { createTeamsGroupResolver } from "./bot/create-teams-group-resolver.js";
import { systemClock } from "./clock.js";
import { demoGrantsPath, loadPolicyFile } from "./approvals/load-policy.js";
import { denyAllPolicy, type Policy } from "./approvals/policy.js";
import { createApprovalRuntime } from "./commands/approval-runtime.js";
import { ConfigError, describeConfig, describeGrants, readConfig, type Config } from "./config.js";
import { createVersionCatalog } from "./fleet/catalog.js";
import { createProductionCredential } from "./fleet/azure/credential.js";
import {
  createAzureFleet,
  createArmReadinessCheck,
  createAzureCommandRunner,
  createAzureScanner,
  createAzureDiagnostics,
  createAzureFleetWriter,
  createAzureRbacChecker,
  createSimulatorCredential,
  type AzureFleet,
  type AzureFleetOptions,
} from "./fleet/azure/index.js";
import { createLogger, type Logger } from "./log.js";
import { createSubscribeGate } from "./schedule/may-subscribe.js";
import { startDigestScheduler } from "./schedule/start-digest-scheduler.js";
import { withSubscribeGate } from "./schedule/with-subscribe-gate.js";
import { startServer } from "./server.js";
import { demoFixture, loadFixture, startSimulator } from "./sim/index.js";
import type { Store } from "./store/port.js";
import { createLocalFileStore } from "./store/local-file-store.js";
import { createTableStore } from "./store/table-store.js";
import { demoUsers } from "./devchat/demo-users.js";

interface Fleet {
  fleet: AzureFleet;
  /** The same endpoints and credential for the writer the approval executor holds. */
  options: AzureFleetOptions;
  description: string;
  stop(): Promise<void>;
}

/** No subscriptions configured: the embedded ARM simulator, reached through the same SDK clients as Azure. */
async function startSimulatedFleet(config: Config, settings: Extract<Config["fleet"], { mode: "simulator" }>, log: Logger): Promise<Fleet> {
  const fixture = settings.fixturePath ? loadFixture(settings.fixturePath) : demoFixture;
  const simulator = await startSimulator({ fixture, host: "127.0.0.1", latencyMs: settings.latencyMs });
  const options: AzureFleetOptions = {
    subscriptionIds: fixture.subscriptions.map((subscription) => subscription.id),
    credential: createSimulatorCredential(),
    armEndpoint: simulator.url,
    logsEndpoint: simulator.logsUrl,
    caPem: simulator.caPem,
    nameCacheTtlMs: config.nameCacheTtlMs,
    log,
  };
  const source = settings.fixturePath ?? "the demo fleet";
  return { fleet: createAzureFleet(options), options, description: `ARM simulator at ${simulator.url} with ${source}`, stop: () => simulator.stop() };
}

function startAzureFleet(config: Config, settings: Extract<Config["fleet"], { mode: "azure" }>, log: Logger): Fleet {
  let caPem: string | undefined;
  if (settings.caFile) {
    try {
      caPem = readFileSync(settings.caFile, "utf8");
    } catch (error) {
      throw new ConfigError([
        { key: "EXTOPS_CA_FILE", message: `cannot be read (${(error as Error).message}).`, hint: "give the path of a readable PEM file." },
      ]);
    }
  }
  const options: AzureFleetOptions = {
    subscriptionIds: settings.subscriptionIds,
    credential: createProductionCredential(),
    armEndpoint: settings.armEndpoint,
    logsEndpoint: settings.logsEndpoint,
    caPem,
    nameCacheTtlMs: config.nameCacheTtlMs,
    log,
  };
  const description = `Azure (${settings.subscriptionIds.length} subscription${settings.subscriptionIds.length === 1 ? "" : "s"})`;
  return { fleet: createAzureFleet(options), options, description, stop: async () => {} };
}

/** The durable local store (one process; the default) or Table Storage shared by several bot instances. */
function openStore(config: Config): Store {
  const store = config.store;
  if (store.kind === "local") return createLocalFileStore({ dir: store.dir });
  const prefix = store.tablePrefix ? { tablePrefix: store.tablePrefix } : {};
  return "connectionString" in store
    ? createTableStore({ connectionString: store.connectionString, ...prefix })
    : createTableStore({ endpoint: store.endpoint, credential: createProductionCredential(), ...prefix });
}

function loadPolicy(config: Config): Policy {
  const grants = config.approvals.grants;
  if (grants.kind === "file") return loadPolicyFile(grants.path);
  return grants.kind === "demo" ? loadPolicyFile(demoGrantsPath) : denyAllPolicy;
}

async function main(): Promise<void> {
  // .env is optional; process.loadEnvFile exists from Node 20.12 and does not override set variables.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = readConfig(process.env);
  const log = createLogger({ level: config.logLevel });
  for (const warning of config.warnings) log.warn(warning);
  log.info({ config: describeConfig(config) }, "configuration");

  const fleet = config.fleet.mode === "simulator" ? await startSimulatedFleet(config, config.fleet, log) : startAzureFleet(config, config.fleet, log);
  const catalog = createVersionCatalog(fleet.fleet, { clock: systemClock, ttlMs: config.catalogTtlMs });
  const store = openStore(config);
  for (const line of describeGrants(config.approvals)) log.warn(line);
  // Only the approval executor holds the writer (ARCHITECTURE.md seam 6).
  const writer = createAzureFleetWriter(fleet.options);
  const policy = loadPolicy(config);
  // Group grants: the team's Entra group and its Teams membership, asked through the current turn.
  const groups = createTeamsGroupResolver({ log, clock: systemClock });
  const approvals = createApprovalRuntime({
    store,
    policy,
    fleet: fleet.fleet,
    catalog,
    clock: systemClock,
    log,
    writer,
    instances: writer,
    executor: { pollIntervalMs: config.approvals.wavePollMs },
    waves: config.approvals.waves,
    leaseMs: config.approvals.leaseMs,
    settings: { cardUpdateIntervalMs: config.approvals.cardUpdateIntervalMs, heartbeatWatchMs: config.approvals.heartbeatWatchMs },
    singleProcess: config.store.kind === "local",
    // Consulted only when the grants policy sets requireRbacWriteRole (issue 3 req 2).
    rbac: createAzureRbacChecker(fleet.options),
    groups,
  });
  // Troubleshooting reads DCRs/AMPLS and, after the requester confirms, runs checks on the machine.
  // GET /readyz: the store answers and ARM answers with our credential.
  const armReachable = createArmReadinessCheck(fleet.options);
  const diagnostics = createAzureDiagnostics(fleet.options);
  const machineCommands = createAzureCommandRunner(fleet.options);
  // `drift all` / `drift sub:` scan the subscriptions the fleet was built with (Resource Graph, paged).
  const scan = { scanner: createAzureScanner(fleet.options), subscriptionIds: fleet.options.subscriptionIds };
  // Only people with a grant may make the bot post digests into a conversation (may-subscribe.ts).
  const mayRun = withSubscribeGate(createSubscribeGate(policy, groups), approvals.mayRun);
  const commands = { fleet: fleet.fleet, catalog, clock: systemClock, log, store, approvals, mayRun, diagnostics, machineCommands, probeConfirmation: config.approvals.probeConfirmation, ...scan };
  const bot = createBotEndpoint({ commands, auth: config.bot, log });
  approvals.attachChat(bot.resumeChat);
  // Before the first turn: expire what is due, pick up executions a previous run left behind.
  await approvals.start();
  // Without a Bot Framework token check, listen on loopback only: nothing else should reach it.
  const server = await startServer(
    { bot, log, ready: async () => (await Promise.all([store.ping(), armReachable()]), true), ...(bot.mode === "local" && { devChat: { demoUsers } }) },
    { port: config.port, host: bot.mode === "local" ? "127.0.0.1" : undefined },
  );
  // Scheduled digests: one leader per store posts each run once (a missed run posts late on start).
  const digests = startDigestScheduler({ store, clock: systemClock, log, notifier: bot.notifier, fleet: fleet.fleet, catalog, scan });

  log.info({ url: `${server.url}/api/messages`, fleet: fleet.description, mode: bot.mode }, "extops is listening");
  console.log(`\nextops is listening on ${server.url}/api/messages (${bot.mode} mode)\nfleet: ${fleet.description}`);
  if (bot.mode === "local") console.log(`dev chat (open in a browser): ${server.url}/devchat`);
  console.log(`try it: npm run chat -- --url ${server.url} "status vm-web-01"\n`);

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await server.stop();
    await digests.stop();
    await approvals.stop();
    await store.close();
    await fleet.stop();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void shutdown(signal));
  process.once("SIGTERM", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: print the list of problems, not a stack trace.
  const known = error instanceof ConfigError || (error instanceof Error && ["FixtureError", "PolicyError", "StoreLockedError"].includes(error.name));
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
