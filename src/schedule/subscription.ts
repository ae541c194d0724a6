// A channel's (or chat's) standing order for a digest. Stored through the store port; the scheduler
// and the subscribe/unsubscribe/subscriptions commands share this shape.
import type { Conversation } from "../commands/types.js";
import type { Scope } from "../fleet/port.js";
import type { Locale } from "../i18n/translate.js";
import type { Schedule } from "./schedule.js";

export type DigestKind = "drift";

export interface Subscription {
  /** Short and typeable: what `unsubscribe <id>` takes. */
  id: string;
  /** The conversation the digest goes to (conversationKeyOf): the channel, not a thread in it. */
  conversationKey: string;
  kind: DigestKind;
  scope: Scope;
  schedule: Schedule;
  /** Language of the person who subscribed: the digest is written in it. */
  locale: Locale;
  /** ISO time. Runs due before it are never posted, not even late. */
  createdAt: string;
  createdBy: { name: string; aadObjectId?: string };
}

/**
 * Which conversation a request is in, for subscriptions. Teams gives a channel message the id of its
 * thread ("19:…@thread.tacv2;messageid=123", bot-framework.md §4.2); the channel is the part before it.
 */
export function conversationKeyOf(conversation: Pick<Conversation, "id">): string {
  return conversation.id.replace(/;messageid=[^;]*$/i, "");
}
