import type { VirtualMachine, VirtualMachineScaleSet } from "@azure/arm-compute";
import type { ComputeSummary } from "../port.js";
import { osTypeOf } from "./convert-vm.js";
import { parseResourceId } from "./resource-id.js";

/** A listed VM as a summary; undefined when ARM returned no usable ID. */
export function summarizeVm(vm: VirtualMachine): ComputeSummary | undefined {
  const parsed = vm.id ? parseResourceId(vm.id) : undefined;
  if (!vm.id || !parsed) return undefined;
  return {
    id: vm.id,
    kind: "vm",
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    name: vm.name ?? parsed.name,
    location: vm.location,
    osType: osTypeOf(vm.storageProfile?.osDisk?.osType, vm.osProfile?.windowsConfiguration !== undefined),
  };
}

/** A listed scale set as a summary; undefined when ARM returned no usable ID. */
export function summarizeScaleSet(set: VirtualMachineScaleSet): ComputeSummary | undefined {
  const parsed = set.id ? parseResourceId(set.id) : undefined;
  if (!set.id || !parsed) return undefined;
  const profile = set.virtualMachineProfile;
  return {
    id: set.id,
    kind: "scaleSet",
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    name: set.name ?? parsed.name,
    location: set.location,
    osType: osTypeOf(profile?.storageProfile?.osDisk?.osType, profile?.osProfile?.windowsConfiguration !== undefined),
  };
}
