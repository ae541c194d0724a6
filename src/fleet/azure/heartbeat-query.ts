import type { Heartbeat } from "../port.js";
import { kqlString } from "./kql.js";

/**
 * The resource-scoped Heartbeat query agreed with the simulator (contracts.md). The resource ID is
 * the only outside value and enters as a quoted literal.
 */
export function buildHeartbeatQuery(resourceId: string): string {
  return [
    "Heartbeat",
    `| where _ResourceId =~ ${kqlString(resourceId)}`,
    "| summarize arg_max(TimeGenerated, Version, Category) by _ResourceId",
  ].join("\n");
}

/** The minimal shape of a Logs table (LogsTable in @azure/monitor-query-logs). */
export interface HeartbeatTable {
  columnDescriptors: ReadonlyArray<{ name?: string }>;
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

/** The newest row of the query's result as a Heartbeat; undefined when there is none. */
export function readHeartbeat(table: HeartbeatTable | undefined, resourceId: string): Heartbeat | undefined {
  if (!table) return undefined;
  const column = (name: string) => table.columnDescriptors.findIndex((c) => c.name?.toLowerCase() === name.toLowerCase());
  const time = column("TimeGenerated");
  const version = column("Version");
  const category = column("Category");
  let newest: Heartbeat | undefined;
  for (const row of table.rows) {
    const lastSeen = toDate(row[time]);
    if (!lastSeen || (newest && newest.lastSeen >= lastSeen)) continue;
    newest = { resourceId, lastSeen };
    const v = row[version];
    if (typeof v === "string" && v !== "") newest.version = v;
    const c = row[category];
    if (typeof c === "string" && c !== "") newest.category = c;
  }
  return newest;
}

// The Logs client turns datetime cells into Date; accept ISO strings too in case a column is typed string.
function toDate(cell: unknown): Date | undefined {
  const date = cell instanceof Date ? cell : typeof cell === "string" ? new Date(cell) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
