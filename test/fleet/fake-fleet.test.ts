import { describe, expect, it } from "vitest";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { createDemoFakeFleet } from "./demo-fake-fleet.js";
import { amaLinux, createFakeFleet, fakeVm } from "./fake-fleet.js";
import { describeFleetReaderContract } from "./fleet-reader-contract.js";

const now = new Date("2026-03-01T09:00:00Z");
describeFleetReaderContract("in-memory fake", async () => ({ fleet: createDemoFakeFleet(now), now }));

describe("createFakeFleet", () => {
  it("when a caller mutates what it got, then the fleet's data is unchanged", async () => {
    const fleet = createFakeFleet({ vms: [fakeVm({ name: "vm-a", extensions: [amaLinux("1.33.2")] })] });
    const ref = { subscriptionId: fleet.data.vms[0]!.subscriptionId, resourceGroup: "rg-prod", name: "vm-a" };
    const vm = await fleet.getVm(ref);
    vm!.extensions.length = 0;
    expect((await fleet.getVm(ref))!.extensions).toHaveLength(1);
    expect((await fleet.getVm(ref))!.extensions[0]!.id).toBe(`${vm!.id}/extensions/AzureMonitorLinuxAgent`);
  });

  it("when a failure is queued, then the next call fails once and stats count every call", async () => {
    const fleet = createFakeFleet();
    fleet.failNext("listExtensionVersions", new Error("throttled"));
    const key = { location: "japaneast", publisher: "p", type: "t" };
    await expect(fleet.listExtensionVersions(key)).rejects.toThrow("throttled");
    expect(await fleet.listExtensionVersions(key)).toEqual([]);
    expect(fleet.stats()).toEqual({ calls: 2, byMethod: { listExtensionVersions: 2 } });
  });

  it("when the catalog asks twice at once, then the fake sees one call", async () => {
    const fleet = createDemoFakeFleet(now);
    const catalog = createVersionCatalog(fleet, { clock: { now: () => now }, ttlMs: 1000 });
    const key = { location: "japaneast", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorLinuxAgent" };
    expect(await Promise.all([catalog.latest(key), catalog.latest(key)])).toEqual(["1.33.2", "1.33.2"]);
    expect(fleet.stats().byMethod.listExtensionVersions).toBe(1);
  });
});
