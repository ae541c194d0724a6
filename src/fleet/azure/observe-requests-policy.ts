import type { ComputeManagementClient } from "@azure/arm-compute";
import type { Logger } from "../../log.js";

type PipelinePolicy = Parameters<ComputeManagementClient["pipeline"]["addPolicy"]>[0];

export const observeRequestsPolicyName = "extopsObserveRequests";

/**
 * A pipeline policy, placed after the retry policy so it sees every attempt: counts requests and logs
 * ARM's correlation ID at debug level (issue 6 req 5). It logs method, path, status and IDs only —
 * never headers, so the bearer token cannot leak.
 */
export function createObserveRequestsPolicy(options: { log: Logger; onRequest(): void; now?: () => number }): PipelinePolicy {
  const now = options.now ?? Date.now;
  return {
    name: observeRequestsPolicyName,
    async sendRequest(request, next) {
      options.onRequest();
      const started = now();
      const path = pathOf(request.url);
      try {
        const response = await next(request);
        options.log.debug(
          {
            azure: {
              method: request.method,
              path,
              status: response.status,
              correlationId: response.headers.get("x-ms-correlation-request-id"),
              requestId: response.headers.get("x-ms-request-id"),
              ms: now() - started,
            },
          },
          "azure request",
        );
        return response;
      } catch (error) {
        options.log.debug({ azure: { method: request.method, path, failed: true, ms: now() - started } }, "azure request failed");
        throw error;
      }
    },
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}
