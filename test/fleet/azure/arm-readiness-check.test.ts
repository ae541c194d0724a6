import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArmReadinessCheck, createSimulatorCredential } from "../../../src/fleet/azure/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/sim/index.js";

describe("ARM readiness check (GET /readyz)", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.stop());

  const options = (over: Partial<Parameters<typeof createArmReadinessCheck>[0]> = {}) => ({
    subscriptionIds: ["00000000-0000-4000-8000-000000000001"],
    credential: createSimulatorCredential(),
    armEndpoint: sim.url,
    caPem: sim.caPem,
    ...over,
  });

  it("when ARM answers with the bot's credential, then the check passes", async () => {
    await expect(createArmReadinessCheck(options())()).resolves.toBeUndefined();
  });

  it("when ARM answers 500, then the check fails at once (no retries)", async () => {
    sim.injectFault({ kind: "error", status: 500, times: 1 });
    await expect(createArmReadinessCheck(options())()).rejects.toThrow();
    sim.clearFaults();
  });

  it("when the CA is not trusted, then the check fails", async () => {
    await expect(createArmReadinessCheck(options({ caPem: undefined }))()).rejects.toThrow();
  });

  it("when ARM does not answer in time, then the check fails with the timeout", async () => {
    sim.injectFault({ kind: "slow", delayMs: 1_000, times: 1 });
    await expect(createArmReadinessCheck(options(), 100)()).rejects.toThrow(/within 100 ms/);
    sim.clearFaults();
  });
});
