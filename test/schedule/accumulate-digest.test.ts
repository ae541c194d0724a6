import { describe, expect, it } from "vitest";
import { createDigestAccumulator, type DigestAggregate } from "../../src/schedule/accumulate-digest.js";
import type { DigestSnapshot } from "../../src/schedule/digest-snapshot.js";
import type { DigestItem } from "../../src/schedule/digest-source.js";
import { generateFleet, machine } from "./digest-fixtures.js";

const monday = new Date("2026-03-02T00:00:00Z");
const tuesday = new Date("2026-03-03T00:00:00Z");

function digest(items: DigestItem[], previous?: DigestSnapshot, at = monday): DigestAggregate {
  const accumulator = createDigestAccumulator(previous);
  items.forEach((item) => accumulator.add(item));
  return accumulator.finish(at);
}

const names = (list: { sample: Array<{ name: string }> }) => list.sample.map((m) => m.name);

describe("digest totals", () => {
  it("when machines are folded in, then totals, coverage and legacy agents are counted", () => {
    const aggregate = digest([
      machine("vm-ok", { agents: [{ agent: "amaLinux", autoUpgrade: "enabled" }] }),
      machine("vm-behind", { severities: ["medium"], agents: [{ agent: "amaLinux", autoUpgrade: "off" }] }),
      machine("vm-oms", { severities: ["high"], agents: [{ agent: "omsLinux", autoUpgrade: "off" }] }),
      machine("vm-mma", { severities: ["high"], agents: [{ agent: "mmaWindows", autoUpgrade: "off" }] }),
      machine("vm-info", { severities: ["info"], agents: [{ agent: "amaLinux", autoUpgrade: "enabled" }] }),
      { unreadable: true, id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gone" },
    ]);
    expect(aggregate.summary.resources).toBe(5);
    expect(aggregate.unreadable).toBe(1);
    // Info findings need no action: vm-info is not counted.
    expect(aggregate.attention).toBe(3);
    // Retired agents are not counted in coverage.
    expect(aggregate.coverage).toEqual({ enabled: 2, total: 3 });
    expect(aggregate.legacy).toEqual([
      { agent: "mmaWindows", machines: 1 },
      { agent: "omsLinux", machines: 1 },
    ]);
    expect(aggregate.changes).toBeUndefined();
  });

  it("when more machines need attention than the top N, then the worst are kept, worst first, in a stable order", () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => machine(`vm-med-${String(i).padStart(2, "0")}`, { severities: ["medium"] })),
      machine("vm-crit", { severities: ["critical"] }),
      machine("vm-high-2", { severities: ["high", "high"] }),
      machine("vm-high-1", { severities: ["high"] }),
    ];
    const aggregate = digest(items);
    expect(aggregate.worst.map((m) => m.name)).toEqual(["vm-crit", "vm-high-2", "vm-high-1", ...Array.from({ length: 7 }, (_, i) => `vm-med-0${i}`)]);
    expect(aggregate.attention).toBe(33);
  });

  it("when groups have agents behind, then the groups with the most such machines are offered for upgrade", () => {
    const aggregate = digest([
      machine("a1", { resourceGroup: "rg-a", severities: ["medium"] }),
      machine("b1", { resourceGroup: "rg-b", severities: ["medium"] }),
      machine("b2", { resourceGroup: "rg-b", severities: ["low"] }),
      // Retired agents and failures are not something `upgrade` fixes.
      machine("c1", { resourceGroup: "rg-c", severities: ["critical"] }),
      machine("d1", { resourceGroup: "rg-d", severities: ["info"] }),
    ]);
    expect(aggregate.groups.map((g) => [g.resourceGroup, g.machines])).toEqual([
      ["rg-b", 2],
      ["rg-a", 1],
    ]);
  });
});

describe("digest diffing", () => {
  const before = [
    machine("vm-fixed", { severities: ["medium"] }),
    machine("vm-worse", { severities: ["low"] }),
    machine("vm-better", { severities: ["critical"] }),
    machine("vm-same", { severities: ["high"] }),
    machine("vm-deleted", { severities: ["high"] }),
    machine("vm-clean", {}),
    machine("vm-info-only", { severities: ["info"] }),
  ];

  it("when compared with the previous snapshot, then newly drifted, worse, better, fixed and gone are told apart per resource", () => {
    const first = digest(before);
    const second = digest(
      [
        machine("vm-fixed", { severities: ["info"] }),
        machine("vm-worse", { severities: ["high"] }),
        machine("vm-better", { severities: ["medium"] }),
        machine("vm-same", { severities: ["high"] }),
        machine("vm-clean", { severities: ["medium"] }),
        machine("vm-info-only", { severities: ["low"] }),
        machine("vm-new", { severities: ["critical"] }),
      ],
      first.snapshot,
      tuesday,
    );
    const changes = second.changes;
    expect(changes?.previousAt).toBe(monday.toISOString());
    expect(names(changes!.newlyDrifted)).toEqual(["vm-new", "vm-clean", "vm-info-only"]);
    expect(changes?.newlyDrifted.count).toBe(3);
    expect(names(changes!.worse)).toEqual(["vm-worse"]);
    expect(names(changes!.better)).toEqual(["vm-better"]);
    expect(names(changes!.fixed)).toEqual(["vm-fixed"]);
    expect(changes?.fixed.sample[0]?.worst).toBe("medium");
    expect(changes?.gone).toBe(1);
  });

  it("when resource IDs differ only in case, then they are the same resource", () => {
    const first = digest([machine("VM-Case", { severities: ["high"] })]);
    const second = digest([machine("vm-case", { severities: ["high"] })], first.snapshot, tuesday);
    expect(second.changes).toMatchObject({ newlyDrifted: { count: 0 }, fixed: { count: 0 }, gone: 0 });
  });

  it("when a machine that needed attention cannot be read this time, then it is neither fixed nor gone", () => {
    const first = digest([machine("vm-x", { severities: ["high"] })]);
    const second = digest([{ unreadable: true, id: machine("vm-x").id }], first.snapshot, tuesday);
    expect(second.changes).toMatchObject({ fixed: { count: 0 }, gone: 0 });
  });

  it("when many machines change, then the samples stay bounded while the counts are exact", () => {
    const fleet = generateFleet(2_000);
    const first = digest(fleet);
    const healed = fleet.map((item) => ("unreadable" in item ? item : { ...item, findings: [] }));
    const second = digest(healed, first.snapshot, tuesday);
    expect(second.changes?.fixed.count).toBe(first.attention);
    expect(second.changes?.fixed.sample).toHaveLength(5);
    expect(second.changes?.fixed.sample[0]?.worst).toBe("critical");
    expect(second.attention).toBe(0);
    expect(second.snapshot.attention.size).toBe(0);
  });
});
