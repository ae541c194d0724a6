// JSON shapes of VM and scale-set extensions (azure-api.md §3, §5). properties.typeHandlerVersion is
// the requested major.minor; instanceView.typeHandlerVersion is the running version.
// protectedSettings is write-only and never rendered.
import type { ExtensionData } from "./fixture-schema.js";
import { extensionStatus, type StatusJson } from "./instance-view-status.js";

export interface ExtensionInstanceViewJson {
  name: string;
  type: string;
  typeHandlerVersion?: string;
  statuses: StatusJson[];
}

export function renderExtensionInstanceView(ext: ExtensionData, runningVersion = ext.runningVersion): ExtensionInstanceViewJson {
  return {
    name: ext.name,
    type: `${ext.publisher}.${ext.type}`,
    ...(runningVersion ? { typeHandlerVersion: runningVersion } : {}),
    statuses: [extensionStatus(ext)],
  };
}

function renderExtensionProperties(ext: ExtensionData) {
  return {
    provisioningState: ext.provisioningState,
    publisher: ext.publisher,
    type: ext.type,
    typeHandlerVersion: ext.typeHandlerVersion,
    autoUpgradeMinorVersion: ext.autoUpgradeMinorVersion,
    enableAutomaticUpgrade: ext.enableAutomaticUpgrade,
    suppressFailures: false,
    settings: ext.settings,
  };
}

export function renderVmExtension(vmId: string, location: string, ext: ExtensionData, withInstanceView: boolean) {
  return {
    id: `${vmId}/extensions/${ext.name}`,
    name: ext.name,
    type: "Microsoft.Compute/virtualMachines/extensions",
    location,
    properties: {
      ...renderExtensionProperties(ext),
      ...(withInstanceView ? { instanceView: renderExtensionInstanceView(ext) } : {}),
    },
  };
}

/** Scale-set model extension: no location, no instance view (that lives per instance). */
export function renderScaleSetExtension(scaleSetId: string, ext: ExtensionData) {
  return {
    id: `${scaleSetId}/extensions/${ext.name}`,
    name: ext.name,
    type: "Microsoft.Compute/virtualMachineScaleSets/extensions",
    properties: renderExtensionProperties(ext),
  };
}
