// The append-only audit trail of approval requests: every decision and execution result, with
// the frozen plan hash and the ARM correlation IDs, so a change can be traced in the activity log.
import { appendAudit, listAudit } from "../store/audit-log.js";
import type { Store } from "../store/port.js";
import type { MachineHeartbeat } from "./heartbeat-check.js";
import type { MessageRef } from "./message-ref.js";
import { planResourceIds } from "./plan.js";
import { correlationIdsOf, type ItemStatus } from "./progress.js";
import type { Actor, ApprovalRequest, RequestState } from "./request.js";

export type AuditEvent = Exclude<RequestState, "pending" | "approved"> | "requested" | "approved" | "approvalAdded" | "resumed" | "heartbeatsChecked";

export interface AuditOutcome {
  itemId: string;
  resourceId: string;
  status: ItemStatus;
  error?: { code: string; message: string };
  correlationIds: string[];
}

export interface ApprovalAuditRecord {
  requestId: string;
  event: AuditEvent;
  at: string;
  actor?: Actor;
  verb: string;
  target: string;
  requester: Actor;
  approvers: Actor[];
  planHash: string;
  resourceIds: string[];
  correlationIds?: string[];
  outcomes?: AuditOutcome[];
  reasons?: MessageRef[];
  heartbeats?: MachineHeartbeat[];
}

/** The audit record of an event on a request, from its stored state. */
export function auditRecordOf(request: ApprovalRequest, event: AuditEvent, at: string, extra: { actor?: Actor; reasons?: MessageRef[] } = {}): ApprovalAuditRecord {
  const record: ApprovalAuditRecord = {
    requestId: request.id,
    event,
    at,
    verb: request.verb,
    target: request.target,
    requester: request.requester,
    approvers: request.approvals.map((a) => a.by),
    planHash: request.planHash,
    resourceIds: planResourceIds(request.plan),
    ...(extra.actor ? { actor: extra.actor } : {}),
    ...(extra.reasons && extra.reasons.length > 0 ? { reasons: extra.reasons } : {}),
    ...(request.heartbeats ? { heartbeats: request.heartbeats.machines } : {}),
  };
  const execution = request.execution;
  if (execution) {
    const items = new Map(request.plan.items.map((item) => [item.id, item]));
    record.correlationIds = correlationIdsOf(execution.progress);
    record.outcomes = execution.progress.items.map((p) => ({
      itemId: p.itemId,
      resourceId: items.get(p.itemId)?.resource.id ?? "",
      status: p.status,
      ...(p.error ? { error: p.error } : {}),
      correlationIds: p.correlationIds,
    }));
  }
  return record;
}

/** The audit index target under which every record of one request is found. */
export function requestAuditTarget(requestId: string): string {
  return `approval-request/${requestId}`;
}

/**
 * Appends one record through the store's append-only audit log, indexed under every resource the
 * plan changes and under the request itself. Retrying the same record is harmless.
 */
export async function appendApprovalAudit(store: Store, record: ApprovalAuditRecord): Promise<void> {
  await appendAudit(store, {
    // Unique per event: two approvals of one request in the same millisecond still differ by actor.
    id: `${record.requestId}.${record.event}.${record.actor?.objectId ?? "system"}`,
    at: record.at,
    action: `approval.${record.event}`,
    ...(record.actor ? { actor: record.actor.objectId } : {}),
    targets: [requestAuditTarget(record.requestId), ...record.resourceIds],
    details: record,
  });
}

export interface ApprovalAuditQuery {
  requestId?: string;
  /** A resource ID: records about exactly it. */
  resourceId?: string;
  /** A scope prefix such as "/subscriptions/<id>/resourceGroups/<rg>/": records about anything under it. */
  scopePrefix?: string;
  /** Newest first; default 50. */
  limit?: number;
}

/** Approval audit records, newest first. */
export async function listApprovalAudit(store: Store, query: ApprovalAuditQuery = {}): Promise<ApprovalAuditRecord[]> {
  const limit = query.limit ?? 50;
  const options = query.requestId
    ? { target: requestAuditTarget(query.requestId), limit }
    : query.resourceId
      ? { target: query.resourceId, limit }
      : query.scopePrefix
        ? { targetPrefix: query.scopePrefix, limit }
        : { limit };
  const records = await listAudit<ApprovalAuditRecord>(store, options);
  return records.filter((r) => r.action.startsWith("approval.")).map((r) => r.details as ApprovalAuditRecord);
}
