// One request through the simulator: count it, wait (latency + slow faults), answer an injected
// fault, check auth and api-version, then run the route's handler. Errors become ARM error bodies.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ArmError } from "./arm-error.js";
import { stableGuid } from "./arm-ids.js";
import { faultResponse, type FaultBook } from "./fault-book.js";
import type { FleetState } from "./fleet-state.js";
import type { OperationBook } from "./operation-book.js";
import type { OperationFaultBook } from "./operation-faults.js";
import { findRoute, type CompiledRoute, type SimResponse } from "./route.js";
import { parseSimRequest, queryParam, type SimRequest } from "./sim-request.js";
import { countRequest, type SimulatorStats } from "./sim-stats.js";

export interface SimCore {
  state: FleetState;
  stats: SimulatorStats;
  faults: FaultBook;
  routes: CompiledRoute[];
  baseUrl: string;
  pageSize: number;
  operations: OperationBook;
  operationFaults: OperationFaultBook;
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
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)) }).end(text);
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
  if (!found) {
    throw isLogs
      ? new ArmError(404, "PathNotFoundError", `The requested path does not exist: ${request.method} ${request.path}`)
      : new ArmError(404, "InvalidResourceType", `The simulator serves no ${request.method} ${request.path}.`);
  }
  core.operations.settleAll();
  return found.route.handle({
    request,
    params: found.params,
    state: core.state,
    baseUrl: core.baseUrl,
    pageSize: core.pageSize,
    operations: core.operations,
    operationFaults: core.operationFaults,
  });
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
