import type { Server } from "restify";
import type { Logger } from "../log.js";
import { createConversationHub, type ConversationHub } from "./conversation-hub.js";
import { mountConnectorRoutes } from "./connector-routes.js";
import type { DemoUser } from "./demo-users.js";
import { createEventStreams } from "./event-stream.js";
import { mountPageAssets } from "./page-assets.js";
import { mountSendRoute } from "./send-route.js";

export type { DemoUser } from "./demo-users.js";
export { demoUsers } from "./demo-users.js";

// The dev chat: a browser page on the bot's own server that plays Teams and the Bot Connector the
// way the Bot Framework Emulator does (bot-framework.md §3.3). Local mode only: it lets anyone who
// reaches the page act as any demo user, which is only acceptable with no Bot Framework identity.

export interface DevChatOptions {
  /** Where the bot takes activities: "/api/messages" on this same server, or an absolute URL. */
  botMessagesUrl: string;
  log: Logger;
  /** Who the page can act as (see demo-users.ts). */
  demoUsers: readonly DemoUser[];
  /** The bot's mode (BotEndpoint.mode). "authenticated" (MicrosoftAppId set) mounts nothing. */
  botMode: "local" | "authenticated";
}

export interface DevChat {
  /** The conversations as the connector saw them (tests read it). */
  hub: ConversationHub;
  /** Ends the open event streams; call before closing the server. */
  close(): void;
}

/** Adds /devchat (page, events, send) and /devchat/connector (Bot Connector v3) to the bot's server. */
export function mountDevChat(server: Server, options: DevChatOptions): DevChat | undefined {
  const log = options.log.child({ component: "devchat" });
  if (options.botMode !== "local") {
    log.info("dev chat not mounted: the bot has a MicrosoftAppId");
    return undefined;
  }
  const hub = createConversationHub();
  const streams = createEventStreams(hub, () => server.server.listening);
  const users = options.demoUsers;
  mountPageAssets(server, { users, log });
  mountConnectorRoutes(server, { hub, users, log });
  mountSendRoute(server, { hub, users, botMessagesUrl: options.botMessagesUrl, log });
  server.get("/devchat/events", async (req, res) => {
    const key = new URL(req.url ?? "/", "http://devchat").searchParams.get("conversation") ?? "";
    if (key.length === 0 || key.length > 300) {
      res.send(400, { error: { code: "BadRequest", message: "Give ?conversation=<conversation id>." } });
      return;
    }
    await streams.open(res, key);
  });
  return { hub, close: () => streams.closeAll() };
}
