// Small builders for drift tests: a healthy default, overridden per case.
import type { Extension, Heartbeat, ScaleSet, ScaleSetInstance, Vm } from "../../src/fleet/port.js";
import { extensionKey } from "../../src/drift/agents.js";

export const now = new Date("2025-06-02T09:00:00Z");
export const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

export function buildExtension(overrides: Partial<Extension> = {}): Extension {
  return {
    id: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-x/extensions/AMA",
    name: "AzureMonitorLinuxAgent",
    publisher: "Microsoft.Azure.Monitor",
    type: "AzureMonitorLinuxAgent",
    typeHandlerVersion: "1.33",
    runningVersion: "1.33.2",
    autoUpgradeMinorVersion: true,
    enableAutomaticUpgrade: true,
    provisioningState: "Succeeded",
    statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Provisioning succeeded" }],
    ...overrides,
  };
}

export const oms = (overrides: Partial<Extension> = {}) =>
  buildExtension({
    name: "OMSExtension",
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "OmsAgentForLinux",
    typeHandlerVersion: "1.17",
    runningVersion: "1.17.1",
    autoUpgradeMinorVersion: true,
    enableAutomaticUpgrade: false,
    ...overrides,
  });

export const mma = (overrides: Partial<Extension> = {}) =>
  buildExtension({
    name: "MicrosoftMonitoringAgent",
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "MicrosoftMonitoringAgent",
    typeHandlerVersion: "1.0",
    runningVersion: "1.0.18062.0",
    autoUpgradeMinorVersion: true,
    enableAutomaticUpgrade: false,
    ...overrides,
  });

export const amaWindows = (overrides: Partial<Extension> = {}) =>
  buildExtension({ name: "AMAWin", type: "AzureMonitorWindowsAgent", typeHandlerVersion: "1.30", runningVersion: "1.30.0.0", ...overrides });

export function buildVm(overrides: Partial<Vm> = {}): Vm {
  return {
    id: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-x",
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    resourceGroup: "rg-prod",
    name: "vm-x",
    location: "japaneast",
    osType: "Linux",
    powerState: "running",
    provisioningState: "Succeeded",
    identity: { systemAssigned: true, userAssignedIds: [] },
    extensions: [buildExtension()],
    ...overrides,
  };
}

export function buildHeartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return { resourceId: buildVm().id, lastSeen: minutesAgo(1), version: "1.33.2", category: "Azure Monitor Agent", ...overrides };
}

export function buildInstances(count: number, outdated = 0, stopped = 0): ScaleSetInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    instanceId: String(i),
    name: `vmss_${i}`,
    latestModelApplied: i >= outdated,
    powerState: i < stopped ? "deallocated" : "running",
    provisioningState: "Succeeded",
  }));
}

export function buildScaleSet(overrides: Partial<ScaleSet> = {}): ScaleSet {
  return {
    id: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web",
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    resourceGroup: "rg-prod",
    name: "vmss-web",
    location: "japaneast",
    osType: "Linux",
    upgradePolicy: "Manual",
    extensions: [buildExtension({ runningVersion: undefined })],
    instances: buildInstances(5),
    ...overrides,
  };
}

/** Latest versions of the demo region (contracts.md: japaneast). */
export const latestJapanEast = new Map<string, string | undefined>([
  [extensionKey("Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent"), "1.33.2"],
  [extensionKey("Microsoft.Azure.Monitor", "AzureMonitorWindowsAgent"), "1.30.0.0"],
  [extensionKey("Microsoft.EnterpriseCloud.Monitoring", "OmsAgentForLinux"), "1.19.0"],
  [extensionKey("Microsoft.EnterpriseCloud.Monitoring", "MicrosoftMonitoringAgent"), "1.0.18067.0"],
  [extensionKey("Microsoft.Azure.Monitoring.DependencyAgent", "DependencyAgentLinux"), "9.10.19"],
]);
