import { describe, expect, it } from "vitest";
import { readHeartbeat } from "../../../src/fleet/azure/heartbeat-query.js";

const columns = [{ name: "_ResourceId" }, { name: "TimeGenerated" }, { name: "Version" }, { name: "Category" }];
const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";

describe("readHeartbeat", () => {
  it("when the table has no rows, then there is no heartbeat", () => {
    expect(readHeartbeat({ columnDescriptors: columns, rows: [] }, id)).toBeUndefined();
    expect(readHeartbeat(undefined, id)).toBeUndefined();
  });

  it("when rows come in any column order, then the newest one is read by column name", () => {
    const table = {
      columnDescriptors: [{ name: "Category" }, { name: "Version" }, { name: "TimeGenerated" }, { name: "_ResourceId" }],
      rows: [
        ["Azure Monitor Agent", "1.33.1", new Date("2026-01-01T00:00:00Z"), id.toLowerCase()],
        ["Azure Monitor Agent", "1.33.2", new Date("2026-01-01T01:00:00Z"), id.toLowerCase()],
      ],
    };
    expect(readHeartbeat(table, id)).toEqual({
      resourceId: id,
      lastSeen: new Date("2026-01-01T01:00:00Z"),
      version: "1.33.2",
      category: "Azure Monitor Agent",
    });
  });

  it("when the time is an ISO string and version is empty, then the time is parsed and version left out", () => {
    const table = { columnDescriptors: columns, rows: [[id, "2026-01-01T00:00:00Z", "", "Direct Agent"]] };
    expect(readHeartbeat(table, id)).toEqual({ resourceId: id, lastSeen: new Date("2026-01-01T00:00:00Z"), category: "Direct Agent" });
  });

  it("when the time cell is not a time, then the row is ignored", () => {
    expect(readHeartbeat({ columnDescriptors: columns, rows: [[id, "yesterday", "1.0", "x"]] }, id)).toBeUndefined();
  });
});
