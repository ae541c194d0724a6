import type { Reply } from "../commands/types.js";

/**
 * Posts a reply into a conversation the bot is not currently talking in (STYLE.md §5). The bot
 * implements it with adapter.continueConversationAsync over the stored reference. A failed send throws
 * an error with `statusCode` (429, 412, 502 and 504 are retried, bot-framework.md §4.5) and, when the
 * service said how long to wait, `retryAfterMs`.
 */
export interface Notifier {
  sendCard(conversationRef: unknown, reply: Reply): Promise<void>;
}
