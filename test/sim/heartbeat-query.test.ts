import { describe, expect, it } from "vitest";
import { parseHeartbeatQuery, UnsupportedQueryError } from "../../src/sim/heartbeat-query.js";
import { readKqlString } from "../../src/sim/kql-literal.js";
import { parseTimespan } from "../../src/sim/timespan.js";

/** The literal the fleet code builds: backslash and double quote backslash-escaped (contracts.md). */
function kqlLiteral(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function heartbeatQuery(resourceId: string): string {
  return `Heartbeat\n| where _ResourceId =~ ${kqlLiteral(resourceId)}\n| summarize arg_max(TimeGenerated, Version, Category) by _ResourceId`;
}

describe("parseHeartbeatQuery", () => {
  it("when given the contract's query, then it yields the resource ID, the operator and the columns", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";
    expect(parseHeartbeatQuery(heartbeatQuery(id))).toEqual({ resourceId: id, operator: "=~", columns: ["Version", "Category"] });
  });

  it("when the resource ID contains an escaped quote, a backslash and a pipe, then the literal is unescaped exactly", () => {
    const id = '/subscriptions/s/resourceGroups/rg"x\\y|z/providers/Microsoft.Compute/virtualMachines/vm';
    expect(parseHeartbeatQuery(heartbeatQuery(id)).resourceId).toBe(id);
  });

  it("when the query is on one line with a time filter, then the filter is read", () => {
    const q = `Heartbeat | where TimeGenerated > ago(2d) | where _ResourceId == '/x' | summarize arg_max(TimeGenerated, Version) by _ResourceId`;
    expect(parseHeartbeatQuery(q)).toEqual({ resourceId: "/x", operator: "==", columns: ["Version"], agoMs: 2 * 86_400_000 });
  });

  it.each([
    ["another table", 'Perf | where _ResourceId =~ "/x" | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
    ["no summarize", 'Heartbeat | where _ResourceId =~ "/x"'],
    ["an unknown stage", 'Heartbeat | where _ResourceId =~ "/x" | project Version | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
    ["an unknown column", 'Heartbeat | where _ResourceId =~ "/x" | summarize arg_max(TimeGenerated, Secret) by _ResourceId'],
    ["an unterminated literal", 'Heartbeat | where _ResourceId =~ "/x | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
    ["an injected clause after the literal", 'Heartbeat | where _ResourceId =~ "/x" or true | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
    ["an unescaped quote", 'Heartbeat | where _ResourceId =~ "/x"" | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
    ["two resource filters", 'Heartbeat | where _ResourceId =~ "/x" | where _ResourceId =~ "/y" | summarize arg_max(TimeGenerated, Version) by _ResourceId'],
  ])("when the query has %s, then it is rejected", (_label, query) => {
    expect(() => parseHeartbeatQuery(query)).toThrow(UnsupportedQueryError);
  });
});

describe("readKqlString", () => {
  it("when the literal is verbatim, then a doubled quote is one quote and backslashes stay", () => {
    expect(readKqlString('@"a""b\\c" rest')).toEqual({ value: 'a"b\\c', rest: " rest" });
  });

  it("when an escape is unknown, then it is not a literal", () => {
    expect(readKqlString('"a\\q"')).toBeUndefined();
  });
});

describe("parseTimespan", () => {
  const now = new Date("2026-05-01T12:00:00Z");
  it("when given a duration, then the window ends now", () => {
    expect(parseTimespan("P1DT2H", now)).toEqual({ start: new Date("2026-04-30T10:00:00Z"), end: now });
  });
  it("when given start/end, then that window", () => {
    expect(parseTimespan("2026-04-01T00:00:00Z/2026-04-02T00:00:00Z", now)).toEqual({ start: new Date("2026-04-01T00:00:00Z"), end: new Date("2026-04-02T00:00:00Z") });
  });
  it("when given garbage, then undefined", () => {
    expect(parseTimespan("yesterday", now)).toBeUndefined();
    expect(parseTimespan("P", now)).toBeUndefined();
  });
});
