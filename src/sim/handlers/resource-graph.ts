// Resource Graph: POST /providers/Microsoft.ResourceGraph/resources (azure-api.md §7). Pages with
// options.$top (at most 1000) and $skipToken; the token is bound to the query and scopes it came
// from, as paging requires sending the same query again.
import { createHash } from "node:crypto";
import { ArmError } from "../arm-error.js";
import { recogniseGraphQuery, UnsupportedGraphQueryError } from "../graph-query.js";
import { cachedGraphRows } from "../graph-rows.js";
import type { HandlerContext, Route, SimResponse } from "../route.js";

interface GraphRequest {
  subscriptions?: unknown;
  query?: unknown;
  options?: { $top?: unknown; $skip?: unknown; $skipToken?: unknown; resultFormat?: unknown };
}

const defaultTop = 100;

function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, "BadRequest", message, undefined, { details: [{ code, message }] });
}

function fingerprint(query: string, subscriptions: string[]): string {
  return createHash("sha256").update(`${query}\n${subscriptions.map((s) => s.toLowerCase()).sort().join(",")}`).digest("hex").slice(0, 16);
}

function readOffset(token: unknown, print: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64url").toString("utf8")) as { o?: unknown; h?: unknown };
    if (parsed.h === print && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // falls through to the error below
  }
  throw badRequest("InvalidSkipToken", "The $skipToken is not valid for this query and these subscriptions.");
}

function readCount(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) throw badRequest("InvalidParameter", `options.${name} must be an integer from 0 to ${max}.`);
  return value;
}

function answer(context: HandlerContext, request: GraphRequest): SimResponse {
  if (typeof request.query !== "string") throw badRequest("InvalidParameter", "The request must have a string 'query'.");
  const subscriptions = Array.isArray(request.subscriptions) ? request.subscriptions.map(String) : context.state.data.subscriptions.map((s) => s.id);
  const options = request.options ?? {};
  if (options.resultFormat !== undefined && options.resultFormat !== "objectArray") {
    throw badRequest("InvalidParameter", "The simulator answers only resultFormat 'objectArray' (the default of api-version 2024-04-01).");
  }
  let kind;
  try {
    kind = recogniseGraphQuery(request.query);
  } catch (error) {
    if (error instanceof UnsupportedGraphQueryError) throw badRequest("InvalidQuery", error.message);
    throw error;
  }
  const print = fingerprint(request.query, subscriptions);
  const top = readCount(options.$top, "$top", defaultTop, 1000);
  const offset = readOffset(options.$skipToken, print) + readCount(options.$skip, "$skip", 0, Number.MAX_SAFE_INTEGER);
  const rows = cachedGraphRows(context.state, kind, subscriptions, !context.operations.hasInProgress());
  const data = rows.slice(offset, offset + top);
  const next = offset + top < rows.length ? Buffer.from(JSON.stringify({ o: offset + top, h: print })).toString("base64url") : undefined;
  return {
    status: 200,
    body: { totalRecords: rows.length, count: data.length, resultTruncated: "false", ...(next ? { $skipToken: next } : {}), data, facets: [] },
  };
}

export const resourceGraphRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/providers/Microsoft.ResourceGraph/resources",
    name: "resourceGraph.resources",
    kind: "read",
    api: "arm",
    handle(context) {
      const quota = context.graphQuota.take();
      if (!quota.allowed) {
        return {
          status: 429,
          headers: { ...quota.headers, "retry-after": String(quota.retryAfterSeconds) },
          body: { error: { code: "RateLimiting", message: "Please provide below info when asking for support: the user quota of Resource Graph queries was exceeded." } },
        };
      }
      try {
        const response = answer(context, (context.request.body ?? {}) as GraphRequest);
        return { ...response, headers: { ...response.headers, ...quota.headers } };
      } catch (error) {
        // Errors carry the quota headers too: every Resource Graph answer does.
        if (error instanceof ArmError) return { status: error.status, headers: quota.headers, body: error.toBody() };
        throw error;
      }
    },
  },
];
