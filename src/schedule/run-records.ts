// One record per (subscription, scheduled time). Inserting it is the claim: the store's
// insert-if-absent decides which scheduler instance posts a run, so nothing is posted twice, not after
// a restart and not with several instances. States: claimed → sending → sent | failed, or
// claimed → retry (building the digest failed) → claimed again later. A run abandoned while only
// "claimed" (its holder died before sending) may be taken over too; one that reached "sending" never
// is, since it may already have been posted.
import { StoreConflictError, type Store } from "../store/port.js";

export const digestRunsTable = "digestRuns";

export type RunStatus = "claimed" | "sending" | "sent" | "failed" | "skipped" | "retry";

/** States no later claim changes: the run is over for every instance. */
export const finalStatuses: ReadonlySet<RunStatus> = new Set(["sending", "sent", "failed", "skipped"]);

export interface RunRecord {
  subscriptionId: string;
  /** ISO time the run was due. */
  scheduledAt: string;
  status: RunStatus;
  instanceId: string;
  /** ISO time of the (latest) claim. */
  claimedAt: string;
  /** Posted later than due (the bot was down at the scheduled time). */
  late: boolean;
  /** Claims so far (a "retry" run is claimed again until maxAttempts). */
  attempts: number;
  updatedAt: string;
  /** Why it failed or was skipped: a code, never a message with secrets. */
  reason?: string;
}

export interface ClaimedRun {
  key: string;
  etag: string;
  record: RunRecord;
}

export function runKey(subscriptionId: string, scheduledAt: Date): string {
  return `${subscriptionId}|${scheduledAt.toISOString()}`;
}

export interface ClaimInput {
  subscriptionId: string;
  scheduledAt: Date;
  instanceId: string;
  late: boolean;
  now: Date;
  /** A claim older than this that never got to "sending" is taken over. */
  staleAfterMs: number;
  /** A "retry" run is claimed again this long after it failed, */
  retryAfterMs: number;
  /** … until it has been tried this often. */
  maxAttempts: number;
}

export type ClaimResult = { ok: true; run: ClaimedRun } | { ok: false; status: RunStatus | undefined };

function mayTakeOver(existing: RunRecord, input: ClaimInput): boolean {
  const now = input.now.getTime();
  if (existing.status === "claimed") return now - Date.parse(existing.claimedAt) >= input.staleAfterMs;
  if (existing.status === "retry") return existing.attempts < input.maxAttempts && now - Date.parse(existing.updatedAt) >= input.retryAfterMs;
  return false;
}

/** Claims a run; not ok when another instance (or an earlier life of this one) has or had it. */
export async function claimRun(store: Store, input: ClaimInput): Promise<ClaimResult> {
  const key = runKey(input.subscriptionId, input.scheduledAt);
  const record: RunRecord = {
    subscriptionId: input.subscriptionId,
    scheduledAt: input.scheduledAt.toISOString(),
    status: "claimed",
    instanceId: input.instanceId,
    claimedAt: input.now.toISOString(),
    late: input.late,
    attempts: 1,
    updatedAt: input.now.toISOString(),
  };
  try {
    return { ok: true, run: { key, etag: await store.insert(digestRunsTable, key, record), record } };
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
  }
  const existing = await store.get<RunRecord>(digestRunsTable, key);
  if (!existing || !mayTakeOver(existing.value, input)) return { ok: false, status: existing?.value.status };
  const taken = await updateRun(store, { key, etag: existing.etag, record: existing.value }, { ...record, attempts: existing.value.attempts + 1 });
  return taken ? { ok: true, run: taken } : { ok: false, status: "claimed" };
}

/** Moves a claimed run on; undefined when someone else changed (or removed) it meanwhile. */
export async function updateRun(store: Store, run: ClaimedRun, record: RunRecord): Promise<ClaimedRun | undefined> {
  try {
    return { key: run.key, etag: await store.replace(digestRunsTable, run.key, record, run.etag), record };
  } catch (error) {
    if (error instanceof StoreConflictError) return undefined;
    throw error;
  }
}

/** A subscription's runs, oldest first. */
export async function listRuns(store: Store, subscriptionId: string): Promise<RunRecord[]> {
  return (await store.list<RunRecord>(digestRunsTable, `${subscriptionId}|`)).map((i) => i.value);
}

/** Forgets runs due before `before` (the newest is always kept: it is what stops a repeat). */
export async function pruneRuns(store: Store, subscriptionId: string, before: Date): Promise<void> {
  const items = await store.list<RunRecord>(digestRunsTable, `${subscriptionId}|`);
  for (const item of items.slice(0, -1)) {
    if (Date.parse(item.value.scheduledAt) < before.getTime()) await store.delete(digestRunsTable, item.key, item.etag).catch(ignoreConflict);
  }
}

export async function deleteRuns(store: Store, subscriptionId: string): Promise<void> {
  for (const item of await store.list(digestRunsTable, `${subscriptionId}|`)) await store.delete(digestRunsTable, item.key);
}

function ignoreConflict(error: unknown): void {
  if (!(error instanceof StoreConflictError)) throw error;
}
