// State goes through this port (ARCHITECTURE.md seam 5): approvals, audit, subscriptions,
// conversation references, walk-throughs, leases. Two implementations: a durable local store
// (the embedded default) and Azure Table Storage (scale-out; tested against Azurite).

export interface StoredItem<T> {
  key: string;
  value: T;
  /** Opaque version tag for optimistic concurrency (an ETag in Table Storage). */
  etag: string;
}

/** Thrown when an insert finds the key taken, or a replace/delete finds a different etag. */
export class StoreConflictError extends Error {
  constructor(
    readonly table: string,
    readonly key: string,
  ) {
    super(`store conflict on ${table}/${key}`);
    this.name = "StoreConflictError";
  }
}

/**
 * Largest JSON text of one value, in UTF-8 bytes. Table Storage caps an entity at 1 MiB, and the
 * Table store sends the bytes base64-encoded (4/3 larger) in a request Azurite also caps at 1 MiB.
 * Bigger data must be split over several keys by the caller.
 */
export const maxValueJsonBytes = 700_000;

/** Options for Store.list. */
export interface ListOptions {
  /** At most this many items (the first ones in key order). */
  limit?: number;
}

/**
 * A set of tables of JSON values addressed by string keys. Table names are [A-Za-z][A-Za-z0-9]{2,62},
 * case-insensitive as in Table Storage, and not "tables" (reserved there); keys are any non-empty
 * string up to 512 characters (implementations encode what their backend forbids). A value's JSON
 * text may be at most maxValueJsonBytes in every implementation, so a test against the memory store
 * fails where Table Storage would.
 */
export interface Store {
  get<T>(table: string, key: string): Promise<StoredItem<T> | undefined>;
  /** Creates the item; StoreConflictError when the key exists. Returns the new etag. */
  insert<T>(table: string, key: string, value: T): Promise<string>;
  /** Replaces the item only if its etag still matches; StoreConflictError otherwise. */
  replace<T>(table: string, key: string, value: T, etag: string): Promise<string>;
  /** Creates or replaces unconditionally. */
  upsert<T>(table: string, key: string, value: T): Promise<string>;
  /** Deletes; with an etag only if it still matches. Deleting a missing key is not an error. */
  delete(table: string, key: string, etag?: string): Promise<void>;
  /** Items whose key starts with the prefix, in key order (UTF-16 code units, as `<` compares strings). */
  list<T>(table: string, prefix?: string, options?: ListOptions): Promise<StoredItem<T>[]>;
  /** Resolves when the backend answers: used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
