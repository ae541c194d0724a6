// The digest scheduler: every tick, the instance holding the leader lease looks for subscriptions
// whose most recent scheduled time has no run record yet, claims each run in the store (insert-if-
// absent: the dedupe), builds the digest and posts it through the Notifier. Polling rather than one
// timer per subscription makes a restart and several instances the same case: a run missed while the
// bot was down is simply the most recent scheduled time without a record, posted once, marked late.
import type { Clock } from "../clock.js";
import { mapBounded } from "../commands/map-bounded.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/port.js";
import { acquireLease, releaseLease, renewLease, type Lease } from "../store/lease.js";
import { loadConversationReference } from "./conversation-refs.js";
import type { BuildDigest, DigestResult } from "./create-digest-builder.js";
import { latestRunAtOrBefore } from "./next-runs.js";
import type { Notifier } from "./notifier.js";
import { claimRun, finalStatuses, pruneRuns, runKey, updateRun, type ClaimedRun, type RunStatus } from "./run-records.js";
import { createSendQueue, type SendPolicy } from "./send-queue.js";
import { loadSnapshot, saveSnapshot } from "./snapshot-store.js";
import type { Subscription } from "./subscription.js";
import { listSubscriptions, subscriptionExists } from "./subscription-store.js";

export const schedulerLeaseName = "digest-scheduler";

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  buildDigest: BuildDigest;
  /** Unique per process (host name + pid, a GUID): who holds the lease and claimed a run. */
  instanceId: string;
  log: Logger;
  /** How often startScheduler looks for due runs (default 30 s). createScheduler never ticks by itself. */
  tickMs?: number;
  /** Leader lease lifetime (default 3 ticks, at least 90 s): how long a dead leader blocks the others. */
  leaseTtlMs?: number;
  /** A run posted more than this after its time is marked late (default 5 min). */
  lateAfterMs?: number;
  /** A claimed run that never got to sending is taken over after this (default 15 min). */
  staleClaimMs?: number;
  /** A digest that failed to build is tried again after this (default 5 min)… */
  retryAfterMs?: number;
  /** …at most this many times in all (default 3). */
  maxAttempts?: number;
  /** Run records older than this are pruned (default 30 days; the newest is always kept). */
  keepRunsMs?: number;
  /** Digests built at the same time (default 2): each may read a whole scope. */
  concurrency?: number;
  sendPolicy?: SendPolicy;
  /** Waits between sends and retries; default setTimeout (tests pass one that moves a fake clock). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export type RunOutcome = "sent" | "failed" | "skipped" | "retry" | "abandoned";

export interface RunReport {
  subscriptionId: string;
  scheduledAt: string;
  late: boolean;
  outcome: RunOutcome;
  reason?: string;
}

export interface TickReport {
  /** Whether this instance held the leader lease for the tick (only the leader posts). */
  leader: boolean;
  runs: RunReport[];
}

export interface Scheduler {
  /** Looks for due runs now and handles them; concurrent calls share the tick in progress. */
  tick(): Promise<TickReport>;
  /** Stops ticking, waits for the tick in progress and gives the lease up. */
  stop(): Promise<void>;
}

const minute = 60_000;

function reasonOf(error: unknown): string {
  // A code for the record, never a message: SDK errors may carry request details.
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown } | null | undefined;
  if (typeof e?.statusCode === "number") return `status${e.statusCode}`;
  if (typeof e?.code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(e.code)) return e.code;
  return typeof e?.name === "string" ? e.name : "error";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const tickMs = deps.tickMs ?? 30_000;
  const leaseTtlMs = deps.leaseTtlMs ?? Math.max(3 * tickMs, 90_000);
  const lateAfterMs = deps.lateAfterMs ?? 5 * minute;
  const claimOptions = {
    staleAfterMs: deps.staleClaimMs ?? 15 * minute,
    retryAfterMs: deps.retryAfterMs ?? 5 * minute,
    maxAttempts: deps.maxAttempts ?? 3,
  };
  const keepRunsMs = deps.keepRunsMs ?? 30 * 24 * 60 * minute;
  const { store, clock, log } = deps;
  const queue = createSendQueue({
    notifier: deps.notifier,
    clock,
    sleep: deps.sleep ?? defaultSleep,
    random: deps.random ?? Math.random,
    ...(deps.sendPolicy && { policy: deps.sendPolicy }),
    onRetry: (info) => log.warn(info, "digest send throttled or failed; retrying"),
  });
  let lease: Lease | undefined;
  let leaseChange: Promise<unknown> = Promise.resolve();
  let current: Promise<TickReport> | undefined;
  // Runs this process knows are over, so quiet ticks cost no store calls per subscription.
  const settled = new Map<string, string>();

  /** Takes or extends the lease (serialized: renewals race on the lease's etag otherwise). */
  function holdLease(): Promise<boolean> {
    const next = leaseChange.then(async () => {
      const now = clock.now();
      // Renew when half the lifetime is gone; acquire covers "free, expired or already ours".
      if (lease && lease.expiresAt.getTime() - now.getTime() > leaseTtlMs / 2) return true;
      lease = (lease && (await renewLease(store, lease, leaseTtlMs, now))) ?? (await acquireLease(store, schedulerLeaseName, deps.instanceId, leaseTtlMs, now));
      return lease !== undefined;
    });
    leaseChange = next.catch(() => undefined);
    return next;
  }

  function dueAt(subscription: Subscription, now: Date): Date | undefined {
    try {
      const at = latestRunAtOrBefore(subscription.schedule, now);
      return at && at.getTime() >= Date.parse(subscription.createdAt) ? at : undefined;
    } catch (error) {
      log.error({ err: error, subscriptionId: subscription.id }, "digest schedule cannot be evaluated");
      return undefined;
    }
  }

  async function finish(run: ClaimedRun, status: RunStatus, reason?: string): Promise<void> {
    const record = { ...run.record, status, updatedAt: clock.now().toISOString(), ...(reason && { reason }) };
    await updateRun(store, run, record);
    if (finalStatuses.has(status)) settled.set(run.record.subscriptionId, run.key);
  }

  async function post(subscription: Subscription, claimed: ClaimedRun, scheduledAt: Date): Promise<RunReport> {
    const late = claimed.record.late;
    const report = (outcome: RunOutcome, reason?: string): RunReport => ({
      subscriptionId: subscription.id,
      scheduledAt: scheduledAt.toISOString(),
      late,
      outcome,
      ...(reason && { reason }),
    });
    let digest: DigestResult;
    let reference: unknown;
    try {
      reference = await loadConversationReference(store, subscription.conversationKey);
      if (reference === undefined) {
        await finish(claimed, "failed", "noConversationReference");
        return report("failed", "noConversationReference");
      }
      const previous = await loadSnapshot(store, subscription.id);
      digest = await deps.buildDigest({ subscription, previous, scheduledAt, late });
    } catch (error) {
      const reason = reasonOf(error);
      log.warn({ err: error, subscriptionId: subscription.id, attempt: claimed.record.attempts }, "digest could not be built");
      await finish(claimed, claimed.record.attempts >= claimOptions.maxAttempts ? "failed" : "retry", reason);
      return report(claimed.record.attempts >= claimOptions.maxAttempts ? "failed" : "retry", reason);
    }
    // Unsubscribed while the digest was built, or leadership lost: do not post.
    if (!(await subscriptionExists(store, subscription))) {
      await finish(claimed, "skipped", "unsubscribed");
      return report("skipped", "unsubscribed");
    }
    if (!(await holdLease())) return report("abandoned", "notLeader");
    const sending = await updateRun(store, claimed, { ...claimed.record, status: "sending", updatedAt: clock.now().toISOString() });
    if (!sending) return report("abandoned", "claimTaken");
    try {
      await queue.send(subscription.conversationKey, reference, digest.reply);
    } catch (error) {
      const reason = reasonOf(error);
      log.error({ err: error, subscriptionId: subscription.id }, "digest could not be posted");
      await finish(sending, "failed", reason);
      return report("failed", reason);
    }
    await finish(sending, "sent");
    log.info({ subscriptionId: subscription.id, scheduledAt: scheduledAt.toISOString(), late }, "digest posted");
    // The card is out: what happens below must not turn a sent run into a failure.
    try {
      await saveSnapshot(store, subscription.id, digest.snapshot);
      await pruneRuns(store, subscription.id, new Date(clock.now().getTime() - keepRunsMs));
    } catch (error) {
      log.warn({ err: error, subscriptionId: subscription.id }, "digest snapshot could not be saved");
    }
    return report("sent");
  }

  async function handle(subscription: Subscription, scheduledAt: Date, now: Date): Promise<RunReport | undefined> {
    const key = runKey(subscription.id, scheduledAt);
    if (settled.get(subscription.id) === key) return undefined;
    const late = now.getTime() - scheduledAt.getTime() > lateAfterMs;
    const claim = await claimRun(store, { subscriptionId: subscription.id, scheduledAt, instanceId: deps.instanceId, late, now, ...claimOptions });
    if (!claim.ok) {
      if (claim.status && finalStatuses.has(claim.status)) settled.set(subscription.id, key);
      return undefined;
    }
    return post(subscription, claim.run, scheduledAt);
  }

  async function runTick(): Promise<TickReport> {
    if (!(await holdLease())) return { leader: false, runs: [] };
    const now = clock.now();
    const subscriptions = await listSubscriptions(store);
    const live = new Set(subscriptions.map((s) => s.id));
    for (const id of settled.keys()) if (!live.has(id)) settled.delete(id);
    const due = subscriptions.flatMap((s) => {
      const at = dueAt(s, now);
      return at ? [{ subscription: s, at }] : [];
    });
    const reports = await mapBounded(due, deps.concurrency ?? 2, async ({ subscription, at }) => {
      try {
        return await handle(subscription, at, now);
      } catch (error) {
        // One subscription's store trouble must not stop the others.
        log.error({ err: error, subscriptionId: subscription.id }, "digest run failed");
        return { subscriptionId: subscription.id, scheduledAt: at.toISOString(), late: false, outcome: "failed", reason: reasonOf(error) } satisfies RunReport;
      }
    });
    return { leader: true, runs: reports.filter((r): r is RunReport => r !== undefined) };
  }

  let stopped = false;
  return {
    tick() {
      if (stopped) return Promise.resolve({ leader: false, runs: [] });
      current ??= runTick().finally(() => {
        current = undefined;
      });
      return current;
    },
    async stop() {
      stopped = true;
      await current?.catch(() => undefined);
      await leaseChange;
      if (lease) await releaseLease(store, lease).catch((error: unknown) => log.warn({ err: error }, "scheduler lease could not be released"));
      lease = undefined;
    },
  };
}

/**
 * Starts the scheduler: one tick right away (a run missed while the bot was down posts now, late),
 * then one every tickMs. The timer does not keep the process alive.
 */
export function startScheduler(deps: SchedulerDeps): Scheduler {
  const scheduler = createScheduler(deps);
  const tickMs = deps.tickMs ?? 30_000;
  const safeTick = () => {
    scheduler.tick().catch((error: unknown) => deps.log.error({ err: error }, "scheduler tick failed"));
  };
  safeTick();
  const timer = setInterval(safeTick, tickMs);
  timer.unref();
  return {
    tick: () => scheduler.tick(),
    async stop() {
      clearInterval(timer);
      await scheduler.stop();
    },
  };
}
