import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/commands/types.js";
import { backoffDelay, createSendQueue, defaultSendPolicy, isRetryableSend } from "../../src/schedule/send-queue.js";
import { SendError } from "./scheduler-harness.js";

const reply: Reply = { kind: "text", text: "digest" };

function setup(failures: Error[] = []) {
  let time = 0;
  const sends: Array<{ key: string; at: number }> = [];
  const sleeps: number[] = [];
  const queue = createSendQueue({
    notifier: {
      async sendCard(ref) {
        await Promise.resolve();
        const failure = failures.shift();
        if (failure) throw failure;
        sends.push({ key: String(ref), at: time });
      },
    },
    clock: { now: () => new Date(time) },
    sleep: async (ms) => {
      sleeps.push(ms);
      await Promise.resolve();
      time += ms;
    },
    random: () => 1,
  });
  return { queue, sends, sleeps };
}

describe("send queue", () => {
  it("when several sends go to one conversation, then they leave one per second, in order", async () => {
    const { queue, sends } = setup();
    await Promise.all([queue.send("c1", "c1-a", reply), queue.send("c1", "c1-b", reply), queue.send("c1", "c1-c", reply)]);
    expect(sends).toEqual([
      { key: "c1-a", at: 0 },
      { key: "c1-b", at: 1_000 },
      { key: "c1-c", at: 2_000 },
    ]);
  });

  it("when sends go to different conversations, then neither waits for the other", async () => {
    const { queue, sends, sleeps } = setup();
    await Promise.all([queue.send("c1", "c1", reply), queue.send("c2", "c2", reply)]);
    expect(sends.map((s) => s.at)).toEqual([0, 0]);
    expect(sleeps).toEqual([]);
  });

  it("when every attempt is throttled, then it gives up after the last attempt with the service's error", async () => {
    const failures = Array.from({ length: defaultSendPolicy.maxAttempts }, () => new SendError(429));
    const { queue, sleeps } = setup(failures);
    await expect(queue.send("c1", "c1", reply)).rejects.toMatchObject({ statusCode: 429 });
    // random() = 1: the full ceiling each time, doubling up to the cap.
    expect(sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("when a send fails, then the next one in the same conversation still goes", async () => {
    const { queue, sends } = setup([new SendError(403)]);
    const first = queue.send("c1", "first", reply);
    const second = queue.send("c1", "second", reply);
    await expect(first).rejects.toMatchObject({ statusCode: 403 });
    await second;
    expect(sends.map((s) => s.key)).toEqual(["second"]);
  });

  it("when the status is 412, 429, 502 or 504, then it is retried; others are not", () => {
    expect([412, 429, 502, 504, 400, 403, 404, 500].map((statusCode) => isRetryableSend({ statusCode }))).toEqual([true, true, true, true, false, false, false, false]);
    expect(isRetryableSend(new Error("no status"))).toBe(false);
  });

  it("when the backoff grows past the cap, then the delay stays between half the cap and the cap", () => {
    expect(backoffDelay(defaultSendPolicy, 20, 0)).toBe(30_000);
    expect(backoffDelay(defaultSendPolicy, 20, 1)).toBe(60_000);
  });
});
