import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError } from "../../../src/fleet/azure/azure-error.js";
import type { ScannedExtension } from "../../../src/fleet/port.js";
import { generateFleet, type Fixture, type RunningSimulator } from "../../../src/sim/index.js";
import { describeFleetScannerContract } from "../fleet-scanner-contract.js";
import { startSimulatorForTest } from "./start-sim-fleet.js";
import { createSimScanner } from "./start-sim-writer.js";

const subs = ["00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c2"];
const vmsPerGroup = 23;

const ama = (version: string) => ({
  name: "AzureMonitorLinuxAgent",
  publisher: "Microsoft.Azure.Monitor",
  type: "AzureMonitorLinuxAgent",
  typeHandlerVersion: version,
  runningVersion: `${version}.9`,
  autoUpgradeMinorVersion: true,
});

// Two subscriptions x two regions; every third VM also has a second extension, every fifth is deallocated.
function buildFleet(): Fixture {
  return {
    subscriptions: subs.map((id, s) => ({
      id,
      resourceGroups: ["japaneast", "westeurope"].map((location, g) => ({
        name: `rg-${s}-${g}`,
        location,
        vms: Array.from({ length: vmsPerGroup }, (_, i) => ({
          name: `vm-${s}-${g}-${String(i).padStart(3, "0")}`,
          osType: i % 4 === 0 ? ("Windows" as const) : ("Linux" as const),
          powerState: i % 5 === 0 ? ("deallocated" as const) : ("running" as const),
          extensions: [
            i % 4 === 0
              ? { name: "AMA", publisher: "Microsoft.Azure.Monitor", type: "AzureMonitorWindowsAgent", typeHandlerVersion: "1.30", enableAutomaticUpgrade: true }
              : ama(i % 2 === 0 ? "1.33" : "1.32"),
            ...(i % 3 === 0 ? [{ name: "CustomScript", publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" }] : []),
          ],
        })),
        scaleSets: [
          {
            name: `vmss-${s}-${g}`,
            osType: "Linux" as const,
            upgradePolicy: g === 0 ? ("Manual" as const) : ("Automatic" as const),
            extensions: [ama("1.31"), { name: "HealthExtension", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux", typeHandlerVersion: "1.0" }],
            instances: [{ instanceId: "0" }, { instanceId: "1" }],
          },
          { name: `vmss-empty-${s}-${g}`, osType: "Linux" as const, upgradePolicy: "Manual" as const },
        ],
      })),
    })),
  };
}

const expectedVmExtensions = subs.length * 2 * Array.from({ length: vmsPerGroup }, (_, i) => (i % 3 === 0 ? 2 : 1)).reduce((a, b) => a + b, 0);
const expectedScaleSetExtensions = subs.length * 2 * 2;

/** Lower-case extension IDs per subscription, read from the fixture itself. */
function expectedIds(fixture: Fixture): Map<string, string[]> {
  const expected = new Map<string, string[]>();
  for (const sub of fixture.subscriptions) {
    const ids: string[] = [];
    for (const group of sub.resourceGroups ?? []) {
      const base = `/subscriptions/${sub.id}/resourceGroups/${group.name}/providers/Microsoft.Compute`;
      for (const vm of group.vms ?? []) for (const e of vm.extensions ?? []) ids.push(`${base}/virtualMachines/${vm.name}/extensions/${e.name}`.toLowerCase());
      for (const set of group.scaleSets ?? []) for (const e of set.extensions ?? []) ids.push(`${base}/virtualMachineScaleSets/${set.name}/extensions/${e.name}`.toLowerCase());
    }
    expected.set(sub.id.toLowerCase(), ids);
  }
  return expected;
}

describeFleetScannerContract("Azure (Resource Graph) + simulator", async () => {
  const fixture = buildFleet();
  const { sim } = await startSimulatorForTest({ fixture, graphQuota: false });
  return { scanner: createSimScanner(sim), expected: expectedIds(fixture), stop: () => sim.stop() };
});

async function collect(pages: AsyncIterable<ScannedExtension[]>): Promise<ScannedExtension[][]> {
  const all: ScannedExtension[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe("createAzureScanner against the simulator's Resource Graph", () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    // Resource Graph's user quota has its own test below; here it would only slow the suite down.
    ({ sim } = await startSimulatorForTest({ fixture: buildFleet(), graphQuota: false }));
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("when the fleet is scanned with a small page size, then every extension comes back exactly once, one page per request", async () => {
    const scanner = createSimScanner(sim, { subscriptionIds: subs });
    const pageSize = 7;
    const pages = await collect(scanner.scanExtensions(subs, { pageSize }));
    const rows = pages.flat();
    expect(rows).toHaveLength(expectedVmExtensions + expectedScaleSetExtensions);
    expect(new Set(rows.map((r) => r.extension.id.toLowerCase())).size).toBe(rows.length);
    expect(pages.every((p) => p.length <= pageSize)).toBe(true);
    const expectedRequests = Math.ceil(expectedVmExtensions / pageSize) + Math.ceil(expectedScaleSetExtensions / pageSize);
    expect(scanner.stats().calls).toBe(expectedRequests);
  });

  it("when a VM extension row is read, then it carries the VM's region, OS and power state, and the model version only", async () => {
    const rows = (await collect(createSimScanner(sim).scanExtensions(subs, { pageSize: 1000 }))).flat();
    const windows = rows.find((r) => r.resource.name === "vm-1-1-000" && r.extension.type === "AzureMonitorWindowsAgent");
    expect(windows?.resource).toMatchObject({
      kind: "vm",
      subscriptionId: subs[1],
      resourceGroup: "rg-1-1",
      location: "westeurope",
      osType: "Windows",
      powerState: "deallocated",
    });
    expect(windows?.extension).toMatchObject({ publisher: "Microsoft.Azure.Monitor", typeHandlerVersion: "1.30", enableAutomaticUpgrade: true });
    const linux = rows.find((r) => r.resource.name === "vm-0-0-001");
    expect(linux?.resource).toMatchObject({ osType: "Linux", powerState: "running", location: "japaneast" });
    // Resource Graph shows the model, never the running version (that is in the instance view).
    expect(rows.every((r) => r.extension.runningVersion === undefined)).toBe(true);
  });

  it("when a scale-set row is read, then it names the model extension and the upgrade policy; scale sets without extensions give no row", async () => {
    const rows = (await collect(createSimScanner(sim).scanExtensions([subs[0]!]))).flat();
    const sets = rows.filter((r) => r.resource.kind === "scaleSet");
    expect(sets).toHaveLength(4);
    expect(sets.some((r) => r.resource.name.startsWith("vmss-empty"))).toBe(false);
    const manual = sets.find((r) => r.resource.name === "vmss-0-0" && r.extension.type === "AzureMonitorLinuxAgent");
    expect(manual?.resource).toMatchObject({ upgradePolicy: "Manual", location: "japaneast", resourceGroup: "rg-0-0" });
    expect(manual?.extension).toMatchObject({ publisher: "Microsoft.Azure.Monitor", typeHandlerVersion: "1.31" });
    expect(manual?.extension.id.toLowerCase()).toBe(`${manual!.resource.id}/extensions/AzureMonitorLinuxAgent`.toLowerCase());
  });

  it("when a scale-set row is read, then it also carries the projected OS, autoUpgradeMinorVersion and provisioning state", async () => {
    const rows = (await collect(createSimScanner(sim).scanExtensions([subs[0]!]))).flat();
    const manual = rows.find((r) => r.resource.name === "vmss-0-0" && r.extension.type === "AzureMonitorLinuxAgent");
    expect(manual?.resource.osType).toBe("Linux");
    expect(manual?.extension).toMatchObject({ autoUpgradeMinorVersion: true, provisioningState: "Succeeded" });
  });

  it("when only one subscription is asked for, then no row of another subscription appears", async () => {
    const rows = (await collect(createSimScanner(sim).scanExtensions([subs[1]!], { pageSize: 50 }))).flat();
    expect(rows.length).toBe((expectedVmExtensions + expectedScaleSetExtensions) / 2);
    expect(rows.every((r) => r.resource.subscriptionId.toLowerCase() === subs[1])).toBe(true);
  });

  it("when the page size is out of range or a subscription ID is odd, then the scan refuses before any call", async () => {
    const scanner = createSimScanner(sim);
    await expect(collect(scanner.scanExtensions(subs, { pageSize: 1001 }))).rejects.toBeInstanceOf(AzureError);
    await expect(collect(scanner.scanExtensions(subs, { pageSize: 0 }))).rejects.toMatchObject({ code: "InvalidPageSize" });
    await expect(collect(scanner.scanExtensions(["sub' or 1"]))).rejects.toMatchObject({ code: "InvalidSubscriptionId" });
    expect(scanner.stats().calls).toBe(0);
  });

  it("when a generated fleet is scanned page by page, then every VM and scale-set extension of it comes back exactly once", async () => {
    const generated = generateFleet({ vms: 260, scaleSets: 4, instancesPerScaleSet: 2, vmsPerResourceGroup: 100, seed: 7 });
    const { sim: big } = await startSimulatorForTest({ fixture: generated, graphQuota: false });
    try {
      const expected = expectedIds(generated);
      const subscriptionIds = [...expected.keys()];
      const scanner = createSimScanner(big, { subscriptionIds });
      const pages = await collect(scanner.scanExtensions(subscriptionIds, { pageSize: 37 }));
      const ids = pages.flat().map((r) => r.extension.id.toLowerCase());
      expect(ids.length).toBeGreaterThan(250);
      expect(ids.sort()).toEqual([...expected.values()].flat().sort());
      expect(scanner.stats().calls).toBe(pages.length);
    } finally {
      await big.stop();
    }
  });

  it("when Resource Graph's user quota runs out, then the 429 carries Retry-After, the SDK waits and the scan still completes", async () => {
    const { sim: strict } = await startSimulatorForTest({ fixture: buildFleet(), graphQuota: { limit: 2, windowMs: 1000 } });
    try {
      const scanner = createSimScanner(strict);
      const pages = await collect(scanner.scanExtensions(subs, { pageSize: 100 }));
      expect(pages.flat()).toHaveLength(expectedVmExtensions + expectedScaleSetExtensions);
      // Two VM-extension pages + one scale-set page: the third query went over the quota, was refused once and retried.
      expect(pages).toHaveLength(3);
      expect(scanner.stats().calls).toBe(4);
    } finally {
      await strict.stop();
    }
  });

  it("when Resource Graph throttles once with Retry-After, then the SDK retries and the scan completes", async () => {
    sim.injectFault({ method: "POST", pathIncludes: "Microsoft.ResourceGraph", kind: "throttle", retryAfterSeconds: 0, times: 1 });
    const rows = (await collect(createSimScanner(sim).scanExtensions(subs))).flat();
    expect(rows).toHaveLength(expectedVmExtensions + expectedScaleSetExtensions);
  });
});
