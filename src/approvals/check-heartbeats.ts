import type { ApprovalDeps, Outcome } from "./approval-deps.js";
import { assessHeartbeats } from "./heartbeat-check.js";
import { mapBounded } from "../concurrency/map-bounded.js";
import { isFinal, recordHeartbeats } from "./request.js";
import { getRequest, recordAudit, updateRequest } from "./request-store.js";

/**
 * Looks at the newest heartbeat of every VM the request changed and stores which report the new
 * version and which went silent. Call it a few times during the watch window (the caller decides
 * the window); heartbeatsSettled() says when there is nothing left to wait for.
 */
export async function checkHeartbeats(deps: ApprovalDeps, requestId: string): Promise<Outcome> {
  const request = await getRequest(deps.store, requestId);
  if (!request) return { ok: false, refusal: { code: "notFound", id: requestId } };
  const execution = request.execution;
  if (!execution?.finishedAt || !isFinal(request.state)) return { ok: false, refusal: { code: "wrongState", state: request.state }, request };
  const vmIds = new Map(request.plan.items.filter((i) => i.resource.kind === "vm").map((i) => [i.resource.id.toLowerCase(), i.resource.id]));
  const beats = new Map(await mapBounded([...vmIds], 8, async ([key, id]) => [key, await deps.fleet.lastHeartbeat(id)] as const));
  const machines = assessHeartbeats(request.plan.items, execution.progress, beats, new Date(execution.finishedAt));
  const result = await updateRequest(deps, requestId, (r, now) => recordHeartbeats(r, machines, now));
  if (result.ok) await recordAudit(deps, result.request, "heartbeatsChecked");
  return result;
}
