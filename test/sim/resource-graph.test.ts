import { afterEach, describe, expect, it } from "vitest";
import { recogniseGraphQuery, UnsupportedGraphQueryError } from "../../src/sim/graph-query.js";
import { generateFleet, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { apiVersion, callSim, computeProd, sub1 } from "./sim-client.js";

// The two queries of azure-api.md §7, as the fleet code sends them.
const extensionQuery = `Resources
| where type =~ 'microsoft.compute/virtualmachines/extensions'
| extend vmId = tolower(substring(id, 0, indexof(id, '/extensions/')))
| project id, vmId, extName = name, subscriptionId, resourceGroup, location,
    publisher = tostring(properties.publisher), extType = tostring(properties.type),
    typeHandlerVersion = tostring(properties.typeHandlerVersion)
| join kind=leftouter (
    Resources
    | where type =~ 'microsoft.compute/virtualmachines'
    | project vmId = tolower(id), vmName = name, osType = tostring(properties.storageProfile.osDisk.osType)
  ) on vmId
| project-away vmId1
| order by id asc`;
const scaleSetQuery = `Resources
| where type =~ 'microsoft.compute/virtualmachinescalesets'
| mv-expand ext = properties.virtualMachineProfile.extensionProfile.extensions
| project id, vmssName = name, upgradeMode = tostring(properties.upgradePolicy.mode), extName = tostring(ext.name)
| order by id asc`;

let sim: RunningSimulator;
afterEach(() => sim?.stop());

type GraphPage = { totalRecords: number; count: number; resultTruncated: string; $skipToken?: string; data: Record<string, unknown>[] };
const graphPath = "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";

describe("recogniseGraphQuery", () => {
  it("when given the two documented queries, then each is recognised by its type literal", () => {
    expect(recogniseGraphQuery(extensionQuery)).toBe("vmExtensions");
    expect(recogniseGraphQuery(scaleSetQuery)).toBe("scaleSetExtensions");
  });

  it.each([
    ["no type filter", "Resources | project id"],
    ["an unknown type", "Resources | where type =~ 'microsoft.web/sites' | project id"],
    ["a take", "Resources | where type =~ 'microsoft.compute/virtualmachines' | take 5"],
    ["another table", "ResourceContainers | where type =~ 'microsoft.resources/subscriptions'"],
  ])("when the query has %s, then it is refused", (_label, query) => {
    expect(() => recogniseGraphQuery(query)).toThrow(UnsupportedGraphQueryError);
  });
});

describe("Resource Graph endpoint", () => {
  it("when extension rows span pages, then $skipToken pages through all of them in id order with quota headers", async () => {
    sim = await startSimulator({ fixture: generateFleet({ vms: 120, seed: 7 }), graphQuota: { limit: 15, windowMs: 5000 } });
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    let pages = 0;
    let total: number | undefined;
    do {
      const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: extensionQuery, options: { $top: 50, ...(token ? { $skipToken: token } : {}) } } });
      expect(reply.status).toBe(200);
      expect(reply.headers["x-ms-user-quota-remaining"]).toBe(String(14 - pages));
      expect(reply.headers["x-ms-user-quota-resets-after"]).toMatch(/^00:00:0\d$/);
      const page = reply.body as GraphPage;
      expect(page.resultTruncated).toBe("false");
      rows.push(...page.data);
      total = page.totalRecords;
      token = page.$skipToken;
      pages++;
    } while (token);
    // 120 generated VMs, most with one agent extension, plus the demo fleet's extensions.
    expect(rows).toHaveLength(total);
    expect(total).toBeGreaterThan(120);
    const ids = rows.map((r) => String(r.id));
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(rows.length / 50));
    const web01 = rows.find((r) => r.id === `/subscriptions/${sub1}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01/extensions/AzureMonitorLinuxAgent`)!;
    expect(web01).toMatchObject({ vmName: "vm-web-01", resourceGroup: "rg-prod", typeHandlerVersion: "1.33", osType: "Linux", powerState: "PowerState/running", vmId: expect.stringMatching(/^\/subscriptions\/.*vm-web-01$/) });
  });

  it("when the scale-set query runs, then one row per model extension with the upgrade mode", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: scaleSetQuery, options: { $top: 1000 } } });
    const page = reply.body as GraphPage;
    expect(page.data.map((r) => [r.vmssName, r.upgradeMode, r.osType, r.extName])).toEqual([
      ["vmss-api", "Automatic", "Linux", "AzureMonitorLinuxAgent"],
      ["vmss-web", "Manual", "Linux", "AzureMonitorLinuxAgent"],
    ]);
    expect(page.$skipToken).toBeUndefined();
  });

  it("when a skip token is replayed with another query, then 400 InvalidSkipToken", async () => {
    sim = await startSimulator();
    const first = (await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: extensionQuery, options: { $top: 2 } } })).body as GraphPage;
    const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: scaleSetQuery, options: { $skipToken: first.$skipToken } } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: "BadRequest", details: [{ code: "InvalidSkipToken" }] } });
  });

  it("when the query is not one the simulator knows, then 400 naming what it does understand", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: "Resources | summarize count() by type" } });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { message: string } }).error.message).toContain("microsoft.compute/virtualmachines/extensions");
  });

  it("when $top is above 1000, then 400", async () => {
    sim = await startSimulator();
    const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: extensionQuery, options: { $top: 1001 } } });
    expect(reply.status).toBe(400);
  });

  it("when no quota is configured (the default), then no quota headers and no 429", async () => {
    sim = await startSimulator();
    const body = { subscriptions: [sub1], query: scaleSetQuery };
    for (let i = 0; i < 20; i++) expect((await callSim(sim, "POST", graphPath, { body })).status).toBe(200);
  });

  it("when the user quota is used up, then 429 with Retry-After and zero remaining", async () => {
    sim = await startSimulator({ graphQuota: { limit: 2, windowMs: 60_000 } });
    const body = { subscriptions: [sub1], query: scaleSetQuery };
    expect((await callSim(sim, "POST", graphPath, { body })).status).toBe(200);
    expect((await callSim(sim, "POST", graphPath, { body })).status).toBe(200);
    const third = await callSim(sim, "POST", graphPath, { body });
    expect(third.status).toBe(429);
    expect(third.headers["x-ms-user-quota-remaining"]).toBe("0");
    expect(Number(third.headers["retry-after"])).toBeGreaterThanOrEqual(59);
  });
});

describe("Resource Graph rows after a write", () => {
  it("when an extension's model changes between two queries, then the second query shows the new typeHandlerVersion (cached rows are rebuilt)", async () => {
    sim = await startSimulator({ lro: { polls: 0, maxDurationMs: 100 } });
    const versionOf = async () => {
      const reply = await callSim(sim, "POST", graphPath, { body: { subscriptions: [sub1], query: extensionQuery, options: { $top: 1000 } } });
      const rows = (reply.body as GraphPage).data;
      return rows.find((row) => String(row.id).toLowerCase().includes("/virtualmachines/vm-web-02/extensions/"))?.typeHandlerVersion;
    };
    expect(await versionOf()).toBe("1.32");
    const patch = await callSim(sim, "PATCH", `${computeProd}/virtualMachines/vm-web-02/extensions/AzureMonitorLinuxAgent?${apiVersion}`, {
      body: { properties: { typeHandlerVersion: "1.33" } },
    });
    expect(patch.status).toBeLessThan(300);
    // Once the operation has settled nothing is in flight, so only the write's revision can tell the rows are stale.
    const state = async () => (await callSim(sim, "GET", `${computeProd}/virtualMachines/vm-web-02/extensions/AzureMonitorLinuxAgent?${apiVersion}`)).body as { properties: { provisioningState: string } };
    await expect.poll(async () => (await state()).properties.provisioningState).toBe("Succeeded");
    expect(await versionOf()).toBe("1.33");
  });
});
