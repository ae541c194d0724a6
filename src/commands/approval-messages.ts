// Where each approval card was posted: the message ID, the conversation's stored address and the
// language it was written in. Updates (progress, expiry, recovery after a restart) replace that
// message in place, from any bot process, long after the turn that posted it.
import type { Locale } from "../i18n/translate.js";
import type { Store } from "../store/port.js";

export const approvalMessagesTable = "approvalMessages";

export interface ApprovalMessage {
  requestId: string;
  messageId: string;
  /** ChatPort.reference() of the conversation; absent when the chat could not give one. */
  reference?: Record<string, unknown>;
  locale: Locale;
}

export interface ApprovalMessages {
  record(message: ApprovalMessage): Promise<void>;
  get(requestId: string): Promise<ApprovalMessage | undefined>;
}

// Recent cards stay in memory (they are the ones being updated); older ones are read from the store.
const cacheSize = 500;

export function createApprovalMessages(store: Store): ApprovalMessages {
  const cache = new Map<string, ApprovalMessage>();
  const remember = (message: ApprovalMessage) => {
    cache.delete(message.requestId);
    cache.set(message.requestId, message);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };
  return {
    async record(message) {
      await store.upsert(approvalMessagesTable, message.requestId, message);
      remember(message);
    },
    async get(requestId) {
      const known = cache.get(requestId);
      if (known) return known;
      const stored = (await store.get<ApprovalMessage>(approvalMessagesTable, requestId))?.value;
      if (stored) remember(stored);
      return stored;
    },
  };
}
