import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { callSim, computeProd } from "./sim-client.js";

let sim: RunningSimulator;
const now = new Date("2026-05-01T12:00:00Z");

beforeAll(async () => {
  sim = await startSimulator({ now: () => now });
});
afterAll(() => sim.stop());

const literal = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const query = (id: string) => `Heartbeat\n| where _ResourceId =~ ${literal(id)}\n| summarize arg_max(TimeGenerated, Version, Category) by _ResourceId`;
type Tables = { tables: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[] };

function queryResource(id: string, body: Record<string, unknown>) {
  // The SDK sends the resource ID without its leading slash after /v1 (azure-api.md §9.2).
  return callSim(sim, "POST", `/v1/${id.replace(/^\//, "")}/query`, { body });
}

describe("Log Analytics resource query", () => {
  it("when asked for a VM's last heartbeat, then one row with the lower-case _ResourceId, time, version and category", async () => {
    const id = `${computeProd}/virtualMachines/vm-api-01`;
    const reply = await queryResource(id, { query: query(id), timespan: "P1D" });
    expect(reply.status).toBe(200);
    const table = (reply.body as Tables).tables[0]!;
    expect(table.name).toBe("PrimaryResult");
    expect(table.columns).toEqual([
      { name: "_ResourceId", type: "string" },
      { name: "TimeGenerated", type: "datetime" },
      { name: "Version", type: "string" },
      { name: "Category", type: "string" },
    ]);
    // vm-api-01's agent reports another version than its instance view (1.31.1).
    expect(table.rows).toEqual([[id.toLowerCase(), "2026-05-01T11:59:00.000Z", "1.30.3", "Azure Monitor Agent"]]);
  });

  it("when the path has // before the resource ID, then it is collapsed", async () => {
    const id = `${computeProd}/virtualMachines/vm-web-01`;
    const reply = await callSim(sim, "POST", `/v1/${id}/query`.replace("/v1/", "/v1//"), { body: { query: query(id) } });
    expect((reply.body as Tables).tables[0]!.rows).toHaveLength(1);
  });

  it("when the last heartbeat is older than the timespan, then zero rows and still a table", async () => {
    const id = `${computeProd}/virtualMachines/vm-batch-01`;
    const day = await queryResource(id, { query: query(id), timespan: "P1D" });
    expect((day.body as Tables).tables[0]!.rows).toEqual([]);
    const week = await queryResource(id, { query: query(id), timespan: "P7D" });
    expect((week.body as Tables).tables[0]!.rows).toHaveLength(1);
  });

  it("when the machine never sent a heartbeat, then zero rows", async () => {
    const id = `${computeProd}/virtualMachines/vm-bare-01`;
    const reply = await queryResource(id, { query: query(id), timespan: "P1D" });
    expect(reply.status).toBe(200);
    expect((reply.body as Tables).tables[0]!.rows).toEqual([]);
  });

  it("when the literal smuggles an escaped quote, then it is not the resource in the path and the query is refused", async () => {
    const id = `${computeProd}/virtualMachines/vm-web-01`;
    const reply = await queryResource(id, { query: query(`${id}" or "1"=="1`) });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { code: string } }).error.code).toBe("BadArgumentError");
  });

  it("when the query shape is unknown, then 400 BadArgumentError", async () => {
    const id = `${computeProd}/virtualMachines/vm-web-01`;
    const reply = await queryResource(id, { query: "Heartbeat | take 10" });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: "BadArgumentError", message: expect.stringContaining("does not understand") } });
  });

  it("when == is used with a mixed-case ID, then zero rows, because _ResourceId is stored in lower case", async () => {
    const id = `${computeProd}/virtualMachines/vm-web-01`;
    const q = query(id).replace("=~", "==");
    expect((((await queryResource(id, { query: q })).body) as Tables).tables[0]!.rows).toEqual([]);
  });

  it("when the resource does not exist, then 404", async () => {
    const id = `${computeProd}/virtualMachines/vm-nope`;
    expect((await queryResource(id, { query: query(id) })).status).toBe(404);
  });

  it("when a scale-set instance is queried, then its heartbeat reports the instance's running version", async () => {
    const id = `${computeProd}/virtualMachineScaleSets/vmss-web/virtualMachines/1`;
    const reply = await queryResource(id, { query: query(id), timespan: "PT1H" });
    expect((reply.body as Tables).tables[0]!.rows[0]![2]).toBe("1.32.5");
  });
});

describe("Log Analytics workspace query", () => {
  it("when filtered on one resource, then that machine's row", async () => {
    const id = `${computeProd}/virtualMachines/vm-silent-01`;
    const reply = await callSim(sim, "POST", "/v1/workspaces/6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6/query", { body: { query: query(id), timespan: "P1D" } });
    expect((reply.body as Tables).tables[0]!.rows).toEqual([[id.toLowerCase(), "2026-05-01T10:00:00.000Z", "1.33.2", "Azure Monitor Agent"]]);
  });

  it("when not filtered, then every machine heard from in the window", async () => {
    const q = "Heartbeat | summarize arg_max(TimeGenerated, Version) by _ResourceId";
    const reply = await callSim(sim, "POST", "/v1/workspaces/6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6/query", { body: { query: q, timespan: "PT10M" } });
    const ids = (reply.body as Tables).tables[0]!.rows.map((r) => String(r[0]));
    expect(ids).toContain(`${computeProd}/virtualMachines/vm-web-01`.toLowerCase());
    expect(ids).not.toContain(`${computeProd}/virtualMachines/vm-silent-01`.toLowerCase());
  });
});
