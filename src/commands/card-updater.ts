// Updates of one message (an approval card) while long work runs behind it. Teams limits bots per
// conversation thread (bot-framework.md §4.5: a few sends per second, 60 per 30 s), so each key gets
// at most one update per interval, always with its newest value (intermediate ones are dropped), and
// backs off exponentially with jitter when the connector answers 429, 412, 502 or 504. botbuilder
// retries a 429 only when it carries Retry-After (§3.4): the rest is covered here.
import type { Logger } from "../log.js";

export interface CardUpdaterOptions<T> {
  /** Sends the value (renders the card and updates the message). A rejection with a retryable status is retried. */
  deliver(key: string, value: T): Promise<void>;
  /** At least this long between two deliveries for one key. */
  minIntervalMs: number;
  /** Longest wait after repeated throttling (default 60 s). */
  maxBackoffMs?: number;
  /** Retryable failures in a row before a value is given up (default 8). */
  maxAttempts?: number;
  log?: Logger;
  /** 0 ≤ x < 1, for the jitter; tests pass a constant. */
  random?: () => number;
}

export interface CardUpdater<T> {
  /** Queues the newest value for a key; it replaces a queued one that was not delivered yet. */
  push(key: string, value: T): void;
  /** Resolves when nothing is queued, waiting or being delivered. */
  idle(): Promise<void>;
  /** Drops everything queued and clears the timers. */
  stop(): void;
  stats(): { delivered: number; retried: number; failed: number };
}

interface Slot<T> {
  queued?: { value: T };
  busy: boolean;
  timer?: ReturnType<typeof setTimeout>;
  lastAt: number;
  backoffMs: number;
  notBefore: number;
  attempts: number;
}

const retryableStatuses = new Set([412, 429, 502, 503, 504]);

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode ?? (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } } | null)?.response?.headers;
  const value = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export function createCardUpdater<T>(options: CardUpdaterOptions<T>): CardUpdater<T> {
  const slots = new Map<string, Slot<T>>();
  const waiters: (() => void)[] = [];
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const random = options.random ?? Math.random;
  const counts = { delivered: 0, retried: 0, failed: 0 };
  let stopped = false;

  const isIdle = () => [...slots.values()].every((s) => !s.queued && !s.busy && !s.timer);

  function settle(): void {
    if (!isIdle()) return;
    for (const wake of waiters.splice(0)) wake();
  }

  function schedule(key: string, slot: Slot<T>): void {
    if (stopped || slot.busy || slot.timer || !slot.queued) return;
    const now = Date.now();
    const wait = Math.max(0, slot.lastAt + options.minIntervalMs - now, slot.notBefore - now);
    slot.timer = setTimeout(() => void run(key, slot), wait);
    slot.timer.unref?.();
  }

  async function run(key: string, slot: Slot<T>): Promise<void> {
    slot.timer = undefined;
    const queued = slot.queued;
    slot.queued = undefined;
    if (!queued || stopped) return settle();
    slot.busy = true;
    try {
      await options.deliver(key, queued.value);
      counts.delivered++;
      slot.backoffMs = 0;
      slot.attempts = 0;
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && retryableStatuses.has(status) && slot.attempts < maxAttempts) {
        slot.attempts++;
        counts.retried++;
        // Exponential with jitter (§4.5); Retry-After wins when the service sent one.
        slot.backoffMs = Math.min(maxBackoffMs, Math.max(options.minIntervalMs, slot.backoffMs * 2));
        const wait = retryAfterMs(error) ?? slot.backoffMs * (0.5 + random() / 2);
        slot.notBefore = Date.now() + wait;
        slot.queued ??= queued;
        options.log?.warn({ key, status, waitMs: Math.round(wait), attempt: slot.attempts }, "card update throttled; retrying later");
      } else {
        counts.failed++;
        slot.attempts = 0;
        options.log?.error({ key, status, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "card update failed");
      }
    } finally {
      slot.busy = false;
      slot.lastAt = Date.now();
    }
    schedule(key, slot);
    settle();
  }

  return {
    push(key, value) {
      if (stopped) return;
      let slot = slots.get(key);
      if (!slot) {
        slot = { busy: false, lastAt: Number.NEGATIVE_INFINITY, backoffMs: 0, notBefore: 0, attempts: 0 };
        slots.set(key, slot);
      }
      slot.queued = { value };
      schedule(key, slot);
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    stop() {
      stopped = true;
      for (const slot of slots.values()) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = undefined;
        slot.queued = undefined;
      }
      settle();
    },
    stats: () => ({ ...counts }),
  };
}
