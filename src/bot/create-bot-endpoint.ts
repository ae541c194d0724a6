import { randomUUID } from "node:crypto";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
} from "botbuilder";
import { buildErrorCard } from "../cards/build-error-card.js";
import type { CommandDeps } from "../commands/dispatch.js";
import type { ChatResumer } from "../commands/types.js";
import type { BotAuthConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { Notifier } from "../schedule/notifier.js";
import { createProactiveChatPort, type ContinueConversation } from "./create-chat-port.js";
import { createNotifier } from "./create-notifier.js";
import { describeError } from "./describe-error.js";
import { correlationIdKey, ExtopsBot } from "./extops-bot.js";
import { toActivity } from "./to-activity.js";
import { localeOf } from "./to-chat-request.js";

export interface BotOptions {
  commands: CommandDeps;
  auth: BotAuthConfig;
  log: Logger;
  /** Injected by tests that want predictable IDs; a random UUID per turn otherwise. */
  newCorrelationId?: () => string;
}

/** What the HTTP server needs from the bot: one call per POST /api/messages. */
export interface BotEndpoint {
  /** "local" = no MicrosoftAppId: no JWT check in, no token out (bot-framework.md §2.2). */
  readonly mode: "local" | "authenticated";
  /** Answers the request (200 after the turn, the invoke body, 401, ...). May throw before answering. */
  process(req: Request, res: Response): Promise<void>;
  /** A ChatPort for a conversation address a ChatPort handed out (card updates after the turn or a restart). */
  resumeChat: ChatResumer;
  /** Posts into a stored conversation (scheduled digests): continueConversationAsync over the reference. */
  notifier: Notifier;
}

function authSettings(auth: BotAuthConfig): ConfigurationBotFrameworkAuthenticationOptions {
  // botbuilder validates these with zod and wants strings only: leave out what is unset.
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {};
  if (!auth.appId) return settings;
  settings.MicrosoftAppId = auth.appId;
  settings.MicrosoftAppType = auth.appType;
  if (auth.appPassword) settings.MicrosoftAppPassword = auth.appPassword;
  if (auth.tenantId) settings.MicrosoftAppTenantId = auth.tenantId;
  return settings;
}

/** The CloudAdapter, its authentication and the Teams handler, wired together. */
export function createBotEndpoint(options: BotOptions): BotEndpoint {
  const { log } = options;
  const newCorrelationId = options.newCorrelationId ?? randomUUID;
  const mode = options.auth.appId ? "authenticated" : "local";
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authSettings(options.auth)));
  if (mode === "local") {
    log.warn(
      "MicrosoftAppId is not set: local mode. The bot accepts requests WITHOUT a Bot Framework token and sends replies " +
        "without one; fine for the simulator and tests, never expose it like this. Set MicrosoftAppId and MicrosoftAppPassword for Teams.",
    );
  }
  // With auth off any app id is accepted; with auth on it must equal MicrosoftAppId (bot-framework.md §4.4).
  const appId = options.auth.appId ?? "";
  const continueConversation: ContinueConversation = (reference, logic) => adapter.continueConversationAsync(appId, reference, logic);
  const bot = new ExtopsBot({ commands: options.commands, log, newCorrelationId, continueConversation });

  // One place for errors that escape a turn (STYLE §8): log everything with the correlation ID,
  // show the user the polite card with the same ID.
  adapter.onTurnError = async (context, error) => {
    const correlationId = (context.turnState.get(correlationIdKey) as string | undefined) ?? newCorrelationId();
    log.error({ err: describeError(error), correlationId, activityType: context.activity.type }, "turn failed");
    try {
      await context.sendActivity(toActivity(buildErrorCard(localeOf(context.activity), correlationId)));
    } catch (sendError) {
      log.error({ err: describeError(sendError), correlationId }, "could not send the error card");
    }
  };

  return {
    mode,
    process: (req, res) => adapter.process(req, res, (context) => bot.run(context)),
    resumeChat: (reference) => createProactiveChatPort(reference, continueConversation),
    notifier: createNotifier(continueConversation),
  };
}
