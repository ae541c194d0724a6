// The two Resource Graph queries of the fleet scan (azure-api.md §7) and their rows in domain form.
// Both are constant text: no caller value ever goes into the KQL (subscriptions travel in the
// request body). Paging needs `id` projected and no `limit`/`take`; `order by` keeps pages stable.
// Resource Graph holds the MODEL: typeHandlerVersion (major.minor) and the flags, never the running
// version, which only the instance view has.
import type { Extension, OsType, PowerState, ScannedExtension, UpgradePolicy } from "../port.js";
import { parseResourceId } from "./resource-id.js";

export const vmExtensionsQuery = `Resources
| where type =~ 'microsoft.compute/virtualmachines/extensions'
| extend vmId = tolower(substring(id, 0, indexof(id, '/extensions/')))
| project id, vmId, extName = name, subscriptionId, resourceGroup, location,
    publisher = tostring(properties.publisher),
    extType = tostring(properties.type),
    typeHandlerVersion = tostring(properties.typeHandlerVersion),
    autoUpgradeMinorVersion = tobool(properties.autoUpgradeMinorVersion),
    enableAutomaticUpgrade = tobool(properties.enableAutomaticUpgrade),
    provisioningState = tostring(properties.provisioningState)
| join kind=leftouter (
    Resources
    | where type =~ 'microsoft.compute/virtualmachines'
    | project vmId = tolower(id), vmName = name, vmLocation = location,
        osType = tostring(properties.storageProfile.osDisk.osType),
        powerState = tostring(properties.extended.instanceView.powerState.code)
  ) on vmId
| project-away vmId1
| order by id asc`;

export const scaleSetExtensionsQuery = `Resources
| where type =~ 'microsoft.compute/virtualmachinescalesets'
| mv-expand ext = properties.virtualMachineProfile.extensionProfile.extensions
| project id, vmssName = name, subscriptionId, resourceGroup, location,
    upgradeMode = tostring(properties.upgradePolicy.mode),
    osType = tostring(properties.virtualMachineProfile.storageProfile.osDisk.osType),
    extName = tostring(ext.name), publisher = tostring(ext.properties.publisher),
    extType = tostring(ext.properties.type),
    typeHandlerVersion = tostring(ext.properties.typeHandlerVersion),
    autoUpgradeMinorVersion = tobool(ext.properties.autoUpgradeMinorVersion),
    enableAutomaticUpgrade = tobool(ext.properties.enableAutomaticUpgrade),
    provisioningState = tostring(ext.properties.provisioningState)
| where isnotempty(extName)
| order by id asc, extName asc`;

type Row = Record<string, unknown>;

const powerStates: ReadonlySet<string> = new Set<PowerState>(["running", "starting", "stopping", "stopped", "deallocating", "deallocated", "unknown"]);

/** A row of vmExtensionsQuery; undefined when it carries no usable extension ID. */
export function convertVmExtensionRow(row: Row): ScannedExtension | undefined {
  const id = text(row.id);
  const vmId = id.slice(0, id.toLowerCase().indexOf("/extensions/"));
  const parent = parseResourceId(vmId);
  if (!id || !parent) return undefined;
  const osType = osTypeOf(row.osType);
  return {
    resource: {
      kind: "vm",
      id: vmId,
      subscriptionId: text(row.subscriptionId) || parent.subscriptionId,
      resourceGroup: text(row.resourceGroup) || parent.resourceGroup,
      name: text(row.vmName) || parent.name,
      location: text(row.vmLocation) || text(row.location),
      powerState: powerStateOf(row.powerState),
      ...(osType && { osType }),
    },
    extension: modelExtension(id, text(row.extName) || id.slice(id.lastIndexOf("/") + 1), row),
  };
}

/** A row of scaleSetExtensionsQuery (one per model extension); undefined without a usable ID. */
export function convertScaleSetExtensionRow(row: Row): ScannedExtension | undefined {
  const scaleSetId = text(row.id);
  const parent = parseResourceId(scaleSetId);
  const name = text(row.extName);
  if (!parent || !name) return undefined;
  const osType = osTypeOf(row.osType);
  const upgradePolicy = upgradePolicyOf(row.upgradeMode);
  return {
    resource: {
      kind: "scaleSet",
      id: scaleSetId,
      subscriptionId: text(row.subscriptionId) || parent.subscriptionId,
      resourceGroup: text(row.resourceGroup) || parent.resourceGroup,
      name: text(row.vmssName) || parent.name,
      location: text(row.location),
      ...(osType && { osType }),
      ...(upgradePolicy && { upgradePolicy }),
    },
    extension: modelExtension(`${scaleSetId}/extensions/${name}`, name, row),
  };
}

function modelExtension(id: string, name: string, row: Row): Extension {
  return {
    id,
    name,
    publisher: text(row.publisher),
    type: text(row.extType),
    typeHandlerVersion: text(row.typeHandlerVersion),
    autoUpgradeMinorVersion: row.autoUpgradeMinorVersion === true,
    enableAutomaticUpgrade: row.enableAutomaticUpgrade === true,
    provisioningState: text(row.provisioningState) || "Unknown",
    statuses: [],
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function osTypeOf(value: unknown): OsType | undefined {
  const os = text(value).toLowerCase();
  return os === "linux" ? "Linux" : os === "windows" ? "Windows" : undefined;
}

// properties.extended.instanceView.powerState.code is "PowerState/running" (azure-api.md §7).
function powerStateOf(value: unknown): PowerState {
  const code = text(value).toLowerCase();
  const state = code.startsWith("powerstate/") ? code.slice("powerstate/".length) : "";
  return (powerStates.has(state) ? state : "unknown") as PowerState;
}

function upgradePolicyOf(value: unknown): UpgradePolicy | undefined {
  const mode = text(value).toLowerCase();
  return mode === "automatic" ? "Automatic" : mode === "manual" ? "Manual" : mode === "rolling" ? "Rolling" : undefined;
}
