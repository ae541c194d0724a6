// Leases on top of the Store port: at most one holder per name until the lease expires, decided by
// etag compare-and-swap, so it works across bot processes that share Table Storage. Used for the
// scheduler's leader lease and for approval execution locks. Expiry compares the callers' clocks:
// keep the TTL well above the clock skew between bot instances.
import { StoreConflictError, type Store } from "./port.js";

export const leaseTable = "leases";

export interface Lease {
  name: string;
  holderId: string;
  expiresAt: Date;
  /** Grows by one each time the lease changes holder: a fencing token for work done under the lease. */
  token: number;
  etag: string;
}

interface LeaseRecord {
  holderId: string;
  expiresAt: string;
  token: number;
}

/** Takes the lease when it is free, expired or already ours (then extends it); undefined when someone else holds it. */
export async function acquireLease(
  store: Store,
  name: string,
  holderId: string,
  ttlMs: number,
  now: Date,
): Promise<Lease | undefined> {
  checkTtl(ttlMs);
  const current = await store.get<LeaseRecord>(leaseTable, name);
  if (!current) {
    const record = { holderId, expiresAt: expiry(now, ttlMs), token: 1 };
    return swallowConflict(async () => toLease(name, record, await store.insert(leaseTable, name, record)));
  }
  const ours = current.value.holderId === holderId;
  if (!ours && Date.parse(current.value.expiresAt) > now.getTime()) return undefined;
  const record = { holderId, expiresAt: expiry(now, ttlMs), token: current.value.token + (ours ? 0 : 1) };
  return swallowConflict(async () => toLease(name, record, await store.replace(leaseTable, name, record, current.etag)));
}

/** Extends a lease we hold; undefined when it was taken over (or released) meanwhile. */
export async function renewLease(store: Store, lease: Lease, ttlMs: number, now: Date): Promise<Lease | undefined> {
  checkTtl(ttlMs);
  // The etag proves nobody took the lease since we last wrote it, even if it expired in between.
  const record = { holderId: lease.holderId, expiresAt: expiry(now, ttlMs), token: lease.token };
  return swallowConflict(async () => toLease(lease.name, record, await store.replace(leaseTable, lease.name, record, lease.etag)));
}

/** Gives the lease up so another holder need not wait for expiry; a no-op when it is no longer ours. */
export async function releaseLease(store: Store, lease: Lease): Promise<void> {
  // Marked expired rather than deleted, so the fencing token keeps growing across holders.
  const record = { holderId: lease.holderId, expiresAt: new Date(0).toISOString(), token: lease.token };
  await swallowConflict(() => store.replace(leaseTable, lease.name, record, lease.etag));
}

/** The lease as stored (possibly expired), e.g. to say who holds it. */
export async function readLease(store: Store, name: string): Promise<Lease | undefined> {
  const current = await store.get<LeaseRecord>(leaseTable, name);
  return current && toLease(name, current.value, current.etag);
}

function toLease(name: string, record: LeaseRecord, etag: string): Lease {
  return { name, holderId: record.holderId, expiresAt: new Date(record.expiresAt), token: record.token, etag };
}

function expiry(now: Date, ttlMs: number): string {
  return new Date(now.getTime() + ttlMs).toISOString();
}

function checkTtl(ttlMs: number): void {
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`lease TTL must be a positive number of ms, got ${ttlMs}`);
}

async function swallowConflict<T>(attempt: () => Promise<T>): Promise<T | undefined> {
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof StoreConflictError) return undefined;
    throw err;
  }
}
