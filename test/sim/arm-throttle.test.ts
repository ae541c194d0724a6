import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { ArmThrottle } from "../../src/sim/token-bucket.js";
import { apiVersion, callSim, computeProd } from "./sim-client.js";

describe("ArmThrottle", () => {
  it("when a bucket empties, then requests are refused until it refills at its rate", () => {
    let now = 0;
    const throttle = new ArmThrottle({ reads: { capacity: 2, refillPerSecond: 4 } }, () => now);
    expect([throttle.take("s", "read")!.allowed, throttle.take("s", "read")!.allowed]).toEqual([true, true]);
    expect(throttle.take("s", "read")).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    now = 250;
    expect(throttle.take("s", "read")!.allowed).toBe(true);
    expect(throttle.take("other", "read")!.allowed).toBe(true);
    expect(throttle.take("s", "write")).toBeUndefined();
  });
});

describe("ARM throttling over HTTP", () => {
  let sim: RunningSimulator;
  afterEach(() => sim?.stop());

  it("when a subscription's read bucket is empty, then 429 TooManyRequests with Retry-After; remaining reads are reported before that", async () => {
    sim = await startSimulator({ armThrottle: { reads: { capacity: 3, refillPerSecond: 1 } } });
    const path = `${computeProd}/virtualMachines/vm-web-01?${apiVersion}`;
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await callSim(sim, "GET", path));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(replies.map((r) => r.headers["x-ms-ratelimit-remaining-subscription-reads"])).toEqual(["2", "1", "0", "0"]);
    expect(replies[3]!.headers["retry-after"]).toBe("1");
    expect((replies[3]!.body as { error: { code: string } }).error.code).toBe("TooManyRequests");
  });

  it("when throttling is off (the default), then no rate-limit header is sent", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-01?${apiVersion}`);
    expect(reply.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeUndefined();
  });
});
