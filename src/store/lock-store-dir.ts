// One process per local store directory: the local store serializes writers in memory, so a second
// process writing the same files would silently lose updates (two bot instances must use Table Storage).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export interface LockHolder {
  pid: number;
  hostname: string;
  since: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `store directory ${dir} is in use by process ${holder.pid} on ${holder.hostname} since ${holder.since}. ` +
        "Only one bot process may use a local store; several bot instances must share the Azure Table store. " +
        `If that process is gone, delete ${join(dir, lockFileName)}.`,
    );
    this.name = "StoreLockedError";
  }
}

export const lockFileName = "store.lock";

/** Takes the directory's lock file (taking over a lock whose process is gone); call release() on close. */
export function lockStoreDir(dir: string): { release(): void } {
  const path = join(dir, lockFileName);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx" });
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = readHolder(path);
    if (holder && isAlive(holder)) throw new StoreLockedError(dir, holder);
    // Left behind by a crashed process (or unreadable because it crashed while writing it).
    // Best effort, not a distributed lock: two processes starting in the same instant after a crash
    // could both take over; the guard is for misconfiguration, not for racing starts.
    rmSync(path, { force: true });
  }
  throw new StoreLockedError(dir, readHolder(path) ?? { pid: 0, hostname: "unknown", since: "unknown" });
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.hostname !== "string") return undefined;
    return { pid: parsed.pid, hostname: parsed.hostname, since: String(parsed.since) };
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A process on another machine (shared volume) cannot be probed: assume it is alive.
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0); // signal 0 only checks existence (kill(2))
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
