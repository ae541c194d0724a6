import { TurnContext, type ConversationReference } from "botbuilder";
import type { ChatPort } from "../commands/types.js";
import { toActivity } from "./to-activity.js";

/** Runs work in a fresh turn for a stored conversation (adapter.continueConversationAsync). */
export type ContinueConversation = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

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
    let result: T | undefined;
    await continueConversation(reference, async (c) => {
      result = await work(c);
    });
    return result as T;
  }

  return {
    async send(reply) {
      const sent = await withContext((c) => c.sendActivity(toActivity(reply)));
      return sent?.id ?? "";
    },
    async update(messageId, reply) {
      await withContext((c) => c.updateActivity({ ...toActivity(reply), id: messageId }));
    },
    endTurn() {
      live = false;
    },
  };
}
