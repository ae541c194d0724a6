import { describe, expect, it } from "vitest";
import { computePlan, type Plan } from "../../src/approvals/plan.js";
import { revalidatePlan, type LiveState } from "../../src/approvals/revalidate.js";
import type { ScaleSet, Vm } from "../../src/fleet/port.js";
import { demoFleet, latestFrom, scaleSetNamed, vmNamed } from "./plan-fixtures.js";

const fleet = demoFleet();
const latest = latestFrom(fleet);
const web02 = vmNamed(fleet, "vm-web-02");
const legacy = vmNamed(fleet, "vm-legacy-01");
const vmssWeb = scaleSetNamed(fleet, "vmss-web");
const plan: Plan = computePlan({ verb: "upgrade" }, { vms: [web02, legacy], scaleSets: [vmssWeb], latest });
const live = (vms: Vm[] = [web02, legacy], scaleSets: ScaleSet[] = [vmssWeb]): LiveState => ({ vms: structuredClone(vms), scaleSets: structuredClone(scaleSets) });
const idOf = (name: string) => plan.items.find((i) => i.resource.name === name)!.id;
const checkOf = (result: ReturnType<typeof revalidatePlan>, name: string) => result.checks.find((c) => c.itemId === idOf(name));

function withExtension(vm: Vm, change: Partial<Vm["extensions"][number]>): Vm {
  return { ...vm, extensions: vm.extensions.map((e, i) => (i === 0 ? { ...e, ...change } : e)) };
}

describe("revalidatePlan", () => {
  it("when nothing changed, then every item is unchanged and nothing is skipped", () => {
    const result = revalidatePlan(plan, live());
    expect(result.checks.map((c) => c.verdict)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(result).toMatchObject({ material: false, skip: [], done: [], notes: [], reasons: [] });
  });

  it("when a VM was deleted, then its item is skipped and the rest still runs", () => {
    const result = revalidatePlan(plan, live([legacy]));
    expect(result.skip).toEqual([{ itemId: idOf("vm-web-02"), reason: { key: "approvals.revalidate.resourceGone", params: { name: "vm-web-02" } } }]);
    expect(result.material).toBe(false);
  });

  it("when the extension was removed, then the item is skipped as gone", () => {
    const result = revalidatePlan(plan, live([{ ...web02, extensions: [] }, legacy]));
    expect(checkOf(result, "vm-web-02")).toMatchObject({ verdict: "gone", reason: { key: "approvals.revalidate.extensionGone", params: { name: "vm-web-02", extension: "AzureMonitorLinuxAgent" } } });
  });

  it("when someone else already upgraded the agent, then the item counts as done", () => {
    const result = revalidatePlan(plan, live([withExtension(web02, { typeHandlerVersion: "1.33", runningVersion: "1.33.2" }), legacy]));
    expect(result.done).toEqual([idOf("vm-web-02")]);
    expect(result.skip).toEqual([]);
  });

  it("when the model already asks for the target (our own write before a restart), then the item is done", () => {
    const result = revalidatePlan(plan, live([withExtension(web02, { typeHandlerVersion: "1.33" }), legacy]));
    expect(checkOf(result, "vm-web-02")?.verdict).toBe("done");
  });

  it("when the version moved elsewhere meanwhile, then the item is skipped as changed, not material", () => {
    const result = revalidatePlan(plan, live([withExtension(web02, { runningVersion: "1.32.9" }), legacy]));
    expect(checkOf(result, "vm-web-02")).toMatchObject({
      verdict: "changed",
      material: false,
      reason: { key: "approvals.revalidate.versionChanged", params: { name: "vm-web-02", from: "1.32.5", to: "1.32.9" } },
    });
  });

  it("when the VM was deallocated meanwhile, then its item is skipped", () => {
    const result = revalidatePlan(plan, live([{ ...web02, powerState: "deallocated" }, legacy]));
    expect(result.skip[0]?.reason).toEqual({ key: "approvals.revalidate.vmNotRunning", params: { name: "vm-web-02", state: "deallocated" } });
  });

  it("when the extension under that name is now a different agent, then the change is material", () => {
    const replaced = withExtension(web02, { publisher: "Microsoft.Azure.Extensions", type: "CustomScript" });
    const result = revalidatePlan(plan, live([replaced, legacy]));
    expect(result.material).toBe(true);
    expect(result.reasons[0]?.key).toBe("approvals.revalidate.extensionReplaced");
  });

  it("when the machine was replaced by one of another OS, then the change is material", () => {
    const result = revalidatePlan(plan, live([{ ...web02, osType: "Windows" }, legacy]));
    expect(result.material).toBe(true);
    expect(result.reasons).toEqual([{ key: "approvals.revalidate.resourceReplaced", params: { name: "vm-web-02" } }]);
  });

  it("when the scale set's upgrade policy changed, then the rollout is void", () => {
    const result = revalidatePlan(plan, live(undefined, [{ ...vmssWeb, upgradePolicy: "Automatic" }]));
    expect(result.material).toBe(true);
    expect(result.reasons).toEqual([{ key: "approvals.revalidate.policyChanged", params: { name: "vmss-web", from: "Manual", to: "Automatic" } }]);
  });

  it("when instances were removed or added, then removed ones are left out and both are reported", () => {
    const instances = vmssWeb.instances.filter((i) => i.instanceId !== "3");
    instances.push({ instanceId: "7", name: "vmss-web_7", latestModelApplied: true, powerState: "running", provisioningState: "Succeeded" });
    const result = revalidatePlan(plan, live(undefined, [{ ...vmssWeb, instances }]));
    expect(checkOf(result, "vmss-web")).toMatchObject({ verdict: "unchanged", removedInstanceIds: ["3"] });
    expect(result.notes.map((n) => n.key)).toEqual(["approvals.revalidate.instancesAdded", "approvals.revalidate.instancesRemoved"]);
    expect(result.material).toBe(false);
  });

  it("when every planned instance is gone, then the rollout is skipped as gone", () => {
    const result = revalidatePlan(plan, live(undefined, [{ ...vmssWeb, instances: vmssWeb.instances.filter((i) => i.instanceId !== "1" && i.instanceId !== "3") }]));
    expect(checkOf(result, "vmss-web")?.verdict).toBe("gone");
  });

  it("when everything is already done, then nothing is left and the request is void", () => {
    const single = computePlan({ verb: "upgrade" }, { vms: [web02], scaleSets: [], latest });
    const result = revalidatePlan(single, live([withExtension(web02, { typeHandlerVersion: "1.33", runningVersion: "1.33.2" })], []));
    expect(result.material).toBe(true);
    expect(result.reasons).toEqual([{ key: "approvals.revalidate.nothingLeft" }]);
  });

  it("when only some items are asked about, then only those are checked", () => {
    const result = revalidatePlan(plan, live([legacy]), [idOf("vm-legacy-01")]);
    expect(result.checks.map((c) => c.itemId)).toEqual([idOf("vm-legacy-01")]);
    expect(result.skip).toEqual([]);
  });

  it("when remedies are re-validated, then a started VM or an existing identity counts as done", () => {
    const batch = vmNamed(fleet, "vm-batch-01");
    const bare = vmNamed(fleet, "vm-bare-01");
    const start = computePlan({ verb: "start-vm" }, { vms: [batch], scaleSets: [], latest });
    const identity = computePlan({ verb: "enable-identity" }, { vms: [bare], scaleSets: [], latest });
    expect(revalidatePlan(start, live([batch])).checks[0]?.verdict).toBe("unchanged");
    expect(revalidatePlan(start, live([{ ...batch, powerState: "running" }])).checks[0]?.verdict).toBe("done");
    expect(revalidatePlan(identity, live([{ ...bare, identity: { systemAssigned: true, userAssignedIds: [] } }])).checks[0]?.verdict).toBe("done");
  });

  it("when the autoupgrade flag is already as requested, then the item is done", () => {
    const on = computePlan({ verb: "autoupgrade", enable: true }, { vms: [web02], scaleSets: [], latest });
    expect(revalidatePlan(on, live([withExtension(web02, { enableAutomaticUpgrade: true })])).checks[0]?.verdict).toBe("done");
  });
});
