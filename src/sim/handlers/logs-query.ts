// Log Analytics query API (azure-api.md §9): POST /v1/{resourceId}/query (resource-scoped) and
// POST /v1/workspaces/{id}/query. Answers the heartbeat query shape of heartbeat-query.ts with
// {tables:[{name:"PrimaryResult",columns,rows}]}; always sends `tables`, since the SDK's
// deserializer reads it without a guard.
import { ArmError } from "../arm-error.js";
import { heartbeatOf, type HeartbeatRow } from "../heartbeat-of.js";
import { parseHeartbeatQuery, UnsupportedQueryError, type HeartbeatColumn, type HeartbeatQuery } from "../heartbeat-query.js";
import type { HandlerContext, Route, SimResponse } from "../route.js";
import { parseTimespan } from "../timespan.js";

function badArgument(message: string, inner = "SemanticError"): ArmError {
  // Log Analytics wraps the specific reason in innererror (response-format doc).
  return new ArmError(400, "BadArgumentError", message, undefined, { innererror: { code: inner, message } });
}

function readBody(context: HandlerContext): { query: HeartbeatQuery; timespan?: string } {
  const body = context.request.body as { query?: unknown; timespan?: unknown } | undefined;
  if (!body || typeof body.query !== "string") throw badArgument("The request body must have a string 'query'.", "InvalidRequest");
  if (body.timespan !== undefined && typeof body.timespan !== "string") throw badArgument("'timespan' must be a string.", "InvalidRequest");
  try {
    return { query: parseHeartbeatQuery(body.query), timespan: body.timespan as string | undefined };
  } catch (error) {
    if (error instanceof UnsupportedQueryError) throw badArgument(error.message, "SyntaxError");
    throw error;
  }
}

const columnType: Record<HeartbeatColumn, string> = {
  Version: "string",
  Category: "string",
  Computer: "string",
  OSType: "string",
  OSName: "string",
  ComputerEnvironment: "string",
};

function cell(row: HeartbeatRow, column: HeartbeatColumn): string {
  switch (column) {
    case "Version":
      return row.version;
    case "Category":
      return row.category;
    case "Computer":
      return row.computer;
    case "OSType":
      return row.osType;
    case "OSName":
      return row.osName;
    case "ComputerEnvironment":
      return "Azure";
  }
}

function answer(context: HandlerContext, query: HeartbeatQuery, timespan: string | undefined, rows: HeartbeatRow[]): SimResponse {
  const now = context.state.now();
  const window = timespan === undefined ? undefined : parseTimespan(timespan, now);
  if (timespan !== undefined && !window) throw badArgument(`The timespan '${timespan}' is not valid.`, "InvalidTimespan");
  const kept = rows.filter((row) => {
    const t = row.timeGenerated.getTime();
    if (window && (t < window.start.getTime() || t > window.end.getTime())) return false;
    if (query.agoMs !== undefined && t <= now.getTime() - query.agoMs) return false;
    if (query.resourceId === undefined) return true;
    return query.operator === "==" ? row.resourceId === query.resourceId : row.resourceId === query.resourceId.toLowerCase();
  });
  return {
    status: 200,
    body: {
      tables: [
        {
          name: "PrimaryResult",
          columns: [
            { name: "_ResourceId", type: "string" },
            { name: "TimeGenerated", type: "datetime" },
            ...query.columns.map((name) => ({ name, type: columnType[name] })),
          ],
          rows: kept.map((row) => [row.resourceId, row.timeGenerated.toISOString(), ...query.columns.map((c) => cell(row, c))]),
        },
      ],
    },
  };
}

export const logsQueryRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/workspaces/{workspaceId}/query",
    name: "logs.queryWorkspace",
    kind: "read",
    api: "logs",
    handle(context) {
      const { query, timespan } = readBody(context);
      const rows: HeartbeatRow[] = [];
      for (const sub of context.state.data.subscriptions) {
        for (const entry of context.state.vmsInSubscription(sub.id)) {
          const row = heartbeatOf(context.state, entry);
          if (row) rows.push(row);
        }
        for (const set of context.state.scaleSetsInSubscription(sub.id)) {
          for (const instance of context.state.instances(set)) {
            const row = heartbeatOf(context.state, instance);
            if (row) rows.push(row);
          }
        }
      }
      return answer(context, query, timespan, rows);
    },
  },
  {
    method: "POST",
    pattern: "/v1/{...resourceId}/query",
    name: "logs.queryResource",
    kind: "read",
    api: "logs",
    handle(context) {
      const resourceId = `/${context.params.resourceId!}`;
      const { query, timespan } = readBody(context);
      const machine = context.state.machineById(resourceId);
      if (!machine) throw new ArmError(404, "ResourceNotFound", `The resource '${resourceId}' was not found.`);
      if (query.resourceId === undefined) throw badArgument("A resource-scoped heartbeat query must filter on _ResourceId.");
      if (query.resourceId.toLowerCase() !== machine.id.toLowerCase()) {
        throw badArgument(`The _ResourceId literal '${query.resourceId}' is not the resource in the URL path '${resourceId}'.`);
      }
      const row = heartbeatOf(context.state, machine);
      return answer(context, query, timespan, row ? [row] : []);
    },
  },
];
