// What a route is and how a path matches it. Literal segments compare case-insensitively (ARM
// paths are case-insensitive); "{name}" takes one segment; "{...name}" takes one or more.
import type { FleetState } from "./fleet-state.js";
import type { GraphQuota } from "./graph-quota.js";
import type { OperationBook } from "./operation-book.js";
import type { OperationFaultBook } from "./operation-faults.js";
import type { SimRequest } from "./sim-request.js";

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON; undefined = empty body. */
  body?: unknown;
}

export interface HandlerContext {
  request: SimRequest;
  params: Record<string, string>;
  state: FleetState;
  /** "https://127.0.0.1:<port>": absolute nextLink and operation URLs point here. */
  baseUrl: string;
  pageSize: number;
  operations: OperationBook;
  operationFaults: OperationFaultBook;
  graphQuota: GraphQuota;
}

export interface Route {
  method: string;
  pattern: string;
  /** Key in stats.byRoute, e.g. "virtualMachines.get". */
  name: string;
  /** Writes change the fleet (stats.writes); reads include query POSTs. */
  kind: "read" | "write";
  /** ARM routes require api-version; Log Analytics routes (under /v1) take none. */
  api: "arm" | "logs";
  handle(context: HandlerContext): SimResponse | Promise<SimResponse>;
}

type Token = { literal: string } | { param: string } | { rest: string };

export interface CompiledRoute extends Route {
  tokens: Token[];
}

export function compileRoute(route: Route): CompiledRoute {
  const tokens = route.pattern
    .split("/")
    .filter((s) => s !== "")
    .map((segment): Token => {
      const rest = /^\{\.\.\.(\w+)\}$/.exec(segment);
      if (rest) return { rest: rest[1]! };
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) return { param: param[1]! };
      return { literal: segment.toLowerCase() };
    });
  return { ...route, tokens };
}

/** The route's parameters when the segments match it, else undefined. */
export function matchTokens(tokens: Token[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const walk = (t: number, s: number): boolean => {
    if (t === tokens.length) return s === segments.length;
    const token = tokens[t]!;
    if ("rest" in token) {
      for (let end = segments.length; end > s; end--) {
        if (walk(t + 1, end)) {
          params[token.rest] = segments.slice(s, end).join("/");
          return true;
        }
      }
      return false;
    }
    const segment = segments[s];
    if (segment === undefined) return false;
    if ("literal" in token) return segment.toLowerCase() === token.literal && walk(t + 1, s + 1);
    params[token.param] = segment;
    return walk(t + 1, s + 1);
  };
  return walk(0, 0) ? params : undefined;
}

export function findRoute(routes: CompiledRoute[], request: SimRequest): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== request.method) continue;
    const params = matchTokens(route.tokens, request.segments);
    if (params) return { route, params };
  }
  return undefined;
}
