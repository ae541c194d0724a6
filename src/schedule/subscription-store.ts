// Subscriptions in the store, keyed "<conversationKey>|<id>" so one conversation's are one prefix.
import type { Store } from "../store/port.js";
import { deleteRuns } from "./run-records.js";
import { deleteSnapshot } from "./snapshot-store.js";
import type { Subscription } from "./subscription.js";

export const subscriptionsTable = "digestSubscriptions";

/** Most digests one conversation may hold: each is a post on its own schedule. */
export const maxSubscriptionsPerConversation = 10;

function keyOf(subscription: Pick<Subscription, "conversationKey" | "id">): string {
  return `${subscription.conversationKey}|${subscription.id}`;
}

/** Creates a subscription; StoreConflictError if the id is taken in that conversation. */
export async function addSubscription(store: Store, subscription: Subscription): Promise<void> {
  await store.insert(subscriptionsTable, keyOf(subscription), subscription);
}

/** One conversation's subscriptions (oldest first), or every subscription. */
export async function listSubscriptions(store: Store, conversationKey?: string): Promise<Subscription[]> {
  const items = await store.list<Subscription>(subscriptionsTable, conversationKey === undefined ? "" : `${conversationKey}|`);
  // The prefix of conversation "a" also matches a conversation named "a|b": compare the field too.
  const mine = items.map((i) => i.value).filter((s) => conversationKey === undefined || s.conversationKey === conversationKey);
  return mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Whether the subscription still exists (it may be removed while its digest is being built). */
export async function subscriptionExists(store: Store, subscription: Pick<Subscription, "conversationKey" | "id">): Promise<boolean> {
  return (await store.get(subscriptionsTable, keyOf(subscription))) !== undefined;
}

/** Removes a subscription with its snapshot and run records. */
export async function removeSubscription(store: Store, subscription: Pick<Subscription, "conversationKey" | "id">): Promise<void> {
  await store.delete(subscriptionsTable, keyOf(subscription));
  await deleteSnapshot(store, subscription.id);
  await deleteRuns(store, subscription.id);
}
