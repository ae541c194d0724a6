// Runs a frozen, re-validated plan through the FleetWriter. Each item records its completed
// steps so a restarted bot can resume; scale-set rollouts go wave by wave and stop at the first
// wave whose instances do not come back healthy.
import type { Clock } from "../clock.js";
import type { ResourceRef } from "../fleet/port.js";
import {
  FleetWriteError,
  type FleetWriter,
  type InstanceExtensionState,
  type InstanceStateReader,
  type WriteResult,
} from "./fleet-writer.js";
import { mapBounded } from "../concurrency/map-bounded.js";
import { message } from "./message-ref.js";
import type { Plan, PlanItem } from "./plan.js";
import { isFinished, type ExecutionProgress, type ItemProgress } from "./progress.js";

export interface ExecutorOptions {
  writer: FleetWriter;
  instances: InstanceStateReader;
  clock: Clock;
  /** Waits between instance-state polls; tests pass one that advances a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Between polls of a wave's instances (default 10 s). */
  pollIntervalMs?: number;
  /** A wave whose instances are not healthy by then fails (default 30 min). */
  waveTimeoutMs?: number;
  /** Upper bound for one writer call; the SDK pollers have their own (default 30 min). */
  callTimeoutMs?: number;
  /** Items run in parallel, at most this many (default 4). Waves within a scale set never overlap. */
  concurrency?: number;
}

export interface ExecuteHooks {
  /** Called with a snapshot after every change; the caller stores it and throttles card updates. */
  onProgress?: (progress: ExecutionProgress) => void | Promise<void>;
  /** Stops between steps (another process took the execution over). */
  signal?: AbortSignal;
}

/** Runs plans; holds the FleetWriter so nothing else has to (ARCHITECTURE.md seam 6). */
export interface PlanExecutor {
  execute(plan: Plan, progress: ExecutionProgress, hooks?: ExecuteHooks): Promise<ExecutionProgress>;
}

export function createPlanExecutor(options: ExecutorOptions): PlanExecutor {
  return { execute: (plan, progress, hooks) => executePlan(plan, progress, options, hooks) };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function refOf(item: PlanItem): ResourceRef {
  return { subscriptionId: item.resource.subscriptionId, resourceGroup: item.resource.resourceGroup, name: item.resource.name };
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FleetWriteError("OperationTimedOut", `${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorOf(error: unknown): { code: string; message: string; correlationId?: string } {
  const text = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  if (error instanceof FleetWriteError) return { code: error.code, message: text, ...(error.correlationId ? { correlationId: error.correlationId } : {}) };
  return { code: "UnexpectedError", message: text };
}

type InstanceHealth = "ok" | "failed" | "pending";

/** An instance is through when it runs the latest model and it and its monitoring extensions succeeded. */
export function instanceHealth(state: InstanceExtensionState, extensionNames: readonly string[]): InstanceHealth {
  const wanted = new Set(extensionNames.map((n) => n.toLowerCase()));
  const extensions = state.extensions.filter((e) => wanted.has(e.name.toLowerCase()));
  const failed = (s: string) => s.toLowerCase() === "failed";
  const succeeded = (s: string) => s.toLowerCase() === "succeeded";
  if (failed(state.provisioningState) || extensions.some((e) => failed(e.provisioningState))) return "failed";
  if (state.latestModelApplied && succeeded(state.provisioningState) && extensions.every((e) => succeeded(e.provisioningState))) return "ok";
  return "pending";
}

/** Executes the plan from the given progress; resolves with the final progress, never rejects for a failed item. */
export async function executePlan(
  plan: Plan,
  progress: ExecutionProgress,
  options: ExecutorOptions,
  hooks: ExecuteHooks = {},
): Promise<ExecutionProgress> {
  const { writer, clock } = options;
  const sleep = options.sleep ?? defaultSleep;
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  const waveTimeoutMs = options.waveTimeoutMs ?? 30 * 60_000;
  const callTimeoutMs = options.callTimeoutMs ?? 30 * 60_000;
  const state: ExecutionProgress = structuredClone(progress);
  const progressOf = new Map(state.items.map((p) => [p.itemId, p]));
  const done = new Map<string, Promise<void>>();
  const stopped = () => hooks.signal?.aborted === true;
  const emit = async () => {
    await hooks.onProgress?.(structuredClone(state));
  };

  const call = async (p: ItemProgress, what: string, work: () => Promise<WriteResult>) => {
    const result = await withTimeout(work(), callTimeoutMs, what);
    if (result.correlationId) p.correlationIds.push(result.correlationId);
  };

  const waitForWave = async (item: PlanItem, ids: string[], extensionNames: readonly string[]) => {
    const deadline = clock.now().getTime() + waveTimeoutMs;
    for (;;) {
      const states = await options.instances.instanceStates(refOf(item), ids);
      // Instances deleted meanwhile are absent: nothing left to wait for on them.
      const health = states.map((s) => ({ id: s.instanceId, health: instanceHealth(s, extensionNames) }));
      const failed = health.filter((h) => h.health === "failed").map((h) => h.id);
      if (failed.length > 0) throw new FleetWriteError("InstanceUpgradeFailed", `instances ${failed.join(", ")} failed`);
      if (health.every((h) => h.health === "ok")) return;
      if (clock.now().getTime() >= deadline) {
        const pending = health.filter((h) => h.health === "pending").map((h) => h.id);
        throw new FleetWriteError("WaveTimedOut", `instances ${pending.join(", ")} not healthy after ${Math.round(waveTimeoutMs / 1000)} s`);
      }
      await sleep(pollIntervalMs);
    }
  };

  const runSteps = async (item: PlanItem, p: ItemProgress) => {
    const ref = refOf(item);
    const onVm = item.resource.kind === "vm";
    const step = async (index: number, what: string, work: () => Promise<WriteResult>) => {
      if (p.stepsDone > index || stopped()) return;
      await call(p, what, work);
      p.stepsDone = index + 1;
      await emit();
    };
    const action = item.action;
    switch (action.kind) {
      case "setExtensionVersion": {
        const patch = { typeHandlerVersion: action.toVersion, ...(action.forceUpdateTag ? { forceUpdateTag: action.forceUpdateTag } : {}) };
        const name = action.extension.name;
        await step(0, "extension update", () => (onVm ? writer.patchExtension(ref, name, patch) : writer.patchScaleSetExtension(ref, name, patch)));
        return;
      }
      case "setAutomaticUpgrade": {
        const patch = { enableAutomaticUpgrade: action.enable };
        const name = action.extension.name;
        await step(0, "extension update", () => (onVm ? writer.patchExtension(ref, name, patch) : writer.patchScaleSetExtension(ref, name, patch)));
        return;
      }
      case "reinstallExtension":
        await step(0, "extension delete", () => writer.deleteExtension(ref, action.extension.name));
        await step(1, "extension create", () => writer.createExtension(ref, action.extension.name, action.definition));
        return;
      case "runCommand":
        await step(0, "run command", () => writer.runCommand(ref, action.input));
        return;
      case "startVm":
        await step(0, "VM start", () => writer.startVm(ref));
        return;
      case "enableSystemIdentity":
        await step(0, "identity update", () => writer.enableSystemIdentity(ref));
        return;
      case "rolloutModel": {
        const excluded = new Set((p.excludedInstanceIds ?? []).map((id) => id.toLowerCase()));
        for (let wave = p.stepsDone; wave < action.waves.length; wave++) {
          if (stopped()) return;
          const planned = action.waves[wave] ?? [];
          const ids = planned.filter((id) => !excluded.has(id.toLowerCase()));
          if (ids.length > 0) {
            await call(p, `upgrade of wave ${wave + 1}`, () => writer.upgradeInstances(ref, ids));
            await waitForWave(item, ids, action.extensionNames);
          }
          p.stepsDone = wave + 1;
          p.instancesDone = (p.instancesDone ?? 0) + planned.length;
          await emit();
        }
        return;
      }
    }
  };

  const runItem = async (item: PlanItem) => {
    const p = progressOf.get(item.id);
    if (!p || isFinished(p)) return;
    await Promise.all(item.dependsOn.map((id) => done.get(id)));
    const failedFirst = item.dependsOn.find((id) => progressOf.get(id)?.status !== "succeeded");
    if (failedFirst !== undefined) {
      p.status = "blocked";
      p.reason = message("approvals.progress.blockedBy", { name: item.resource.name });
      p.finishedAt = clock.now().toISOString();
      await emit();
      return;
    }
    if (stopped()) return;
    p.status = "running";
    p.startedAt ??= clock.now().toISOString();
    await emit();
    try {
      await runSteps(item, p);
      if (stopped() && p.stepsDone < p.stepsTotal) return;
      p.status = "succeeded";
    } catch (error) {
      const { correlationId, ...rest } = errorOf(error);
      if (correlationId) p.correlationIds.push(correlationId);
      p.status = "failed";
      p.error = rest;
    }
    p.finishedAt = clock.now().toISOString();
    await emit();
  };

  // Items start in plan order; dependents wait for the items they depend on, which come earlier
  // in the plan and so were already picked up by a worker: no deadlock with a bounded pool.
  const releases = new Map<string, () => void>();
  for (const item of plan.items) done.set(item.id, new Promise<void>((resolve) => releases.set(item.id, resolve)));
  await mapBounded(plan.items, options.concurrency ?? 4, async (item) => {
    try {
      await runItem(item);
    } finally {
      releases.get(item.id)?.();
    }
  });
  return state;
}
