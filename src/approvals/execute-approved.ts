// Runs an approved request: claim it (one process wins), re-validate the frozen plan against
// live state, execute what is left through the PlanExecutor, record the outcome and audit it.
import type { ApprovalDeps, ExecutionHooks } from "./approval-deps.js";
import { defaultLeaseMs } from "./approval-deps.js";
import type { AuditEvent } from "./audit.js";
import { planTargets, readLiveState } from "./live-state.js";
import { completeItems, excludeInstances, isFinished, skipItems, type ExecutionProgress } from "./progress.js";
import { finishExecution, recordProgress, renewLease, startExecution, voidRequest, type ApprovalRequest, type TransitionResult } from "./request.js";
import { notify, recordAudit, updateRequest } from "./request-store.js";
import { revalidatePlan } from "./revalidate.js";

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
    await recordAudit(deps, claimed.request, "executing");
    notify(deps, hooks, claimed.request);
    return await runExecution(deps, claimed.request, hooks, "fresh");
  } catch (error) {
    deps.log?.error({ err: error, requestId }, "approvals: execution could not start");
    return undefined;
  }
}

function failUnfinished(progress: ExecutionProgress, code: string, text: string, at: string): ExecutionProgress {
  return {
    items: progress.items.map((p) => (isFinished(p) ? p : { ...p, status: "failed", error: { code, message: text.slice(0, 500) }, finishedAt: at })),
  };
}

/** Runs a request this process owns (freshly claimed, or taken over by recovery) to its end. */
export async function runExecution(deps: ApprovalDeps, claimed: ApprovalRequest, hooks: ExecutionHooks, mode: "fresh" | "resume"): Promise<ApprovalRequest> {
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
        await recordAudit(deps, voided.request, "voided", { reasons: check.reasons });
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
    await chain;
    // Keep what was already recorded (done steps, correlation IDs); fail only what did not finish.
    progress = failUnfinished(latest.execution?.progress ?? progress, "ExecutionError", error instanceof Error ? error.message : String(error), deps.clock.now().toISOString());
  } finally {
    clearInterval(timer);
  }
  await chain;
  if (lost.signal.aborted) return latest;
  const finalProgress = progress;
  const finished = await updateRequest(deps, id, (r, now) => finishExecution(r, owner, finalProgress, now));
  if (!finished.ok) return finished.request ?? latest;
  await recordAudit(deps, finished.request, finished.request.state as AuditEvent);
  notify(deps, hooks, finished.request);
  return finished.request;
}
