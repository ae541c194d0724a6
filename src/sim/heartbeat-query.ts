// The one Log Analytics query shape the simulator answers (contracts.md; azure-api.md §9):
//   Heartbeat
//   [| where TimeGenerated > ago(<n>d|h|m|s)]
//   [| where _ResourceId =~ "<KQL string literal>"]      (required on resource-scoped queries)
//   | summarize arg_max(TimeGenerated, Version, Category) by _ResourceId
// Anything else is rejected with BadArgumentError rather than answered wrongly: no KQL engine here.
import { readKqlString, splitKqlPipes } from "./kql-literal.js";

export const heartbeatColumns = ["Version", "Category", "Computer", "OSType", "OSName", "ComputerEnvironment"] as const;
export type HeartbeatColumn = (typeof heartbeatColumns)[number];

export interface HeartbeatQuery {
  /** The resource ID literal, unescaped; undefined when the query has no _ResourceId filter. */
  resourceId?: string;
  /** "=~" compares case-insensitively; "==" exactly (and _ResourceId values are lower case). */
  operator?: "=~" | "==";
  /** Extra arg_max columns in the order asked. */
  columns: HeartbeatColumn[];
  /** From `where TimeGenerated > ago(...)`, in milliseconds. */
  agoMs?: number;
}

export class UnsupportedQueryError extends Error {
  constructor(reason: string) {
    super(`The simulator does not understand this query: ${reason}`);
    this.name = "UnsupportedQueryError";
  }
}

const unitMs: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function parseHeartbeatQuery(query: string): HeartbeatQuery {
  const stages = splitKqlPipes(query);
  if (!stages) throw new UnsupportedQueryError("unterminated or invalid string literal");
  const [table, ...rest] = stages;
  if (table !== "Heartbeat") throw new UnsupportedQueryError(`expected the Heartbeat table, got "${table ?? ""}"`);
  const summarize = rest.pop();
  const result: HeartbeatQuery = { columns: readSummarize(summarize ?? "") };
  for (const stage of rest) readWhere(stage, result);
  return result;
}

function readSummarize(stage: string): HeartbeatColumn[] {
  const match = /^summarize\s+arg_max\(\s*TimeGenerated\s*((?:,\s*\w+\s*)*)\)\s+by\s+_ResourceId$/.exec(stage);
  if (!match) throw new UnsupportedQueryError("expected `summarize arg_max(TimeGenerated, ...) by _ResourceId` as the last stage");
  const names = match[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return names.map((name) => {
    const column = heartbeatColumns.find((c) => c === name);
    if (!column) throw new UnsupportedQueryError(`unknown Heartbeat column "${name}"`);
    return column;
  });
}

function readWhere(stage: string, result: HeartbeatQuery): void {
  const ago = /^where\s+TimeGenerated\s*>=?\s*ago\(\s*(\d+)\s*([dhms])\s*\)$/.exec(stage);
  if (ago) {
    result.agoMs = Number(ago[1]) * unitMs[ago[2]!]!;
    return;
  }
  const filter = /^where\s+_ResourceId\s*(=~|==)\s*/.exec(stage);
  if (!filter || result.resourceId !== undefined) throw new UnsupportedQueryError(`unsupported stage "${stage}"`);
  const literal = readKqlString(stage.slice(filter[0].length));
  if (!literal || literal.rest.trim() !== "") throw new UnsupportedQueryError("the _ResourceId filter must compare with one string literal");
  result.resourceId = literal.value;
  result.operator = filter[1] as "=~" | "==";
}
