import type { VirtualMachine, VirtualMachineExtension, VirtualMachineIdentity } from "@azure/arm-compute";
import type { ManagedIdentity, OsType, ResourceRef, Vm } from "../port.js";
import { convertVmExtension } from "./convert-extension.js";
import { convertStatuses, findPowerState, findProvisioningState } from "./convert-status.js";
import { parseResourceId } from "./resource-id.js";

/**
 * A VM GET (with $expand=instanceView) plus its extension list in domain form. Without a list,
 * the extension models embedded in the VM (`resources`) are used.
 */
export function convertVm(vm: VirtualMachine, extensions: readonly VirtualMachineExtension[] | undefined, ref: ResourceRef): Vm {
  const view = vm.instanceView;
  const statuses = convertStatuses(view?.statuses);
  const power = findPowerState(statuses);
  const parsed = vm.id ? parseResourceId(vm.id) : undefined;
  const viewsByName = new Map((view?.extensions ?? []).map((e) => [(e.name ?? "").toLowerCase(), e]));

  const result: Vm = {
    id: vm.id ?? "",
    subscriptionId: parsed?.subscriptionId ?? ref.subscriptionId,
    resourceGroup: parsed?.resourceGroup ?? ref.resourceGroup,
    name: vm.name ?? ref.name,
    location: vm.location,
    osType: osTypeOf(vm.storageProfile?.osDisk?.osType, vm.osProfile?.windowsConfiguration !== undefined),
    powerState: power.state,
    provisioningState: vm.provisioningState ?? findProvisioningState(statuses) ?? "Unknown",
    identity: convertIdentity(vm.identity),
    extensions: (extensions ?? vm.resources ?? []).map((ext) =>
      convertVmExtension(ext, viewsByName.get((ext.name ?? "").toLowerCase())),
    ),
  };
  if (view?.osName) result.osName = view.osName;
  if (view?.osVersion) result.osVersion = view.osVersion;
  if (power.since) result.powerStateSince = power.since;
  const image = vm.storageProfile?.imageReference;
  if (image && (image.publisher || image.offer || image.sku || image.version)) {
    result.imageReference = withoutUndefined({ publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version });
  }
  if (vm.virtualMachineScaleSet?.id) result.scaleSetId = vm.virtualMachineScaleSet.id;
  return result;
}

/** Identity type is "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned" or "None" (azure-api.md §2). */
export function convertIdentity(identity: Pick<VirtualMachineIdentity, "type" | "userAssignedIdentities"> | undefined): ManagedIdentity {
  const type = (identity?.type ?? "None").toLowerCase();
  return {
    systemAssigned: type.includes("systemassigned"),
    userAssignedIds: Object.keys(identity?.userAssignedIdentities ?? {}),
  };
}

/** The OS family from storageProfile.osDisk.osType; without one, a Windows configuration means Windows. */
export function osTypeOf(osType: string | undefined, hasWindowsConfiguration: boolean): OsType {
  if (osType?.toLowerCase() === "windows") return "Windows";
  if (osType?.toLowerCase() === "linux") return "Linux";
  return hasWindowsConfiguration ? "Windows" : "Linux";
}

function withoutUndefined<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}
