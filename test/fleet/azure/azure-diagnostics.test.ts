import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AzureError } from "../../../src/fleet/azure/azure-error.js";
import type { Fixture, RunningSimulator } from "../../../src/sim/index.js";
import { startSimulatorForTest } from "./start-sim-fleet.js";
import { createSimDiagnostics } from "./start-sim-writer.js";

const sub = "00000000-0000-4000-8000-0000000000d1";
const customerId = "0b6c9a2e-5d1f-4e3a-9c7b-1a2b3c4d5e6f";
const rg = `/subscriptions/${sub}/resourceGroups/rg-mon`;
const vmId = (name: string) => `${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const workspaceId = `${rg}/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
const dceId = `${rg}/providers/Microsoft.Insights/dataCollectionEndpoints/dce-prod`;

const fixture: Fixture = {
  subscriptions: [
    {
      id: sub,
      resourceGroups: [
        {
          name: "rg-mon",
          location: "japaneast",
          workspaces: [
            { name: "law-prod", customerId },
            { name: "law-open", customerId: "1c7d0b3f-6e2a-4f4b-8d8c-2b3c4d5e6f70" },
          ],
          dataCollectionEndpoints: [{ name: "dce-prod" }],
          dataCollectionRules: [
            { name: "dcr-linux", kind: "Linux", workspaces: ["law-prod"], dataCollectionEndpoint: "dce-prod" },
            { name: "dcr-flaky", kind: "Linux", workspaces: ["law-open"] },
          ],
          privateLinkScopes: [{ name: "ampls-prod", workspaces: ["law-prod"], dataCollectionEndpoints: ["dce-prod"] }],
          vms: [
            { name: "vm-dcr", osType: "Linux", dataCollectionRules: ["dcr-linux"], dataCollectionEndpoint: "dce-prod" },
            { name: "vm-nodcr", osType: "Linux" },
            { name: "vm-flaky", osType: "Linux", dataCollectionRules: ["dcr-flaky"] },
          ],
        },
      ],
    },
  ],
};

const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

describe("createAzureDiagnostics against the simulator", () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    ({ sim } = await startSimulatorForTest({ fixture }));
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const diagnostics = () => createSimDiagnostics(sim, { subscriptionIds: [sub] });

  it("when a VM has a DCR association, then the rule, its workspace destination (with GUID) and the DCE are read", async () => {
    const facts = await diagnostics().dataCollectionRulesOf(vmId("vm-dcr"));
    expect(facts.complete).toBe(true);
    expect(facts.associations.some((a) => a.dataCollectionRuleId?.toLowerCase().endsWith("/datacollectionrules/dcr-linux"))).toBe(true);
    expect(facts.associations.some((a) => same(a.dataCollectionEndpointId, dceId))).toBe(true);
    expect(facts.rules).toHaveLength(1);
    expect(facts.rules[0]!.name).toBe("dcr-linux");
    expect(facts.rules[0]!.destinations).toHaveLength(1);
    expect(same(facts.rules[0]!.destinations[0]!.workspaceResourceId, workspaceId)).toBe(true);
    expect(facts.rules[0]!.destinations[0]!.workspaceId).toBe(customerId);
    expect(same(facts.rules[0]!.dataCollectionEndpointId, dceId)).toBe(true);
    // The rule's DCE and the machine's DCE association are the same endpoint: read once.
    expect(facts.endpoints.map((e) => e.name)).toEqual(["dce-prod"]);
  });

  it("when the association points at the workspace, then the workspace gives its GUID and region", async () => {
    const rule = (await diagnostics().dataCollectionRulesOf(vmId("vm-dcr"))).rules[0]!;
    const workspace = await diagnostics().getWorkspace(rule.destinations[0]!.workspaceResourceId);
    expect(workspace).toMatchObject({ name: "law-prod", customerId, location: "japaneast" });
  });

  it("when a VM has no association, then the facts are empty and complete", async () => {
    expect(await diagnostics().dataCollectionRulesOf(vmId("vm-nodcr"))).toEqual({ associations: [], rules: [], endpoints: [], complete: true });
  });

  it.each([404, 403])("when an associated rule answers %i (deleted / not readable), then it is left out and the facts say they are incomplete", async (status) => {
    sim.injectFault({ method: "GET", pathIncludes: "/dataCollectionRules/dcr-flaky", kind: "error", status, times: 1 });
    const facts = await diagnostics().dataCollectionRulesOf(vmId("vm-flaky"));
    expect(facts.associations).toHaveLength(1);
    expect(facts.rules).toEqual([]);
    expect(facts.complete).toBe(false);
  });

  it("when reading a rule keeps failing with 500, then the whole read fails with an AzureError (the checklist shows '?')", async () => {
    sim.injectFault({ method: "GET", pathIncludes: "/dataCollectionRules/dcr-flaky", kind: "error", status: 500 });
    try {
      await expect(createSimDiagnostics(sim, { retry: { maxRetries: 1, retryDelayInMs: 5 } }).dataCollectionRulesOf(vmId("vm-flaky"))).rejects.toMatchObject({
        name: "AzureError",
        statusCode: 500,
      });
    } finally {
      sim.clearFaults();
    }
  });

  it("when a DCE is read, then its name and region come back; a missing one is undefined", async () => {
    const d = diagnostics();
    expect(await d.getDataCollectionEndpoint(dceId)).toMatchObject({ name: "dce-prod", location: "japaneast" });
    expect(await d.getDataCollectionEndpoint(dceId.replace("dce-prod", "dce-none"))).toBeUndefined();
  });

  it("when a workspace does not exist, then getWorkspace answers undefined", async () => {
    expect(await diagnostics().getWorkspace(workspaceId.replace("law-prod", "law-none"))).toBeUndefined();
  });

  it("when private link scopes are searched, then only the scope holding the workspace is returned, with its members", async () => {
    const d = diagnostics();
    const scopes = await d.privateLinkScopesContaining([workspaceId.toUpperCase()]);
    expect(scopes.map((s) => s.name)).toEqual(["ampls-prod"]);
    expect(scopes[0]!.scopedResourceIds.some((id) => same(id, workspaceId))).toBe(true);
    expect(scopes[0]!.scopedResourceIds.some((id) => same(id, dceId))).toBe(true);
    expect(await d.privateLinkScopesContaining([workspaceId.replace("law-prod", "law-open")])).toEqual([]);
    expect(await d.privateLinkScopesContaining([])).toEqual([]);
  });

  it("when an ID is not the right resource type, then it is refused before any call", async () => {
    const d = diagnostics();
    await expect(d.getWorkspace(dceId)).rejects.toBeInstanceOf(AzureError);
    await expect(d.getDataCollectionEndpoint(`${dceId}/../x`)).rejects.toMatchObject({ code: "InvalidResourceId" });
    await expect(d.dataCollectionRulesOf("subscriptions/x")).rejects.toMatchObject({ code: "InvalidResourceId" });
    expect(d.stats().calls).toBe(0);
  });
});
