// Long-running operations with ARM semantics (azure-api.md §3.1): a write answers at once with
// absolute Azure-AsyncOperation (and, for POST/DELETE, Location) URLs on this simulator; the status
// URL says InProgress for N polls (or until a wall-clock limit passes, so an operation also finishes
// when nobody polls, e.g. across a bot restart), then Succeeded or Failed. The fleet changes only
// when the operation finishes.
import { stableGuid } from "./arm-ids.js";

export interface LroSettings {
  /** InProgress answers before the status becomes terminal (default 2). */
  polls?: number;
  /** Wall-clock time after which an operation finishes even without polls (default 5000 ms). */
  maxDurationMs?: number;
  /** Retry-After on accepted responses and InProgress polls; absent = the client's own interval. */
  retryAfterSeconds?: number;
}

export interface OperationFailure {
  code: string;
  message: string;
}

/** How a write's operation should misbehave (fixture writeFault or injectOperationFault). */
export interface OperationFault {
  kind: "fail" | "hang";
  code?: string;
  message?: string;
}

export interface OperationSpec {
  subscriptionId: string;
  location: string;
  /** Resources this operation keeps busy (lower-case IDs); a second write to one answers 409. */
  resources: string[];
  fault?: OperationFault;
  /** Applies the change; may return the result a Location GET answers (run command output). */
  succeed(): unknown;
  /** Records the failure on the resources (e.g. extension provisioningState Failed). */
  fail(failure: OperationFailure): void;
  /** Checked when the operation finishes: a failure the change itself runs into. */
  check?(): OperationFailure | undefined;
}

export interface SimOperation {
  id: string;
  spec: OperationSpec;
  status: "InProgress" | "Succeeded" | "Failed";
  startTime: Date;
  endTime?: Date;
  error?: OperationFailure;
  result?: unknown;
  pollsSeen: number;
  startedAtMs: number;
}

export class OperationBook {
  private readonly operations = new Map<string, SimOperation>();
  private counter = 0;

  constructor(
    private readonly settings: LroSettings,
    private readonly now: () => Date,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  start(spec: OperationSpec): SimOperation {
    const id = stableGuid(`operation#${process.pid}#${++this.counter}#${this.monotonicMs()}`);
    const operation: SimOperation = { id, spec, status: "InProgress", startTime: this.now(), pollsSeen: 0, startedAtMs: this.monotonicMs() };
    this.operations.set(id, operation);
    return operation;
  }

  find(id: string): SimOperation | undefined {
    const operation = this.operations.get(id.toLowerCase());
    if (operation) this.settle(operation);
    return operation;
  }

  /** One poll of the status or Location URL. */
  poll(operation: SimOperation): void {
    operation.pollsSeen++;
    this.settle(operation);
  }

  /** Finishes every operation whose time is up; called on each request so GETs see the outcome. */
  settleAll(): void {
    for (const operation of this.operations.values()) this.settle(operation);
  }

  /** Whether any operation may still change the fleet when it settles. */
  hasInProgress(): boolean {
    this.settleAll();
    for (const operation of this.operations.values()) if (operation.status === "InProgress") return true;
    return false;
  }

  isBusy(resourceId: string): boolean {
    const key = resourceId.toLowerCase();
    this.settleAll();
    for (const operation of this.operations.values()) {
      if (operation.status === "InProgress" && operation.spec.resources.includes(key)) return true;
    }
    return false;
  }

  /** Absolute status URL (Azure-AsyncOperation) and result URL (Location) of an operation. */
  urls(operation: SimOperation, baseUrl: string, apiVersion: string): { asyncOperation: string; location: string } {
    const path = `${baseUrl}/subscriptions/${operation.spec.subscriptionId}/providers/Microsoft.Compute/locations/${operation.spec.location}/operations/${operation.id}`;
    const version = encodeURIComponent(apiVersion);
    return { asyncOperation: `${path}?api-version=${version}`, location: `${path}?monitor=true&api-version=${version}` };
  }

  retryAfterHeader(): Record<string, string> {
    return this.settings.retryAfterSeconds === undefined ? {} : { "retry-after": String(this.settings.retryAfterSeconds) };
  }

  private settle(operation: SimOperation): void {
    if (operation.status !== "InProgress" || operation.spec.fault?.kind === "hang") return;
    const enoughPolls = operation.pollsSeen > (this.settings.polls ?? 2);
    const timeUp = this.monotonicMs() - operation.startedAtMs >= (this.settings.maxDurationMs ?? 5000);
    if (!enoughPolls && !timeUp) return;
    operation.endTime = this.now();
    const fault = operation.spec.fault;
    const failure = fault
      ? { code: fault.code ?? "VMExtensionProvisioningError", message: fault.message ?? "The operation failed (fault injected by the simulator)." }
      : operation.spec.check?.();
    if (failure) {
      operation.status = "Failed";
      operation.error = failure;
      operation.spec.fail(failure);
      return;
    }
    operation.status = "Succeeded";
    operation.result = operation.spec.succeed();
  }
}
