// Simulator + real fleet (SDK over HTTPS) + bot server + fake connector, for end-to-end tests.
import type { BotAuthConfig } from "../../src/config.js";
import { postActivity, type ChatExchange } from "../../src/chat/send-chat-message.js";
import { startEmbeddedBot, type EmbeddedBot } from "../../src/chat/start-embedded-bot.js";
import {
  teamsCardAction,
  teamsCardSubmit,
  teamsMessage,
  teamsServiceUrl,
  type ActivityJson,
  type ActivityOptions,
} from "../../src/chat/teams-activity.js";
import type { Logger } from "../../src/log.js";
import type { RunningSimulator } from "../../src/sim/index.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";

export type TurnOptions = Omit<ActivityOptions, "serviceUrl">;

export interface TestApp {
  bot: EmbeddedBot;
  sim: RunningSimulator;
  connector: FakeConnector;
  /** serviceUrl with the /amer/<tenant>/ prefix real Teams uses. */
  serviceUrl: string;
  /** Posts any activity; returns the HTTP answer and what reached the connector meanwhile. */
  post(activity: ActivityJson): Promise<ChatExchange>;
  /** A typed message (personal chat by default, `scope: "channel"` for an @mention in a channel). */
  say(text: string, options?: TurnOptions): Promise<ChatExchange>;
  /** Presses an Action.Execute button: the reply is the invoke response body. */
  press(action: { verb: string; data: Record<string, unknown> }, options?: TurnOptions & { replyToId?: string }): Promise<ChatExchange>;
  /** Presses the Action.Submit fallback of a button (old clients): a message with value. */
  submit(data: Record<string, unknown>, options?: TurnOptions & { replyToId?: string }): Promise<ChatExchange>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  auth?: BotAuthConfig;
  log?: Logger;
  latencyMs?: number;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const connector = await startFakeConnector();
  const bot = await startEmbeddedBot({
    ...(options.auth && { auth: options.auth }),
    ...(options.log && { log: options.log }),
    simulatorOptions: { latencyMs: options.latencyMs ?? 0 },
  }).catch(async (error: unknown) => {
    await connector.close();
    throw error;
  });
  const serviceUrl = teamsServiceUrl(connector.url);
  const target = { messagesUrl: bot.messagesUrl, connector };
  const post = (activity: ActivityJson) => postActivity(target, activity);
  return {
    bot,
    sim: bot.simulator,
    connector,
    serviceUrl,
    post,
    say: (text, turn = {}) => post(teamsMessage(text, { ...turn, serviceUrl })),
    press: (action, turn = {}) => post(teamsCardAction(action, { replyToId: "1767765488332", ...turn, serviceUrl })),
    submit: (data, turn = {}) => post(teamsCardSubmit(data, { replyToId: "1767765488332", ...turn, serviceUrl })),
    async stop() {
      await bot.stop();
      await connector.close();
    },
  };
}
