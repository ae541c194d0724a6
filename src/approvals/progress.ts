// Execution progress, per plan item: which steps are done (so a restarted bot can resume), the
// ARM correlation IDs for the audit, and for scale-set rollouts how many instances are through.
import { message, type MessageRef } from "./message-ref.js";
import type { Plan, PlanAction, PlanItem } from "./plan.js";

export type ItemStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "blocked";

export interface ItemProgress {
  itemId: string;
  status: ItemStatus;
  /** Completed steps (PATCH, DELETE+PUT, one per wave, ...): a resumed execution starts after them. */
  stepsDone: number;
  stepsTotal: number;
  instancesDone?: number;
  instancesTotal?: number;
  /** Planned instances that no longer exist: left out of their wave. */
  excludedInstanceIds?: string[];
  correlationIds: string[];
  error?: { code: string; message: string };
  /** Why the item was skipped (changed since the plan) or blocked (a prerequisite failed). */
  reason?: MessageRef;
  startedAt?: string;
  finishedAt?: string;
}

export interface ExecutionProgress {
  items: ItemProgress[];
}

export type ExecutionOutcome = "succeeded" | "failed" | "partially-succeeded";

export function stepsOf(action: PlanAction): number {
  switch (action.kind) {
    case "rolloutModel":
      return action.waves.length;
    case "reinstallExtension":
      return 2;
    default:
      return 1;
  }
}

function instancesOf(item: PlanItem): number | undefined {
  return item.action.kind === "rolloutModel" ? item.action.waves.reduce((n, wave) => n + wave.length, 0) : undefined;
}

export function initialProgress(plan: Plan): ExecutionProgress {
  return {
    items: plan.items.map((item) => {
      const instancesTotal = instancesOf(item);
      return {
        itemId: item.id,
        status: "pending",
        stepsDone: 0,
        stepsTotal: stepsOf(item.action),
        ...(instancesTotal !== undefined ? { instancesDone: 0, instancesTotal } : {}),
        correlationIds: [],
      };
    }),
  };
}

/** Marks items skipped (re-validation found them changed); finished items are left alone. */
export function skipItems(progress: ExecutionProgress, skips: readonly { itemId: string; reason: MessageRef }[]): ExecutionProgress {
  const reasons = new Map(skips.map((s) => [s.itemId, s.reason]));
  return {
    items: progress.items.map((p) => {
      const reason = reasons.get(p.itemId);
      return reason && (p.status === "pending" || p.status === "running") ? { ...p, status: "skipped", reason } : p;
    }),
  };
}

/** Leaves instances that disappeared since the plan out of their rollout. */
export function excludeInstances(progress: ExecutionProgress, removed: readonly { itemId: string; instanceIds: readonly string[] }[]): ExecutionProgress {
  const byItem = new Map(removed.filter((r) => r.instanceIds.length > 0).map((r) => [r.itemId, r.instanceIds]));
  return {
    items: progress.items.map((p) => {
      const ids = byItem.get(p.itemId);
      return ids ? { ...p, excludedInstanceIds: [...new Set([...(p.excludedInstanceIds ?? []), ...ids])] } : p;
    }),
  };
}

/** Marks items done without running them (re-validation found them already at the target). */
export function completeItems(progress: ExecutionProgress, itemIds: readonly string[], at: string): ExecutionProgress {
  const done = new Set(itemIds);
  return {
    items: progress.items.map((p) =>
      done.has(p.itemId) && (p.status === "pending" || p.status === "running")
        ? { ...p, status: "succeeded", stepsDone: p.stepsTotal, ...(p.instancesTotal !== undefined ? { instancesDone: p.instancesTotal } : {}), finishedAt: at }
        : p,
    ),
  };
}

/** succeeded: every item succeeded; failed: none did; otherwise partially-succeeded (some failed, skipped or blocked). */
export function outcomeOf(progress: ExecutionProgress): ExecutionOutcome {
  const statuses = progress.items.map((p) => p.status);
  const succeeded = statuses.filter((s) => s === "succeeded").length;
  if (succeeded === statuses.length && succeeded > 0) return "succeeded";
  if (succeeded === 0) return "failed";
  return "partially-succeeded";
}

export function isFinished(item: ItemProgress): boolean {
  return item.status === "succeeded" || item.status === "failed" || item.status === "skipped" || item.status === "blocked";
}

/** Every ARM correlation ID recorded so far, in item order. */
export function correlationIdsOf(progress: ExecutionProgress): string[] {
  return progress.items.flatMap((p) => p.correlationIds);
}

/**
 * One line per item for the card: "vmss-web: wave 2/5: 24/120 instances", "vm-web-02: succeeded", ...
 * Keys: approvals.progress.<status> and approvals.progress.wave.
 */
export function describeProgress(plan: Plan, progress: ExecutionProgress): MessageRef[] {
  const items = new Map(plan.items.map((item) => [item.id, item]));
  return progress.items.map((p) => {
    const item = items.get(p.itemId);
    const name = item ? itemLabel(item) : p.itemId;
    if (p.status === "running" && p.instancesTotal !== undefined) {
      return message("approvals.progress.wave", {
        name,
        wave: Math.min(p.stepsDone + 1, p.stepsTotal),
        waves: p.stepsTotal,
        done: p.instancesDone ?? 0,
        total: p.instancesTotal,
      });
    }
    if (p.status === "failed") return message("approvals.progress.failed", { name, code: p.error?.code ?? "", error: p.error?.message ?? "" });
    return message(`approvals.progress.${p.status}`, { name });
  });
}

/** "vm-web-02 / AzureMonitorLinuxAgent" or "vmss-web": how an item is named in progress lines. */
export function itemLabel(item: PlanItem): string {
  return "extension" in item.action ? `${item.resource.name} / ${item.action.extension.name}` : item.resource.name;
}
