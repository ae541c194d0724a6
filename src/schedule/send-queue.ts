// Outbound proactive sends: one queue per conversation, at most one send per `minIntervalMs` in each,
// and exponential backoff with jitter on the statuses Teams asks clients to retry (bot-framework.md
// §4.5: 429, 412, 502, 504). Teams allows more per thread (7/s), but digests are not urgent and a
// slower pace leaves room for the bot's interactive replies in the same channel.
import type { Clock } from "../clock.js";
import type { Reply } from "../commands/types.js";
import type { Notifier } from "./notifier.js";

export interface SendPolicy {
  minIntervalMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultSendPolicy: SendPolicy = { minIntervalMs: 1_000, maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 60_000 };

const retriedStatuses = new Set([412, 429, 502, 504]);

export function isRetryableSend(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === "number" && retriedStatuses.has(status);
}

/** Delay before retry `attempt` (1-based): base·2^(attempt-1), capped, "equal jitter" (half fixed, half random). */
export function backoffDelay(policy: SendPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + (random * ceiling) / 2;
  // A Retry-After from the service is a floor: never come back sooner than asked.
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

export interface SendQueueDeps {
  notifier: Notifier;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  policy?: SendPolicy;
  /** Called before each retry (for logs). */
  onRetry?: (info: { conversationKey: string; attempt: number; delayMs: number; statusCode?: number }) => void;
}

export interface SendQueue {
  /** Resolves when sent; rejects with the last error when it could not be sent. */
  send(conversationKey: string, conversationRef: unknown, reply: Reply): Promise<void>;
}

export function createSendQueue(deps: SendQueueDeps): SendQueue {
  const policy = deps.policy ?? defaultSendPolicy;
  const tails = new Map<string, Promise<void>>();
  const lastSent = new Map<string, number>();

  async function paced(conversationKey: string): Promise<void> {
    const last = lastSent.get(conversationKey);
    if (last === undefined) return;
    const wait = last + policy.minIntervalMs - deps.clock.now().getTime();
    if (wait > 0) await deps.sleep(wait);
  }

  async function deliver(conversationKey: string, conversationRef: unknown, reply: Reply): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await paced(conversationKey);
      try {
        lastSent.set(conversationKey, deps.clock.now().getTime());
        await deps.notifier.sendCard(conversationRef, reply);
        return;
      } catch (error) {
        if (!isRetryableSend(error) || attempt >= policy.maxAttempts) throw error;
        const e = error as { statusCode?: number; retryAfterMs?: unknown };
        const retryAfterMs = typeof e.retryAfterMs === "number" ? e.retryAfterMs : undefined;
        const delayMs = backoffDelay(policy, attempt, deps.random(), retryAfterMs);
        deps.onRetry?.({ conversationKey, attempt, delayMs, ...(e.statusCode !== undefined && { statusCode: e.statusCode }) });
        await deps.sleep(delayMs);
      }
    }
  }

  return {
    send(conversationKey, conversationRef, reply) {
      const previous = tails.get(conversationKey) ?? Promise.resolve();
      const result = previous.then(() => deliver(conversationKey, conversationRef, reply));
      // The next send waits for this one whatever its outcome; the queue entry goes when it is the last.
      const tail = result.catch(() => undefined);
      tails.set(conversationKey, tail);
      void tail.then(() => {
        if (tails.get(conversationKey) === tail) tails.delete(conversationKey);
      });
      return result;
    },
  };
}
