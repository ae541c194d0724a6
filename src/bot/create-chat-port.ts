import { TurnContext, type ConversationReference } from "botbuilder";
import type { ChatPort } from "../commands/types.js";
import { toActivity } from "./to-activity.js";

/** Runs work in a fresh turn for a stored conversation (adapter.continueConversationAsync). */
export type ContinueConversation = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

/**
 * Runs work in a proactive turn and hands its failure back to the caller. An error thrown inside the
 * turn would reach the adapter's onTurnError, which posts the error card into the conversation: a
 * throttled card update (429) must be retried by its caller, not announced to the channel.
 */
async function inProactiveTurn<T>(
  continueConversation: ContinueConversation,
  reference: Partial<ConversationReference>,
  work: (c: TurnContext) => Promise<T>,
): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await continueConversation(reference, async (c) => {
    try {
      outcome = { ok: true, value: await work(c) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  if (outcome && !outcome.ok) throw outcome.error;
  return (outcome as { value: T } | undefined)?.value as T;
}

type WithContext = <T>(work: (c: TurnContext) => Promise<T>) => Promise<T>;

/** Sending and updating cards through whichever TurnContext `withContext` provides. */
function sendAndUpdate(withContext: WithContext): Pick<ChatPort, "send" | "update"> {
  return {
    async send(reply) {
      const sent = await withContext((c) => c.sendActivity(toActivity(reply)));
      return sent?.id ?? "";
    },
    async update(messageId, reply) {
      await withContext((c) => c.updateActivity({ ...toActivity(reply), id: messageId }));
    },
  };
}

/** A ChatPort bound to one conversation; endTurn() is called when the inbound turn is over. */
export interface TurnChatPort extends ChatPort {
  endTurn(): void;
}

/**
 * Sends through the live TurnContext while the turn lasts; afterwards (work that outlives the turn,
 * such as progress after an invoke was answered) through a proactive turn on the same conversation,
 * because CloudAdapter revokes the TurnContext when the turn ends.
 */
export function createChatPort(context: TurnContext, continueConversation: ContinueConversation): TurnChatPort {
  const reference = TurnContext.getConversationReference(context.activity);
  let live = true;

  async function withContext<T>(work: (c: TurnContext) => Promise<T>): Promise<T> {
    if (live) return work(context);
    return inProactiveTurn(continueConversation, reference, work);
  }

  return {
    ...sendAndUpdate(withContext),
    reference: () => JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    endTurn() {
      live = false;
    },
  };
}

/**
 * A ChatPort for a stored conversation reference (ChatPort.reference()): every call runs in a
 * proactive turn (bot-framework.md §4.4), so it works after the original turn and after a restart.
 */
export function createProactiveChatPort(stored: Record<string, unknown>, continueConversation: ContinueConversation): ChatPort {
  const reference = stored as Partial<ConversationReference>;
  const withContext = <T>(work: (c: TurnContext) => Promise<T>) => inProactiveTurn(continueConversation, reference, work);
  return {
    ...sendAndUpdate(withContext),
    reference: () => ({ ...stored }),
  };
}
