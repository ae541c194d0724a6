// Every change to Azure goes through these use cases (STYLE.md §7): request, approve, reject,
// cancel, expire, execute, recover. State goes through the Store port; exactly-once execution
// rests on its etag compare-and-swap: of any number of concurrent approvals, one moves the
// request to approved, and of any number of starters, one moves it to executing.
import type { Clock } from "../clock.js";
import type { Conversation, User } from "../commands/types.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetReader } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { StoreConflictError, type Store } from "../store/port.js";
import { appendApprovalAudit, auditRecordOf, type AuditEvent } from "./audit.js";
import type { PlanExecutor } from "./execute-plan.js";
import { planTargets, readLatestVersions, readLiveState, type ChangeTarget } from "./live-state.js";
import { message, type MessageRef } from "./message-ref.js";
import { computePlan, hashPlan, planResourceIds, type Plan, type PlanSpec } from "./plan.js";
import type { WaveOptions } from "./plan-waves.js";
import { mayApprove, mayRequest, roleOf, type Policy, type Principal, type ViewerRole } from "./policy.js";
import { resolvePrincipal, type GroupResolver, type RbacChecker } from "./principal.js";
import { completeItems, excludeInstances, isFinished, itemLabel, skipItems, type ExecutionProgress } from "./progress.js";
import type { Refusal } from "./refusal.js";
import {
  approvalSubject,
  approveRequest,
  cancelRequest,
  createRequest,
  expireRequest,
  finishExecution,
  interruptExecution,
  isExpired,
  isStale,
  recordProgress,
  refusalForState,
  rejectRequest,
  renewLease,
  resumeExecution,
  startExecution,
  voidRequest,
  attachCard,
  type Actor,
  type ApprovalRequest,
  type Caller,
  type TransitionResult,
} from "./request.js";
import { newRequestId } from "./request-id.js";
import { revalidatePlan, type ItemCheck } from "./revalidate.js";

export const approvalsTable = "approvals";

export interface ApprovalDeps {
  store: Store;
  clock: Clock;
  policy: Policy;
  fleet: FleetReader;
  catalog: VersionCatalog;
  /** This process (a random ID per start): the owner of the executions it runs. */
  owner: string;
  /** Absent: requests can be made and approved but nothing runs (e.g. a read-only deployment). */
  executor?: PlanExecutor;
  groups?: GroupResolver;
  rbac?: RbacChecker;
  log?: Logger;
  newId?: () => string;
  waves?: WaveOptions;
  /** An execution whose owner has not renewed its lease for this long counts as orphaned (default 2 min). */
  leaseMs?: number;
  /** How often a running execution renews its lease (default leaseMs / 4). */
  leaseRenewMs?: number;
}

/** Who acts, and from which conversation (the tenant is taken from it, never from card data). */
export interface Acting {
  user: User;
  conversation: Conversation;
}

export type Outcome = { ok: true; request: ApprovalRequest } | { ok: false; refusal: Refusal; request?: ApprovalRequest };

export interface ExecutionHooks {
  /** After every stored change of a running request; the caller throttles card updates (Teams limits). */
  onChange?: (request: ApprovalRequest) => void;
}

const defaultLeaseMs = 120_000;

// ---------------------------------------------------------------------------------------------
// Store access: every change is a pure transition applied with compare-and-swap, retried on conflict.

export async function getRequest(store: Store, id: string): Promise<ApprovalRequest | undefined> {
  return (await store.get<ApprovalRequest>(approvalsTable, id))?.value;
}

async function updateRequest(deps: ApprovalDeps, id: string, change: (request: ApprovalRequest, now: Date) => TransitionResult): Promise<Outcome> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const stored = await deps.store.get<ApprovalRequest>(approvalsTable, id);
    if (!stored) return { ok: false, refusal: { code: "notFound", id } };
    const result = change(stored.value, deps.clock.now());
    if (!result.ok) return { ok: false, refusal: result.refusal, request: stored.value };
    try {
      await deps.store.replace(approvalsTable, id, result.request, stored.etag);
      return { ok: true, request: result.request };
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
  }
  throw new Error(`approvals: request ${id} stayed contended after 50 attempts`);
}

async function audit(deps: ApprovalDeps, request: ApprovalRequest, event: AuditEvent, extra: { actor?: Actor; reasons?: MessageRef[] } = {}) {
  try {
    await appendApprovalAudit(deps.store, auditRecordOf(request, event, deps.clock.now().toISOString(), extra));
  } catch (error) {
    // The state change already happened; losing its audit line must be loud but must not undo it.
    deps.log?.error({ err: error, requestId: request.id, event }, "approvals: audit append failed");
  }
}

function callerOf(principal: Principal, acting: Acting): Caller {
  return {
    objectId: principal.objectId,
    name: acting.user.name,
    userId: acting.user.id,
    ...(acting.conversation.tenantId ? { tenantId: acting.conversation.tenantId } : {}),
  };
}

function actorOf(caller: Caller): Actor {
  const { tenantId: _tenant, ...actor } = caller;
  return actor;
}

async function principalOf(deps: ApprovalDeps, acting: Acting): Promise<Principal | undefined> {
  return resolvePrincipal(deps.policy, acting.user, acting.conversation, deps.groups);
}

/** A pending request past its expiry is stored as expired, so its card flips for everyone. */
async function persistExpiry(deps: ApprovalDeps, request: ApprovalRequest): Promise<ApprovalRequest> {
  if (!isExpired(request, deps.clock.now())) return request;
  const result = await updateRequest(deps, request.id, (r, now) => {
    const expired = expireRequest(r, now);
    return expired ? { ok: true, request: expired } : { ok: false, refusal: refusalForState(r, now) ?? { code: "wrongState", state: r.state } };
  });
  if (result.ok) await audit(deps, result.request, "expired");
  return result.request ?? request;
}

// ---------------------------------------------------------------------------------------------
// Requesting

export interface ChangeInput extends Acting {
  spec: PlanSpec;
  /** The resources the command resolved from the user's words. */
  targets: readonly ChangeTarget[];
  /** The target as typed, for the card. */
  target: string;
  /** Show the plan and the ARM calls it would make; store and change nothing. */
  dryRun?: boolean;
  correlationId?: string;
}

export type ChangeOutcome =
  | { ok: true; dryRun: true; plan: Plan; planHash: string; missing: ChangeTarget[] }
  | { ok: true; dryRun: false; request: ApprovalRequest; missing: ChangeTarget[] }
  | { ok: false; refusal: Refusal; plan?: Plan; missing?: ChangeTarget[] };

/** Computes the plan for a change from live state and, unless it is a dry run, stores a pending request for it. */
export async function requestChange(deps: ApprovalDeps, input: ChangeInput): Promise<ChangeOutcome> {
  const principal = await principalOf(deps, input);
  if (!principal) return { ok: false, refusal: { code: "anonymous" } };
  const decision = mayRequest(deps.policy, principal, input.spec.verb, input.conversation, input.targets);
  if (!decision.ok) return { ok: false, refusal: decision.refusal };

  const live = await readLiveState(deps.fleet, input.targets);
  const latest = await readLatestVersions(deps.catalog, live);
  const plan = computePlan(input.spec, { vms: live.vms, scaleSets: live.scaleSets, latest, ...(deps.waves ? { waves: deps.waves } : {}) });
  if (input.dryRun) return { ok: true, dryRun: true, plan, planHash: hashPlan(plan), missing: live.missing };
  if (plan.items.length === 0) return { ok: false, refusal: { code: "nothingToDo" }, plan, missing: live.missing };

  const newId = deps.newId ?? newRequestId;
  for (let attempt = 0; attempt < 5; attempt++) {
    const request = createRequest(
      {
        id: newId(),
        target: input.target,
        conversation: input.conversation,
        requester: callerOf(principal, input),
        plan,
        approvalsRequired: deps.policy.approvalsRequired,
        ttlMinutes: deps.policy.requestTtlMinutes,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
      },
      deps.clock.now(),
    );
    try {
      await deps.store.insert(approvalsTable, request.id, request);
    } catch (error) {
      if (error instanceof StoreConflictError) continue;
      throw error;
    }
    await audit(deps, request, "requested", { actor: request.requester });
    return { ok: true, dryRun: false, request, missing: live.missing };
  }
  throw new Error("approvals: could not find a free request ID");
}

// ---------------------------------------------------------------------------------------------
// Deciding

export interface DecisionInput extends Acting {
  requestId: string;
  /** The plan hash the card was rendered with, if it carried one: a mismatch means forged card data. */
  planHash?: string;
}

/** Loads the request and answers the checks every decision shares: exists, not forged, caller known, still open. */
async function openRequest(deps: ApprovalDeps, input: DecisionInput): Promise<{ ok: true; request: ApprovalRequest; principal: Principal } | { ok: false; refusal: Refusal; request?: ApprovalRequest }> {
  const stored = await getRequest(deps.store, input.requestId);
  if (!stored) return { ok: false, refusal: { code: "notFound", id: input.requestId } };
  if (input.planHash !== undefined && input.planHash !== stored.planHash) return { ok: false, refusal: { code: "planMismatch" }, request: stored };
  const principal = await principalOf(deps, input);
  if (!principal) return { ok: false, refusal: { code: "anonymous" }, request: stored };
  const request = await persistExpiry(deps, stored);
  const caller = callerOf(principal, input);
  if ((request.tenantId ?? "").toLowerCase() !== (caller.tenantId ?? "").toLowerCase()) return { ok: false, refusal: { code: "wrongTenant" }, request };
  const closed = refusalForState(request, deps.clock.now());
  if (closed) return { ok: false, refusal: closed, request };
  return { ok: true, request, principal };
}

async function checkRbac(deps: ApprovalDeps, request: ApprovalRequest, principal: Principal): Promise<Refusal | undefined> {
  if (!deps.policy.requireRbacWriteRole) return undefined;
  for (const id of planResourceIds(request.plan)) {
    const name = request.plan.items.find((i) => i.resource.id === id)?.resource.name ?? id;
    // Fail closed: a policy that demands the RBAC check without a checker approves nothing.
    if (!deps.rbac) return { code: "noRbacWriteRole", resource: name };
    if (!(await deps.rbac.hasWriteRole(principal.objectId, id))) return { code: "noRbacWriteRole", resource: name };
  }
  return undefined;
}

export type ApproveOutcome =
  | { ok: true; request: ApprovalRequest; execution?: Promise<ApprovalRequest | undefined> }
  | { ok: false; refusal: Refusal; request?: ApprovalRequest };

/**
 * An approver approves. When that completes the approvals, execution starts in the background
 * (`execution` settles when it ends and never rejects); the caller answers the click at once.
 */
export async function approve(deps: ApprovalDeps, input: DecisionInput, hooks: ExecutionHooks = {}): Promise<ApproveOutcome> {
  const open = await openRequest(deps, input);
  if (!open.ok) return open;
  const { request, principal } = open;
  const allowedToApprove = mayApprove(deps.policy, approvalSubject(request), principal);
  if (!allowedToApprove.ok) return { ok: false, refusal: allowedToApprove.refusal, request };
  const rbacRefusal = await checkRbac(deps, request, principal);
  if (rbacRefusal) return { ok: false, refusal: rbacRefusal, request };

  const caller = callerOf(principal, input);
  const result = await updateRequest(deps, request.id, (r, now) => approveRequest(r, caller, now));
  if (!result.ok) return result;
  const approved = result.request.state === "approved";
  await audit(deps, result.request, approved ? "approved" : "approvalAdded", { actor: actorOf(caller) });
  if (!approved || !deps.executor) return { ok: true, request: result.request };
  return { ok: true, request: result.request, execution: executeApproved(deps, request.id, hooks) };
}

/** An approver turns the request down. */
export async function reject(deps: ApprovalDeps, input: DecisionInput & { comment?: string }): Promise<Outcome> {
  const open = await openRequest(deps, input);
  if (!open.ok) return open;
  const { request, principal } = open;
  const caller = callerOf(principal, input);
  if (request.requester.objectId.toLowerCase() === principal.objectId.toLowerCase()) {
    return { ok: false, refusal: { code: "requesterCannotReject" }, request };
  }
  const allowedToDecide = mayApprove(deps.policy, approvalSubject(request), principal);
  if (!allowedToDecide.ok) return { ok: false, refusal: allowedToDecide.refusal, request };
  const result = await updateRequest(deps, request.id, (r, now) => rejectRequest(r, caller, now, input.comment));
  if (result.ok) await audit(deps, result.request, "rejected", { actor: actorOf(caller) });
  return result;
}

/** The requester withdraws a pending request. */
export async function cancel(deps: ApprovalDeps, input: DecisionInput): Promise<Outcome> {
  const open = await openRequest(deps, input);
  if (!open.ok) return open;
  const caller = callerOf(open.principal, input);
  const result = await updateRequest(deps, open.request.id, (r, now) => cancelRequest(r, caller, now));
  if (result.ok) await audit(deps, result.request, "cancelled", { actor: actorOf(caller) });
  return result;
}

/** Stores every pending request past its expiry as expired; returns them so their cards can flip. */
export async function expireDue(deps: ApprovalDeps): Promise<ApprovalRequest[]> {
  const now = deps.clock.now();
  const due = (await deps.store.list<ApprovalRequest>(approvalsTable)).map((i) => i.value).filter((r) => isExpired(r, now));
  const expired: ApprovalRequest[] = [];
  for (const request of due) {
    const after = await persistExpiry(deps, request);
    if (after.state === "expired" && request.state === "pending") expired.push(after);
  }
  return expired;
}

// ---------------------------------------------------------------------------------------------
// Viewing

/** The stored request and the viewer's role on it (which buttons the refreshed card shows). */
export async function viewRequest(deps: ApprovalDeps, input: { requestId: string } & Acting): Promise<{ ok: true; request: ApprovalRequest; role: ViewerRole } | { ok: false; refusal: Refusal }> {
  const stored = await getRequest(deps.store, input.requestId);
  if (!stored) return { ok: false, refusal: { code: "notFound", id: input.requestId } };
  const request = await persistExpiry(deps, stored);
  const principal = await principalOf(deps, input);
  const role: ViewerRole = principal ? roleOf(deps.policy, approvalSubject(request), principal) : "viewer";
  return { ok: true, request, role };
}

/** Pending requests of this conversation, oldest first (`approvals`). */
export async function listPending(deps: ApprovalDeps, conversation: Conversation): Promise<ApprovalRequest[]> {
  const now = deps.clock.now();
  return (await deps.store.list<ApprovalRequest>(approvalsTable))
    .map((i) => i.value)
    .filter((r) => r.state === "pending" && !isExpired(r, now) && r.conversation.id === conversation.id)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** Remembers the approval card's activity ID so later updates replace it. */
export async function recordCardActivity(deps: ApprovalDeps, requestId: string, activityId: string): Promise<Outcome> {
  return updateRequest(deps, requestId, (r) => ({ ok: true, request: attachCard(r, activityId) }));
}

// ---------------------------------------------------------------------------------------------
// Executing

/**
 * Claims an approved request (only one caller wins) and runs it: re-validates the frozen plan
 * against live state, executes what is left, records the outcome. Resolves with the final
 * request, or undefined when somebody else runs it; never rejects.
 */
export async function executeApproved(deps: ApprovalDeps, requestId: string, hooks: ExecutionHooks = {}): Promise<ApprovalRequest | undefined> {
  try {
    if (!deps.executor) return undefined;
    const claimed = await updateRequest(deps, requestId, (r, now) => startExecution(r, deps.owner, now));
    if (!claimed.ok) return undefined;
    await audit(deps, claimed.request, "executing");
    notify(deps, hooks, claimed.request);
    return await runExecution(deps, claimed.request, hooks, "fresh");
  } catch (error) {
    deps.log?.error({ err: error, requestId }, "approvals: execution could not start");
    return undefined;
  }
}

function notify(deps: ApprovalDeps, hooks: ExecutionHooks, request: ApprovalRequest): void {
  try {
    hooks.onChange?.(request);
  } catch (error) {
    deps.log?.warn({ err: error, requestId: request.id }, "approvals: onChange hook threw");
  }
}

function failUnfinished(progress: ExecutionProgress, code: string, text: string, at: string): ExecutionProgress {
  return {
    items: progress.items.map((p) => (isFinished(p) ? p : { ...p, status: "failed", error: { code, message: text.slice(0, 500) }, finishedAt: at })),
  };
}

async function runExecution(deps: ApprovalDeps, claimed: ApprovalRequest, hooks: ExecutionHooks, mode: "fresh" | "resume"): Promise<ApprovalRequest> {
  const executor = deps.executor;
  const execution = claimed.execution;
  if (!executor || !execution) return claimed;
  const id = claimed.id;
  const owner = deps.owner;
  const lost = new AbortController();
  let latest = claimed;
  let chain: Promise<void> = Promise.resolve();
  // Writes of one execution are serialized: progress snapshots and lease renewals never race each other.
  const save = (change: (r: ApprovalRequest, now: Date) => TransitionResult): Promise<void> => {
    chain = chain.then(async () => {
      if (lost.signal.aborted) return;
      try {
        const result = await updateRequest(deps, id, change);
        if (result.ok) {
          latest = result.request;
          notify(deps, hooks, latest);
        } else if (result.refusal.code === "leaseLost" || result.refusal.code === "wrongState") {
          lost.abort();
        }
      } catch (error) {
        deps.log?.warn({ err: error, requestId: id }, "approvals: could not store progress");
      }
    });
    return chain;
  };
  const leaseMs = deps.leaseMs ?? defaultLeaseMs;
  const timer = setInterval(() => void save((r, now) => renewLease(r, owner, now)), deps.leaseRenewMs ?? Math.max(1000, leaseMs / 4));
  timer.unref?.();
  let progress = execution.progress;
  try {
    const finishedIds = new Set(progress.items.filter(isFinished).map((p) => p.itemId));
    const unfinished = claimed.plan.items.map((item) => item.id).filter((itemId) => !finishedIds.has(itemId));
    const live = await readLiveState(deps.fleet, planTargets(claimed.plan));
    const check = revalidatePlan(claimed.plan, live, unfinished);
    const material = mode === "fresh" ? check.material : check.checks.some((c) => c.material);
    if (material) {
      await chain;
      const voided = await updateRequest(deps, id, (r, now) => voidRequest(r, check.reasons, now));
      if (voided.ok) {
        await audit(deps, voided.request, "voided", { reasons: check.reasons });
        notify(deps, hooks, voided.request);
        return voided.request;
      }
      return voided.request ?? latest;
    }
    const at = deps.clock.now().toISOString();
    progress = skipItems(completeItems(progress, check.done, at), check.skip);
    progress = excludeInstances(
      progress,
      check.checks.filter((c) => c.removedInstanceIds).map((c) => ({ itemId: c.itemId, instanceIds: c.removedInstanceIds ?? [] })),
    );
    const revalidated = progress;
    await save((r, now) => recordProgress(r, owner, revalidated, now, check.notes));
    progress = await executor.execute(claimed.plan, progress, {
      signal: lost.signal,
      onProgress: (snapshot) => save((r, now) => recordProgress(r, owner, snapshot, now)),
    });
  } catch (error) {
    deps.log?.error({ err: error, requestId: id }, "approvals: execution failed unexpectedly");
    progress = failUnfinished(progress, "ExecutionError", error instanceof Error ? error.message : String(error), deps.clock.now().toISOString());
  } finally {
    clearInterval(timer);
  }
  await chain;
  if (lost.signal.aborted) return latest;
  const finalProgress = progress;
  const finished = await updateRequest(deps, id, (r, now) => finishExecution(r, owner, finalProgress, now));
  if (!finished.ok) return finished.request ?? latest;
  await audit(deps, finished.request, finished.request.state as AuditEvent);
  notify(deps, hooks, finished.request);
  return finished.request;
}

// ---------------------------------------------------------------------------------------------
// Recovery

export interface RecoveryOptions extends ExecutionHooks {
  /** Resume orphaned executions where that is safe (default true); otherwise mark them interrupted. */
  resume?: boolean;
  /** Orphaned = lease not renewed for this long (default deps.leaseMs, 2 min). 0 at the start of a single-process bot. */
  staleAfterMs?: number;
  /** Give up and mark interrupted after this many attempts (default 3). */
  maxAttempts?: number;
}

export interface Recovered {
  request: ApprovalRequest;
  action: "started" | "resumed" | "interrupted";
  /** Settles when a started or resumed execution ends. */
  execution?: Promise<ApprovalRequest | undefined>;
}

function liveLines(request: ApprovalRequest, checks: readonly ItemCheck[]): MessageRef[] {
  const items = new Map(request.plan.items.map((item) => [item.id, item]));
  return checks.map((c) => {
    const item = items.get(c.itemId);
    const name = item ? itemLabel(item) : c.itemId;
    if (c.verdict === "done") return message("approvals.live.done", { name });
    if (c.verdict === "unchanged") return message("approvals.live.notDone", { name });
    return c.reason ?? message("approvals.live.changed", { name });
  });
}

/**
 * Picks up requests a dead process left behind: approved but never started ones are started;
 * executing ones are resumed from their recorded progress when the step in flight is safe to
 * repeat, or marked "interrupted — state re-checked" with what the live state shows. Run it at
 * start and periodically, so nothing stays executing forever.
 */
export async function recoverInterrupted(deps: ApprovalDeps, options: RecoveryOptions = {}): Promise<Recovered[]> {
  const staleAfter = options.staleAfterMs ?? deps.leaseMs ?? defaultLeaseMs;
  const now = deps.clock.now();
  const orphans = (await deps.store.list<ApprovalRequest>(approvalsTable))
    .map((i) => i.value)
    .filter((r) => isStale(r, now, staleAfter) && r.execution?.owner !== deps.owner);
  const recovered: Recovered[] = [];
  for (const orphan of orphans) {
    if (orphan.state === "approved") {
      if (!deps.executor) continue;
      recovered.push({ request: orphan, action: "started", execution: executeApproved(deps, orphan.id, options) });
      continue;
    }
    const claimed = await updateRequest(deps, orphan.id, (r, at) =>
      isStale(r, at, staleAfter) && r.execution?.owner !== deps.owner ? resumeExecution(r, deps.owner, at) : { ok: false, refusal: { code: "wrongState", state: r.state } },
    );
    if (!claimed.ok || !claimed.request.execution) continue;
    const request = claimed.request;
    const execution = claimed.request.execution;
    const inFlight = request.plan.items.filter((item) => execution.progress.items.some((p) => p.itemId === item.id && p.status === "running"));
    // Deleting/creating an extension or running a script half-way is not safe to repeat blindly: a person decides.
    const unsafe = inFlight.some((item) => item.action.kind === "reinstallExtension" || item.action.kind === "runCommand");
    const resumable = (options.resume ?? true) && !!deps.executor && !unsafe && execution.attempt <= (options.maxAttempts ?? 3);
    if (resumable) {
      await audit(deps, request, "resumed");
      recovered.push({ request, action: "resumed", execution: runExecution(deps, request, options, "resume").catch(() => undefined) });
      continue;
    }
    const unfinished = request.plan.items.filter((item) => execution.progress.items.some((p) => p.itemId === item.id && !isFinished(p))).map((i) => i.id);
    let live: MessageRef[];
    try {
      const state = await readLiveState(deps.fleet, planTargets(request.plan));
      live = liveLines(request, revalidatePlan(request.plan, state, unfinished).checks);
    } catch (error) {
      deps.log?.warn({ err: error, requestId: request.id }, "approvals: live re-check failed");
      live = [message("approvals.live.unknown")];
    }
    const interrupted = await updateRequest(deps, request.id, (r, at) => interruptExecution(r, live, at));
    if (interrupted.ok) {
      await audit(deps, interrupted.request, "interrupted", { reasons: live });
      notify(deps, options, interrupted.request);
      recovered.push({ request: interrupted.request, action: "interrupted" });
    }
  }
  return recovered;
}
