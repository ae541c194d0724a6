// A healthy Linux VM's facts; each test changes the one thing it is about.
import type { Extension, Vm } from "../../src/fleet/port.js";
import type { EndpointProbe, TroubleshootFacts } from "../../src/troubleshoot/facts.js";
import { requiredEndpoints } from "../../src/troubleshoot/required-endpoints.js";

export const now = new Date("2026-03-10T09:00:00Z");
export const sub = "00000000-0000-4000-8000-000000000001";
export const workspaceGuid = "6f680a37-00c6-41c7-a93f-1437e3462574";
export const workspaceId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
export const dcrId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.Insights/dataCollectionRules/dcr-linux-prod`;
export const dceId = `/subscriptions/${sub}/resourceGroups/rg-monitor/providers/Microsoft.Insights/dataCollectionEndpoints/dce-prod`;

export function minutesAgo(minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

export function amaExtension(overrides: Partial<Extension> = {}): Extension {
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01/extensions/AzureMonitorLinuxAgent`,
    name: "AzureMonitorLinuxAgent",
    publisher: "Microsoft.Azure.Monitor",
    type: "AzureMonitorLinuxAgent",
    typeHandlerVersion: "1.33",
    runningVersion: "1.33.2",
    autoUpgradeMinorVersion: false,
    enableAutomaticUpgrade: true,
    provisioningState: "Succeeded",
    statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" }],
    ...overrides,
  };
}

export function omsExtension(overrides: Partial<Extension> = {}): Extension {
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01/extensions/OMSExtension`,
    name: "OMSExtension",
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "OmsAgentForLinux",
    typeHandlerVersion: "1.17",
    runningVersion: "1.17.1",
    autoUpgradeMinorVersion: true,
    enableAutomaticUpgrade: false,
    provisioningState: "Succeeded",
    statuses: [{ code: "ProvisioningState/succeeded", level: "Info" }],
    ...overrides,
  };
}

export function makeVm(overrides: Partial<Vm> = {}): Vm {
  return {
    id: `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    subscriptionId: sub,
    resourceGroup: "rg-prod",
    name: "vm-web-01",
    location: "japaneast",
    osType: "Linux",
    osName: "ubuntu",
    osVersion: "22.04",
    powerState: "running",
    provisioningState: "Succeeded",
    identity: { systemAssigned: true, userAssignedIds: [] },
    extensions: [amaExtension()],
    ...overrides,
  };
}

/** Every required endpoint answered with `result` (connected unless told). */
export function probesFor(facts: TroubleshootFacts, result: EndpointProbe["result"] = "connected", address = "20.43.1.1"): EndpointProbe[] {
  return requiredEndpoints(facts).endpoints.map((e) => ({ host: e.host, result, resolvedAddress: address }));
}

export function makeFacts(overrides: Partial<TroubleshootFacts> = {}): TroubleshootFacts {
  const base: TroubleshootFacts = {
    vm: makeVm(),
    heartbeat: { resourceId: makeVm().id, lastSeen: minutesAgo(1), version: "1.33.2", category: "Azure Monitor Agent" },
    dataCollection: {
      associations: [{ name: "dcra-linux", dataCollectionRuleId: dcrId }],
      rules: [{ id: dcrId, name: "dcr-linux-prod", destinations: [{ workspaceResourceId: workspaceId, workspaceId: workspaceGuid }] }],
      endpoints: [],
      complete: true,
    },
    workspaces: [{ id: workspaceId, name: "law-prod", customerId: workspaceGuid }],
    privateLinkScopes: [],
    ...overrides,
  };
  return "reachability" in overrides ? base : { ...base, reachability: probesFor(base) };
}
