import type { VirtualMachineScaleSet, VirtualMachineScaleSetExtension, VirtualMachineScaleSetVM } from "@azure/arm-compute";
import type { ResourceRef, ScaleSet, ScaleSetInstance, UpgradePolicy } from "../port.js";
import { convertScaleSetExtension } from "./convert-extension.js";
import { convertStatuses, findPowerState, findProvisioningState } from "./convert-status.js";
import { osTypeOf } from "./convert-vm.js";
import { parseResourceId } from "./resource-id.js";

/**
 * A scale set, its model extensions and its instances in domain form. Without an extension list,
 * the model's virtualMachineProfile.extensionProfile is used.
 */
export function convertScaleSet(
  set: VirtualMachineScaleSet,
  extensions: readonly VirtualMachineScaleSetExtension[] | undefined,
  instances: readonly VirtualMachineScaleSetVM[],
  ref: ResourceRef,
): ScaleSet {
  const id = set.id ?? "";
  const parsed = parseResourceId(id);
  const profile = set.virtualMachineProfile;
  const modelExtensions = extensions ?? profile?.extensionProfile?.extensions ?? [];
  return {
    id,
    subscriptionId: parsed?.subscriptionId ?? ref.subscriptionId,
    resourceGroup: parsed?.resourceGroup ?? ref.resourceGroup,
    name: set.name ?? ref.name,
    location: set.location,
    osType: osTypeOf(profile?.storageProfile?.osDisk?.osType, profile?.osProfile?.windowsConfiguration !== undefined),
    upgradePolicy: upgradePolicyOf(set.upgradePolicy?.mode),
    extensions: modelExtensions.map((ext) => convertScaleSetExtension(ext, id)),
    instances: instances.map(convertInstance),
  };
}

function convertInstance(vm: VirtualMachineScaleSetVM): ScaleSetInstance {
  const statuses = convertStatuses(vm.instanceView?.statuses);
  return {
    instanceId: vm.instanceId ?? "",
    name: vm.name ?? "",
    // An instance that does not say is treated as current: only an explicit false is drift.
    latestModelApplied: vm.latestModelApplied ?? true,
    powerState: findPowerState(statuses).state,
    provisioningState: vm.provisioningState ?? findProvisioningState(statuses) ?? "Unknown",
  };
}

// ARM's default upgrade policy mode is Manual when the model does not say.
function upgradePolicyOf(mode: string | undefined): UpgradePolicy {
  switch (mode?.toLowerCase()) {
    case "automatic":
      return "Automatic";
    case "rolling":
      return "Rolling";
    default:
      return "Manual";
  }
}
