// Drives one ARM long-running operation to its end through the SDK poller (@azure/core-lro 3) and
// turns every way it can end badly into a FleetWriteError the approval executor understands.
import { FleetWriteError } from "../../approvals/fleet-writer.js";
import { toAzureError } from "./azure-error.js";

/** The per-call options the SDK's LRO methods take (arm-compute 25 `...OptionalParams`). */
export interface OperationCallOptions {
  updateIntervalInMs?: number;
  abortSignal: AbortSignal;
  onResponse(response: { headers: { get(name: string): string | undefined } }): void;
}

/** What `await poller` needs; arm-compute's PollerLike has it. */
export interface PollerLikeOperation<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

export interface OperationSettings {
  /** Poll interval when the service sends no Retry-After (SDK default 2000 ms; tests use ~10 ms). */
  pollIntervalMs?: number;
  timeoutMs: number;
}

export interface OperationOutcome<T> {
  result: T;
  correlationId?: string;
}

// core-lro throws a plain Error for a Failed/Canceled status: "The long-running operation has failed.
// <code>. <message>" (azure-api.md §3.1) with no structured fields; the code is read back from it.
const lroFailure = /^The long-running operation has failed(?:\. ([A-Za-z0-9_.:-]+)\. ([\s\S]*))?$/;

/**
 * Starts the operation with `start(callOptions)`, waits until it is done or `timeoutMs` has passed,
 * and returns its result with ARM's x-ms-correlation-request-id from the initial response.
 */
export async function awaitOperation<T>(
  what: string,
  settings: OperationSettings,
  start: (callOptions: OperationCallOptions) => PollerLikeOperation<T>,
): Promise<OperationOutcome<T>> {
  const abortSignal = AbortSignal.timeout(settings.timeoutMs);
  let correlationId: string | undefined;
  const callOptions: OperationCallOptions = {
    abortSignal,
    onResponse(response) {
      correlationId ??= response.headers.get("x-ms-correlation-request-id") ?? undefined;
    },
    ...(settings.pollIntervalMs !== undefined && { updateIntervalInMs: settings.pollIntervalMs }),
  };
  try {
    // pollUntilDone with the signal: a plain `await poller` would not abort the wait between polls.
    const result = await start(callOptions).pollUntilDone({ abortSignal });
    return { result, ...(correlationId !== undefined && { correlationId }) };
  } catch (error) {
    throw toWriteError(error, what, settings.timeoutMs, abortSignal.aborted, correlationId);
  }
}

function toWriteError(error: unknown, what: string, timeoutMs: number, timedOut: boolean, correlationId: string | undefined): FleetWriteError {
  if (error instanceof FleetWriteError) return error;
  if (timedOut) {
    // The operation may still finish in Azure; the executor re-checks live state (issue 3 req 7).
    return new FleetWriteError("OperationTimedOut", `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`, correlationId);
  }
  const message = error instanceof Error ? error.message : String(error);
  const failed = lroFailure.exec(message);
  if (failed) {
    return new FleetWriteError(failed[1] ?? "OperationFailed", `${what} failed: ${failed[2] ?? "no error details"}`.slice(0, 500), correlationId);
  }
  if (message === "Operation was canceled") return new FleetWriteError("OperationCanceled", `${what} was canceled`, correlationId);
  // An HTTP failure (initial request or a poll): RestError, converted without its request/headers.
  const azure = toAzureError(error);
  return new FleetWriteError(azure.code, `${what} failed: ${azure.message}`.slice(0, 500), azure.correlationId ?? correlationId);
}
