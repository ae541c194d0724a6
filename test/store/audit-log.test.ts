import { describe, expect, it } from "vitest";
import { appendAudit, auditTable, listAudit, type AuditRecord } from "../../src/store/audit-log.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { StoreConflictError } from "../../src/store/port.js";

const vm1 = "/subscriptions/s1/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-1";
const vmss = "/subscriptions/s1/resourceGroups/RG-PROD/providers/Microsoft.Compute/virtualMachineScaleSets/web";
const other = "/subscriptions/s1/resourceGroups/rg-dev/providers/Microsoft.Compute/virtualMachines/vm-9";

const record = (id: string, at: string, targets: string[], action = "approval.requested"): AuditRecord => ({
  id,
  at,
  action,
  actor: "aad-alice",
  targets,
  details: { planHash: `hash-${id}` },
});

describe("audit log", () => {
  it("when records are appended, then listAudit returns them newest first, cut at the limit", async () => {
    const store = createMemoryStore();
    await appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1]));
    await appendAudit(store, record("r3", "2025-01-06T11:00:00.000Z", [other]));
    await appendAudit(store, record("r2", "2025-01-06T10:00:00.000Z", [vmss]));
    expect((await listAudit(store)).map((r) => r.id)).toEqual(["r3", "r2", "r1"]);
    expect((await listAudit(store, { limit: 2 })).map((r) => r.id)).toEqual(["r3", "r2"]);
    expect((await listAudit(store))[1]).toEqual(record("r2", "2025-01-06T10:00:00.000Z", [vmss]));
  });

  it("when listing by target, then exact targets match case-insensitively and prefixes find everything below", async () => {
    const store = createMemoryStore();
    await appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1]));
    await appendAudit(store, record("r2", "2025-01-06T10:00:00.000Z", [vmss, vm1]));
    await appendAudit(store, record("r3", "2025-01-06T11:00:00.000Z", [other]));
    expect((await listAudit(store, { target: vm1.toUpperCase() })).map((r) => r.id)).toEqual(["r2", "r1"]);
    const rgProd = "/subscriptions/s1/resourceGroups/rg-prod/";
    expect((await listAudit(store, { targetPrefix: rgProd })).map((r) => r.id)).toEqual(["r2", "r1"]);
    expect((await listAudit(store, { targetPrefix: rgProd, limit: 1 })).map((r) => r.id)).toEqual(["r2"]);
    expect(await listAudit(store, { target: `${vm1}-not` })).toEqual([]);
  });

  it("when the same record is appended twice (a retry), then it is stored once", async () => {
    const store = createMemoryStore();
    const first = await appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1]));
    const again = await appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1]));
    expect(again).toBe(first);
    expect(await listAudit(store)).toHaveLength(1);
    expect(await listAudit(store, { target: vm1 })).toHaveLength(1);
  });

  it("when a different record reuses an id and time, then it is refused and the original stays unchanged", async () => {
    const store = createMemoryStore();
    await appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1]));
    await expect(appendAudit(store, record("r1", "2025-01-06T09:00:00.000Z", [vm1], "approval.approved"))).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect((await listAudit(store))[0]?.action).toBe("approval.requested");
    expect(await store.list(auditTable)).toHaveLength(1);
  });

  it("when the time or id is unusable, then the record is refused", async () => {
    const store = createMemoryStore();
    await expect(appendAudit(store, record("r1", "yesterday", []))).rejects.toBeInstanceOf(RangeError);
    await expect(appendAudit(store, record("", "2025-01-06T09:00:00.000Z", []))).rejects.toBeInstanceOf(RangeError);
    await expect(appendAudit(store, record("r\u0000", "2025-01-06T09:00:00.000Z", []))).rejects.toBeInstanceOf(RangeError);
    expect(await listAudit(store)).toEqual([]);
  });
});
