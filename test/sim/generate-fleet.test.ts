import { describe, expect, it } from "vitest";
import { generateFleet, parseFixture } from "../../src/sim/index.js";

describe("generateFleet", () => {
  it("when asked for 1,200 VMs, then they are added in groups of 500 beside the demo fleet and the result is a valid fixture", () => {
    const data = parseFixture(generateFleet({ vms: 1200, scaleSets: 2, instancesPerScaleSet: 4 }));
    const groups = data.subscriptions[0]!.resourceGroups;
    const generated = groups.filter((g) => g.name.startsWith("rg-gen-0"));
    expect(generated.map((g) => g.vms.length)).toEqual([500, 500, 200]);
    expect(groups.some((g) => g.name === "rg-prod")).toBe(true);
    expect(groups.find((g) => g.name === "rg-gen-scalesets")!.scaleSets.map((s) => s.instances.length)).toEqual([4, 4]);
  });

  it("when a mix gives weight to one situation only, then every VM is in that situation", () => {
    const data = parseFixture(generateFleet({ vms: 50, mix: { deallocated: 1 } }));
    const vms = data.subscriptions[0]!.resourceGroups.find((g) => g.name === "rg-gen-001")!.vms;
    expect(new Set(vms.map((v) => v.powerState))).toEqual(new Set(["deallocated"]));
  });

  it("when the default mix is used, then the situations appear roughly in proportion and the same seed gives the same fleet", () => {
    const situations = (seed: number) =>
      parseFixture(generateFleet({ vms: 2000, seed }))
        .subscriptions[0]!.resourceGroups.filter((g) => g.name.startsWith("rg-gen-"))
        .flatMap((g) => g.vms.map((v) => v.tags.situation));
    const first = situations(3);
    expect(situations(3)).toEqual(first);
    const upToDate = first.filter((s) => s === "upToDate").length / first.length;
    expect(upToDate).toBeGreaterThan(0.45);
    expect(upToDate).toBeLessThan(0.55);
    expect(first).toContain("failed");
  });

  it("when the mix has no positive weight, then it is refused", () => {
    expect(() => generateFleet({ vms: 1, mix: { upToDate: 0 } })).toThrow(/positive weight/);
  });
});
