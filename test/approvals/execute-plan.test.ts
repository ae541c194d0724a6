import { describe, expect, it } from "vitest";
import { createPlanExecutor, executePlan, instanceHealth, type ExecutorOptions } from "../../src/approvals/execute-plan.js";
import type { InstanceExtensionState, InstanceStateReader } from "../../src/approvals/fleet-writer.js";
import { computePlan, type Plan, type PlanSpec } from "../../src/approvals/plan.js";
import { describeProgress, initialProgress, outcomeOf, type ExecutionProgress } from "../../src/approvals/progress.js";
import type { ScaleSet, Vm } from "../../src/fleet/port.js";
import { amaLinux, createFakeFleet, fakeScaleSet, type FakeFleet } from "../fleet/fake-fleet.js";
import { createFakeClock } from "./fake-clock.js";
import { createFakeWriter, type FakeWriter } from "./fake-writer.js";
import { demoFleet, demoNow, latestFrom, vmNamed } from "./plan-fixtures.js";

function behindScaleSet(name: string, count: number): ScaleSet {
  return fakeScaleSet({ name, extensions: [{ ...amaLinux("1.31.1", { name: "ama", statuses: [] }), runningVersion: undefined }] }, count);
}

function setup(fleet: FakeFleet, spec: PlanSpec, vms: Vm[], scaleSets: ScaleSet[] = []) {
  const plan = computePlan(spec, { vms, scaleSets, latest: latestFrom(fleet) });
  const writer = createFakeWriter(fleet);
  const clock = createFakeClock(demoNow);
  const options: ExecutorOptions = { writer, instances: writer.instances, clock, sleep: clock.sleep, pollIntervalMs: 1000, waveTimeoutMs: 60_000 };
  return { plan, writer, clock, options };
}

async function run(plan: Plan, options: ExecutorOptions, progress: ExecutionProgress = initialProgress(plan)) {
  const snapshots: ExecutionProgress[] = [];
  const final = await executePlan(plan, progress, options, { onProgress: (p) => void snapshots.push(p) });
  return { final, snapshots };
}

const methods = (writer: FakeWriter) => writer.calls.map((c) => `${c.method}:${c.resource}`);

describe("executePlan", () => {
  it("when a VM's agent is upgraded, then one PATCH of major.minor runs and the item succeeds with its correlation ID", async () => {
    const fleet = demoFleet();
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [vmNamed(fleet, "vm-web-02")]);
    const { final, snapshots } = await run(plan, options);
    expect(writer.calls).toEqual([{ method: "patchExtension", resource: "vm-web-02", args: ["AzureMonitorLinuxAgent", { typeHandlerVersion: "1.33" }] }]);
    expect(final.items[0]).toMatchObject({ status: "succeeded", stepsDone: 1, correlationIds: ["corr-1"] });
    expect(outcomeOf(final)).toBe("succeeded");
    expect(snapshots.map((s) => s.items[0]?.status)).toEqual(["running", "running", "succeeded"]);
    expect(vmNamed(fleet, "vm-web-02").extensions[0]?.runningVersion).toBe("1.33.2");
  });

  it("when a Manual scale set is upgraded, then the model changes first and instances follow wave by wave", async () => {
    const ss = behindScaleSet("vmss-five", 5);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    const { final, snapshots } = await run(plan, options);
    expect(methods(writer)).toEqual(["patchScaleSetExtension:vmss-five", ...Array(5).fill("upgradeInstances:vmss-five")]);
    expect(writer.calls.slice(1).map((c) => c.args[0])).toEqual([["0"], ["1"], ["2"], ["3"], ["4"]]);
    expect(final.items.map((i) => i.status)).toEqual(["succeeded", "succeeded"]);
    expect(final.items[1]).toMatchObject({ stepsDone: 5, instancesDone: 5, instancesTotal: 5 });
    // The card can show "wave 2/5: 1/5 instances" while the second wave runs.
    const during = snapshots.find((s) => s.items[1]?.status === "running" && s.items[1]?.stepsDone === 1)!;
    expect(describeProgress(plan, during)[1]).toEqual({ key: "approvals.progress.wave", params: { name: "vmss-five", wave: 2, waves: 5, done: 1, total: 5 } });
    expect(fleet.data.scaleSets[0]?.instances.every((i) => i.latestModelApplied)).toBe(true);
  });

  it("when an instance of a wave fails, then the rollout stops there and later waves never start", async () => {
    const ss = behindScaleSet("vmss-five", 5);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    writer.failInstances.add("2");
    const { final } = await run(plan, options);
    expect(writer.calls.slice(1).map((c) => c.args[0])).toEqual([["0"], ["1"], ["2"]]);
    expect(final.items[1]).toMatchObject({ status: "failed", stepsDone: 2, instancesDone: 2, error: { code: "InstanceUpgradeFailed", message: "instances 2 failed" } });
    expect(outcomeOf(final)).toBe("partially-succeeded");
  });

  it("when a wave's instances never become healthy, then the wave times out", async () => {
    const ss = behindScaleSet("vmss-two", 2);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, options, clock } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    let polls = 0;
    const stuck: InstanceStateReader = {
      async instanceStates(_ref, ids) {
        polls++;
        return ids.map((instanceId) => ({ instanceId, latestModelApplied: false, provisioningState: "Updating", extensions: [] }));
      },
    };
    const { final } = await run(plan, { ...options, instances: stuck });
    expect(final.items[1]).toMatchObject({ status: "failed", error: { code: "WaveTimedOut" } });
    expect(polls).toBe(61);
    expect(clock.now().getTime() - demoNow.getTime()).toBe(60_000);
  });

  it("when the model change fails, then the rollout that depends on it is blocked and no instance is touched", async () => {
    const ss = behindScaleSet("vmss-two", 2);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    writer.failOn("patchScaleSetExtension", "VMExtensionProvisioningError");
    const { final } = await run(plan, options);
    expect(methods(writer)).toEqual(["patchScaleSetExtension:vmss-two"]);
    expect(final.items.map((i) => i.status)).toEqual(["failed", "blocked"]);
    expect(final.items[0]).toMatchObject({ error: { code: "VMExtensionProvisioningError" }, correlationIds: ["corr-1"] });
    expect(final.items[1]?.reason?.key).toBe("approvals.progress.blockedBy");
    expect(outcomeOf(final)).toBe("failed");
  });

  it("when one VM fails, then the other VMs still run", async () => {
    const fleet = demoFleet();
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [vmNamed(fleet, "vm-web-02"), vmNamed(fleet, "vm-legacy-01")]);
    writer.failOn("patchExtension", "OperationNotAllowed", (c) => c.resource === "vm-legacy-01");
    const { final } = await run(plan, options);
    expect(final.items.map((i) => i.status).sort()).toEqual(["failed", "succeeded"]);
    expect(outcomeOf(final)).toBe("partially-succeeded");
  });

  it("when progress says waves are done, then execution resumes at the next wave", async () => {
    const ss = behindScaleSet("vmss-five", 5);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    const start = initialProgress(plan);
    start.items[0] = { ...start.items[0]!, status: "succeeded", stepsDone: 1 };
    start.items[1] = { ...start.items[1]!, status: "running", stepsDone: 3, instancesDone: 3 };
    const { final } = await run(plan, options, start);
    expect(writer.calls.map((c) => c.args[0])).toEqual([["3"], ["4"]]);
    expect(final.items[1]).toMatchObject({ status: "succeeded", instancesDone: 5 });
  });

  it("when planned instances disappeared, then they are left out of their waves", async () => {
    const ss = behindScaleSet("vmss-five", 5);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    const start = initialProgress(plan);
    start.items[1] = { ...start.items[1]!, excludedInstanceIds: ["1"] };
    await run(plan, options, start);
    expect(writer.calls.slice(1).map((c) => c.args[0])).toEqual([["0"], ["2"], ["3"], ["4"]]);
  });

  it("when AMA is reinstalled and the install fails, then the delete is recorded as done and the item failed", async () => {
    const fleet = demoFleet();
    const { plan, writer, options } = setup(fleet, { verb: "reinstall", agent: "ama" }, [vmNamed(fleet, "vm-web-02")]);
    writer.failOn("createExtension", "VMExtensionHandlerNonTransientError");
    const { final } = await run(plan, options);
    expect(methods(writer)).toEqual(["deleteExtension:vm-web-02", "createExtension:vm-web-02"]);
    expect(final.items[0]).toMatchObject({ status: "failed", stepsDone: 1, correlationIds: ["corr-1", "corr-2"] });
  });

  it("when the remedies run, then each makes its one call", async () => {
    const fleet = demoFleet();
    for (const [spec, name, method] of [
      [{ verb: "restart-agent" }, "vm-legacy-01", "runCommand"],
      [{ verb: "start-vm" }, "vm-batch-01", "startVm"],
      [{ verb: "enable-identity" }, "vm-bare-01", "enableSystemIdentity"],
      [{ verb: "autoupgrade", enable: true }, "vm-web-02", "patchExtension"],
    ] as const) {
      const { plan, writer, options } = setup(fleet, spec, [vmNamed(fleet, name)]);
      const { final } = await run(plan, options);
      expect(methods(writer)).toEqual([`${method}:${name}`]);
      expect(final.items[0]?.status).toBe("succeeded");
    }
    expect(vmNamed(fleet, "vm-batch-01").powerState).toBe("running");
    expect(vmNamed(fleet, "vm-bare-01").identity.systemAssigned).toBe(true);
  });

  it("when a writer call hangs past the call timeout, then the item fails with OperationTimedOut", async () => {
    const fleet = demoFleet();
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [vmNamed(fleet, "vm-web-02")]);
    const release = writer.hold("patchExtension");
    const { final } = await run(plan, { ...options, callTimeoutMs: 20 });
    release();
    expect(final.items[0]).toMatchObject({ status: "failed", error: { code: "OperationTimedOut" } });
  });

  it("when the execution is taken over (signal aborted), then no further step starts", async () => {
    const ss = behindScaleSet("vmss-five", 5);
    const fleet = createFakeFleet({ scaleSets: [ss], versions: demoFleet().data.versions });
    const { plan, writer, options } = setup(fleet, { verb: "upgrade" }, [], [ss]);
    const controller = new AbortController();
    const executor = createPlanExecutor(options);
    const final = await executor.execute(plan, initialProgress(plan), {
      signal: controller.signal,
      onProgress: (p) => {
        if ((p.items[1]?.stepsDone ?? 0) >= 2) controller.abort();
      },
    });
    expect(writer.calls.slice(1).map((c) => c.args[0])).toEqual([["0"], ["1"]]);
    expect(final.items[1]).toMatchObject({ status: "running", stepsDone: 2 });
  });
});

describe("instanceHealth", () => {
  const base: InstanceExtensionState = { instanceId: "0", latestModelApplied: true, provisioningState: "Succeeded", extensions: [{ name: "AMA", provisioningState: "Succeeded" }] };
  it.each<[InstanceExtensionState, string]>([
    [base, "ok"],
    [{ ...base, latestModelApplied: false }, "pending"],
    [{ ...base, provisioningState: "Updating" }, "pending"],
    [{ ...base, extensions: [{ name: "ama", provisioningState: "Creating" }] }, "pending"],
    [{ ...base, extensions: [{ name: "ama", provisioningState: "Failed" }] }, "failed"],
    [{ ...base, provisioningState: "Failed" }, "failed"],
    [{ ...base, extensions: [{ name: "Other", provisioningState: "Failed" }] }, "ok"],
  ])("when an instance reports %j, then it is %s", (state, health) => {
    expect(instanceHealth(state, ["AMA"])).toBe(health);
  });
});
