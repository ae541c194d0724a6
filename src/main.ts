// Composition root (STYLE §1): read the config, build the fleet, catalogue and bot, start the server.
// No handlers and no rules here.
import { existsSync, readFileSync } from "node:fs";
import { createBotEndpoint } from "./bot/create-bot-endpoint.js";
import { systemClock } from "./clock.js";
import { ConfigError, describeConfig, readConfig, type Config } from "./config.js";
import { createVersionCatalog } from "./fleet/catalog.js";
import { createProductionCredential } from "./fleet/azure/credential.js";
import { createAzureFleet, createSimulatorCredential, type AzureFleet } from "./fleet/azure/index.js";
import { createLogger, type Logger } from "./log.js";
import { startServer } from "./server.js";
import { demoFixture, loadFixture, startSimulator } from "./sim/index.js";

interface Fleet {
  fleet: AzureFleet;
  description: string;
  stop(): Promise<void>;
}

/** No subscriptions configured: the embedded ARM simulator, reached through the same SDK clients as Azure. */
async function startSimulatedFleet(config: Config, settings: Extract<Config["fleet"], { mode: "simulator" }>, log: Logger): Promise<Fleet> {
  const fixture = settings.fixturePath ? loadFixture(settings.fixturePath) : demoFixture;
  const simulator = await startSimulator({ fixture, host: "127.0.0.1", latencyMs: settings.latencyMs });
  const fleet = createAzureFleet({
    subscriptionIds: fixture.subscriptions.map((subscription) => subscription.id),
    credential: createSimulatorCredential(),
    armEndpoint: simulator.url,
    logsEndpoint: simulator.logsUrl,
    caPem: simulator.caPem,
    nameCacheTtlMs: config.nameCacheTtlMs,
    log,
  });
  const source = settings.fixturePath ?? "the demo fleet";
  return { fleet, description: `ARM simulator at ${simulator.url} with ${source}`, stop: () => simulator.stop() };
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
  const fleet = createAzureFleet({
    subscriptionIds: settings.subscriptionIds,
    credential: createProductionCredential(),
    armEndpoint: settings.armEndpoint,
    logsEndpoint: settings.logsEndpoint,
    caPem,
    nameCacheTtlMs: config.nameCacheTtlMs,
    log,
  });
  const description = `Azure (${settings.subscriptionIds.length} subscription${settings.subscriptionIds.length === 1 ? "" : "s"})`;
  return { fleet, description, stop: async () => {} };
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
  const bot = createBotEndpoint({ commands: { fleet: fleet.fleet, catalog, clock: systemClock, log }, auth: config.bot, log });
  // Without a Bot Framework token check, listen on loopback only: nothing else should reach it.
  const server = await startServer({ bot, log }, { port: config.port, host: bot.mode === "local" ? "127.0.0.1" : undefined });

  log.info({ url: `${server.url}/api/messages`, fleet: fleet.description, mode: bot.mode }, "extops is listening");
  console.log(`\nextops is listening on ${server.url}/api/messages (${bot.mode} mode)\nfleet: ${fleet.description}`);
  console.log(`try it: npm run chat -- --url ${server.url} "status vm-web-01"\n`);

  const shutdown = async (signal: string) => {
    log.info({ signal }, "shutting down");
    await server.stop();
    await fleet.stop();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void shutdown(signal));
  process.once("SIGTERM", (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: print the list of problems, not a stack trace.
  const known = error instanceof ConfigError || (error instanceof Error && error.name === "FixtureError");
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
