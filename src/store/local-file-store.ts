// The embedded default Store: one JSON file per table under `dir`, kept in memory and rewritten
// atomically (temp file + fsync + rename + fsync dir) on every change, so a crash leaves the old or
// the new file, never a torn one. A change resolves only once it is on disk. Changes made in the same
// event-loop turn share one write (group commit). Check-and-change runs synchronously on the in-memory
// copy, so of N concurrent replace() calls with the same etag exactly one wins.
// Every change rewrites its whole table: fine for the bot's volumes (approvals, leases, audit),
// not a database.
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { checkKey, checkLimit, checkPrefix, checkTableName, serializeValue } from "./check-store-input.js";
import { lockStoreDir } from "./lock-store-dir.js";
import { StoreConflictError, type ListOptions, type Store, type StoredItem } from "./port.js";
import { tempFileMarker, writeFileAtomically } from "./write-file-atomically.js";

export { StoreLockedError } from "./lock-store-dir.js";

export interface LocalFileStoreOptions {
  /** Created if missing. One process at a time: a second one gets StoreLockedError. */
  dir: string;
}

interface Entry {
  etag: string;
  json: string;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface TableState {
  file: string;
  /** Random per table file, so etags never repeat even if the file is deleted and recreated. */
  epoch: string;
  seq: number;
  items: Map<string, Entry>;
  /** Changes applied in memory and waiting for the next write. */
  queued: Waiter[];
  flushing: boolean;
  /** Set when a write failed: memory is ahead of disk, so this copy is dropped and the file reloaded. */
  stale: boolean;
}

const fileFormat = 1;

export function createLocalFileStore(options: LocalFileStoreOptions): Store {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const lock = lockStoreDir(dir);
  removeTempFiles(dir);
  const tables = new Map<string, Promise<TableState>>();
  const flushes = new Set<Promise<void>>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error(`store ${dir} is closed`);
  }

  async function load(table: string): Promise<TableState> {
    const id = checkTableName(table);
    for (;;) {
      assertOpen();
      let pending = tables.get(id);
      if (!pending) {
        pending = readTable(join(dir, `${id}.json`));
        tables.set(id, pending);
      }
      let state: TableState;
      try {
        state = await pending;
      } catch (err) {
        if (tables.get(id) === pending) tables.delete(id); // let the next call try again
        throw err;
      }
      if (!state.stale) return state;
      if (tables.get(id) === pending) tables.delete(id);
    }
  }

  /** Runs `apply` (check + change, synchronous) on the table and resolves once the change is on disk. */
  async function change(table: string, apply: (state: TableState) => string | undefined): Promise<string | undefined> {
    for (;;) {
      const state = await load(table);
      // From here to the end of persist()'s push nothing awaits, so no other caller can interleave.
      if (state.stale) continue;
      assertOpen();
      const etag = apply(state);
      if (etag === undefined) return undefined; // nothing changed (deleting a missing key)
      await persist(state);
      return etag;
    }
  }

  function persist(state: TableState): Promise<void> {
    return new Promise<void>((resolvePersist, rejectPersist) => {
      state.queued.push({ resolve: resolvePersist, reject: rejectPersist });
      if (state.flushing) return;
      state.flushing = true;
      // setImmediate: let every change of this event-loop turn join the same write.
      const flush = new Promise<void>((next) => setImmediate(next)).then(() => flushTable(state));
      flushes.add(flush);
      void flush.finally(() => flushes.delete(flush));
    });
  }

  function write(state: TableState, key: string, json: string): string {
    const etag = `${state.epoch}.${++state.seq}`;
    state.items.set(key, { etag, json });
    return etag;
  }

  const toItem = <T>(key: string, entry: Entry): StoredItem<T> => ({
    key,
    value: JSON.parse(entry.json) as T,
    etag: entry.etag,
  });

  return {
    async get<T>(table: string, key: string) {
      checkKey(key);
      const entry = (await load(table)).items.get(key);
      return entry && toItem<T>(key, entry);
    },
    async insert<T>(table: string, key: string, value: T) {
      checkKey(key);
      const json = serializeValue(value);
      return (await change(table, (state) => {
        if (state.items.has(key)) throw new StoreConflictError(table, key);
        return write(state, key, json);
      })) as string;
    },
    async replace<T>(table: string, key: string, value: T, etag: string) {
      checkKey(key);
      const json = serializeValue(value);
      return (await change(table, (state) => {
        if (state.items.get(key)?.etag !== etag) throw new StoreConflictError(table, key);
        return write(state, key, json);
      })) as string;
    },
    async upsert<T>(table: string, key: string, value: T) {
      checkKey(key);
      const json = serializeValue(value);
      return (await change(table, (state) => write(state, key, json))) as string;
    },
    async delete(table: string, key: string, etag?: string) {
      checkKey(key);
      await change(table, (state) => {
        const entry = state.items.get(key);
        if (!entry) return undefined;
        if (etag !== undefined && entry.etag !== etag) throw new StoreConflictError(table, key);
        state.items.delete(key);
        return entry.etag;
      });
    },
    async list<T>(table: string, prefix = "", listOptions: ListOptions = {}) {
      checkPrefix(prefix);
      checkLimit(listOptions.limit);
      const matches = [...(await load(table)).items].filter(([key]) => key.startsWith(prefix));
      matches.sort(([a], [b]) => (a < b ? -1 : 1));
      return matches.slice(0, listOptions.limit).map(([key, entry]) => toItem<T>(key, entry));
    },
    async ping() {
      assertOpen();
      await access(dir);
    },
    async close() {
      if (closed) return;
      closed = true;
      while (flushes.size > 0) await Promise.allSettled([...flushes]);
      lock.release();
    },
  };
}

async function flushTable(state: TableState): Promise<void> {
  while (state.queued.length > 0) {
    const batch = state.queued;
    state.queued = [];
    try {
      await writeFileAtomically(state.file, serializeTable(state));
    } catch (err) {
      // Memory now holds changes the disk does not: fail them (and any queued behind them, which
      // were applied on top) and make the next caller reload the file, which is still the old state.
      state.stale = true;
      for (const waiter of [...batch, ...state.queued]) waiter.reject(err);
      state.queued = [];
      break;
    }
    for (const waiter of batch) waiter.resolve();
  }
  state.flushing = false;
}

function serializeTable(state: TableState): string {
  // Entries already hold their value's JSON text: concatenate rather than parse and re-stringify.
  const items: string[] = [];
  for (const [key, entry] of state.items) {
    items.push(`${JSON.stringify(key)}:{"etag":${JSON.stringify(entry.etag)},"value":${entry.json}}`);
  }
  return `{"format":${fileFormat},"epoch":${JSON.stringify(state.epoch)},"seq":${state.seq},"items":{${items.join(",")}}}\n`;
}

async function readTable(file: string): Promise<TableState> {
  const state: TableState = { file, epoch: "", seq: 0, items: new Map(), queued: [], flushing: false, stale: false };
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    return { ...state, epoch: randomUUID().slice(0, 8) };
  }
  const unreadable = (reason: string) =>
    new Error(
      `store file ${file} is unreadable (${reason}). extops only ever replaces it whole by rename, ` +
        "so it was changed by something else: restore it from a backup.",
    );
  let parsed: { format?: unknown; epoch?: unknown; seq?: unknown; items?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (err) {
    throw unreadable((err as Error).message);
  }
  if (parsed.format !== fileFormat) throw unreadable(`unknown format ${String(parsed.format)}`);
  if (typeof parsed.epoch !== "string" || typeof parsed.seq !== "number" || typeof parsed.items !== "object" || !parsed.items) {
    throw unreadable("missing epoch, seq or items");
  }
  for (const [key, entry] of Object.entries(parsed.items as Record<string, { etag?: unknown; value?: unknown }>)) {
    if (typeof entry?.etag !== "string" || !("value" in entry)) throw unreadable(`bad entry for key ${JSON.stringify(key)}`);
    state.items.set(key, { etag: entry.etag, json: JSON.stringify(entry.value) });
  }
  return { ...state, epoch: parsed.epoch, seq: parsed.seq };
}

function removeTempFiles(dir: string): void {
  // Only a crash mid-write leaves these; the table file itself is still the last complete state.
  for (const name of readdirSync(dir)) {
    if (name.includes(`.json${tempFileMarker}`)) rmSync(join(dir, name), { force: true });
  }
}
