// The whole bot over HTTP for the approval e2e tests and the bench: ARM simulator (HTTPS) → real SDK
// fleet and FleetWriter → approval runtime on a real store (memory, local files, or Azurite tables) →
// bot server (restify + botbuilder) → fake Bot Connector. Three people from the demo grants: Alice
// requests, Bob approves, Carol has no grant. Activities come from one channel thread, as in Teams.
import { readFileSync } from "node:fs";
import { createBotEndpoint } from "../../src/bot/create-bot-endpoint.js";
import { createTeamsGroupResolver } from "../../src/bot/create-teams-group-resolver.js";
import { postActivity, type ChatExchange } from "../../src/chat/send-chat-message.js";
import { subscriptionIdsOf } from "../../src/chat/start-embedded-bot.js";
import { teamsCardAction, teamsMessage, teamsServiceUrl, type ActivityJson, type ChatUser } from "../../src/chat/teams-activity.js";
import { systemClock, type Clock } from "../../src/clock.js";
import { demoGrantsPath, loadPolicyFile } from "../../src/approvals/load-policy.js";
import type { Policy } from "../../src/approvals/policy.js";
import { createApprovalRuntime, type ApprovalRuntime, type ApprovalSettings } from "../../src/commands/approval-runtime.js";
import type { CommandDeps } from "../../src/commands/dispatch.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { createAzureFleet, createAzureFleetWriter, createSimulatorCredential, type AzureFleetWriterOptions } from "../../src/fleet/azure/index.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { startServer } from "../../src/server.js";
import { demoFixture, startSimulator, type Fixture, type RunningSimulator, type SimulatorOptions } from "../../src/sim/index.js";
import { createLocalFileStore } from "../../src/store/local-file-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import { createTableStore } from "../../src/store/table-store.js";
import { startFakeConnector, type FakeConnector, type FakeTeam } from "../support/fake-connector.js";

export const tenantId = "00000000-0000-4000-8000-00000000c0de";
export const alice: ChatUser = { id: "29:1alice-mri", name: "Alice (on-call)", aadObjectId: "11111111-1111-4111-8111-111111111111" };
export const bob: ChatUser = { id: "29:1bob-mri", name: "Bob (approver)", aadObjectId: "22222222-2222-4222-8222-222222222222" };
export const carol: ChatUser = { id: "29:1carol-mri", name: "Carol (viewer)", aadObjectId: "33333333-3333-4333-8333-333333333333" };

/** One channel thread: every activity of a test belongs to it, as replies to one root post do in Teams. */
export const threadId = "19:ops-channel@thread.tacv2;messageid=1767700000000";

export type StoreChoice = { kind: "memory" } | { kind: "local"; dir: string } | { kind: "table"; connectionString: string; tablePrefix?: string };

/** Where the bot reaches the simulator: a running one in this process, or one in another process (a child bot). */
export interface SimulatorAddress {
  url: string;
  logsUrl: string;
  caPem: string;
}

export interface ApprovalServerOptions {
  sim: SimulatorAddress;
  subscriptionIds: string[];
  store: StoreChoice;
  policy?: Policy;
  clock?: Clock;
  log?: Logger;
  settings?: Partial<ApprovalSettings>;
  leaseMs?: number;
  /** Default: true for a local store (it allows one process), false otherwise. */
  singleProcess?: boolean;
  writer?: Partial<AzureFleetWriterOptions>;
  /** Between two reads of a wave's instances (default 50 ms). */
  executorPollMs?: number;
}

export interface ApprovalServer {
  messagesUrl: string;
  store: Store;
  runtime: ApprovalRuntime;
  stop(): Promise<void>;
}

/** Fast settings for tests: updates 150 ms apart, a short heartbeat watch, quick sweeps. */
export const testSettings: Partial<ApprovalSettings> = {
  cardUpdateIntervalMs: 150,
  maxBackoffMs: 1_000,
  heartbeatWatchMs: 1_500,
  heartbeatPollMs: 100,
  sweepIntervalMs: 60_000,
};

export function openStore(choice: StoreChoice): Store {
  switch (choice.kind) {
    case "memory":
      return createMemoryStore();
    case "local":
      return createLocalFileStore({ dir: choice.dir });
    case "table":
      return createTableStore({ connectionString: choice.connectionString, ...(choice.tablePrefix && { tablePrefix: choice.tablePrefix }) });
  }
}

/** The bot as main.ts wires it (fleet, writer, store, approval runtime, bot endpoint, server), against a given simulator. */
export async function startApprovalServer(options: ApprovalServerOptions): Promise<ApprovalServer> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const azure = {
    subscriptionIds: options.subscriptionIds,
    credential: createSimulatorCredential(),
    armEndpoint: options.sim.url,
    logsEndpoint: options.sim.logsUrl,
    caPem: options.sim.caPem,
    clock,
    log,
    retry: { maxRetries: 1, retryDelayInMs: 10 },
  };
  const fleet = createAzureFleet(azure);
  const catalog = createVersionCatalog(fleet, { clock, ttlMs: 3_600_000 });
  const writer = createAzureFleetWriter({ ...azure, pollIntervalMs: 20, operationTimeoutMs: 30_000, ...options.writer });
  const store = openStore(options.store);
  const runtime = createApprovalRuntime({
    store,
    policy: options.policy ?? loadPolicyFile(demoGrantsPath),
    fleet,
    catalog,
    clock,
    log,
    writer,
    instances: writer,
    executor: { pollIntervalMs: options.executorPollMs ?? 50, waveTimeoutMs: 60_000 },
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    settings: { ...testSettings, ...options.settings },
    singleProcess: options.singleProcess ?? options.store.kind === "local",
    // As main.ts: group grants resolve through the team's Entra group and its Teams membership.
    groups: createTeamsGroupResolver({ log, clock }),
  });
  const commands: CommandDeps = { fleet, catalog, clock, log, store, approvals: runtime, mayRun: runtime.mayRun };
  const bot = createBotEndpoint({ commands, auth: { appType: "MultiTenant" }, log });
  runtime.attachChat(bot.resumeChat);
  await runtime.start();
  const server = await startServer({ bot, log }, { port: 0, host: "127.0.0.1" });
  return {
    messagesUrl: `${server.url}/api/messages`,
    store,
    runtime,
    async stop() {
      await server.stop();
      await runtime.stop();
      await store.close();
    },
  };
}

export interface TurnOptions {
  locale?: string;
  /** The message holding the card (invokes); default: a fixed id. */
  replyToId?: string;
  /** Another tenant, for forged clicks. */
  tenantId?: string;
}

/** A Teams activity in the test thread (channel conversation, tenant, team and channel ids). */
export function inThread(activity: ActivityJson, options: TurnOptions = {}): ActivityJson {
  const tenant = options.tenantId ?? tenantId;
  const conversation = { ...(activity.conversation as ActivityJson), id: threadId, tenantId: tenant };
  const channelData = { ...(activity.channelData as ActivityJson), tenant: { id: tenant } };
  return { ...activity, conversation, channelData };
}

export interface Talk {
  /** Typed text from a user. */
  say(user: ChatUser, text: string, options?: TurnOptions): Promise<ChatExchange>;
  /** An Action.Execute press (or a refresh) from a user: the reply is the invoke response. */
  press(user: ChatUser, action: { verb: string; data: Record<string, unknown> }, options?: TurnOptions): Promise<ChatExchange>;
}

export function talkTo(messagesUrl: string, connector: FakeConnector): Talk {
  const serviceUrl = teamsServiceUrl(connector.url, tenantId);
  const target = { messagesUrl, connector };
  const turn = (user: ChatUser, options: TurnOptions) => ({ serviceUrl, user, scope: "channel" as const, locale: options.locale ?? "en-US" });
  return {
    say: (user, text, options = {}) => postActivity(target, inThread(teamsMessage(text, turn(user, options)), options)),
    press: (user, action, options = {}) =>
      postActivity(target, inThread(teamsCardAction(action, { ...turn(user, options), replyToId: options.replyToId ?? "act-card" }), options)),
  };
}

export interface ApprovalAppOptions extends Partial<Omit<ApprovalServerOptions, "sim" | "subscriptionIds" | "store">> {
  fixture?: Fixture;
  simulator?: Omit<SimulatorOptions, "fixture">;
  store?: StoreChoice;
  /** Teams the fake connector knows (team details with aadGroupId, members; others get 404). */
  teams?: readonly FakeTeam[];
}

export interface ApprovalApp extends Talk, ApprovalServer {
  sim: RunningSimulator;
  connector: FakeConnector;
}

/** Simulator + fake connector + one bot, all in this process. */
export async function startApprovalApp(options: ApprovalAppOptions = {}): Promise<ApprovalApp> {
  const fixture = options.fixture ?? demoFixture;
  const connector = await startFakeConnector({ ...(options.teams && { teams: options.teams }) });
  const sim = await startSimulator({ fixture, host: "127.0.0.1", ...options.simulator });
  const server = await startApprovalServer({ ...options, sim, subscriptionIds: subscriptionIdsOf(fixture), store: options.store ?? { kind: "memory" } });
  return {
    ...server,
    ...talkTo(server.messagesUrl, connector),
    sim,
    connector,
    async stop() {
      await server.stop();
      await sim.stop();
      await connector.close();
    },
  };
}

/** What a child bot process (approvals-child.ts) needs, passed as JSON in APPROVALS_CHILD. */
export interface ChildConfig {
  sim: { url: string; logsUrl: string; caPath: string };
  subscriptionIds: string[];
  store: StoreChoice;
  settings?: Partial<ApprovalSettings>;
  leaseMs?: number;
  singleProcess?: boolean;
}

export function simulatorAddress(config: ChildConfig["sim"]): SimulatorAddress {
  return { url: config.url, logsUrl: config.logsUrl, caPem: readFileSync(config.caPath, "utf8") };
}
