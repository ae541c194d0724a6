// The approval request and its state machine. Pure: every transition takes `now` and returns
// the new request or a typed refusal; nothing here reads a clock or a store.
//
//   pending ──approve (enough approvals)──▶ approved ──start──▶ executing ──▶ succeeded | failed | partially-succeeded
//      │                                       │                   │  └─(process died)──▶ interrupted  (or resumed: stays executing)
//      ├──reject──▶ rejected                   └──void──▶ voided ◀──┘ (material change found on re-validation)
//      ├──cancel──▶ cancelled
//      └──(ttl)───▶ expired
import type { Conversation } from "../commands/types.js";
import type { MachineHeartbeat } from "./heartbeat-check.js";
import type { MessageRef } from "./message-ref.js";
import { hashPlan, planScopes, type Plan } from "./plan.js";
import type { ApprovalSubject } from "./policy.js";
import { initialProgress, outcomeOf, type ExecutionProgress } from "./progress.js";
import type { Refusal } from "./refusal.js";
import type { ApprovalVerb } from "./verbs.js";

export type RequestState =
  | "pending"
  | "approved"
  | "executing"
  | "succeeded"
  | "failed"
  | "partially-succeeded"
  | "interrupted"
  | "rejected"
  | "cancelled"
  | "expired"
  | "voided";

export const finalStates: readonly RequestState[] = [
  "succeeded",
  "failed",
  "partially-succeeded",
  "interrupted",
  "rejected",
  "cancelled",
  "expired",
  "voided",
];

/** Every state: the three a request passes through, then the final ones. */
export const requestStates: readonly RequestState[] = ["pending", "approved", "executing", ...finalStates];

export function isFinal(state: RequestState): boolean {
  return finalStates.includes(state);
}

/** i18n-friendly name of a state: "partially-succeeded" -> "partiallySucceeded". */
export function stateKey(state: RequestState): string {
  return state.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
}

/** A person as stored: the object ID decides, the name is only shown. `userId` is the Teams MRI (card refresh). */
export interface Actor {
  objectId: string;
  name: string;
  userId?: string;
}

/** Whoever clicks or types, with the tenant of the conversation they did it from. */
export interface Caller extends Actor {
  tenantId?: string;
}

export interface Stamp {
  by: Actor;
  at: string;
}

export interface ExecutionRecord {
  /** The process running it (a random ID per process start); a lease renewed through heartbeatAt. */
  owner: string;
  attempt: number;
  startedAt: string;
  heartbeatAt: string;
  finishedAt?: string;
  progress: ExecutionProgress;
  /** Set when a dead process's execution was not resumed: the live state found afterwards. */
  interruption?: { at: string; live: MessageRef[] };
  resumedAt?: string[];
  /** What re-validation noticed that changed nothing (instances added or removed since the plan). */
  notes?: MessageRef[];
}

export interface ApprovalRequest {
  id: string;
  verb: ApprovalVerb;
  /** The target as typed ("rg-prod/vmss-web"): shown on the card; the plan holds the resolved resources. */
  target: string;
  tenantId?: string;
  conversation: Conversation;
  requester: Actor;
  plan: Plan;
  planHash: string;
  approvalsRequired: number;
  approvals: Stamp[];
  state: RequestState;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  /** Who rejected or cancelled it, and when. */
  decision?: Stamp & { comment?: string };
  voided?: { at: string; reasons: MessageRef[] };
  execution?: ExecutionRecord;
  history: { state: RequestState; at: string; by?: string }[];
  /** After execution: which machines' heartbeats came back, and with which version. */
  heartbeats?: { checkedAt: string; machines: MachineHeartbeat[] };
  /** The Teams activity of the approval card, so it can be updated in place after a restart. */
  card?: { activityId: string };
  correlationId?: string;
}

export type TransitionResult = { ok: true; request: ApprovalRequest } | { ok: false; refusal: Refusal };

export const defaultRequestTtlMinutes = 30;

export interface NewRequest {
  id: string;
  target: string;
  conversation: Conversation;
  requester: Caller;
  plan: Plan;
  approvalsRequired?: number;
  ttlMinutes?: number;
  correlationId?: string;
}

const iso = (date: Date) => date.toISOString();
const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

function actorOf(caller: Caller): Actor {
  return { objectId: caller.objectId, name: caller.name, ...(caller.userId ? { userId: caller.userId } : {}) };
}

function moved(request: ApprovalRequest, state: RequestState, now: Date, by?: Actor, changes: Partial<ApprovalRequest> = {}): ApprovalRequest {
  const at = iso(now);
  return {
    ...request,
    ...changes,
    state,
    updatedAt: at,
    history: [...request.history, { state, at, ...(by ? { by: by.objectId } : {}) }],
  };
}

const ok = (request: ApprovalRequest): TransitionResult => ({ ok: true, request });
const no = (refusal: Refusal): TransitionResult => ({ ok: false, refusal });

/** A new pending request with its frozen plan hash; expires after the TTL (default 30 minutes). */
export function createRequest(input: NewRequest, now: Date): ApprovalRequest {
  const ttl = input.ttlMinutes ?? defaultRequestTtlMinutes;
  const at = iso(now);
  return {
    id: input.id,
    verb: input.plan.spec.verb,
    target: input.target,
    ...(input.conversation.tenantId ? { tenantId: input.conversation.tenantId } : {}),
    conversation: input.conversation,
    requester: actorOf(input.requester),
    plan: input.plan,
    planHash: hashPlan(input.plan),
    approvalsRequired: Math.max(1, input.approvalsRequired ?? 1),
    approvals: [],
    state: "pending",
    createdAt: at,
    expiresAt: iso(new Date(now.getTime() + ttl * 60_000)),
    updatedAt: at,
    history: [{ state: "pending", at, by: input.requester.objectId }],
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
  };
}

/** What the policy needs to decide who may approve this request. */
export function approvalSubject(request: ApprovalRequest): ApprovalSubject {
  return {
    verb: request.verb,
    requesterObjectId: request.requester.objectId,
    ...(request.tenantId ? { tenantId: request.tenantId } : {}),
    conversation: request.conversation,
    targets: planScopes(request.plan),
  };
}

export function isExpired(request: ApprovalRequest, now: Date): boolean {
  return request.state === "pending" && now.getTime() >= Date.parse(request.expiresAt);
}

/** Does the stored plan still hash to the frozen hash? (Guards against a tampered store or card.) */
export function planIntact(request: ApprovalRequest): boolean {
  return hashPlan(request.plan) === request.planHash;
}

/**
 * Why nobody can decide this request any more, from its stored state; undefined while it is
 * pending and not expired. This is the answer to a second, late or wrong click.
 */
export function refusalForState(request: ApprovalRequest, now: Date): Refusal | undefined {
  const lastApproval = request.approvals[request.approvals.length - 1];
  switch (request.state) {
    case "pending":
      return isExpired(request, now) ? { code: "expired", at: request.expiresAt } : undefined;
    case "expired":
      return { code: "expired", at: request.expiresAt };
    case "rejected":
      return { code: "alreadyRejected", by: request.decision?.by.name ?? "", at: request.decision?.at ?? request.updatedAt };
    case "cancelled":
      return { code: "alreadyCancelled", by: request.decision?.by.name ?? "", at: request.decision?.at ?? request.updatedAt };
    case "voided":
      return { code: "voided", at: request.voided?.at ?? request.updatedAt };
    default:
      return { code: "alreadyApproved", by: lastApproval?.by.name ?? "", at: lastApproval?.at ?? request.updatedAt };
  }
}

function checkCaller(request: ApprovalRequest, caller: Caller, now: Date): Refusal | undefined {
  if (!same(request.tenantId, caller.tenantId)) return { code: "wrongTenant" };
  return refusalForState(request, now);
}

/**
 * Adds an approval. The requester never approves their own request (two-person rule, not
 * configurable); with enough approvals the request becomes approved.
 */
export function approveRequest(request: ApprovalRequest, approver: Caller, now: Date): TransitionResult {
  const refusal = checkCaller(request, approver, now);
  if (refusal) return no(refusal);
  if (same(request.requester.objectId, approver.objectId)) return no({ code: "selfApproval" });
  const mine = request.approvals.find((a) => same(a.by.objectId, approver.objectId));
  if (mine) return no({ code: "alreadyApprovedByYou", at: mine.at });
  const approvals = [...request.approvals, { by: actorOf(approver), at: iso(now) }];
  if (approvals.length < request.approvalsRequired) {
    return ok({ ...request, approvals, updatedAt: iso(now), history: [...request.history, { state: "pending", at: iso(now), by: approver.objectId }] });
  }
  return ok(moved(request, "approved", now, approver, { approvals }));
}

/** An approver turns the request down; the requester cancels instead. */
export function rejectRequest(request: ApprovalRequest, approver: Caller, now: Date, comment?: string): TransitionResult {
  const refusal = checkCaller(request, approver, now);
  if (refusal) return no(refusal);
  if (same(request.requester.objectId, approver.objectId)) return no({ code: "requesterCannotReject" });
  const decision = { by: actorOf(approver), at: iso(now), ...(comment ? { comment } : {}) };
  return ok(moved(request, "rejected", now, approver, { decision }));
}

/** Only the requester cancels, and only while the request is pending. */
export function cancelRequest(request: ApprovalRequest, requester: Caller, now: Date): TransitionResult {
  const refusal = checkCaller(request, requester, now);
  if (refusal) return no(refusal);
  if (!same(request.requester.objectId, requester.objectId)) return no({ code: "notRequester" });
  return ok(moved(request, "cancelled", now, requester, { decision: { by: actorOf(requester), at: iso(now) } }));
}

/** pending past its expiry -> expired; undefined when it is not due (or no longer pending). */
export function expireRequest(request: ApprovalRequest, now: Date): ApprovalRequest | undefined {
  return isExpired(request, now) ? moved(request, "expired", now) : undefined;
}

/** approved -> executing, owned by this process; the progress starts empty. */
export function startExecution(request: ApprovalRequest, owner: string, now: Date): TransitionResult {
  if (request.state !== "approved") return no(refusalForState(request, now) ?? { code: "wrongState", state: request.state });
  if (!planIntact(request)) return no({ code: "planMismatch" });
  const at = iso(now);
  const execution: ExecutionRecord = { owner, attempt: 1, startedAt: at, heartbeatAt: at, progress: initialProgress(request.plan) };
  return ok(moved(request, "executing", now, undefined, { execution }));
}

function owned(request: ApprovalRequest, owner: string): Refusal | undefined {
  if (request.state !== "executing" || !request.execution) return { code: "wrongState", state: request.state };
  if (request.execution.owner !== owner) return { code: "leaseLost", owner: request.execution.owner };
  return undefined;
}

/** Records progress (and renews the lease) while this process still owns the execution. */
export function recordProgress(
  request: ApprovalRequest,
  owner: string,
  progress: ExecutionProgress,
  now: Date,
  notes: MessageRef[] = [],
): TransitionResult {
  const refusal = owned(request, owner);
  if (refusal || !request.execution) return no(refusal ?? { code: "wrongState", state: request.state });
  const allNotes = [...(request.execution.notes ?? []), ...notes];
  const execution = { ...request.execution, progress, heartbeatAt: iso(now), ...(allNotes.length > 0 ? { notes: allNotes } : {}) };
  return ok({ ...request, updatedAt: iso(now), execution });
}

/** Keeps the lease alive during a long call that reports no progress. */
export function renewLease(request: ApprovalRequest, owner: string, now: Date): TransitionResult {
  const refusal = owned(request, owner);
  if (refusal || !request.execution) return no(refusal ?? { code: "wrongState", state: request.state });
  return ok({ ...request, execution: { ...request.execution, heartbeatAt: iso(now) } });
}

/** executing -> succeeded | failed | partially-succeeded, from the per-item outcome. */
export function finishExecution(request: ApprovalRequest, owner: string, progress: ExecutionProgress, now: Date): TransitionResult {
  const refusal = owned(request, owner);
  if (refusal || !request.execution) return no(refusal ?? { code: "wrongState", state: request.state });
  const at = iso(now);
  return ok(moved(request, outcomeOf(progress), now, undefined, { execution: { ...request.execution, progress, heartbeatAt: at, finishedAt: at } }));
}

/** approved | executing -> voided: re-validation found a material change, nothing more runs. */
export function voidRequest(request: ApprovalRequest, reasons: MessageRef[], now: Date): TransitionResult {
  if (request.state !== "approved" && request.state !== "executing") return no({ code: "wrongState", state: request.state });
  const at = iso(now);
  const execution = request.execution ? { ...request.execution, finishedAt: at } : undefined;
  return ok(moved(request, "voided", now, undefined, { voided: { at, reasons }, ...(execution ? { execution } : {}) }));
}

/** Is the execution's owner silent for longer than the lease (its process presumably died)? */
export function isStale(request: ApprovalRequest, now: Date, leaseMs: number): boolean {
  if (request.state === "approved") return now.getTime() - Date.parse(request.updatedAt) >= leaseMs;
  if (request.state !== "executing" || !request.execution) return false;
  return now.getTime() - Date.parse(request.execution.heartbeatAt) >= leaseMs;
}

/** A new process takes over a stale execution to resume it from its recorded progress. */
export function resumeExecution(request: ApprovalRequest, owner: string, now: Date): TransitionResult {
  if (request.state !== "executing" || !request.execution) return no({ code: "wrongState", state: request.state });
  const at = iso(now);
  const execution: ExecutionRecord = {
    ...request.execution,
    owner,
    attempt: request.execution.attempt + 1,
    heartbeatAt: at,
    resumedAt: [...(request.execution.resumedAt ?? []), at],
  };
  return ok({ ...request, execution, updatedAt: at, history: [...request.history, { state: "executing", at }] });
}

/** executing -> interrupted: not resumed; `live` says what the live state showed when re-checked. */
export function interruptExecution(request: ApprovalRequest, live: MessageRef[], now: Date): TransitionResult {
  if (request.state !== "executing" || !request.execution) return no({ code: "wrongState", state: request.state });
  const at = iso(now);
  return ok(moved(request, "interrupted", now, undefined, { execution: { ...request.execution, finishedAt: at, interruption: { at, live } } }));
}

/** Records a heartbeat check after execution (finished requests only). */
export function recordHeartbeats(request: ApprovalRequest, machines: MachineHeartbeat[], now: Date): TransitionResult {
  if (!isFinal(request.state) || !request.execution) return no({ code: "wrongState", state: request.state });
  return ok({ ...request, heartbeats: { checkedAt: iso(now), machines } });
}

/** Remembers the approval card's activity so later updates replace it in place. */
export function attachCard(request: ApprovalRequest, activityId: string): ApprovalRequest {
  return { ...request, card: { activityId } };
}
