import { describe, expect, it } from "vitest";
import type { Clock } from "../../../src/clock.js";
import { createNameIndex } from "../../../src/fleet/azure/name-index.js";
import type { ComputeSummary } from "../../../src/fleet/port.js";

function summary(subscriptionId: string, resourceGroup: string, name: string): ComputeSummary {
  const id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
  return { id, subscriptionId, resourceGroup, name, kind: "vm", location: "japaneast", osType: "Linux" };
}

function setup(listings: Record<string, ComputeSummary[]>, ttlMs = 1000) {
  let now = 0;
  const clock: Clock = { now: () => new Date(now) };
  const loads: string[] = [];
  const index = createNameIndex({
    subscriptionIds: Object.keys(listings),
    ttlMs,
    clock,
    concurrency: 4,
    load: async (subscriptionId) => {
      loads.push(subscriptionId);
      return [...(listings[subscriptionId] ?? [])];
    },
  });
  return { index, loads, listings, advance: (ms: number) => void (now += ms) };
}

describe("createNameIndex", () => {
  it("when a name exists in two subscriptions, then both are found, whatever the case", async () => {
    const { index } = setup({ s1: [summary("s1", "rg-a", "vm-web-01")], s2: [summary("s2", "rg-b", "VM-Web-01"), summary("s2", "rg-b", "other")] });
    const found = await index.find("vm-WEB-01");
    expect(found.map((s) => `${s.subscriptionId}/${s.resourceGroup}`).sort()).toEqual(["s1/rg-a", "s2/rg-b"]);
  });

  it("when names are looked up within the TTL, then each subscription is listed once", async () => {
    const { index, loads, advance } = setup({ s1: [summary("s1", "rg", "a"), summary("s1", "rg", "b")] });
    await index.find("a");
    advance(999);
    await index.find("b");
    expect(loads).toEqual(["s1"]);
  });

  it("when the TTL has passed, then the next lookup lists again", async () => {
    const { index, loads, advance } = setup({ s1: [summary("s1", "rg", "a")] });
    await index.find("a");
    advance(1000);
    await index.find("a");
    expect(loads).toEqual(["s1", "s1"]);
  });

  it("when a cached index misses, then it is refreshed once and a newly created VM is found", async () => {
    const { index, loads, listings } = setup({ s1: [summary("s1", "rg", "a")] });
    await index.find("a");
    listings.s1!.push(summary("s1", "rg", "new-vm"));
    expect((await index.find("new-vm")).map((s) => s.name)).toEqual(["new-vm"]);
    expect(loads).toEqual(["s1", "s1"]);
  });

  it("when the name does not exist at all, then the lookup lists at most twice and returns nothing", async () => {
    const { index, loads } = setup({ s1: [summary("s1", "rg", "a")] });
    await index.find("a");
    expect(await index.find("nope")).toEqual([]);
    expect(loads).toHaveLength(2);
  });

  it("when the first lookup misses on a listing it just loaded, then it does not list again", async () => {
    const { index, loads } = setup({ s1: [summary("s1", "rg", "a")] });
    expect(await index.find("nope")).toEqual([]);
    expect(loads).toEqual(["s1"]);
  });

  it("when lookups run concurrently, then they share one listing", async () => {
    const { index, loads } = setup({ s1: [summary("s1", "rg", "a"), summary("s1", "rg", "b")] });
    await Promise.all([index.find("a"), index.find("b"), index.find("a")]);
    expect(loads).toEqual(["s1"]);
  });

  it("when a listing fails, then the error reaches the caller and the next lookup tries again", async () => {
    let fail = true;
    const loads: string[] = [];
    const index = createNameIndex({
      subscriptionIds: ["s1"],
      ttlMs: 60_000,
      clock: { now: () => new Date(0) },
      concurrency: 1,
      load: async (s) => {
        loads.push(s);
        if (fail) throw new Error("boom");
        return [summary("s1", "rg", "a")];
      },
    });
    await expect(index.find("a")).rejects.toThrow("boom");
    fail = false;
    expect(await index.find("a")).toHaveLength(1);
    expect(loads).toEqual(["s1", "s1"]);
  });
});
