import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashContent } from "../../src/approvals/plan-hash.js";
import { planWaves, sortInstanceIds } from "../../src/approvals/plan-waves.js";
import { computePlan, hashPlan, planScopes, restartLegacyAgentScript, type Plan, type PlanInput, type PlanSpec } from "../../src/approvals/plan.js";
import { amaLinux, fakeExtension, fakeScaleSet, fakeVm } from "../fleet/fake-fleet.js";
import { demoFleet, latestFrom, scaleSetNamed, vmNamed } from "./plan-fixtures.js";

const fleet = demoFleet();
const latest = latestFrom(fleet);

function planFor(spec: PlanSpec, names: string[], scaleSets: string[] = [], extra: Partial<PlanInput> = {}): Plan {
  return computePlan(spec, {
    vms: names.map((n) => vmNamed(fleet, n)),
    scaleSets: scaleSets.map((n) => scaleSetNamed(fleet, n)),
    latest,
    ...extra,
  });
}

const skipKeys = (plan: Plan) => plan.skipped.map((s) => `${s.resource.name}:${s.reason.key.replace("approvals.skip.", "")}`);
const impactKeys = (plan: Plan) => plan.impact.map((i) => i.key.replace("approvals.impact.", ""));

describe("computePlan: upgrade", () => {
  it("when AMA is one minor behind, then the plan PATCHes typeHandlerVersion to major.minor only", () => {
    const plan = planFor({ verb: "upgrade" }, ["vm-web-02"]);
    expect(plan.items).toHaveLength(1);
    const item = plan.items[0]!;
    expect(item.action).toMatchObject({ kind: "setExtensionVersion", fromVersion: "1.32", runningVersion: "1.32.5", toVersion: "1.33", latestVersion: "1.33.2" });
    expect(item.action).not.toHaveProperty("forceUpdateTag");
    const vm = vmNamed(fleet, "vm-web-02");
    expect(item.calls).toEqual([{ method: "PATCH", path: `${vm.id}/extensions/AzureMonitorLinuxAgent`, body: { properties: { typeHandlerVersion: "1.33" } } }]);
    expect(impactKeys(plan)).toEqual(["sampledGap", "eventLogsKept", "noReboot"]);
  });

  it("when resources are up to date, deallocated or only behind by an MMA build, then they are skipped with a reason", () => {
    const plan = planFor({ verb: "upgrade" }, ["vm-web-01", "vm-batch-01", "vm-win-01", "vm-bare-01"]);
    expect(plan.items).toEqual([]);
    expect(skipKeys(plan).sort()).toEqual(
      ["vm-bare-01:noAgent", "vm-batch-01:vmNotRunning", "vm-web-01:upToDate", "vm-win-01:buildsRollOutAutomatically"].sort(),
    );
    expect(plan.impact).toEqual([]);
  });

  it("when a retired OMS agent is behind, then it is upgraded and the plan says the agent is retired", () => {
    const plan = planFor({ verb: "upgrade" }, ["vm-legacy-01"]);
    expect(plan.items[0]?.action).toMatchObject({ kind: "setExtensionVersion", toVersion: "1.19", latestVersion: "1.19.0" });
    expect(impactKeys(plan)).toContain("retiredAgent");
  });

  it("when only the patch is behind, then the same major.minor is written with forceUpdateTag set to the latest", () => {
    const vm = fakeVm({ name: "vm-patch", extensions: [amaLinux("1.33.1", { name: "ama" })] });
    const plan = computePlan({ verb: "upgrade" }, { vms: [vm], scaleSets: [], latest });
    expect(plan.items[0]?.action).toMatchObject({ toVersion: "1.33", forceUpdateTag: "1.33.2" });
    expect(plan.items[0]?.calls[0]?.body).toEqual({ properties: { typeHandlerVersion: "1.33", forceUpdateTag: "1.33.2" } });
  });

  it("when the model asks for a newer major.minor than the region lists, then it is skipped rather than downgraded", () => {
    const vm = fakeVm({ name: "vm-ahead", extensions: [amaLinux("1.32.5", { name: "ama", typeHandlerVersion: "1.34" })] });
    const plan = computePlan({ verb: "upgrade" }, { vms: [vm], scaleSets: [], latest });
    expect(plan.items).toEqual([]);
    expect(plan.skipped[0]?.reason).toEqual({ key: "approvals.skip.modelAheadOfRegion", params: { version: "1.34", latest: "1.33.2" } });
  });

  it("when an agent filter is given, then other agents on the same VM are left alone", () => {
    const vm = fakeVm({
      name: "vm-both",
      extensions: [
        amaLinux("1.30.3", { name: "ama" }),
        fakeExtension({ publisher: "Microsoft.EnterpriseCloud.Monitoring", type: "OmsAgentForLinux", typeHandlerVersion: "1.14", runningVersion: "1.14.23" }),
      ],
    });
    const all = computePlan({ verb: "upgrade" }, { vms: [vm], scaleSets: [], latest });
    const amaOnly = computePlan({ verb: "upgrade", agent: "ama" }, { vms: [vm], scaleSets: [], latest });
    expect(all.items.map((i) => ("extension" in i.action ? i.action.extension.name : ""))).toEqual(["ama", "OmsAgentForLinux"]);
    expect(amaOnly.items.map((i) => ("extension" in i.action ? i.action.extension.name : ""))).toEqual(["ama"]);
  });

  it("when no version is listed in the region, then the extension is skipped", () => {
    const vm = fakeVm({ name: "vm-far", location: "brazilsouth", extensions: [amaLinux("1.30.3")] });
    const plan = computePlan({ verb: "upgrade" }, { vms: [vm], scaleSets: [], latest });
    expect(skipKeys(plan)).toEqual(["vm-far:noLatest"]);
    expect(plan.skipped[0]?.reason.params).toEqual({ type: "AzureMonitorLinuxAgent", location: "brazilsouth" });
  });

  it("when a whole resource group is upgraded, then no typeHandlerVersion written carries a patch part", () => {
    const plan = planFor({ verb: "upgrade" }, fleet.data.vms.filter((v) => v.resourceGroup === "rg-prod").map((v) => v.name));
    const written = plan.items.flatMap((i) => i.calls).map((c) => (c.body?.properties as { typeHandlerVersion?: string } | undefined)?.typeHandlerVersion);
    expect(written.filter(Boolean).length).toBeGreaterThan(0);
    for (const version of written.filter(Boolean)) expect(version).toMatch(/^\d+\.\d+$/);
  });
});

describe("computePlan: scale sets", () => {
  it("when a Manual scale set's model is current but instances are not, then only those instances are upgraded in waves", () => {
    const plan = planFor({ verb: "upgrade" }, [], ["vmss-web"]);
    const ss = scaleSetNamed(fleet, "vmss-web");
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]?.action).toEqual({ kind: "rolloutModel", upgradePolicy: "Manual", extensionNames: ["AzureMonitorLinuxAgent"], waves: [["1"], ["3"]] });
    expect(plan.items[0]?.calls).toEqual([
      { method: "POST", path: `${ss.id}/manualupgrade`, body: { instanceIds: ["1"] } },
      { method: "POST", path: `${ss.id}/manualupgrade`, body: { instanceIds: ["3"] } },
    ]);
    expect(impactKeys(plan)).toContain("waves");
  });

  it("when a Manual scale set's model is behind, then the model is patched first and every running instance follows in waves", () => {
    const ss = fakeScaleSet({ name: "vmss-big", extensions: [{ ...amaLinux("1.31.1", { name: "ama", statuses: [] }), runningVersion: undefined }] }, 11);
    ss.instances[4] = { ...ss.instances[4]!, powerState: "deallocated" };
    const plan = computePlan({ verb: "upgrade" }, { vms: [], scaleSets: [ss], latest });
    const [model, rollout] = plan.items;
    expect(model?.action).toMatchObject({ kind: "setExtensionVersion", fromVersion: "1.31", toVersion: "1.33" });
    expect(model?.calls[0]).toEqual({ method: "PATCH", path: `${ss.id}/extensions/ama`, body: { properties: { typeHandlerVersion: "1.33" } } });
    expect(rollout?.dependsOn).toEqual([model?.id]);
    // 10 running instances: canary, then batches of 20% = 2, numeric order ("10" after "9").
    expect(rollout?.action).toMatchObject({ waves: [["0"], ["1", "2"], ["3", "5"], ["6", "7"], ["8", "9"], ["10"]] });
    expect(plan.skipped).toEqual([expect.objectContaining({ instanceIds: ["4"], reason: expect.objectContaining({ key: "approvals.skip.instancesNotRunning" }) })]);
  });

  it("when the scale set's policy is Automatic, then only the model changes and the platform rolls it out", () => {
    const ss = fakeScaleSet({ name: "vmss-auto", upgradePolicy: "Automatic", extensions: [{ ...amaLinux("1.31.1", { statuses: [] }), runningVersion: undefined }] }, 3);
    const plan = computePlan({ verb: "upgrade" }, { vms: [], scaleSets: [ss], latest });
    expect(plan.items.map((i) => i.action.kind)).toEqual(["setExtensionVersion"]);
    expect(plan.impact).toContainEqual({ key: "approvals.impact.platformAppliesModel", params: { name: "vmss-auto", policy: "Automatic" } });
  });

  it("when the wave options change, then the waves follow them", () => {
    const ss = fakeScaleSet({ name: "vmss-w", extensions: [{ ...amaLinux("1.31.1", { statuses: [] }), runningVersion: undefined }] }, 10);
    const plan = computePlan({ verb: "upgrade" }, { vms: [], scaleSets: [ss], latest, waves: { canary: 2, maxBatchPercent: 50 } });
    expect(plan.items[1]?.action).toMatchObject({ waves: [["0", "1"], ["2", "3", "4", "5", "6"], ["7", "8", "9"]] });
  });
});

describe("computePlan: autoupgrade", () => {
  it("when turning automatic upgrade on, then supported agents get a PATCH and MMA is refused with a reason", () => {
    const plan = planFor({ verb: "autoupgrade", enable: true }, ["vm-web-02", "vm-win-01", "vm-web-01"]);
    expect(plan.items.map((i) => [i.resource.name, i.action.kind])).toEqual([["vm-web-02", "setAutomaticUpgrade"]]);
    expect(plan.items[0]?.calls[0]?.body).toEqual({ properties: { enableAutomaticUpgrade: true } });
    expect(skipKeys(plan).sort()).toEqual(["vm-web-01:autoUpgradeAlreadyOn", "vm-win-01:autoUpgradeNotSupported"]);
    expect(plan.skipped.find((s) => s.resource.name === "vm-win-01")?.reason.params).toEqual({ type: "MicrosoftMonitoringAgent" });
    expect(impactKeys(plan)).toEqual(["autoUpgradeOn", "noReboot"]);
  });

  it("when turning it off, then only extensions that have it on change", () => {
    const plan = planFor({ verb: "autoupgrade", enable: false }, ["vm-web-01", "vm-web-02"]);
    expect(plan.items.map((i) => i.resource.name)).toEqual(["vm-web-01"]);
    expect(skipKeys(plan)).toEqual(["vm-web-02:autoUpgradeAlreadyOff"]);
    expect(impactKeys(plan)).toContain("autoUpgradeOff");
  });

  it("when the target is a Manual scale set, then the model changes and all instances follow in waves", () => {
    const plan = planFor({ verb: "autoupgrade", enable: true }, [], ["vmss-web"]);
    expect(plan.items.map((i) => i.action.kind)).toEqual(["setAutomaticUpgrade", "rolloutModel"]);
    expect(plan.items[1]?.action).toMatchObject({ waves: [["0"], ["1"], ["2"], ["3"], ["4"]] });
  });
});

describe("computePlan: remedies", () => {
  it("when AMA is reinstalled, then it is deleted and created with major.minor and automatic upgrade (seed 002)", () => {
    const plan = planFor({ verb: "reinstall", agent: "ama" }, ["vm-api-01", "vm-bare-01"], ["vmss-web"]);
    const vm = vmNamed(fleet, "vm-api-01");
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]?.calls).toEqual([
      { method: "DELETE", path: `${vm.id}/extensions/AMA` },
      {
        method: "PUT",
        path: `${vm.id}/extensions/AMA`,
        body: {
          location: "japaneast",
          properties: {
            publisher: "Microsoft.Azure.Monitor",
            type: "AzureMonitorLinuxAgent",
            typeHandlerVersion: "1.33",
            autoUpgradeMinorVersion: false,
            enableAutomaticUpgrade: true,
            settings: {},
          },
        },
      },
    ]);
    expect(skipKeys(plan).sort()).toEqual(["vm-bare-01:amaNotInstalled", "vmss-web:vmOnly"]);
    // vm-api-01 has only a user-assigned identity: the card warns that AMA needs it configured.
    expect(impactKeys(plan)).toEqual(["sampledGap", "eventLogsKept", "reinstallGap", "noReboot", "reinstallNeedsIdentitySettings"]);
  });

  it("when the legacy agent is restarted, then Run Command runs the service_control restart (seed 003)", () => {
    const plan = planFor({ verb: "restart-agent" }, ["vm-legacy-01", "vm-web-01"]);
    const vm = vmNamed(fleet, "vm-legacy-01");
    expect(plan.items[0]?.calls).toEqual([{ method: "POST", path: `${vm.id}/runCommand`, body: { commandId: "RunShellScript", script: restartLegacyAgentScript } }]);
    expect(restartLegacyAgentScript).toEqual(["/opt/microsoft/omsagent/bin/service_control restart"]);
    expect(skipKeys(plan)).toEqual(["vm-web-01:noLegacyAgent"]);
    expect(impactKeys(plan)).toEqual(["restartAgentGap", "noReboot"]);
  });

  it("when a deallocated VM is started, then one POST start is planned; a running one is skipped", () => {
    const plan = planFor({ verb: "start-vm" }, ["vm-batch-01", "vm-web-01"]);
    expect(plan.items.map((i) => i.calls[0])).toEqual([{ method: "POST", path: `${vmNamed(fleet, "vm-batch-01").id}/start` }]);
    expect(skipKeys(plan)).toEqual(["vm-web-01:alreadyRunning"]);
    expect(impactKeys(plan)).toEqual(["startVm"]);
  });

  it("when a system identity is enabled, then user-assigned identities are kept", () => {
    const bare = planFor({ verb: "enable-identity" }, ["vm-bare-01"]);
    expect(bare.items[0]?.calls[0]?.body).toEqual({ identity: { type: "SystemAssigned" } });
    const withUser = computePlan(
      { verb: "enable-identity" },
      { vms: [fakeVm({ name: "vm-u", identity: { systemAssigned: false, userAssignedIds: ["/subscriptions/x/uami-b", "/subscriptions/x/uami-a"] } })], scaleSets: [], latest },
    );
    expect(withUser.items[0]?.calls[0]?.body).toEqual({
      identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { "/subscriptions/x/uami-a": {}, "/subscriptions/x/uami-b": {} } },
    });
    expect(skipKeys(planFor({ verb: "enable-identity" }, ["vm-web-01"]))).toEqual(["vm-web-01:identityPresent"]);
  });

  it("when an extension name needs escaping, then the ARM path encodes it", () => {
    const vm = fakeVm({ name: "vm-odd", extensions: [amaLinux("1.30.3", { name: "ama?x=1" })] });
    const plan = computePlan({ verb: "upgrade" }, { vms: [vm], scaleSets: [], latest });
    expect(plan.items[0]?.calls[0]?.path).toBe(`${vm.id}/extensions/ama%3Fx%3D1`);
  });
});

describe("plan hash", () => {
  const names = ["vm-web-02", "vm-legacy-01", "vm-api-01", "vm-web-01"];

  it("when the same resources come in another order, then the plan and its hash are the same", () => {
    const a = planFor({ verb: "upgrade" }, names, ["vmss-web"]);
    const b = planFor({ verb: "upgrade" }, [...names].reverse(), ["vmss-web"]);
    expect(b).toEqual(a);
    expect(hashPlan(b)).toBe(hashPlan(a));
    expect(hashPlan(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("when anything in the plan changes, then the hash changes", () => {
    const base = planFor({ verb: "upgrade" }, names);
    const newerLatest = computePlan({ verb: "upgrade" }, { vms: names.map((n) => vmNamed(fleet, n)), scaleSets: [], latest: (k) => (k.type === "AzureMonitorLinuxAgent" ? "1.34.0" : latest(k)) });
    const edited = structuredClone(base);
    (edited.items[0]!.action as { toVersion: string }).toVersion = "1.34";
    expect(hashPlan(newerLatest)).not.toBe(hashPlan(base));
    expect(hashPlan(edited)).not.toBe(hashPlan(base));
    expect(hashPlan(planFor({ verb: "autoupgrade", enable: true }, names))).not.toBe(hashPlan(planFor({ verb: "autoupgrade", enable: false }, names)));
  });

  it("when keys are in a different order, then the canonical JSON is the same", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":2,"y":1}]},"b":1}');
    expect(hashContent({ a: 1, b: 2 })).toBe(hashContent({ b: 2, a: 1 }));
  });

  it("when the plan touches two resource groups, then both scopes are listed once", () => {
    const plan = computePlan({ verb: "upgrade" }, { vms: [vmNamed(fleet, "vm-web-01", "rg-dev"), vmNamed(fleet, "vm-web-02"), vmNamed(fleet, "vm-api-01")], scaleSets: [], latest });
    expect(planScopes(plan).map((s) => s.resourceGroup).sort()).toEqual(["rg-dev", "rg-prod"]);
  });
});

describe("planWaves", () => {
  it.each([
    [0, []],
    [1, [1]],
    [2, [1, 1]],
    [5, [1, 1, 1, 1, 1]],
    [10, [1, 2, 2, 2, 2, 1]],
    [120, [1, 24, 24, 24, 24, 23]],
  ])("when %i instances are upgraded with the defaults, then the waves have sizes %j", (count, sizes) => {
    const ids = Array.from({ length: count }, (_, i) => String(i));
    expect(planWaves(ids).map((w) => w.length)).toEqual(sizes);
  });

  it("when waves are planned for any set, then every instance appears once, in order, canary first and no batch over the limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 100 }), (count, canary, percent) => {
        const ids = Array.from({ length: count }, (_, i) => `i${i}`);
        const waves = planWaves(ids, { canary, maxBatchPercent: percent });
        expect(waves.flat()).toEqual(ids);
        if (count > 0 && canary > 0) expect(waves[0]).toHaveLength(Math.min(canary, count));
        const limit = Math.max(1, Math.floor((count * percent) / 100));
        for (const wave of waves.slice(canary > 0 ? 1 : 0)) expect(wave.length).toBeLessThanOrEqual(limit);
        expect(waves.every((w) => w.length > 0)).toBe(true);
      }),
    );
  });

  it("when the options are out of range, then planWaves refuses them", () => {
    expect(() => planWaves(["a"], { canary: -1, maxBatchPercent: 20 })).toThrow(RangeError);
    expect(() => planWaves(["a"], { canary: 1, maxBatchPercent: 0 })).toThrow(RangeError);
    expect(() => planWaves(["a"], { canary: 1, maxBatchPercent: 101 })).toThrow(RangeError);
  });

  it("when instance IDs are sorted, then numbers sort numerically and before names", () => {
    expect(sortInstanceIds(["10", "2", "vm_b", "1", "vm_a"])).toEqual(["1", "2", "10", "vm_a", "vm_b"]);
  });
});
