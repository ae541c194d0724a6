import { describe, expect, it } from "vitest";
import { snapshotKeyOf, type DigestSnapshot } from "../../src/schedule/digest-snapshot.js";
import { deleteSnapshot, digestSnapshotsTable, entriesPerChunk, loadSnapshot, saveSnapshot } from "../../src/schedule/snapshot-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";

function snapshotOf(count: number, scheduledAt: string): DigestSnapshot {
  const attention = new Map<string, number>();
  for (let i = 0; i < count; i++) attention.set(snapshotKeyOf(`/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-${i}`), (i % 4) + 1);
  return { scheduledAt, resources: count * 2, attention };
}

describe("snapshot store", () => {
  it("when a snapshot is bigger than one store value allows, then it is split into chunks and read back whole", async () => {
    const store = createMemoryStore();
    const big = snapshotOf(entriesPerChunk * 2 + 10, "2026-03-02T00:00:00.000Z");
    await saveSnapshot(store, "sub1", big);
    const loaded = await loadSnapshot(store, "sub1");
    expect(loaded?.resources).toBe(big.resources);
    expect(loaded?.attention).toEqual(big.attention);
    expect((await store.list(digestSnapshotsTable, "sub1|")).length).toBe(3);
  });

  it("when a newer snapshot is saved, then the older chunks are removed and only the new one is read", async () => {
    const store = createMemoryStore();
    await saveSnapshot(store, "sub1", snapshotOf(entriesPerChunk + 1, "2026-03-02T00:00:00.000Z"));
    const newer = snapshotOf(3, "2026-03-03T00:00:00.000Z");
    await saveSnapshot(store, "sub1", newer);
    expect(await loadSnapshot(store, "sub1")).toEqual(newer);
    expect((await store.list(digestSnapshotsTable, "sub1|")).length).toBe(1);
  });

  it("when a chunk is missing, then there is no previous snapshot rather than a wrong one", async () => {
    const store = createMemoryStore();
    await saveSnapshot(store, "sub1", snapshotOf(entriesPerChunk + 1, "2026-03-02T00:00:00.000Z"));
    const [chunk] = await store.list(digestSnapshotsTable, "sub1|");
    await store.delete(digestSnapshotsTable, chunk!.key);
    expect(await loadSnapshot(store, "sub1")).toBeUndefined();
  });

  it("when deleted, then nothing of it is left, and other subscriptions keep theirs", async () => {
    const store = createMemoryStore();
    await saveSnapshot(store, "sub1", snapshotOf(5, "2026-03-02T00:00:00.000Z"));
    await saveSnapshot(store, "sub2", snapshotOf(5, "2026-03-02T00:00:00.000Z"));
    await deleteSnapshot(store, "sub1");
    expect(await loadSnapshot(store, "sub1")).toBeUndefined();
    expect((await store.list(digestSnapshotsTable, "sub1")).length).toBe(0);
    expect((await loadSnapshot(store, "sub2"))?.attention.size).toBe(5);
  });

  it("when resource IDs differ only in case, then their snapshot keys are equal", () => {
    expect(snapshotKeyOf("/subscriptions/S/resourceGroups/RG/providers/x/VM")).toBe(snapshotKeyOf("/subscriptions/s/resourcegroups/rg/providers/x/vm"));
  });
});
