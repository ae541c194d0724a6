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
 * A set of tables of JSON values addressed by string keys. Table names are [A-Za-z][A-Za-z0-9]{2,62};
 * keys are any non-empty string up to 512 characters (implementations encode what their backend forbids).
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
  /** Items whose key starts with the prefix, in key order. */
  list<T>(table: string, prefix?: string): Promise<StoredItem<T>[]>;
  /** Resolves when the backend answers: used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
