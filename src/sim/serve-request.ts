// One request through the simulator: count it, wait (latency + slow faults), answer an injected
// fault, check auth and api-version, then run the route's handler. Errors become ARM error bodies.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ArmError } from "./arm-error.js";
import { stableGuid } from "./arm-ids.js";
import { faultResponse, type FaultBook } from "./fault-book.js";
import type { FleetState } from "./fleet-state.js";
import type { GraphQuota } from "./graph-quota.js";
import type { OperationBook } from "./operation-book.js";
import type { OperationFaultBook } from "./operation-faults.js";
import { findRoute, type CompiledRoute, type SimResponse } from "./route.js";
import { parseSimRequest, queryParam, type SimRequest } from "./sim-request.js";
import { countRequest, type SimulatorStats } from "./sim-stats.js";
import type { ArmThrottle } from "./token-bucket.js";

export interface SimCore {
  state: FleetState;
  stats: SimulatorStats;
  faults: FaultBook;
  routes: CompiledRoute[];
  baseUrl: string;
  pageSize: number;
  operations: OperationBook;
  operationFaults: OperationFaultBook;
  graphQuota: GraphQuota;
  throttle: ArmThrottle;
  latencyMs(): number;
}

const maxBodyBytes = 10 * 1024 * 1024;
let requestCounter = 0;

export async function serveRequest(core: SimCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = stableGuid(`request#${process.pid}#${++requestCounter}`);
  let response: SimResponse;
  try {
    const rawBody = await readBody(req);
    response = await answer(core, parseSimRequest(req.method ?? "GET", req.url ?? "/", req.headers, rawBody));
  } catch (error) {
    response = toErrorResponse(error);
  }
  const headers: Record<string, string> = {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": String(req.headers["x-ms-client-request-id"] ?? requestId),
    ...response.headers,
  };
  // writeHead and end are separate calls: restify replaces ServerResponse.prototype.writeHead for every
  // server in the process with a version that returns undefined, so `writeHead(...).end()` would throw
  // when the simulator runs next to the bot (restify lib/response.js).
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

async function answer(core: SimCore, request: SimRequest): Promise<SimResponse> {
  const found = findRoute(core.routes, request);
  const isLogs = request.segments[0]?.toLowerCase() === "v1";
  const apiVersion = queryParam(request, "api-version");
  const kind = found?.route.kind ?? (request.method === "GET" || request.method === "HEAD" ? "read" : "write");
  countRequest(core.stats, found?.route.name ?? "unmatched", kind, apiVersion);

  const fault = core.faults.take(request.method, request.path);
  const delay = core.latencyMs() + fault.delayMs;
  if (delay > 0) await sleep(delay);
  if (fault.failure) return faultResponse(fault.failure);

  const auth = request.headers.authorization;
  if (typeof auth !== "string" || !/^Bearer\s+\S+/i.test(auth)) {
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.");
  }
  if (!isLogs && apiVersion === undefined) {
    throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const limit = isLogs || found?.route.name === "resourceGraph.resources" ? undefined : takeArmToken(core, request, kind);
  if (limit && !limit.allowed) return limit.response;
  if (!found) {
    throw isLogs
      ? new ArmError(404, "PathNotFoundError", `The requested path does not exist: ${request.method} ${request.path}`)
      : new ArmError(404, "InvalidResourceType", `The simulator serves no ${request.method} ${request.path}.`);
  }
  core.operations.settleAll();
  if (kind === "write") core.state.revision++;
  const response = await found.route.handle({
    request,
    params: found.params,
    state: core.state,
    baseUrl: core.baseUrl,
    pageSize: core.pageSize,
    operations: core.operations,
    operationFaults: core.operationFaults,
    graphQuota: core.graphQuota,
  });
  return limit ? { ...response, headers: { ...response.headers, ...limit.headers } } : response;
}

/** ARM's token bucket for the request's subscription (or the tenant, for paths outside one). */
function takeArmToken(core: SimCore, request: SimRequest, kind: "read" | "write") {
  const inSubscription = request.segments[0]?.toLowerCase() === "subscriptions" && request.segments[1] !== undefined;
  const scope = inSubscription ? "subscription" : "tenant";
  const result = core.throttle.take(inSubscription ? request.segments[1]! : "tenant", kind);
  if (!result) return undefined;
  const header = `x-ms-ratelimit-remaining-${scope}-${kind}s`;
  const headers: Record<string, string> = { [header]: String(result.remaining) };
  const response: SimResponse = {
    status: 429,
    headers: { ...headers, "retry-after": String(result.retryAfterSeconds) },
    body: {
      error: {
        code: "TooManyRequests",
        message: `Number of '${kind}' requests for ${scope} '${inSubscription ? request.segments[1]! : "tenant"}' exceeded. Please try again after '${result.retryAfterSeconds}' seconds.`,
      },
    },
  };
  return { allowed: result.allowed, headers, response };
}

function toErrorResponse(error: unknown): SimResponse {
  if (error instanceof ArmError) return { status: error.status, body: error.toBody() };
  return { status: 500, body: { error: { code: "InternalServerError", message: `Simulator failure: ${(error as Error).message}` } } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new ArmError(413, "RequestEntityTooLarge", "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
