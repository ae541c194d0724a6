// In-memory Store with the same semantics as the durable ones (it passes the same contract suite):
// for unit tests above the port. Values are kept as JSON text so callers never share objects with it.
import { checkKey, checkLimit, checkPrefix, checkTableName, serializeValue } from "./check-store-input.js";
import { StoreConflictError, type ListOptions, type Store, type StoredItem } from "./port.js";

interface Entry {
  etag: string;
  json: string;
}

export function createMemoryStore(): Store {
  const tables = new Map<string, Map<string, Entry>>();
  let version = 0;
  let closed = false;

  function tableFor(table: string): Map<string, Entry> {
    if (closed) throw new Error("store is closed");
    const id = checkTableName(table);
    let items = tables.get(id);
    if (!items) {
      items = new Map();
      tables.set(id, items);
    }
    return items;
  }

  function write(items: Map<string, Entry>, key: string, json: string): string {
    const etag = String(++version);
    items.set(key, { etag, json });
    return etag;
  }

  const toItem = <T>(key: string, entry: Entry): StoredItem<T> => ({
    key,
    value: JSON.parse(entry.json) as T,
    etag: entry.etag,
  });

  // Methods are async so that validation errors surface as rejections, as in the real stores.
  return {
    async get<T>(table: string, key: string) {
      const items = tableFor(table);
      checkKey(key);
      const entry = items.get(key);
      return entry && toItem<T>(key, entry);
    },
    async insert<T>(table: string, key: string, value: T) {
      const items = tableFor(table);
      checkKey(key);
      const json = serializeValue(value);
      if (items.has(key)) throw new StoreConflictError(table, key);
      return write(items, key, json);
    },
    async replace<T>(table: string, key: string, value: T, etag: string) {
      const items = tableFor(table);
      checkKey(key);
      const json = serializeValue(value);
      if (items.get(key)?.etag !== etag) throw new StoreConflictError(table, key);
      return write(items, key, json);
    },
    async upsert<T>(table: string, key: string, value: T) {
      const items = tableFor(table);
      checkKey(key);
      return write(items, key, serializeValue(value));
    },
    async delete(table: string, key: string, etag?: string) {
      const items = tableFor(table);
      checkKey(key);
      const entry = items.get(key);
      if (!entry) return;
      if (etag !== undefined && entry.etag !== etag) throw new StoreConflictError(table, key);
      items.delete(key);
    },
    async list<T>(table: string, prefix = "", options: ListOptions = {}) {
      const items = tableFor(table);
      checkPrefix(prefix);
      checkLimit(options.limit);
      const matches = [...items].filter(([key]) => key.startsWith(prefix));
      matches.sort(([a], [b]) => (a < b ? -1 : 1));
      return matches.slice(0, options.limit).map(([key, entry]) => toItem<T>(key, entry));
    },
    async ping() {
      if (closed) throw new Error("store is closed");
    },
    async close() {
      closed = true;
    },
  };
}
