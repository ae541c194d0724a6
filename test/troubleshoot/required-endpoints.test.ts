import { describe, expect, it } from "vitest";
import { unknownFact } from "../../src/troubleshoot/facts.js";
import { isValidHostname, requiredEndpoints } from "../../src/troubleshoot/required-endpoints.js";
import { dceId, dcrId, makeFacts, makeVm, workspaceGuid, workspaceId } from "./make-facts.js";

describe("requiredEndpoints", () => {
  it("when the DCR sends to one workspace, then global, regional and workspace endpoints are required", () => {
    expect(requiredEndpoints(makeFacts({ vm: makeVm({ location: "Japan East" }) }))).toEqual({
      endpoints: [
        { host: "global.handler.control.monitor.azure.com", purpose: "globalControl" },
        { host: "japaneast.handler.control.monitor.azure.com", purpose: "regionalControl" },
        { host: `${workspaceGuid}.ods.opinsights.azure.com`, purpose: "workspaceIngestion", resource: "law-prod" },
      ],
      complete: true,
    });
  });

  it("when the DCR uses a DCE, then its ingestion host is required: from its URL, else <dce>.<region>", () => {
    const withDce = (logsIngestionEndpoint?: string) =>
      makeFacts({
        dataCollection: {
          associations: [{ name: "a", dataCollectionRuleId: dcrId }],
          rules: [{ id: dcrId, name: "r", destinations: [{ workspaceResourceId: workspaceId, workspaceId: workspaceGuid }], dataCollectionEndpointId: dceId }],
          endpoints: [{ id: dceId, name: "dce-prod", location: "japaneast", ...(logsIngestionEndpoint ? { logsIngestionEndpoint } : {}) }],
          complete: true,
        },
      });
    const hosts = (f: ReturnType<typeof makeFacts>) => requiredEndpoints(f).endpoints.map((e) => e.host);
    expect(hosts(withDce("https://dce-prod-a1b2.japaneast-1.ingest.monitor.azure.com"))).toContain("dce-prod-a1b2.japaneast-1.ingest.monitor.azure.com");
    expect(hosts(withDce())).toContain("dce-prod.japaneast.ingest.monitor.azure.com");
  });

  it("when the workspace GUID is unknown, then the list is marked incomplete", () => {
    const facts = makeFacts({
      dataCollection: { associations: [{ name: "a", dataCollectionRuleId: dcrId }], rules: [{ id: dcrId, name: "r", destinations: [{ workspaceResourceId: workspaceId }] }], endpoints: [], complete: true },
      workspaces: unknownFact("forbidden"),
    });
    const result = requiredEndpoints(facts);
    expect(result.complete).toBe(false);
    expect(result.endpoints).toHaveLength(2);
  });

  it("when the region name would make an invalid hostname, then it is left out instead of reaching a script", () => {
    const result = requiredEndpoints(makeFacts({ vm: makeVm({ location: "japaneast;reboot" }) }));
    expect(result.endpoints.map((e) => e.host)).not.toContainEqual(expect.stringContaining("reboot"));
    expect(result.complete).toBe(false);
  });
});

describe("isValidHostname", () => {
  it.each(["global.handler.control.monitor.azure.com", "a-b.c1.ingest.monitor.azure.com"])("when given %s, then it is valid", (h) => {
    expect(isValidHostname(h)).toBe(true);
  });
  it.each(["x.com'; rm -rf /", "$(id).example.com", "host", "-bad.example.com", "a..b.com", "UPPER.example.com", "a b.com", "a.com\n"])(
    "when given %j, then it is rejected",
    (h) => {
      expect(isValidHostname(h)).toBe(false);
    },
  );
});
