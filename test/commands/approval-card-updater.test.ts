// Card updates of a running approval: one per interval per card, always the newest state, backing off
// when the connector throttles (bot-framework.md §3.4, §4.5).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCardUpdater } from "../../src/commands/card-updater.js";
import type { Logger } from "../../src/log.js";

function restError(statusCode: number, retryAfter?: string): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    statusCode,
    response: { headers: { get: (name: string) => (name === "retry-after" ? retryAfter : undefined) } },
  });
}

describe("card updater", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("when states arrive faster than the interval, then the first goes out at once and only the newest of the rest follows, one interval later", async () => {
    const sent: { at: number; value: number }[] = [];
    const updater = createCardUpdater<number>({ minIntervalMs: 3000, deliver: async (_key, value) => void sent.push({ at: Date.now(), value }) });
    updater.push("r1", 1);
    await vi.advanceTimersByTimeAsync(0);
    for (let v = 2; v <= 6; v++) {
      updater.push("r1", v);
      await vi.advanceTimersByTimeAsync(200);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([
      { at: 0, value: 1 },
      { at: 3000, value: 6 },
    ]);
    await updater.idle();
  });

  it("when two cards update, then each keeps its own pace", async () => {
    const sent: string[] = [];
    const updater = createCardUpdater<number>({ minIntervalMs: 1000, deliver: async (key, value) => void sent.push(`${key}:${value}@${Date.now()}`) });
    updater.push("a", 1);
    updater.push("b", 1);
    await vi.advanceTimersByTimeAsync(10);
    updater.push("a", 2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual(["a:1@0", "b:1@0", "a:2@1000"]);
  });

  it("when the connector answers 429 without Retry-After, then it backs off exponentially (with jitter) and then delivers the newest state", async () => {
    const attempts: number[] = [];
    let failures = 3;
    const updater = createCardUpdater<string>({
      minIntervalMs: 1000,
      maxBackoffMs: 60_000,
      random: () => 1, // no jitter discount: waits are exactly the backoff
      deliver: async () => {
        attempts.push(Date.now());
        if (failures-- > 0) throw restError(429);
      },
    });
    updater.push("r1", "v1");
    await vi.advanceTimersByTimeAsync(0);
    updater.push("r1", "v2");
    await vi.advanceTimersByTimeAsync(20_000);
    // Backoff 1 s, 2 s, 4 s (each at least the interval), then success.
    expect(attempts).toEqual([0, 1000, 3000, 7000]);
    expect(updater.stats()).toEqual({ delivered: 1, retried: 3, failed: 0 });
  });

  it("when the connector says Retry-After, then that wait is used", async () => {
    const attempts: number[] = [];
    let failed = false;
    const updater = createCardUpdater<string>({
      minIntervalMs: 100,
      deliver: async () => {
        attempts.push(Date.now());
        if (!failed) {
          failed = true;
          throw restError(429, "7");
        }
      },
    });
    updater.push("r1", "v1");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempts).toEqual([0, 7000]);
  });

  it("when an update fails for good (404) or throttling never ends, then it is given up and logged, and the next state still goes out", async () => {
    const errors: unknown[] = [];
    const log = { warn: () => undefined, error: (o: unknown) => void errors.push(o) } as unknown as Logger;
    const sent: string[] = [];
    let mode: "404" | "429" | "ok" = "404";
    const updater = createCardUpdater<string>({
      minIntervalMs: 10,
      maxBackoffMs: 20,
      maxAttempts: 2,
      log,
      deliver: async (_key, value) => {
        if (mode === "404") throw restError(404);
        if (mode === "429") throw restError(429);
        sent.push(value);
      },
    });
    updater.push("r1", "gone");
    await vi.advanceTimersByTimeAsync(100);
    mode = "429";
    updater.push("r1", "throttled");
    await vi.advanceTimersByTimeAsync(1000);
    mode = "ok";
    updater.push("r1", "final");
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(["final"]);
    expect(errors).toHaveLength(2);
    expect(updater.stats()).toMatchObject({ delivered: 1, failed: 2, retried: 2 });
  });

  it("when stopped, then queued updates are dropped and idle resolves", async () => {
    const sent: string[] = [];
    const updater = createCardUpdater<string>({ minIntervalMs: 1000, deliver: async (_k, v) => void sent.push(v) });
    updater.push("r1", "a");
    await vi.advanceTimersByTimeAsync(0);
    updater.push("r1", "b");
    updater.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await updater.idle();
    expect(sent).toEqual(["a"]);
  });
});
