// Composition root (STYLE §1): read the config, open the fleet (Azure or the embedded simulator) and
// the store, hand them to composeBot. No handlers and no rules here.
import { existsSync, readFileSync } from "node:fs";
import { demoGrantsPath, loadPolicyFile } from "./approvals/load-policy.js";
import { denyAllPolicy, type Policy } from "./approvals/policy.js";
import { systemClock } from "./clock.js";
import { composeBot } from "./compose-bot.js";
import { ConfigError, describeConfig, describeGrants, readConfig, type Config } from "./config.js";
import { createProductionCredential } from "./fleet/azure/credential.js";
import { createSimulatorCredential, type AzureFleetOptions } from "./fleet/azure/index.js";
import { createLogger, type Logger } from "./log.js";
import { demoFixture, loadFixture, startSimulator } from "./sim/index.js";
import { createLocalFileStore } from "./store/local-file-store.js";
import type { Store } from "./store/port.js";
import { createTableStore } from "./store/table-store.js";

interface Fleet {
  /** Endpoints and credential: every SDK client (reader, writer, scanner, ...) is built from these. */
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
  return { options, description: `ARM simulator at ${simulator.url} with ${source}`, stop: () => simulator.stop() };
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
  return { options, description, stop: async () => {} };
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
  const store = openStore(config);
  for (const line of describeGrants(config.approvals)) log.warn(line);
  const composed = await composeBot({
    fleetOptions: fleet.options,
    store,
    policy: loadPolicy(config),
    clock: systemClock,
    log,
    auth: config.bot,
    catalogTtlMs: config.catalogTtlMs,
    approvals: {
      waves: config.approvals.waves,
      leaseMs: config.approvals.leaseMs,
      wavePollMs: config.approvals.wavePollMs,
      settings: { cardUpdateIntervalMs: config.approvals.cardUpdateIntervalMs, heartbeatWatchMs: config.approvals.heartbeatWatchMs },
      singleProcess: config.store.kind === "local",
    },
    probeConfirmation: config.approvals.probeConfirmation,
    // Without a Bot Framework token check, listen on loopback only: nothing else should reach it.
    server: { port: config.port, host: config.bot.appId ? undefined : "127.0.0.1" },
  });
  const { bot } = composed;
  const server = { url: composed.url };

  log.info({ url: `${server.url}/api/messages`, fleet: fleet.description, mode: bot.mode }, "extops is listening");
  console.log(`\nextops is listening on ${server.url}/api/messages (${bot.mode} mode)\nfleet: ${fleet.description}`);
  if (bot.mode === "local") console.log(`dev chat (open in a browser): ${server.url}/devchat`);
  console.log(`try it: npm run chat -- --url ${server.url} "status vm-web-01"\n`);

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await composed.stop();
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
