// The whole bot over HTTP for the troubleshoot e2e tests: ARM simulator (HTTPS) → real SDK fleet,
// diagnostics and Run Command runner → bot server (restify + botbuilder) → fake Bot Connector. It wires
// what the troubleshoot command needs beyond the shared harness: a store, the diagnostics reader and the
// Run Command runner (main.ts / start-embedded-bot.ts pass the same CommandDeps fields).
import { createBotEndpoint } from "../../src/bot/create-bot-endpoint.js";
import { postActivity, type ChatExchange } from "../../src/chat/send-chat-message.js";
import { subscriptionIdsOf } from "../../src/chat/start-embedded-bot.js";
import { teamsCardAction, teamsMessage, teamsServiceUrl, type ActivityJson, type ChatUser } from "../../src/chat/teams-activity.js";
import { systemClock } from "../../src/clock.js";
import type { CommandDeps } from "../../src/commands/dispatch.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { createAzureCommandRunner, createAzureDiagnostics, createAzureFleet, createSimulatorCredential } from "../../src/fleet/azure/index.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { startServer } from "../../src/server.js";
import { demoFixture, startSimulator, type Fixture, type RunningSimulator } from "../../src/sim/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";

export interface TurnOptions {
  locale?: string;
  user?: ChatUser;
}

export interface TroubleshootApp {
  sim: RunningSimulator;
  connector: FakeConnector;
  store: Store;
  say(text: string, options?: TurnOptions): Promise<ChatExchange>;
  /** Presses an Action.Execute button on the card of message `replyToId`. */
  press(action: { verb: string; data: Record<string, unknown> }, options?: TurnOptions & { replyToId?: string }): Promise<ChatExchange>;
  stop(): Promise<void>;
}

export interface TroubleshootAppOptions {
  fixture?: Fixture;
  probeConfirmation?: CommandDeps["probeConfirmation"];
  log?: Logger;
}

export async function startTroubleshootApp(options: TroubleshootAppOptions = {}): Promise<TroubleshootApp> {
  const fixture = options.fixture ?? demoFixture;
  const log = options.log ?? silentLogger;
  const connector = await startFakeConnector();
  const sim = await startSimulator({ fixture, host: "127.0.0.1" });
  const azure = {
    subscriptionIds: subscriptionIdsOf(fixture),
    credential: createSimulatorCredential(),
    armEndpoint: sim.url,
    logsEndpoint: sim.logsUrl,
    caPem: sim.caPem,
    clock: systemClock,
    log,
    retry: { maxRetries: 1, retryDelayInMs: 10 },
  };
  const fleet = createAzureFleet(azure);
  const store = createMemoryStore();
  const commands: CommandDeps = {
    fleet,
    catalog: createVersionCatalog(fleet, { clock: systemClock, ttlMs: 3_600_000 }),
    clock: systemClock,
    log,
    store,
    diagnostics: createAzureDiagnostics(azure),
    machineCommands: createAzureCommandRunner({ ...azure, pollIntervalMs: 20 }),
    ...(options.probeConfirmation ? { probeConfirmation: options.probeConfirmation } : {}),
  };
  const bot = createBotEndpoint({ commands, auth: { appType: "MultiTenant" }, log });
  const server = await startServer({ bot, log }, { port: 0, host: "127.0.0.1" });
  const serviceUrl = teamsServiceUrl(connector.url);
  const target = { messagesUrl: `${server.url}/api/messages`, connector };
  const post = (activity: ActivityJson) => postActivity(target, activity);
  const turn = (o: TurnOptions) => ({ serviceUrl, ...(o.locale ? { locale: o.locale } : {}), ...(o.user ? { user: o.user } : {}) });
  return {
    sim,
    connector,
    store,
    say: (text, o = {}) => post(teamsMessage(text, turn(o))),
    press: (action, o = {}) => post(teamsCardAction(action, { ...turn(o), replyToId: o.replyToId ?? "1767765488332" })),
    async stop() {
      await server.stop();
      await sim.stop();
      await connector.close();
      await store.close();
    },
  };
}
