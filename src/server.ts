import { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import restify from "restify";
import type { BotEndpoint } from "./bot/create-bot-endpoint.js";
import { describeError } from "./bot/describe-error.js";
import type { Logger } from "./log.js";
import { mountDevChat, type DemoUser } from "./devchat/mount-dev-chat.js";

/** What the HTTP server serves: the bot, plus an optional readiness probe. */
export interface AppDeps {
  bot: BotEndpoint;
  log: Logger;
  /** GET /readyz answers 503 while this is false (e.g. the fleet is not reachable yet). */
  ready?: () => boolean | Promise<boolean>;
  /** Local mode only: the dev chat at /devchat, acting as these demo users (src/devchat). */
  devChat?: { demoUsers: readonly DemoUser[] };
}

export interface ServerConfig {
  /** 0 picks a free port (tests). */
  port: number;
  /** Interface to listen on; every interface when absent. */
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// restify replaces ServerResponse.prototype.writeHead for EVERY server in the process, not only its
// own, and its version returns undefined (restify lib/response.js "restifyWriteHead"). Node documents
// that writeHead returns the response, and other servers in the same process (the embedded ARM
// simulator, test fakes) chain `res.writeHead(...).end()`. Restore the return value once.
const restifyWriteHead = ServerResponse.prototype.writeHead as (...args: unknown[]) => unknown;
if (!(restifyWriteHead as { returnsResponse?: boolean }).returnsResponse) {
  const writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const result = restifyWriteHead.apply(this, args);
    return result ?? this;
  };
  Object.assign(writeHead, { returnsResponse: true });
  ServerResponse.prototype.writeHead = writeHead as typeof ServerResponse.prototype.writeHead;
}

// Teams messages are at most ~100 KB (bot-framework.md §5.5); leave room, refuse anything far beyond.
const maxBodyBytes = 1024 * 1024;

function displayHost(host: string | undefined): string {
  return !host || host === "::" || host === "0.0.0.0" ? "localhost" : host.includes(":") ? `[${host}]` : host;
}

/** restify with POST /api/messages, GET /healthz and GET /readyz. */
export async function startServer(app: AppDeps, config: ServerConfig): Promise<RunningServer> {
  const { log } = app;
  const server = restify.createServer({ name: "extops" });
  // Without bodyParser CloudAdapter answers 400 to everything (bot-framework.md §10.1).
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));

  server.post("/api/messages", async (req, res) => {
    const body = req.body as unknown;
    if (!body || typeof body !== "object" || typeof (body as { type?: unknown }).type !== "string") {
      // CloudAdapter.process throws on an activity without a type before its own error handling
      // (bot-framework.md §2.3); refuse it here as the client error it is.
      res.send(400, { code: "BadRequest", message: "The body must be a Bot Framework activity with a type." });
      return;
    }
    try {
      await app.bot.process(req, res);
    } catch (error) {
      log.error({ err: describeError(error) }, "POST /api/messages failed");
      if (!res.headersSent) res.send(500, { code: "Internal", message: "The bot could not process this activity." });
    }
  });

  // restify 10+ accepts (req, res) handlers only when they are async (restify lib/chain.js).
  server.get("/healthz", async (_req, res) => {
    res.send(200, { status: "ok" });
  });

  server.get("/readyz", async (_req, res) => {
    let ready = false;
    try {
      ready = app.ready ? await app.ready() : true;
    } catch (error) {
      log.warn({ err: describeError(error) }, "readiness check failed");
    }
    res.send(ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
  });

  const devChat = app.devChat
    ? mountDevChat(server, { botMessagesUrl: "/api/messages", log, demoUsers: app.devChat.demoUsers, botMode: app.bot.mode })
    : undefined;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${displayHost(config.host)}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        devChat?.close();
        server.close(() => resolve());
        // Keep-alive sockets from clients (the connector, fetch) would hold close() open.
        server.server.closeIdleConnections?.();
      }),
  };
}
