import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { apiVersion, callSim, computeProd } from "./sim-client.js";

let sim: RunningSimulator;
const vmPath = `${computeProd}/virtualMachines/vm-web-01?${apiVersion}`;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
});
afterAll(() => sim.stop());

describe("fault injection", () => {
  it("when a throttle rule has retryAfterSeconds, then 429 TooManyRequests with Retry-After, for the given number of times", async () => {
    sim.injectFault({ kind: "throttle", retryAfterSeconds: 2, times: 1, pathIncludes: "/virtualMachines/VM-WEB-01" });
    const first = await callSim(sim, "GET", vmPath);
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("2");
    expect((first.body as { error: { code: string } }).error.code).toBe("TooManyRequests");
    expect((await callSim(sim, "GET", vmPath)).status).toBe(200);
  });

  it("when a throttle rule has no retryAfterSeconds, then the 429 carries no Retry-After", async () => {
    sim.injectFault({ kind: "throttle" });
    const reply = await callSim(sim, "GET", vmPath);
    expect(reply.status).toBe(429);
    expect(reply.headers["retry-after"]).toBeUndefined();
  });

  it("when an error rule matches only another method, then GETs pass", async () => {
    sim.injectFault({ kind: "error", method: "PUT" });
    expect((await callSim(sim, "GET", vmPath)).status).toBe(200);
  });

  it("when an error rule has a status, then that status with a matching ARM code", async () => {
    sim.injectFault({ kind: "error", status: 503, times: 2 });
    const replies = [await callSim(sim, "GET", vmPath), await callSim(sim, "GET", vmPath), await callSim(sim, "GET", vmPath)];
    expect(replies.map((r) => r.status)).toEqual([503, 503, 200]);
    expect((replies[0]!.body as { error: { code: string } }).error.code).toBe("ServiceUnavailable");
  });

  it("when an error rule has no status, then 500", async () => {
    sim.injectFault({ kind: "error", pathIncludes: "vm-web-01" });
    expect((await callSim(sim, "GET", vmPath)).status).toBe(500);
  });

  it("when a slow rule and a latency are set, then the answer waits for both", async () => {
    sim.injectFault({ kind: "slow", delayMs: 120, times: 1 });
    sim.setLatency(60);
    const started = performance.now();
    const reply = await callSim(sim, "GET", vmPath);
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(175);
  });

  it("when requests are faulted, then they still count in stats", async () => {
    sim.stats.reset();
    sim.injectFault({ kind: "throttle", times: 1 });
    await callSim(sim, "GET", vmPath);
    await callSim(sim, "GET", vmPath);
    expect(sim.stats.calls).toBe(2);
    expect(sim.stats.reads).toBe(2);
    expect(sim.stats.writes).toBe(0);
  });

  it("when faults are given at start, then they apply from the first request", async () => {
    const other = await startSimulator({ faults: [{ kind: "error", status: 502, times: 1 }], latencyMs: 0 });
    try {
      expect((await callSim(other, "GET", vmPath)).status).toBe(502);
      expect((await callSim(other, "GET", vmPath)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
