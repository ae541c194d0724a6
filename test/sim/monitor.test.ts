import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFixture, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { callSim, computeProd, sub1 } from "./sim-client.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ lro: { polls: 0 } });
});
afterAll(() => sim.stop());

const monitorApi = "api-version=2024-03-11";
const insights = `/subscriptions/${sub1}/resourceGroups/rg-monitor/providers/Microsoft.Insights`;
type Association = { name: string; properties: { dataCollectionRuleId?: string; dataCollectionEndpointId?: string } };

describe("data collection rules and associations", () => {
  it("when a VM's associations are listed with the SDK's leading //, then its DCR association comes back without nextLink", async () => {
    const reply = await callSim(sim, "GET", `${sim.url}//${computeProd.slice(1)}/virtualMachines/vm-web-01/providers/Microsoft.Insights/dataCollectionRuleAssociations?${monitorApi}`);
    expect(reply.status).toBe(200);
    const body = reply.body as { value: Association[]; nextLink?: string };
    expect(body.nextLink).toBeUndefined();
    expect(body.value.map((a) => a.properties.dataCollectionRuleId)).toEqual([`${insights}/dataCollectionRules/dcr-linux-prod`]);
  });

  it("when a VM also has a DCE, then a configurationAccessEndpoint association carries its ID", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/vm-ts-ampls-01/providers/Microsoft.Insights/dataCollectionRuleAssociations?${monitorApi}`);
    const value = (reply.body as { value: Association[] }).value;
    expect(value.find((a) => a.name === "configurationAccessEndpoint")!.properties.dataCollectionEndpointId).toBe(`${insights}/dataCollectionEndpoints/dce-private`);
  });

  it("when a VM has no association, then an empty list", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/vm-ts-dcr-01/providers/Microsoft.Insights/dataCollectionRuleAssociations?${monitorApi}`);
    expect(reply.body).toEqual({ value: [] });
  });

  it("when a DCR is read, then its Log Analytics destination names the workspace resource and GUID", async () => {
    const reply = await callSim(sim, "GET", `${insights}/dataCollectionRules/dcr-linux-private?${monitorApi}`);
    const rule = reply.body as { kind: string; properties: { dataCollectionEndpointId: string; destinations: { logAnalytics: { workspaceResourceId: string; workspaceId: string; name: string }[] }; dataFlows: { destinations: string[] }[] } };
    expect(rule.kind).toBe("Linux");
    expect(rule.properties.destinations.logAnalytics).toEqual([
      { workspaceResourceId: `${insights.replace("Microsoft.Insights", "Microsoft.OperationalInsights")}/workspaces/law-private`, workspaceId: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", name: expect.any(String) },
    ]);
    expect(rule.properties.dataFlows[0]!.destinations).toEqual([rule.properties.destinations.logAnalytics[0]!.name]);
    expect(rule.properties.dataCollectionEndpointId).toBe(`${insights}/dataCollectionEndpoints/dce-private`);
  });

  it("when a DCR's associations are listed, then every VM and scale set using it appears", async () => {
    const reply = await callSim(sim, "GET", `${insights}/dataCollectionRules/dcr-windows-prod/associations?${monitorApi}`);
    const ids = (reply.body as { value: { id: string }[] }).value.map((a) => a.id.split("/providers/Microsoft.Insights")[0]!.split("/").pop());
    expect(ids.sort()).toEqual(["vm-ops-01", "vm-ts-netwin-01"]);
  });

  it("when a DCE is read, then it has configuration and ingestion endpoints in its region", async () => {
    const reply = await callSim(sim, "GET", `${insights}/dataCollectionEndpoints/dce-private?${monitorApi}`);
    const dce = reply.body as { properties: { logsIngestion: { endpoint: string }; networkAcls: { publicNetworkAccess: string } } };
    expect(dce.properties.logsIngestion.endpoint).toMatch(/^https:\/\/dce-private-[0-9a-f]{4}\.japaneast-1\.ingest\.monitor\.azure\.com$/);
    expect(dce.properties.networkAcls.publicNetworkAccess).toBe("Disabled");
  });

  it("when a DCR does not exist, then 404 ResourceNotFound", async () => {
    const reply = await callSim(sim, "GET", `${insights}/dataCollectionRules/nope?${monitorApi}`);
    expect(reply.status).toBe(404);
    expect((reply.body as { error: { code: string } }).error.code).toBe("ResourceNotFound");
  });
});

describe("private link scopes", () => {
  it("when the AMPLS scoped resources are listed, then the workspace is in scope and the DCE is not", async () => {
    const list = await callSim(sim, "GET", `/subscriptions/${sub1}/providers/Microsoft.Insights/privateLinkScopes?api-version=2023-06-01-preview`);
    expect((list.body as { value: { name: string; properties: { accessModeSettings: { ingestionAccessMode: string } } }[] }).value).toMatchObject([{ name: "ampls-prod", properties: { accessModeSettings: { ingestionAccessMode: "PrivateOnly" } } }]);
    const scoped = await callSim(sim, "GET", `${insights}/privateLinkScopes/ampls-prod/scopedResources?api-version=2023-06-01-preview`);
    const linked = (scoped.body as { value: { properties: { linkedResourceId: string } }[] }).value.map((r) => r.properties.linkedResourceId.split("/").pop());
    expect(linked).toEqual(["law-private"]);
  });
});

describe("fixture references", () => {
  it("when a DCR names a workspace that does not exist, then the fixture is refused naming the field", () => {
    const fixture = {
      subscriptions: [{ id: sub1, resourceGroups: [{ name: "rg", location: "japaneast", dataCollectionRules: [{ name: "dcr", workspaces: ["rg-x/law-missing"] }] }] }],
    };
    expect(() => parseFixture(fixture)).toThrow('subscriptions[0].resourceGroups[0].dataCollectionRules[0].workspaces[0]: no workspace "rg-x/law-missing" in the fixture');
  });

  it("when a VM is associated with a deleted DCR, then the association still lists its ID and the DCR itself is 404", async () => {
    const fixture = {
      subscriptions: [{ id: sub1, resourceGroups: [{ name: "rg", location: "japaneast", vms: [{ name: "vm", osType: "Linux" as const, dataCollectionRules: ["dcr-deleted"] }] }] }],
    };
    const other = await startSimulator({ fixture });
    try {
      const list = await callSim(other, "GET", `/subscriptions/${sub1}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Insights/dataCollectionRuleAssociations?${monitorApi}`);
      const ruleId = (list.body as { value: Association[] }).value[0]!.properties.dataCollectionRuleId!;
      expect(ruleId).toBe(`/subscriptions/${sub1}/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/dcr-deleted`);
      expect((await callSim(other, "GET", `${ruleId}?${monitorApi}`)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });

  it("when an association is not a reference at all, then the fixture is refused", () => {
    const fixture = { subscriptions: [{ id: sub1, resourceGroups: [{ name: "rg", location: "japaneast", vms: [{ name: "vm", osType: "Linux", dataCollectionRules: ["a/b/c"] }] }] }] };
    expect(() => parseFixture(fixture)).toThrow(/vms\[0\]\.dataCollectionRules\[0\]: "a\/b\/c" is not a dataCollectionRule reference/);
  });
});

describe("run command scripts from the fixture", () => {
  it("when the OMS certificate dates are read, then openssl prints notBefore/notAfter relative to now", async () => {
    const reply = await callSim(sim, "POST", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/vm-ts-omscert-01/runCommand?api-version=2026-04-01`, {
      body: { commandId: "RunShellScript", script: ["openssl x509 -noout -dates -in /etc/opt/microsoft/omsagent/6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6/certs/oms.crt"] },
    });
    await callSim(sim, "GET", String(reply.headers["azure-asyncoperation"]));
    const result = (await callSim(sim, "GET", String(reply.headers.location))).body as { value: { message: string }[] };
    expect(result.value[0]!.message).toMatch(/\[stdout\]\nnotBefore=[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} GMT\nnotAfter=/);
  });

  it("when a Windows VM probes a timed-out endpoint, then Test-NetConnection reports TcpTestSucceeded False with a warning", async () => {
    const reply = await callSim(sim, "POST", `/subscriptions/${sub1}/resourceGroups/rg-trouble/providers/Microsoft.Compute/virtualMachines/vm-ts-netwin-01/runCommand?api-version=2026-04-01`, {
      body: { commandId: "RunPowerShellScript", script: ["Test-NetConnection japaneast.handler.control.monitor.azure.com -Port 443", "Test-NetConnection 6f1e2d3c-4b5a-4e6d-8f70-8192a3b4c5d6.ods.opinsights.azure.com -Port 443"] },
    });
    await callSim(sim, "GET", String(reply.headers["azure-asyncoperation"]));
    const [stdout, stderr] = ((await callSim(sim, "GET", String(reply.headers.location))).body as { value: { message: string }[] }).value.map((s) => s.message);
    expect(stdout!.match(/TcpTestSucceeded : (\w+)/g)).toEqual(["TcpTestSucceeded : False", "TcpTestSucceeded : True"]);
    expect(stderr).toMatch(/^WARNING: TCP connect to \(20\.\d+\.\d+\.\d+ : 443\) failed/);
  });
});

describe("Log Analytics workspaces", () => {
  it("when a workspace is read, then it gives its GUID (customerId) and region", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub1}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/LAW-PRIVATE?api-version=2022-10-01`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: "law-private", location: "japaneast", properties: { customerId: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d" } });
  });
});
