import {
  TeamsActivityHandler,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from "botbuilder";
import { handleCardAction, handleMessage, type CommandDeps } from "../commands/dispatch.js";
import type { CardReply, ChatRequest, Reply } from "../commands/types.js";
import { t } from "../i18n/translate.js";
import { enterCorrelation, type Logger } from "../log.js";
import { rememberConversation } from "../schedule/conversation-refs.js";
import { createChatPort, type ContinueConversation, type TurnChatPort } from "./create-chat-port.js";
import { enterTurn } from "./current-turn.js";
import { referenceToStore } from "./create-notifier.js";
import { describeError } from "./describe-error.js";
import { toInvokeError, toInvokeResponse } from "./to-activity.js";
import { toChatRequest } from "./to-chat-request.js";

/** Where a turn keeps its correlation ID, so onTurnError can quote the same one. */
export const correlationIdKey = Symbol("extops.correlationId");

export interface ExtopsBotDeps {
  commands: CommandDeps;
  log: Logger;
  continueConversation: ContinueConversation;
  newCorrelationId: () => string;
}

interface Turn {
  request: ChatRequest;
  chat: TurnChatPort;
  log: Logger;
  startedAt: number;
}

/**
 * An Action.Submit (the fallback of every Action.Execute for old clients) arrives as a message whose
 * value is the button's data, usually without text (bot-framework.md §5.4). Our buttons put their
 * verb into the data, so a string `verb` marks one.
 */
function submittedAction(activity: Activity): { verb: string; data: Record<string, unknown> } | undefined {
  const value = activity.value as unknown;
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const data = value as Record<string, unknown>;
  return typeof data.verb === "string" ? { verb: data.verb, data } : undefined;
}

function describeReply(reply: Reply): Record<string, unknown> {
  return reply.kind === "card" ? { reply: "card", template: reply.template } : { reply: "text" };
}

/** The Teams handler: activity in, command dispatch, reply out. Knows nothing about Azure or any single command. */
export class ExtopsBot extends TeamsActivityHandler {
  constructor(private readonly deps: ExtopsBotDeps) {
    super();
    // Every inbound activity, install events included, refreshes where proactive digests go: Teams
    // serviceUrls are regional and can change (bot-framework.md §4.4). Before dispatch, so `subscribe`
    // in a conversation's first message finds the reference.
    this.onTurn(async (context, next) => {
      await this.rememberReference(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.answerMessage(context);
      await next();
    });
    // onMembersAdded, not onTeamsMembersAddedEvent: the Teams variant first GETs every added user
    // from the connector (bot-framework.md §4.3), and only the bot's own arrival matters here.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((member) => member.id === botId)) await this.welcome(context);
      await next();
    });
  }

  /** TD subscribe-to-conversation-events: introduce the bot once, when it is installed, not per member. */
  private async welcome(context: TurnContext): Promise<void> {
    const turn = this.beginTurn(context, "installed");
    await context.sendActivity({ type: "message", text: t(turn.request.locale, "bot.welcome") });
    turn.log.info("bot installed: welcome sent");
  }

  private async rememberReference(context: TurnContext): Promise<void> {
    const { store, clock } = this.deps.commands;
    const id = context.activity.conversation?.id;
    if (!store || !id || !context.activity.serviceUrl) return;
    try {
      await rememberConversation(store, { id }, referenceToStore(context), clock.now());
    } catch (error) {
      // A store hiccup must not cost the user their answer; the next activity tries again.
      this.deps.log.warn({ err: describeError(error) }, "conversation reference could not be stored");
    }
  }

  private beginTurn(context: TurnContext, kind: string): Turn {
    const correlationId = this.deps.newCorrelationId();
    context.turnState.set(correlationIdKey, correlationId);
    // The log mixin adds the ID to every line of this turn, Azure calls included (src/log.ts).
    enterCorrelation(correlationId);
    // Ports without a context parameter (the Teams GroupResolver) reach the connector through this turn.
    enterTurn(context);
    const request = toChatRequest(context.activity, correlationId);
    const log = this.deps.log.child({
      turn: kind,
      conversationType: request.conversation.type,
      userAadObjectId: request.user.aadObjectId,
    });
    log.debug({ text: request.text, locale: request.locale }, "turn started");
    return { request, chat: createChatPort(context, this.deps.continueConversation), log, startedAt: performance.now() };
  }

  /** A card that must be a message of its own learns its message ID (approval cards are updated in place later). */
  private async notifyPosted(turn: Turn, reply: Reply, messageId: string): Promise<void> {
    if (reply.kind !== "card" || !reply.posted) return;
    try {
      await reply.posted(messageId);
    } catch (error) {
      turn.log.error({ err: describeError(error), template: reply.template }, "could not record a posted card");
    }
  }

  /**
   * An invoke answer replaces the card only for the person who pressed (bot-framework.md §5.2): a card
   * everyone must see is posted as a new message, and the presser gets its summary as the answer.
   */
  private async postFromInvoke(turn: Turn, reply: CardReply): Promise<AdaptiveCardInvokeResponse> {
    const messageId = await turn.chat.send(reply);
    await this.notifyPosted(turn, reply, messageId);
    return toInvokeResponse({ kind: "text", text: reply.summary });
  }

  private logHandled(turn: Turn, reply: Reply): void {
    turn.log.info({ ...describeReply(reply), durationMs: Math.round(performance.now() - turn.startedAt) }, "turn handled");
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const submitted = submittedAction(context.activity);
    const turn = this.beginTurn(context, submitted ? "submit" : "message");
    try {
      const reply = submitted
        ? await handleCardAction(this.deps.commands, turn.request, turn.chat, submitted.verb, submitted.data)
        : await handleMessage(this.deps.commands, turn.request, turn.chat);
      const messageId = await turn.chat.send(reply);
      await this.notifyPosted(turn, reply, messageId);
      this.logHandled(turn, reply);
    } finally {
      turn.chat.endTurn();
    }
  }

  // Errors are answered here, in the invoke body: if they reached onTurnError, botbuilder would
  // answer 501 with an empty body (bot-framework.md §5.1).
  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = this.beginTurn(context, "invoke");
    // Teams may send no verb at all (TNET capture, bot-framework.md §5.1): dispatch answers that.
    const verb = typeof value.action?.verb === "string" ? value.action.verb : "";
    try {
      const reply = await handleCardAction(this.deps.commands, turn.request, turn.chat, verb, value.action?.data ?? {});
      const response = reply.kind === "card" && reply.posted ? await this.postFromInvoke(turn, reply) : toInvokeResponse(reply);
      this.logHandled(turn, reply);
      return response;
    } catch (error) {
      turn.log.error({ err: describeError(error), verb }, "card action failed");
      return toInvokeError(t(turn.request.locale, "common.error.body", { correlationId: turn.request.correlationId }));
    } finally {
      turn.chat.endTurn();
    }
  }
}
