// The Notifier port (src/schedule/notifier.ts) over botbuilder: a proactive turn on the stored
// conversation reference (adapter.continueConversationAsync, bot-framework.md §4.4) that sends one
// card. Failures come back to the caller as NotifierError with the HTTP status and Retry-After, so the
// send queue can back off (§4.5); they never reach onTurnError, which would post the error card into
// the channel.
import { TurnContext, type ConversationReference } from "botbuilder";
import type { Reply } from "../commands/types.js";
import type { Notifier } from "../schedule/notifier.js";
import { conversationKeyOf } from "../schedule/subscription.js";
import type { ContinueConversation } from "./create-chat-port.js";
import { toActivity } from "./to-activity.js";

/** A failed proactive send: only the status and the wait, never the request (it carries the token). */
export class NotifierError extends Error {
  readonly code = "ProactiveSendFailed";
  constructor(
    readonly statusCode: number | undefined,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = "NotifierError";
  }
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null | undefined)?.response?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  const get = (headers as { get?: unknown }).get;
  // core-rest-pipeline's HttpHeaders has get(); plain objects (older clients) are keyed by name.
  const value = typeof get === "function" ? (get as (n: string) => unknown).call(headers, name) : (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function toNotifierError(error: unknown, now = Date.now()): NotifierError {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  const statusCode = typeof status === "number" ? status : undefined;
  const retryAfterMs = parseRetryAfter(headerOf(error, "retry-after"), now);
  const what = error instanceof Error ? error.name : "error";
  return new NotifierError(statusCode, retryAfterMs, `proactive send failed${statusCode === undefined ? "" : ` (HTTP ${statusCode})`}: ${what}`);
}

/**
 * The reference to post a digest into: a channel's, not the thread it was captured in (a digest is a
 * new post; bot-framework.md §4.2), and with no activity to reply to.
 */
export function toChannelReference(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  const { activityId: _activityId, ...rest } = reference;
  const conversation = rest.conversation;
  if (!conversation?.id) return rest;
  return { ...rest, conversation: { ...conversation, id: conversationKeyOf(conversation) } };
}

/** The reference of the conversation an inbound activity belongs to, as the scheduler stores it. */
export function referenceToStore(context: TurnContext): Partial<ConversationReference> {
  return toChannelReference(TurnContext.getConversationReference(context.activity));
}

export function createNotifier(continueConversation: ContinueConversation): Notifier {
  return {
    async sendCard(conversationRef: unknown, reply: Reply): Promise<void> {
      const reference = toChannelReference(conversationRef as Partial<ConversationReference>);
      let failure: unknown;
      let sent = false;
      try {
        await continueConversation(reference, async (context) => {
          try {
            await context.sendActivity(toActivity(reply));
            sent = true;
          } catch (error) {
            failure = error;
          }
        });
      } catch (error) {
        failure = error;
      }
      if (failure !== undefined) throw toNotifierError(failure);
      if (!sent) throw new NotifierError(undefined, undefined, "proactive send failed: the turn did not run");
    },
  };
}
