// Append-only audit records on top of the Store port: only ever insert(), never replace or delete.
// Keys put the newest record first (inverted milliseconds) followed by the caller's unique suffix, so
// "the last N" is one list with a limit. A second table indexes each record under each of its targets.
import { StoreConflictError, type Store } from "./port.js";

export const auditTable = "audit";
export const auditByTargetTable = "auditByTarget";

export interface AuditRecord<D = Record<string, unknown>> {
  /** Unique suffix chosen by the caller (e.g. `${requestId}.approved.1`). No NUL here or in targets. */
  id: string;
  /** ISO 8601 time of the event. */
  at: string;
  /** What happened, e.g. "approval.approved". */
  action: string;
  /** Entra object ID of the person (or "system"). */
  actor?: string;
  /** Resources/scopes the record is about (ARM IDs are case-insensitive; indexed lower-cased). */
  targets: string[];
  details?: D;
}

export interface ListAuditOptions {
  /** Only records about exactly this target. */
  target?: string;
  /** Only records about a target starting with this, e.g. a resource group's ID + "/". */
  targetPrefix?: string;
  /** Newest first; default 50. */
  limit?: number;
}

// Largest inverted time: keys stay 13 digits and sort newest first until the year 2286.
const maxMs = 9_999_999_999_999;
const separator = "\u0000";

/**
 * Appends the record and returns its key. Retrying with the same record is safe (a crash between the
 * record and its index entries is repaired by the retry); the same id and time with different
 * content is a StoreConflictError.
 */
export async function appendAudit<D>(store: Store, record: AuditRecord<D>): Promise<string> {
  const ms = Date.parse(record.at);
  if (Number.isNaN(ms) || ms < 0 || ms > maxMs) throw new RangeError(`audit record time is not a valid date: ${record.at}`);
  if (!record.id || [record.id, ...record.targets].some((s) => s.includes(separator))) {
    throw new RangeError("audit record id must be non-empty, and neither id nor targets may contain NUL");
  }
  // Fixed property order, so a retried record compares equal to the stored one.
  const stored: AuditRecord<D> = {
    id: record.id,
    at: record.at,
    action: record.action,
    ...(record.actor === undefined ? {} : { actor: record.actor }),
    targets: record.targets,
    ...(record.details === undefined ? {} : { details: record.details }),
  };
  const key = `${String(maxMs - ms).padStart(13, "0")}${separator}${record.id}`;
  await insertOnce(store, auditTable, key, stored);
  for (const target of new Set(record.targets.map((t) => t.toLowerCase()))) {
    await insertOnce(store, auditByTargetTable, `${target}${separator}${key}`, stored);
  }
  return key;
}

/** Audit records, newest first. */
export async function listAudit<D = Record<string, unknown>>(
  store: Store,
  options: ListAuditOptions = {},
): Promise<AuditRecord<D>[]> {
  const limit = options.limit ?? 50;
  if (options.target !== undefined) {
    const items = await store.list<AuditRecord<D>>(auditByTargetTable, options.target.toLowerCase() + separator, { limit });
    return items.map((item) => item.value);
  }
  if (options.targetPrefix !== undefined) {
    // Index keys sort by target first: gather every match, then order by the time part of the key.
    const items = await store.list<AuditRecord<D>>(auditByTargetTable, options.targetPrefix.toLowerCase());
    const byKey = new Map(items.map((item) => [item.key.slice(item.key.indexOf(separator) + 1), item.value]));
    return [...byKey.keys()].sort().slice(0, limit).map((key) => byKey.get(key) as AuditRecord<D>);
  }
  return (await store.list<AuditRecord<D>>(auditTable, "", { limit })).map((item) => item.value);
}

async function insertOnce(store: Store, table: string, key: string, record: AuditRecord<unknown>): Promise<void> {
  try {
    await store.insert(table, key, record);
  } catch (err) {
    if (!(err instanceof StoreConflictError)) throw err;
    const existing = await store.get(table, key);
    if (JSON.stringify(existing?.value) !== JSON.stringify(record)) throw err;
  }
}
