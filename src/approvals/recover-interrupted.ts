import type { ApprovalDeps, ExecutionHooks } from "./approval-deps.js";
import { approvalsTable, defaultLeaseMs } from "./approval-deps.js";
import { executeApproved, runExecution } from "./execute-approved.js";
import { planTargets, readLiveState } from "./live-state.js";
import { message, type MessageRef } from "./message-ref.js";
import { isFinished, itemLabel } from "./progress.js";
import { interruptExecution, isStale, resumeExecution, type ApprovalRequest } from "./request.js";
import { notify, recordAudit, updateRequest } from "./request-store.js";
import { revalidatePlan, type ItemCheck } from "./revalidate.js";

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
      await recordAudit(deps, request, "resumed");
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
      await recordAudit(deps, interrupted.request, "interrupted", { reasons: live });
      notify(deps, options, interrupted.request);
      recovered.push({ request: interrupted.request, action: "interrupted" });
    }
  }
  return recovered;
}
