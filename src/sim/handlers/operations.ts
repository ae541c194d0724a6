// Operation status (Azure-AsyncOperation) and result (Location, `monitor=true`) URLs of the
// simulator's long-running operations (azure-api.md §3.1).
import { ArmError } from "../arm-error.js";
import type { SimOperation } from "../operation-book.js";
import type { Route } from "../route.js";
import { queryParam } from "../sim-request.js";

function statusBody(operation: SimOperation) {
  return {
    name: operation.id,
    status: operation.status,
    startTime: operation.startTime.toISOString(),
    ...(operation.endTime ? { endTime: operation.endTime.toISOString() } : {}),
    ...(operation.error ? { error: operation.error } : {}),
  };
}

export const operationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/operations/{operationId}",
    name: "operations.get",
    kind: "read",
    api: "arm",
    handle(context) {
      const operation = context.operations.find(context.params.operationId!);
      if (!operation) throw new ArmError(404, "NotFound", `The operation '${context.params.operationId!}' was not found.`);
      context.operations.poll(operation);
      const monitor = queryParam(context.request, "monitor")?.toLowerCase() === "true";
      if (!monitor) {
        return { status: 200, body: statusBody(operation), headers: operation.status === "InProgress" ? context.operations.retryAfterHeader() : {} };
      }
      // Location semantics: 202 while running, then the result (200) or the failure.
      if (operation.status === "InProgress") return { status: 202, headers: { location: `${context.baseUrl}${context.request.path}?${new URLSearchParams(context.request.queryPairs).toString()}`, ...context.operations.retryAfterHeader() } };
      if (operation.status === "Failed") return { status: 400, body: { error: operation.error } };
      return operation.result === undefined ? { status: 200 } : { status: 200, body: operation.result };
    },
  },
];
