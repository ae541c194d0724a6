// Every change to Azure goes through these use cases (STYLE.md §7): request, approve, reject,
// cancel, expire, execute, recover, follow up. State goes through the Store port; exactly-once
// execution rests on its etag compare-and-swap: of any number of concurrent approvals, one moves
// the request to approved, and of any number of starters, one moves it to executing.
import type { Conversation } from "../commands/types.js";
import { StoreConflictError } from "../store/port.js";
import { approvalsTable, type Acting, type ApprovalDeps, type ExecutionHooks, type Outcome } from "./approval-deps.js";
import { executeApproved } from "./execute-approved.js";
import { readLatestVersions, readLiveState, type ChangeTarget } from "./live-state.js";
import { computePlan, hashPlan, planResourceIds, type Plan, type PlanSpec } from "./plan.js";
import { mayApprove, mayRequest, roleOf, type Principal, type ViewerRole } from "./policy.js";
import { resolvePrincipal } from "./principal.js";
import type { Refusal } from "./refusal.js";
import {
  approvalSubject,
  approveRequest,
  attachCard,
  cancelRequest,
  createRequest,
  isExpired,
  refusalForState,
  rejectRequest,
  type Actor,
  type ApprovalRequest,
  type Caller,
} from "./request.js";
import { newRequestId } from "./request-id.js";
import { getRequest, persistExpiry, recordAudit, updateRequest } from "./request-store.js";

export { approvalsTable, defaultLeaseMs, type Acting, type ApprovalDeps, type ExecutionHooks, type Outcome } from "./approval-deps.js";
export { checkHeartbeats } from "./check-heartbeats.js";
export { executeApproved } from "./execute-approved.js";
export { recoverInterrupted, type Recovered, type RecoveryOptions } from "./recover-interrupted.js";
export { getRequest } from "./request-store.js";

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
    await recordAudit(deps, request, "requested", { actor: request.requester });
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
  await recordAudit(deps, result.request, approved ? "approved" : "approvalAdded", { actor: actorOf(caller) });
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
  if (result.ok) await recordAudit(deps, result.request, "rejected", { actor: actorOf(caller) });
  return result;
}

/** The requester withdraws a pending request. */
export async function cancel(deps: ApprovalDeps, input: DecisionInput): Promise<Outcome> {
  const open = await openRequest(deps, input);
  if (!open.ok) return open;
  const caller = callerOf(open.principal, input);
  const result = await updateRequest(deps, open.request.id, (r, now) => cancelRequest(r, caller, now));
  if (result.ok) await recordAudit(deps, result.request, "cancelled", { actor: actorOf(caller) });
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
