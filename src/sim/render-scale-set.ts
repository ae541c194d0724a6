// JSON shapes of a scale set, its instance view, and its instances (azure-api.md §5).
import { stableGuid } from "./arm-ids.js";
import type { ExtensionData, InstanceData } from "./fixture-schema.js";
import type { FleetState, InstanceEntry, ScaleSetEntry } from "./fleet-state.js";
import { extensionStatus, powerStatus, provisioningStatus } from "./instance-view-status.js";
import { renderExtensionInstanceView, renderScaleSetExtension } from "./render-extension.js";
import { renderIdentity } from "./render-identity.js";
import { lastChangeTime } from "./render-vm.js";

/** The version an instance runs: its own override (not on the latest model) or the model's. */
export function instanceRunningVersion(instance: InstanceData, ext: ExtensionData): string | undefined {
  const own = Object.entries(instance.runningVersions).find(([name]) => name.toLowerCase() === ext.name.toLowerCase());
  return own?.[1] ?? ext.runningVersion;
}

function extensionModel(ext: ExtensionData) {
  return {
    name: ext.name,
    properties: {
      publisher: ext.publisher,
      type: ext.type,
      typeHandlerVersion: ext.typeHandlerVersion,
      autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
      enableAutomaticUpgrade: ext.enableAutomaticUpgrade,
      settings: ext.settings,
      provisioningState: ext.provisioningState,
    },
  };
}

export function renderScaleSet(entry: ScaleSetEntry) {
  const { set, id, location, subscriptionId, group } = entry;
  const identity = renderIdentity(id, subscriptionId, group.name, set.identity);
  const linux = set.osType === "Linux";
  return {
    id,
    name: set.name,
    type: "Microsoft.Compute/virtualMachineScaleSets",
    location,
    tags: set.tags,
    sku: { name: set.vmSize, tier: "Standard", capacity: set.instances.length },
    ...(identity ? { identity } : {}),
    properties: {
      provisioningState: "Succeeded",
      uniqueId: stableGuid(id),
      orchestrationMode: set.orchestrationMode,
      singlePlacementGroup: true,
      overprovision: false,
      upgradePolicy: { mode: set.upgradePolicy },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: set.name.replace(/[^A-Za-z0-9-]/g, "").slice(0, 9),
          adminUsername: "azureuser",
          ...(linux ? { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } } : { windowsConfiguration: { provisionVMAgent: true } }),
          allowExtensionOperations: true,
        },
        storageProfile: {
          ...(set.image ? { imageReference: set.image } : {}),
          osDisk: { osType: set.osType, createOption: "FromImage", caching: "ReadWrite", managedDisk: { storageAccountType: "Premium_LRS" } },
        },
        extensionProfile: { extensions: set.extensions.map(extensionModel) },
      },
      timeCreated: "2024-04-01T00:00:00+00:00",
    },
  };
}

export function renderScaleSetExtensions(entry: ScaleSetEntry) {
  return entry.set.extensions.map((ext) => renderScaleSetExtension(entry.id, ext));
}

function countBy(codes: string[]): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count }));
}

export function renderScaleSetInstanceView(entry: ScaleSetEntry) {
  const { set } = entry;
  return {
    statuses: [provisioningStatus("Succeeded")],
    virtualMachine: { statusesSummary: countBy(set.instances.map((i) => `ProvisioningState/${i.provisioningState.toLowerCase()}`)) },
    extensions: set.extensions.map((ext) => ({
      name: ext.name,
      statusesSummary: countBy(set.instances.map(() => extensionStatus(ext).code)),
    })),
    orchestrationServices: [],
  };
}

export function renderInstanceView(state: FleetState, entry: InstanceEntry) {
  const { instance, scaleSet } = entry;
  const agentUp = instance.powerState === "running";
  return {
    platformUpdateDomain: Number(instance.instanceId) % 5,
    platformFaultDomain: Number(instance.instanceId) % 2,
    computerName: computerName(scaleSet, instance),
    ...(agentUp && scaleSet.set.osName ? { osName: scaleSet.set.osName } : {}),
    ...(agentUp && scaleSet.set.osVersion ? { osVersion: scaleSet.set.osVersion } : {}),
    ...(agentUp
      ? { vmAgent: { vmAgentVersion: "2.13.1.1", statuses: [{ code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Ready" }] } }
      : {}),
    extensions: scaleSet.set.extensions.map((ext) => renderExtensionInstanceView(ext, instanceRunningVersion(instance, ext))),
    statuses: [provisioningStatus(instance.provisioningState, lastChangeTime(state, undefined)), powerStatus(instance.powerState)],
  };
}

function computerName(scaleSet: ScaleSetEntry, instance: InstanceData): string {
  const prefix = scaleSet.set.name.replace(/[^A-Za-z0-9-]/g, "").slice(0, 9);
  return `${prefix}${Number(instance.instanceId).toString(36).padStart(6, "0")}`;
}

export function renderInstance(state: FleetState, entry: InstanceEntry, withInstanceView: boolean) {
  const { instance, scaleSet, id } = entry;
  return {
    id,
    name: `${scaleSet.set.name}_${instance.instanceId}`,
    type: "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
    location: scaleSet.location,
    instanceId: instance.instanceId,
    sku: { name: scaleSet.set.vmSize, tier: "Standard" },
    properties: {
      latestModelApplied: instance.latestModelApplied,
      modelDefinitionApplied: "VirtualMachineScaleSet",
      vmId: stableGuid(id),
      provisioningState: instance.provisioningState,
      hardwareProfile: { vmSize: scaleSet.set.vmSize },
      storageProfile: { osDisk: { osType: scaleSet.set.osType, createOption: "FromImage" } },
      osProfile: { computerName: computerName(scaleSet, instance), adminUsername: "azureuser" },
      ...(withInstanceView ? { instanceView: renderInstanceView(state, entry) } : {}),
    },
    resources: scaleSet.set.extensions.map((ext) => ({
      id: `${id}/extensions/${ext.name}`,
      name: ext.name,
      type: "Microsoft.Compute/virtualMachineScaleSets/virtualMachines/extensions",
      location: scaleSet.location,
      properties: extensionModel(ext).properties,
    })),
  };
}
