import { describe, expect, it } from "vitest";
import { runChecklist, runStep } from "../../src/troubleshoot/run-checklist.js";
import { stepIds } from "../../src/troubleshoot/step-result.js";
import { makeFacts, makeVm, minutesAgo, now, omsExtension } from "./make-facts.js";

describe("runChecklist", () => {
  it("when everything is healthy, then every step passes or is skipped, in checklist order, with no failure", () => {
    const outcome = runChecklist(makeFacts(), now);
    expect(outcome.results.map((r) => r.step)).toEqual([...stepIds]);
    expect(outcome.results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass", "pass", "skipped", "skipped"]);
    expect(outcome.firstFailure).toBeUndefined();
  });

  it("when the VM is deallocated, then power state is the first failure even though the heartbeat is stale too", () => {
    const facts = makeFacts({ vm: makeVm({ powerState: "deallocated" }), heartbeat: { resourceId: "x", lastSeen: minutesAgo(3 * 1440) } });
    const outcome = runChecklist(facts, now);
    expect(outcome.firstFailure?.step).toBe("powerState");
    expect(outcome.results.find((r) => r.step === "network")?.status).toBe("skipped");
  });

  it("when a later cause fails, then it is opened instead of the stale heartbeat (the symptom)", () => {
    const facts = makeFacts({ heartbeat: { resourceId: "x", lastSeen: minutesAgo(120) }, vm: makeVm({ identity: { systemAssigned: false, userAssignedIds: [] } }) });
    expect(runChecklist(facts, now).firstFailure?.step).toBe("managedIdentity");
  });

  it("when only the heartbeat fails, then it is opened with the support-request remedy", () => {
    const outcome = runChecklist(makeFacts({ heartbeat: { resourceId: "x", lastSeen: minutesAgo(120) } }), now);
    expect(outcome.firstFailure?.step).toBe("heartbeat");
    expect(outcome.firstFailure?.remedy?.key).toBe("openSupportRequest");
  });

  it("when the probe confirmed the legacy agent's certificate bug, then that step is opened before the AMA steps", () => {
    const facts = makeFacts({
      vm: makeVm({ extensions: [omsExtension()], identity: { systemAssigned: false, userAssignedIds: [] } }),
      heartbeat: { resourceId: "x", lastSeen: minutesAgo(2 * 1440) },
      omsCertificates: [{ notBefore: minutesAgo(2 * 1440 + 60), notAfter: new Date(now.getTime() + 365 * 86_400_000) }],
    });
    const outcome = runChecklist(facts, now);
    expect(outcome.results.find((r) => r.step === "agentExtension")?.status).toBe("fail");
    expect(outcome.firstFailure?.step).toBe("legacyAgent");
    expect(outcome.firstFailure?.remedy?.key).toBe("restartLegacyAgent");
    // Not before the machine itself: a stopped VM is still the first thing to fix.
    expect(runChecklist({ ...facts, vm: { ...facts.vm, powerState: "stopped" } }, now).firstFailure?.step).toBe("powerState");
  });

  it("when one step is re-checked, then it gives the same result as in the full run", () => {
    const facts = makeFacts({ vm: makeVm({ powerState: "stopped" }) });
    expect(runStep("powerState", facts, now)).toEqual(runChecklist(facts, now).results[1]);
  });
});
