import type {
  VirtualMachineExtension,
  VirtualMachineExtensionInstanceView,
  VirtualMachineScaleSetExtension,
} from "@azure/arm-compute";
import type { Extension } from "../port.js";
import { convertStatuses, findProvisioningState } from "./convert-status.js";

/**
 * A VM extension with its instance view. `fallbackView` is the VM instance view's entry for the same
 * extension, used when the extension list came back without one.
 */
export function convertVmExtension(
  ext: VirtualMachineExtension,
  fallbackView?: VirtualMachineExtensionInstanceView,
): Extension {
  const view = ext.instanceView ?? fallbackView;
  const statuses = convertStatuses(view?.statuses);
  const extension: Extension = {
    id: ext.id ?? "",
    name: ext.name ?? "",
    publisher: ext.publisher ?? publisherFromView(view) ?? "",
    // The modular SDK names the extension kind typePropertiesType; plain `type` is the ARM resource type.
    type: ext.typePropertiesType ?? "",
    typeHandlerVersion: ext.typeHandlerVersion ?? "",
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion ?? false,
    enableAutomaticUpgrade: ext.enableAutomaticUpgrade ?? false,
    provisioningState: ext.provisioningState ?? findProvisioningState(statuses) ?? "Unknown",
    statuses,
  };
  // instanceView.typeHandlerVersion is the running version; properties.typeHandlerVersion only the request.
  if (view?.typeHandlerVersion) extension.runningVersion = view.typeHandlerVersion;
  return extension;
}

/** A scale-set model extension: no instance view, so no running version or statuses. */
export function convertScaleSetExtension(ext: VirtualMachineScaleSetExtension, scaleSetId: string): Extension {
  const name = ext.name ?? "";
  return {
    id: ext.id ?? `${scaleSetId}/extensions/${name}`,
    name,
    publisher: ext.publisher ?? "",
    type: ext.typePropertiesType ?? "",
    typeHandlerVersion: ext.typeHandlerVersion ?? "",
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion ?? false,
    enableAutomaticUpgrade: ext.enableAutomaticUpgrade ?? false,
    provisioningState: ext.provisioningState ?? "Unknown",
    statuses: [],
  };
}

// instanceView.type is "<publisher>.<type>" (azure-api.md §3).
function publisherFromView(view: VirtualMachineExtensionInstanceView | undefined): string | undefined {
  const full = view?.type;
  const dot = full?.lastIndexOf(".") ?? -1;
  return full && dot > 0 ? full.slice(0, dot) : undefined;
}
