// The bot (real restify + CloudAdapter on the ARM simulator) with the dev chat in front of it.
// Until src/server.ts mounts the dev chat itself, the dev chat runs on a server of its own and
// reaches the bot by absolute URL: the same code path, one more hop.
import type { AddressInfo } from "node:net";
import restify from "restify";
import { startEmbeddedBot, type EmbeddedBot } from "../../src/chat/start-embedded-bot.js";
import { mountDevChat, type DevChat } from "../../src/devchat/mount-dev-chat.js";
import { demoUsers, type DemoUser } from "../../src/devchat/demo-users.js";
import { silentLogger, type Logger } from "../../src/log.js";

export interface DevChatServer {
  /** Base URL, e.g. http://127.0.0.1:41234; the page is at url + /devchat */
  url: string;
  devChat: DevChat;
  stop(): Promise<void>;
}

/** A restify server like src/server.ts's (bodyParser, no mapParams) with only the dev chat on it. */
export async function startDevChatServer(options: { botMessagesUrl: string; log?: Logger; users?: readonly DemoUser[] }): Promise<DevChatServer> {
  const server = restify.createServer({ name: "devchat-test" });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  const devChat = mountDevChat(server, {
    botMessagesUrl: options.botMessagesUrl,
    log: options.log ?? silentLogger,
    demoUsers: options.users ?? demoUsers,
    botMode: "local",
  });
  if (!devChat) throw new Error("the dev chat was not mounted");
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    devChat,
    stop: () =>
      new Promise<void>((resolve) => {
        devChat.close();
        server.close(() => resolve());
        server.server.closeAllConnections?.();
      }),
  };
}

export interface DevChatApp {
  bot: EmbeddedBot;
  chat: DevChatServer;
  stop(): Promise<void>;
}

export async function startDevChatApp(options: { log?: Logger } = {}): Promise<DevChatApp> {
  const bot = await startEmbeddedBot({ ...(options.log && { log: options.log }) });
  try {
    const chat = await startDevChatServer({ botMessagesUrl: bot.messagesUrl, ...(options.log && { log: options.log }) });
    return {
      bot,
      chat,
      async stop() {
        await chat.stop();
        await bot.stop();
      },
    };
  } catch (error) {
    await bot.stop();
    throw error;
  }
}
