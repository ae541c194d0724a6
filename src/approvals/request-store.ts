// Approval requests in the Store: every change is a pure transition (request.ts) applied with
// etag compare-and-swap and retried on conflict, which is what makes execution exactly-once.
import { StoreConflictError, type Store } from "../store/port.js";
import { approvalsTable, type ApprovalDeps, type ExecutionHooks, type Outcome } from "./approval-deps.js";
import { appendApprovalAudit, auditRecordOf, type AuditEvent } from "./audit.js";
import type { MessageRef } from "./message-ref.js";
import { expireRequest, isExpired, refusalForState, type Actor, type ApprovalRequest, type TransitionResult } from "./request.js";


export async function getRequest(store: Store, id: string): Promise<ApprovalRequest | undefined> {
  return (await store.get<ApprovalRequest>(approvalsTable, id))?.value;
}

export async function updateRequest(deps: ApprovalDeps, id: string, change: (request: ApprovalRequest, now: Date) => TransitionResult): Promise<Outcome> {
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

export async function recordAudit(deps: ApprovalDeps, request: ApprovalRequest, event: AuditEvent, extra: { actor?: Actor; reasons?: MessageRef[] } = {}) {
  try {
    await appendApprovalAudit(deps.store, auditRecordOf(request, event, deps.clock.now().toISOString(), extra));
  } catch (error) {
    // The state change already happened; losing its audit line must be loud but must not undo it.
    deps.log?.error({ err: error, requestId: request.id, event }, "approvals: audit append failed");
  }
}

/** A pending request past its expiry is stored as expired, so its card flips for everyone. */
export async function persistExpiry(deps: ApprovalDeps, request: ApprovalRequest): Promise<ApprovalRequest> {
  if (!isExpired(request, deps.clock.now())) return request;
  const result = await updateRequest(deps, request.id, (r, now) => {
    const expired = expireRequest(r, now);
    return expired ? { ok: true, request: expired } : { ok: false, refusal: refusalForState(r, now) ?? { code: "wrongState", state: r.state } };
  });
  if (result.ok) await recordAudit(deps, result.request, "expired");
  return result.request ?? request;
}

/** Tells the caller about a stored change; a throwing hook is logged, never propagated. */
export function notify(deps: ApprovalDeps, hooks: ExecutionHooks, request: ApprovalRequest): void {
  try {
    hooks.onChange?.(request);
  } catch (error) {
    deps.log?.warn({ err: error, requestId: request.id }, "approvals: onChange hook threw");
  }
}
