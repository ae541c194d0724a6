// The scan end to end below the command: a generated fleet in the ARM simulator, the real
// @azure/arm-resourcegraph scanner paging with a small $top, rows joined into machines and judged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanMachines, type ScannedMachine } from "../../src/commands/scan-machines.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { silentLogger } from "../../src/log.js";
import { generateFleet, type Fixture, type RunningSimulator } from "../../src/sim/index.js";
import { createSimFleet, demoSubscriptions, startSimulatorForTest } from "../fleet/azure/start-sim-fleet.js";
import { createSimScanner } from "../fleet/azure/start-sim-writer.js";

const pageSize = 37;
let fixture: Fixture;
let sim: RunningSimulator;
let now: Date;
let machines: ScannedMachine[];
let pages: number;

type VmFixture = NonNullable<NonNullable<Fixture["subscriptions"][number]["resourceGroups"]>[number]["vms"]>[number];

function generatedVms(): Array<VmFixture & { group: string }> {
  return fixture.subscriptions.flatMap((s) =>
    (s.resourceGroups ?? []).filter((g) => g.name.startsWith("rg-gen-") && g.name !== "rg-gen-scalesets").flatMap((g) => (g.vms ?? []).map((vm) => ({ ...vm, group: g.name }))),
  );
}

beforeAll(async () => {
  // Every situation of the default mix; small groups so names and groups interleave across pages.
  fixture = generateFleet({ vms: 260, vmsPerResourceGroup: 40, scaleSets: 3, instancesPerScaleSet: 2, seed: 11 });
  // One to three extensions per VM that has any, so a machine's rows straddle page boundaries (37 is prime).
  generatedVms().forEach((vm, i) => {
    const original = fixture.subscriptions.flatMap((s) => s.resourceGroups ?? []).find((g) => g.name === vm.group)!.vms!.find((v) => v.name === vm.name)!;
    const extensions = (original.extensions ??= []);
    // Machines with no extension stay bare: the scan cannot see them (the card says so).
    if (extensions.length === 0) return;
    if (i % 2 === 0) extensions.push({ name: "CustomScript", publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" });
    if (i % 3 === 0) extensions.push({ name: "VMAccess", publisher: "Microsoft.OSTCExtensions", type: "VMAccessForLinux", typeHandlerVersion: "1.5" });
  });
  ({ sim, now } = await startSimulatorForTest({ fixture }));
  const fleet = createSimFleet(sim);
  const deps = { scanner: createSimScanner(sim), catalog: createVersionCatalog(fleet, { clock: { now: () => now }, ttlMs: 60_000 }), log: silentLogger, pageSize };
  const progress = { pages: 0, split: 0 };
  sim.stats.reset();
  machines = [];
  for await (const batch of scanMachines(deps, demoSubscriptions, now, progress)) machines.push(...batch);
  pages = progress.pages;
  expect(progress.split).toBe(0);
});

afterAll(async () => {
  await sim?.stop();
});

describe("scan paging and joins", () => {
  it("when the scan pages with a small $top, then every VM with an extension is judged exactly once and VMs without any are absent", () => {
    const byId = new Map<string, number>();
    for (const m of machines) byId.set(m.resource.id.toLowerCase(), (byId.get(m.resource.id.toLowerCase()) ?? 0) + 1);
    expect([...byId.values()].every((count) => count === 1)).toBe(true);
    const generated = generatedVms();
    const judged = new Set(machines.filter((m) => m.resource.kind === "vm").map((m) => m.resource.name));
    for (const vm of generated) expect(judged.has(vm.name), vm.name).toBe((vm.extensions ?? []).length > 0);
    expect(generated.some((vm) => (vm.extensions ?? []).length === 0)).toBe(true);
    // Extensions end up on their own machine, all of them.
    for (const vm of generated) {
      const machine = machines.find((m) => m.resource.name === vm.name);
      expect(machine?.extensions.map((e) => e.name).sort() ?? [], vm.name).toEqual((vm.extensions ?? []).map((e) => e.name).sort());
    }
  });

  it("when rows are paged, then Resource Graph is asked once per page of each kind and nothing else is read per machine", () => {
    const rows = { vm: 0, scaleSet: 0 };
    for (const m of machines) rows[m.resource.kind] += m.extensions.length;
    const expectedPages = Math.ceil(rows.vm / pageSize) + Math.ceil(rows.scaleSet / pageSize);
    expect(pages).toBe(expectedPages);
    expect(sim.stats.byRoute["resourceGraph.resources"]).toBe(expectedPages);
    expect(sim.stats.byRoute["virtualMachines.get"]).toBeUndefined();
    expect(sim.stats.byRoute["virtualMachineExtensions.list"]).toBeUndefined();
  });

  it("when extensions are joined to their VM, then location, OS and power state come from the VM and findings follow each situation", () => {
    const situations = new Map(generatedVms().map((vm) => [vm.name, vm.tags?.situation]));
    const reasons = (name: string) => machines.find((m) => m.resource.name === name)!.findings.map((f) => f.reason);
    const first = (situation: string) => [...situations].find(([, s]) => s === situation)?.[0];
    for (const m of machines.filter((x) => situations.has(x.resource.name))) {
      expect(m.resource).toEqual(expect.objectContaining({ kind: "vm", location: "japaneast", osType: "Linux" }));
      expect(m.resource.powerState).toBe(situations.get(m.resource.name) === "deallocated" ? "deallocated" : "running");
      // Resource Graph holds the model: no running version ever reaches the engine.
      for (const e of m.extensions) expect(e.runningVersion).toBeUndefined();
    }
    expect(reasons(first("upToDate")!)).toEqual([]);
    // Heartbeats are not in Resource Graph: a silent machine looks fine to the scan.
    expect(reasons(first("silent")!)).toEqual([]);
    expect(reasons(first("behind")!)).toEqual(expect.arrayContaining(["drift.reason.behind.minor", "drift.reason.autoUpgradeOff"]));
    expect(reasons(first("frozen")!)).toEqual(expect.arrayContaining(["drift.reason.behind.minor", "drift.reason.frozen"]));
    expect(reasons(first("legacy")!)).toContain("drift.reason.retired");
    expect(reasons(first("failed")!)).toContain("drift.reason.failed");
    expect(reasons(first("deallocated")!)).toContain("drift.reason.vmNotRunning.deallocated");
  });

  it("when scale sets are scanned, then each is one machine with its model's upgrade policy and extensions", () => {
    const sets = machines.filter((m) => m.resource.kind === "scaleSet" && m.resource.resourceGroup === "rg-gen-scalesets");
    expect(sets.map((m) => m.resource.name).sort()).toEqual(["vmss-gen-001", "vmss-gen-002", "vmss-gen-003"]);
    for (const set of sets) {
      expect(set.resource.upgradePolicy).toBe("Manual");
      // AMA 1.33 with only autoUpgradeMinorVersion: frozen; instances are not in the scan.
      expect(set.findings.map((f) => f.reason)).toEqual(["drift.reason.frozen"]);
    }
  });
});
