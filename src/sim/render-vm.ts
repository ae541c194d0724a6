// JSON shapes of a VM and its instance view (azure-api.md §2; SPEC VirtualMachine_Get*.json).
import { stableGuid } from "./arm-ids.js";
import type { FleetState, VmEntry } from "./fleet-state.js";
import { powerStatus, provisioningStatus, type StatusJson } from "./instance-view-status.js";
import { renderExtensionInstanceView, renderVmExtension } from "./render-extension.js";
import { renderIdentity } from "./render-identity.js";

const week = 7 * 24 * 60;

/** When the VM last changed state: the provisioning status time. */
export function lastChangeTime(state: FleetState, minutesAgo: number | undefined): Date {
  return new Date(state.now().getTime() - (minutesAgo ?? week) * 60_000);
}

export function renderVmStatuses(state: FleetState, entry: VmEntry): StatusJson[] {
  return [provisioningStatus(entry.vm.provisioningState, lastChangeTime(state, entry.vm.powerStateMinutesAgo)), powerStatus(entry.vm.powerState)];
}

export function renderVmInstanceView(state: FleetState, entry: VmEntry) {
  const { vm } = entry;
  // osName/osVersion and the agent status come from the guest agent, so only a running VM reports them.
  const agentUp = vm.powerState === "running";
  const extensions = vm.extensions.map((ext) => renderExtensionInstanceView(ext));
  return {
    computerName: vm.name,
    ...(agentUp && vm.osName ? { osName: vm.osName } : {}),
    ...(agentUp && vm.osVersion ? { osVersion: vm.osVersion } : {}),
    ...(agentUp
      ? {
          vmAgent: {
            vmAgentVersion: vm.vmAgentVersion,
            statuses: [
              {
                code: "ProvisioningState/succeeded",
                level: "Info",
                displayStatus: "Ready",
                message: "GuestAgent is running and processing the extensions.",
                time: new Date(state.now().getTime() - 60_000).toISOString(),
              },
            ],
            extensionHandlers: vm.extensions.map((ext) => ({
              type: `${ext.publisher}.${ext.type}`,
              ...(ext.runningVersion ? { typeHandlerVersion: ext.runningVersion } : {}),
              status: { code: "ProvisioningState/succeeded", level: "Info", displayStatus: "Ready" },
            })),
          },
        }
      : {}),
    extensions,
    statuses: renderVmStatuses(state, entry),
  };
}

export interface RenderVmOptions {
  instanceView?: boolean;
  /** listAll?statusOnly=true: only the run-time statuses in properties.instanceView. */
  statusOnly?: boolean;
}

export function renderVm(state: FleetState, entry: VmEntry, options: RenderVmOptions = {}) {
  const { vm, id, location, subscriptionId, group } = entry;
  const identity = renderIdentity(id, subscriptionId, group.name, vm.identity);
  const linux = vm.osType === "Linux";
  return {
    id,
    name: vm.name,
    type: "Microsoft.Compute/virtualMachines",
    location,
    tags: vm.tags,
    ...(vm.zones ? { zones: vm.zones } : {}),
    ...(identity ? { identity } : {}),
    properties: {
      vmId: stableGuid(id),
      provisioningState: vm.provisioningState,
      hardwareProfile: { vmSize: vm.vmSize },
      storageProfile: {
        ...(vm.image ? { imageReference: { ...vm.image, exactVersion: "1.0.0" } } : {}),
        osDisk: {
          osType: vm.osType,
          name: `${vm.name}_OsDisk_1`,
          createOption: "FromImage",
          caching: "ReadWrite",
          managedDisk: { storageAccountType: "Premium_LRS" },
          deleteOption: "Delete",
        },
        dataDisks: [],
      },
      osProfile: {
        computerName: vm.name,
        adminUsername: "azureuser",
        ...(linux
          ? { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }
          : { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } }),
        allowExtensionOperations: true,
      },
      networkProfile: {
        networkInterfaces: [{ id: `${id.replace(/virtualMachines\/[^/]+$/, "networkInterfaces/")}${vm.name}-nic`, properties: { primary: true } }],
      },
      timeCreated: "2024-04-01T00:00:00+00:00",
      ...(options.instanceView ? { instanceView: renderVmInstanceView(state, entry) } : {}),
      ...(options.statusOnly && !options.instanceView ? { instanceView: { statuses: renderVmStatuses(state, entry) } } : {}),
    },
    resources: vm.extensions.map((ext) => renderVmExtension(id, location, ext, false)),
  };
}
