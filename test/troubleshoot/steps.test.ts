import { describe, expect, it } from "vitest";
import { unknownFact, type TroubleshootFacts } from "../../src/troubleshoot/facts.js";
import { checkAgentExtension } from "../../src/troubleshoot/steps/check-agent-extension.js";
import { checkDataCollectionRule } from "../../src/troubleshoot/steps/check-data-collection-rule.js";
import { checkHeartbeat } from "../../src/troubleshoot/steps/check-heartbeat.js";
import { checkLegacyAgent } from "../../src/troubleshoot/steps/check-legacy-agent.js";
import { checkManagedIdentity } from "../../src/troubleshoot/steps/check-managed-identity.js";
import { checkNetwork } from "../../src/troubleshoot/steps/check-network.js";
import { checkPowerState } from "../../src/troubleshoot/steps/check-power-state.js";
import { checkPrivateLink } from "../../src/troubleshoot/steps/check-private-link.js";
import { checkSupportedOs } from "../../src/troubleshoot/steps/check-supported-os.js";
import type { StepResult } from "../../src/troubleshoot/step-result.js";
import {
  amaExtension,
  dceId,
  dcrId,
  makeFacts,
  makeVm,
  minutesAgo,
  now,
  omsExtension,
  probesFor,
  workspaceGuid,
  workspaceId,
} from "./make-facts.js";

const keys = (r: StepResult) => r.evidence.map((e) => e.key.replace("troubleshoot.evidence.", ""));

describe("supported OS step", () => {
  it("when the machine runs Ubuntu 22.04, then it passes naming the OS", () => {
    const r = checkSupportedOs(makeFacts(), now);
    expect(r.status).toBe("pass");
    expect(r.evidence[0]!.params.os).toBe("Ubuntu 22.04");
  });

  it("when the machine runs Ubuntu 14.04, then it fails with the supported-OS remedy", () => {
    const r = checkSupportedOs(makeFacts({ vm: makeVm({ osVersion: "14.04" }) }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("useSupportedOs");
  });

  it("when the OS is one the bot cannot place, then it is unknown, not a failure", () => {
    const r = checkSupportedOs(makeFacts({ vm: makeVm({ osName: "FreeBSD", osVersion: "14.0" }) }), now);
    expect(r.status).toBe("unknown");
    expect(keys(r)).toEqual(["os.unrecognized"]);
  });

  it("when the OS was not reported at all, then it is unknown", () => {
    const r = checkSupportedOs(makeFacts({ vm: makeVm({ osName: undefined, osVersion: undefined }) }), now);
    expect(r.status).toBe("unknown");
    expect(keys(r)).toEqual(["os.notReported"]);
  });
});

describe("power state step", () => {
  it("when the VM runs, then it passes", () => {
    expect(checkPowerState(makeFacts(), now).status).toBe("pass");
  });

  it("when the VM is deallocated, then it fails with start-VM and says since when", () => {
    const r = checkPowerState(makeFacts({ vm: makeVm({ powerState: "deallocated", powerStateSince: new Date("2026-03-10T02:14:00Z") }) }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy).toEqual({ key: "startVm", params: { vm: "vm-web-01" } });
    expect(r.evidence).toContainEqual({ key: "troubleshoot.evidence.power.since", params: { since: "2026-03-10 02:14 UTC" } });
  });

  it("when the power state is not reported, then it is unknown", () => {
    expect(checkPowerState(makeFacts({ vm: makeVm({ powerState: "unknown" }) }), now).status).toBe("unknown");
  });
});

describe("agent extension step", () => {
  it("when AMA is Succeeded, then it passes with its running version", () => {
    const r = checkAgentExtension(makeFacts(), now);
    expect(r.status).toBe("pass");
    expect(r.evidence[0]!.params.version).toBe("1.33.2");
  });

  it("when AMA is identified by publisher and type under any name, then it is found", () => {
    const r = checkAgentExtension(makeFacts({ vm: makeVm({ extensions: [amaExtension({ name: "whatever-the-deployer-chose" })] }) }), now);
    expect(r.status).toBe("pass");
  });

  it("when AMA is missing and only the legacy agent is there, then it fails with reinstall and mentions the legacy agent", () => {
    const r = checkAgentExtension(makeFacts({ vm: makeVm({ extensions: [omsExtension()] }) }), now);
    expect(r.status).toBe("fail");
    expect(keys(r)).toEqual(["extension.amaMissing", "extension.legacyInstead"]);
    expect(r.remedy).toEqual({ key: "reinstallAma", params: { vm: "vm-web-01", type: "AzureMonitorLinuxAgent" } });
  });

  it("when AMA failed with code 51, then 'OS not supported' is evidence", () => {
    const failed = amaExtension({
      provisioningState: "Failed",
      statuses: [{ code: "ProvisioningState/failed/51", level: "Error", message: "Install,failed,51,Unsupported operating system" }],
    });
    const r = checkAgentExtension(makeFacts({ vm: makeVm({ extensions: [failed] }) }), now);
    expect(r.status).toBe("fail");
    expect(keys(r)).toEqual(["extension.notSucceeded", "extension.errorCode", "extension.amaUnsupportedOs"]);
    expect(r.remedy?.key).toBe("reinstallAma");
  });

  it("when AMA is still Updating, then it is unknown (check again)", () => {
    const r = checkAgentExtension(makeFacts({ vm: makeVm({ extensions: [amaExtension({ provisioningState: "Updating" })] }) }), now);
    expect(r.status).toBe("unknown");
  });
});

describe("heartbeat step", () => {
  it("when the last heartbeat is a minute old, then it passes", () => {
    expect(checkHeartbeat(makeFacts(), now).status).toBe("pass");
  });

  it("when the last heartbeat is two hours old, then it fails and says how old", () => {
    const r = checkHeartbeat(makeFacts({ heartbeat: { resourceId: "x", lastSeen: minutesAgo(120), version: "1.33.2" } }), now);
    expect(r.status).toBe("fail");
    expect(r.evidence[0]!.params).toEqual({ lastSeen: "2026-03-10 07:00 UTC", age: "2h" });
  });

  it("when there was no heartbeat in the window, then it fails", () => {
    const r = checkHeartbeat(makeFacts({ heartbeat: undefined }), now);
    expect(r.status).toBe("fail");
    expect(keys(r)).toEqual(["heartbeat.none"]);
  });

  it("when the heartbeat query was forbidden, then it is unknown with the reason", () => {
    const r = checkHeartbeat(makeFacts({ heartbeat: unknownFact("forbidden") }), now);
    expect(r.status).toBe("unknown");
    expect(keys(r)).toEqual(["unknown.forbidden"]);
  });

  it("when the agent reports another version than the instance view, then that is evidence", () => {
    const r = checkHeartbeat(makeFacts({ heartbeat: { resourceId: "x", lastSeen: minutesAgo(1), version: "1.32.5" } }), now);
    expect(keys(r)).toContain("heartbeat.versionDiffers");
  });
});

describe("data collection rule step", () => {
  it("when a DCR sends to a workspace, then it passes naming both", () => {
    const r = checkDataCollectionRule(makeFacts(), now);
    expect(r.status).toBe("pass");
    expect(r.evidence).toEqual([{ key: "troubleshoot.evidence.dcr.destination", params: { dcr: "dcr-linux-prod", workspace: "law-prod" } }]);
  });

  it("when only the DCE association exists, then it fails: that is not a rule", () => {
    const r = checkDataCollectionRule(
      makeFacts({ dataCollection: { associations: [{ name: "configurationAccessEndpoint", dataCollectionEndpointId: dceId }], rules: [], endpoints: [], complete: true } }),
      now,
    );
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("associateDcr");
  });

  it("when the rule sends elsewhere than the workspace the user looks in, then it fails", () => {
    const other = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-other";
    const r = checkDataCollectionRule(makeFacts({ expectedWorkspaceId: other }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("setDcrDestination");
  });

  it("when the expected workspace is given by its GUID and matches, then it passes", () => {
    expect(checkDataCollectionRule(makeFacts({ expectedWorkspaceId: workspaceGuid.toUpperCase() }), now).status).toBe("pass");
  });

  it("when the rule has no workspace destination, then it fails", () => {
    const r = checkDataCollectionRule(
      makeFacts({ dataCollection: { associations: [{ name: "a", dataCollectionRuleId: dcrId }], rules: [{ id: dcrId, name: "dcr-linux-prod", destinations: [] }], endpoints: [], complete: true } }),
      now,
    );
    expect(r.status).toBe("fail");
    expect(keys(r)).toEqual(["dcr.noWorkspace"]);
  });

  it("when the associated rule could not be read, then it is unknown", () => {
    const r = checkDataCollectionRule(
      makeFacts({ dataCollection: { associations: [{ name: "a", dataCollectionRuleId: dcrId }], rules: [], endpoints: [], complete: false } }),
      now,
    );
    expect(r.status).toBe("unknown");
  });

  it("when the associations could not be listed, then it is unknown", () => {
    expect(checkDataCollectionRule(makeFacts({ dataCollection: unknownFact("failed") }), now).status).toBe("unknown");
  });
});

describe("managed identity step", () => {
  it("when a system-assigned identity is on, then it passes", () => {
    expect(checkManagedIdentity(makeFacts(), now).status).toBe("pass");
  });

  it("when only a user-assigned identity exists, then it passes naming it", () => {
    const vm = makeVm({ identity: { systemAssigned: false, userAssignedIds: [`/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ama`] } });
    const r = checkManagedIdentity(makeFacts({ vm }), now);
    expect(r.status).toBe("pass");
    expect(r.evidence[0]!.params.identity).toBe("id-ama");
  });

  it("when there is no identity, then it fails with enable-system-identity", () => {
    const r = checkManagedIdentity(makeFacts({ vm: makeVm({ identity: { systemAssigned: false, userAssignedIds: [] } }) }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("enableSystemIdentity");
  });
});

describe("network step", () => {
  it("when every required endpoint connected, then it passes", () => {
    const r = checkNetwork(makeFacts(), now);
    expect(r.status).toBe("pass");
    expect(r.evidence.every((e) => e.key === "troubleshoot.evidence.network.connected")).toBe(true);
  });

  it("when the probe has not run, then it is unknown, names the hosts and asks for the network probe", () => {
    const r = checkNetwork(makeFacts({ reachability: undefined }), now);
    expect(r.status).toBe("unknown");
    expect(r.probe).toBe("network");
    expect(String(r.evidence[0]!.params.hosts)).toContain(`${workspaceGuid}.ods.opinsights.azure.com`);
  });

  it("when one endpoint does not resolve, then it fails with the DNS remedy naming that host", () => {
    const facts = makeFacts();
    const probes = probesFor(facts).map((p) => (p.host.startsWith("global.") ? { ...p, result: "dnsFailure" as const } : p));
    const r = checkNetwork({ ...facts, reachability: probes }, now);
    expect(r.status).toBe("fail");
    expect(r.remedy).toEqual({ key: "fixDns", params: { hosts: "global.handler.control.monitor.azure.com" } });
  });

  it("when an endpoint times out, then it fails with the firewall remedy listing every required host", () => {
    const facts = makeFacts();
    const probes = probesFor(facts).map((p) => (p.host.includes(".ods.") ? { ...p, result: "timedOut" as const } : p));
    const r = checkNetwork({ ...facts, reachability: probes }, now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("openFirewall");
    expect(String(r.remedy?.params.hosts).split(", ")).toHaveLength(3);
  });

  it("when the machine is not running, then the step is skipped", () => {
    expect(checkNetwork(makeFacts({ vm: makeVm({ powerState: "deallocated" }) }), now).status).toBe("skipped");
  });

  it("when the Run Command failed, then it is unknown with the reason", () => {
    const r = checkNetwork(makeFacts({ reachability: unknownFact("failed") }), now);
    expect(r.status).toBe("unknown");
    expect(keys(r)[0]).toBe("unknown.failed");
  });

  it("when a Windows machine connects everywhere, then it passes with the Azure Firewall caveat", () => {
    const facts = makeFacts({ vm: makeVm({ osType: "Windows", osName: "Windows Server 2019 Datacenter", osVersion: "10.0.17763.5696" }) });
    const r = checkNetwork(facts, now);
    expect(r.status).toBe("pass");
    expect(keys(r)).toContain("network.firewallCaveat");
  });
});

describe("private link step", () => {
  const dcrWithDce = (facts: TroubleshootFacts): TroubleshootFacts => ({
    ...facts,
    dataCollection: {
      associations: [{ name: "a", dataCollectionRuleId: dcrId }, { name: "configurationAccessEndpoint", dataCollectionEndpointId: dceId }],
      rules: [{ id: dcrId, name: "dcr-linux-prod", destinations: [{ workspaceResourceId: workspaceId, workspaceId: workspaceGuid }], dataCollectionEndpointId: dceId }],
      endpoints: [
        {
          id: dceId,
          name: "dce-prod",
          location: "japaneast",
          logsIngestionEndpoint: "https://dce-prod-abcd.japaneast-1.ingest.monitor.azure.com",
          configurationAccessEndpoint: "https://dce-prod-abcd.japaneast-1.handler.control.monitor.azure.com",
        },
      ],
      complete: true,
    },
  });
  const scope = (ids: string[]) => [{ id: "/subscriptions/x/resourceGroups/rg/providers/microsoft.insights/privateLinkScopes/ampls-prod", name: "ampls-prod", scopedResourceIds: ids }];

  it("when no private link scope is used, then the step is skipped", () => {
    expect(checkPrivateLink(makeFacts(), now).status).toBe("skipped");
  });

  it("when the workspace and DCE are in scope and the names resolve privately, then it passes", () => {
    const base = dcrWithDce(makeFacts({ privateLinkScopes: scope([workspaceId, dceId.toUpperCase()]) }));
    const r = checkPrivateLink({ ...base, reachability: probesFor(base, "connected", "10.1.0.5") }, now);
    expect(r.status).toBe("pass");
  });

  it("when the workspace is not added to the scope, then it fails naming it", () => {
    const base = dcrWithDce(makeFacts({ privateLinkScopes: scope([dceId]) }));
    const r = checkPrivateLink({ ...base, reachability: probesFor(base, "connected", "10.1.0.5") }, now);
    expect(r.status).toBe("fail");
    expect(r.remedy).toEqual({ key: "amplsAddResources", params: { resources: "law-prod", scope: "ampls-prod" } });
  });

  it("when no DCE is used with AMPLS, then it fails asking for one", () => {
    const r = checkPrivateLink(makeFacts({ privateLinkScopes: scope([workspaceId]) }), now);
    expect(r.status).toBe("fail");
    expect(keys(r)).toContain("ampls.noDce");
  });

  it("when an endpoint resolves to a public address, then it fails with the DNS zone remedy", () => {
    const base = dcrWithDce(makeFacts({ privateLinkScopes: scope([workspaceId, dceId]) }));
    const r = checkPrivateLink({ ...base, reachability: probesFor(base, "connected", "20.43.1.1") }, now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("amplsDnsZones");
    expect(String(r.remedy?.params.zones)).toContain("privatelink.ods.opinsights.azure.com");
  });

  it("when the resources are in scope but name resolution was not probed, then it is unknown and asks for the probe", () => {
    const base = dcrWithDce(makeFacts({ privateLinkScopes: scope([workspaceId, dceId]), reachability: undefined }));
    const r = checkPrivateLink(base, now);
    expect(r.status).toBe("unknown");
    expect(r.probe).toBe("network");
  });

  it("when the scopes could not be read, then it is unknown", () => {
    expect(checkPrivateLink(makeFacts({ privateLinkScopes: unknownFact("forbidden") }), now).status).toBe("unknown");
  });
});

describe("legacy agent step", () => {
  const legacyVm = (ext = omsExtension()) => makeVm({ extensions: [ext] });
  const cert = (notBefore: string, notAfter: string) => [{ path: "/etc/opt/microsoft/omsagent/x/certs/oms.crt", notBefore: new Date(notBefore), notAfter: new Date(notAfter) }];

  it("when no legacy agent is installed, then the step is skipped", () => {
    expect(checkLegacyAgent(makeFacts(), now).status).toBe("skipped");
  });

  it("when the Linux agent's certificate was not read yet, then it fails with migrate and asks for the certificate probe", () => {
    const r = checkLegacyAgent(makeFacts({ vm: legacyVm() }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("migrateToAma");
    expect(r.probe).toBe("omsCertificate");
  });

  it("when the certificate was renewed when data stopped, then the remedy is restarting the agent (seed 003)", () => {
    const facts = makeFacts({
      vm: legacyVm(),
      heartbeat: { resourceId: "x", lastSeen: new Date("2026-03-05T04:00:00Z") },
      omsCertificates: cert("2026-03-05T03:46:13Z", "2027-03-05T03:46:13Z"),
    });
    const r = checkLegacyAgent(facts, now);
    expect(r.status).toBe("fail");
    expect(keys(r)).toContain("legacy.renewedNearStop");
    expect(r.remedy?.key).toBe("restartLegacyAgent");
  });

  it("when the certificate is old and data still arrives, then the only remedy is migrating", () => {
    const facts = makeFacts({ vm: legacyVm(), omsCertificates: cert("2025-06-17T03:46:13Z", "2026-06-16T03:46:13Z") });
    const r = checkLegacyAgent(facts, now);
    expect(r.remedy?.key).toBe("migrateToAma");
    expect(keys(r)).not.toContain("legacy.renewedNearStop");
  });

  it("when the certificate has expired, then the remedy is restarting the agent", () => {
    const facts = makeFacts({ vm: legacyVm(), heartbeat: undefined, omsCertificates: cert("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z") });
    expect(checkLegacyAgent(facts, now).remedy?.key).toBe("restartLegacyAgent");
  });

  it("when the legacy extension failed with code 53, then its meaning and action are evidence", () => {
    const failed = omsExtension({ provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53", level: "Error" }] });
    const r = checkLegacyAgent(makeFacts({ vm: legacyVm(failed) }), now);
    expect(r.evidence.map((e) => e.key)).toEqual(
      expect.arrayContaining(["troubleshoot.evidence.extension.errorCode", "drift.extensionError.code53.meaning", "drift.extensionError.code53.action"]),
    );
  });

  it("when the Windows MMA is installed, then it fails with migrate and no certificate probe", () => {
    const mma = omsExtension({ type: "MicrosoftMonitoringAgent", runningVersion: "1.0.18062.0" });
    const r = checkLegacyAgent(makeFacts({ vm: makeVm({ osType: "Windows", osName: "Windows Server 2019 Datacenter", extensions: [mma] }) }), now);
    expect(r.status).toBe("fail");
    expect(r.remedy?.key).toBe("migrateToAma");
    expect(r.probe).toBeUndefined();
  });
});
