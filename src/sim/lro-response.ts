// Answering a write as a long-running operation: Azure-AsyncOperation always, Location for POST and
// DELETE (and wherever a result must be fetched: the SDK takes a POST's result from Location;
// azure-api.md §3.1, §6.1).
import { ArmError } from "./arm-error.js";
import type { OperationFault, OperationSpec } from "./operation-book.js";
import { takeFixtureFault } from "./operation-faults.js";
import type { WriteFaultData } from "./fixture-schema.js";
import type { HandlerContext, SimResponse } from "./route.js";
import { queryParam } from "./sim-request.js";

export function startOperation(
  context: HandlerContext,
  spec: OperationSpec,
  response: { status: number; body?: unknown; withLocation: boolean },
): SimResponse {
  const operation = context.operations.start(spec);
  const urls = context.operations.urls(operation, context.baseUrl, queryParam(context.request, "api-version") ?? "2026-04-01");
  return {
    status: response.status,
    body: response.body,
    headers: {
      "azure-asyncoperation": urls.asyncOperation,
      ...(response.withLocation ? { location: urls.location } : {}),
      ...context.operations.retryAfterHeader(),
    },
  };
}

/** 409 when an unfinished operation holds one of these resources, as Compute answers. */
export function assertNotBusy(context: HandlerContext, resourceIds: string[]): void {
  for (const id of resourceIds) {
    if (context.operations.isBusy(id)) {
      throw new ArmError(409, "OperationNotAllowed", `Operation '${context.request.method}' is not allowed on '${id}' since another operation on it is in progress.`);
    }
  }
}

/** An injected fault for this write, else the most specific fixture fault of its resources. */
export function takeWriteFault(context: HandlerContext, owners: { writeFault?: WriteFaultData }[]): OperationFault | undefined {
  return context.operationFaults.take(context.request.method, context.request.path) ?? takeFixtureFault(owners);
}
