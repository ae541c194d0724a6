// The FleetReader contract (ARCHITECTURE.md seam 7): the same tests run against the in-memory fake
// and against createAzureFleet + the simulator, so the fake cannot drift from what the SDK path returns.
// Facts come from the demo fleet table in contracts.md.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import type { ComputeSummary, FleetReader, ResourceRef, Vm } from "../../src/fleet/port.js";

export interface ContractSubject {
  fleet: FleetReader;
  /** The "now" the fleet's heartbeat ages are relative to. */
  now: Date;
  stop?(): Promise<void>;
}

const sub = "00000000-0000-4000-8000-000000000001";
const prod = (name: string): ResourceRef => ({ subscriptionId: sub, resourceGroup: "rg-prod", name });
const minute = 60_000;
const ama = (vm: Vm) => vm.extensions.find((e) => e.publisher === "Microsoft.Azure.Monitor");
const where = (s: ComputeSummary) => `${s.kind}:${s.resourceGroup.toLowerCase()}/${s.name}`;

export function describeFleetReaderContract(name: string, start: () => Promise<ContractSubject>): void {
  describe(`FleetReader contract: ${name}`, () => {
    let subject: ContractSubject;
    let fleet: FleetReader;
    const getVm = async (name: string) => {
      const vm = await fleet.getVm(prod(name));
      if (!vm) throw new Error(`${name} not found`);
      return vm;
    };

    beforeAll(async () => {
      subject = await start();
      fleet = subject.fleet;
    });
    afterAll(async () => {
      await subject?.stop?.();
    });

    describe("findByName", () => {
      it("when a VM name exists in two resource groups, then both are found, whatever the case", async () => {
        const found = await fleet.findByName("VM-Web-01");
        expect(found.map(where).sort()).toEqual(["vm:rg-dev/vm-web-01", "vm:rg-prod/vm-web-01"]);
        const prodVm = found.find((s) => s.resourceGroup.toLowerCase() === "rg-prod")!;
        expect(prodVm).toMatchObject({ subscriptionId: sub, location: "japaneast", osType: "Linux", kind: "vm" });
        expect(prodVm.id.toLowerCase()).toBe(
          `/subscriptions/${sub}/resourcegroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-web-01`,
        );
      });

      it("when the name is a scale set, then it is found as a scale set", async () => {
        expect((await fleet.findByName("vmss-web")).map(where)).toEqual(["scaleSet:rg-prod/vmss-web"]);
      });

      it("when no VM or scale set has the name, then the answer is empty", async () => {
        expect(await fleet.findByName("vm-does-not-exist")).toEqual([]);
      });
    });

    describe("getVm", () => {
      it("when the VM is up to date, then it has its instance view, identity and AMA with running version", async () => {
        const vm = await getVm("vm-web-01");
        expect(vm).toMatchObject({
          name: "vm-web-01",
          subscriptionId: sub,
          location: "japaneast",
          osType: "Linux",
          powerState: "running",
          provisioningState: "Succeeded",
          identity: { systemAssigned: true },
        });
        expect(vm.resourceGroup.toLowerCase()).toBe("rg-prod");
        expect(vm.osName).toBeTruthy();
        expect(ama(vm)).toMatchObject({
          type: "AzureMonitorLinuxAgent",
          typeHandlerVersion: "1.33",
          runningVersion: "1.33.2",
          enableAutomaticUpgrade: true,
          provisioningState: "Succeeded",
        });
        expect(ama(vm)!.statuses.some((s) => s.code.toLowerCase() === "provisioningstate/succeeded")).toBe(true);
        expect(ama(vm)!.id.toLowerCase()).toContain("/virtualmachines/vm-web-01/extensions/");
      });

      it("when the same name lives in rg-dev, then that VM is a different one, behind, in westeurope", async () => {
        const vm = await fleet.getVm({ subscriptionId: sub, resourceGroup: "rg-dev", name: "vm-web-01" });
        expect(vm?.location).toBe("westeurope");
        expect(ama(vm!)?.runningVersion).not.toBe("1.33.2");
      });

      it("when AMA is one minor behind with auto-upgrade off, then both flags read false", async () => {
        expect(ama(await getVm("vm-web-02"))).toMatchObject({ typeHandlerVersion: "1.32", autoUpgradeMinorVersion: false, enableAutomaticUpgrade: false });
      });

      it("when AMA is frozen on autoUpgradeMinorVersion, then only that flag is true", async () => {
        expect(ama(await getVm("vm-api-01"))).toMatchObject({ autoUpgradeMinorVersion: true, enableAutomaticUpgrade: false });
      });

      it("when the VM runs the retired agents, then the legacy extensions are there", async () => {
        const legacy = await getVm("vm-legacy-01");
        expect(legacy.extensions.map((e) => e.type)).toContain("OmsAgentForLinux");
        expect(ama(legacy)).toBeUndefined();
        const win = await getVm("vm-win-01");
        expect(win.osType).toBe("Windows");
        expect(win.extensions.find((e) => e.type === "MicrosoftMonitoringAgent")).toMatchObject({
          publisher: "Microsoft.EnterpriseCloud.Monitoring",
          runningVersion: "1.0.18062.0",
        });
      });

      it("when the VM is deallocated, then the power state says so, and since when (days ago)", async () => {
        const vm = await getVm("vm-batch-01");
        expect(vm.powerState).toBe("deallocated");
        expect(subject.now.getTime() - vm.powerStateSince!.getTime()).toBeGreaterThan(24 * 60 * minute);
      });

      it("when an extension failed with Linux code 53, then its state and instance-view code show it", async () => {
        const oms = (await getVm("vm-db-01")).extensions.find((e) => e.type === "OmsAgentForLinux")!;
        expect(oms.provisioningState).toBe("Failed");
        expect(oms.statuses.map((s) => s.code)).toContain("ProvisioningState/failed/53");
      });

      it("when the VM has no monitoring agent, then no monitoring extension is listed", async () => {
        const vm = await getVm("vm-bare-01");
        expect(vm.extensions.filter((e) => /Monitor/i.test(e.publisher))).toEqual([]);
      });

      it("when the VM or its resource group does not exist, then the answer is undefined", async () => {
        expect(await fleet.getVm(prod("vm-nope-99"))).toBeUndefined();
        expect(await fleet.getVm({ subscriptionId: sub, resourceGroup: "rg-nope", name: "vm-web-01" })).toBeUndefined();
      });
    });

    describe("getScaleSet", () => {
      it("when the scale set has a Manual policy, then its model AMA and the 2 of 5 instances behind show", async () => {
        const set = await fleet.getScaleSet(prod("vmss-web"));
        expect(set).toMatchObject({ name: "vmss-web", upgradePolicy: "Manual", location: "japaneast", osType: "Linux" });
        expect(set!.extensions.find((e) => e.type === "AzureMonitorLinuxAgent")).toMatchObject({ publisher: "Microsoft.Azure.Monitor" });
        expect(set!.instances).toHaveLength(5);
        expect(set!.instances.filter((i) => !i.latestModelApplied).map((i) => i.instanceId).sort()).toEqual(["1", "3"]);
        expect(set!.instances.every((i) => i.powerState === "running" && i.provisioningState === "Succeeded")).toBe(true);
        expect(set!.instances.map((i) => i.name)).toContain("vmss-web_1");
      });

      it("when the scale set has an Automatic policy, then AMA there has automatic upgrade", async () => {
        const set = await fleet.getScaleSet(prod("vmss-api"));
        expect(set?.upgradePolicy).toBe("Automatic");
        expect(set!.extensions.find((e) => e.type === "AzureMonitorLinuxAgent")?.enableAutomaticUpgrade).toBe(true);
      });

      it("when the scale set does not exist, then the answer is undefined", async () => {
        expect(await fleet.getScaleSet(prod("vmss-nope"))).toBeUndefined();
      });
    });

    describe("listInScope", () => {
      it("when the scope is a resource group, then only its VMs and scale sets come back", async () => {
        const listed = (await fleet.listInScope({ kind: "resourceGroup", resourceGroup: "rg-prod" })).map(where);
        expect(listed).toEqual(expect.arrayContaining(["vm:rg-prod/vm-web-01", "vm:rg-prod/vm-bare-01", "scaleSet:rg-prod/vmss-web"]));
        expect(listed.filter((w) => !w.includes(":rg-prod/"))).toEqual([]);
        expect(new Set(listed).size).toBe(listed.length);
      });

      it("when the scope is a subscription, then every resource group of it is included", async () => {
        const listed = (await fleet.listInScope({ kind: "subscription", subscriptionId: sub })).map(where);
        expect(listed).toEqual(expect.arrayContaining(["vm:rg-prod/vm-web-01", "vm:rg-dev/vm-web-01", "scaleSet:rg-prod/vmss-api"]));
      });

      it("when the scope is all, then it holds at least the subscription's resources", async () => {
        const all = await fleet.listInScope({ kind: "all" });
        const one = await fleet.listInScope({ kind: "subscription", subscriptionId: sub });
        expect(all.map((s) => s.id.toLowerCase())).toEqual(expect.arrayContaining(one.map((s) => s.id.toLowerCase())));
      });

      it("when the resource group does not exist, then the answer is empty", async () => {
        expect(await fleet.listInScope({ kind: "resourceGroup", resourceGroup: "rg-nope" })).toEqual([]);
      });
    });

    describe("listExtensionVersions and the catalog", () => {
      it("when AMA versions are listed for japaneast, then the catalog's latest is 1.33.2 (Linux) and 1.30.0.0 (Windows)", async () => {
        const catalog = createVersionCatalog(fleet, { clock: { now: () => subject.now }, ttlMs: 60_000 });
        expect(await catalog.latest({ location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent" })).toBe("1.33.2");
        expect(await catalog.latest({ location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorWindowsAgent" })).toBe("1.30.0.0");
      });

      it("when an image type is not listed in the region, then the list is empty", async () => {
        expect(await fleet.listExtensionVersions({ location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "NoSuchAgent" })).toEqual([]);
      });
    });

    describe("lastHeartbeat", () => {
      it("when the VM sends heartbeats, then the newest is about a minute old", async () => {
        const vm = await getVm("vm-web-01");
        const beat = await fleet.lastHeartbeat(vm.id);
        expect(beat).toBeDefined();
        const age = subject.now.getTime() - beat!.lastSeen.getTime();
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThan(5 * minute);
        expect(beat!.version).toBe("1.33.2");
      });

      it("when the VM went silent, then its last heartbeat is about two hours old", async () => {
        const beat = await fleet.lastHeartbeat((await getVm("vm-silent-01")).id);
        const age = subject.now.getTime() - beat!.lastSeen.getTime();
        expect(age).toBeGreaterThan(100 * minute);
        expect(age).toBeLessThan(140 * minute);
      });

      it("when the VM has been deallocated for days, then its last heartbeat is still found, days old", async () => {
        const beat = await fleet.lastHeartbeat((await getVm("vm-batch-01")).id);
        expect(subject.now.getTime() - beat!.lastSeen.getTime()).toBeGreaterThan(24 * 60 * minute);
      });

      it("when the heartbeat reports another version than the instance view, then both are visible", async () => {
        const vm = await getVm("vm-api-01");
        const beat = await fleet.lastHeartbeat(vm.id);
        expect(beat?.version).toBeDefined();
        expect(beat!.version).not.toBe(ama(vm)!.runningVersion);
      });

      it("when the VM never sent a heartbeat, then there is none", async () => {
        expect(await fleet.lastHeartbeat((await getVm("vm-bare-01")).id)).toBeUndefined();
      });
    });
  });
}
