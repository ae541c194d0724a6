// Where proactive digests go: the bot layer hands over its conversation reference (opaque JSON here)
// on install and on every message, and the scheduler reads the freshest one when it posts. Teams
// service URLs are regional and can change, so the reference is refreshed, never kept from the
// subscribe command alone (bot-framework.md §4.4).
import type { Conversation } from "../commands/types.js";
import type { Store } from "../store/port.js";
import { conversationKeyOf } from "./subscription.js";

export const conversationRefsTable = "conversationRefs";

interface StoredReference {
  reference: unknown;
  updatedAt: string;
}

/** Stores (or refreshes) the reference of a conversation; writes only when it changed. */
export async function rememberConversation(store: Store, conversation: Pick<Conversation, "id">, reference: unknown, now: Date): Promise<void> {
  const key = conversationKeyOf(conversation);
  const current = await store.get<StoredReference>(conversationRefsTable, key);
  if (current && JSON.stringify(current.value.reference) === JSON.stringify(reference)) return;
  await store.upsert<StoredReference>(conversationRefsTable, key, { reference, updatedAt: now.toISOString() });
}

/** The stored reference of a conversation (by conversationKeyOf), if the bot ever saw it. */
export async function loadConversationReference(store: Store, conversationKey: string): Promise<unknown> {
  return (await store.get<StoredReference>(conversationRefsTable, conversationKey))?.value.reference;
}
