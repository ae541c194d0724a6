import type { VirtualMachine } from "@azure/arm-compute";
import { describe, expect, it } from "vitest";
import { convertIdentity, convertVm, osTypeOf } from "../../../src/fleet/azure/convert-vm.js";

const id = "/subscriptions/sub-1/resourceGroups/RG-Prod/providers/Microsoft.Compute/virtualMachines/vm-1";
const ref = { subscriptionId: "sub-1", resourceGroup: "rg-prod", name: "vm-1" };

// Shaped like the modular SDK's deserialized VirtualMachine (properties flattened, typePropertiesType).
function sdkVm(fields: Partial<VirtualMachine> = {}): VirtualMachine {
  return {
    id,
    name: "vm-1",
    location: "japaneast",
    provisioningState: "Succeeded",
    storageProfile: { osDisk: { osType: "Linux", createOption: "FromImage" }, imageReference: { publisher: "Canonical", sku: "22_04-lts" } },
    instanceView: {
      osName: "ubuntu",
      osVersion: "22.04",
      statuses: [
        { code: "ProvisioningState/succeeded", level: "Info" },
        { code: "PowerState/running", level: "Info", displayStatus: "VM running" },
      ],
      extensions: [
        {
          name: "AMA",
          type: "Microsoft.Azure.Monitor.AzureMonitorLinuxAgent",
          typeHandlerVersion: "1.33.2",
          statuses: [{ code: "ProvisioningState/succeeded", level: "Info" }],
        },
      ],
    },
    resources: [
      {
        id: `${id}/extensions/AMA`,
        name: "AMA",
        location: "japaneast",
        publisher: "Microsoft.Azure.Monitor",
        typePropertiesType: "AzureMonitorLinuxAgent",
        typeHandlerVersion: "1.33",
        enableAutomaticUpgrade: true,
        provisioningState: "Succeeded",
      },
    ],
    ...fields,
  } as VirtualMachine;
}

describe("convertVm", () => {
  it("when the extension list is missing, then the embedded models are merged with the VM instance view", () => {
    const vm = convertVm(sdkVm(), undefined, ref);
    expect(vm).toMatchObject({
      id,
      resourceGroup: "RG-Prod",
      osType: "Linux",
      osName: "ubuntu",
      powerState: "running",
      provisioningState: "Succeeded",
      imageReference: { publisher: "Canonical", sku: "22_04-lts" },
    });
    expect(vm.imageReference).not.toHaveProperty("offer");
    expect(vm.extensions).toEqual([
      {
        id: `${id}/extensions/AMA`,
        name: "AMA",
        publisher: "Microsoft.Azure.Monitor",
        type: "AzureMonitorLinuxAgent",
        typeHandlerVersion: "1.33",
        runningVersion: "1.33.2",
        autoUpgradeMinorVersion: false,
        enableAutomaticUpgrade: true,
        provisioningState: "Succeeded",
        statuses: [{ code: "ProvisioningState/succeeded", level: "Info" }],
      },
    ]);
  });

  it("when the extension list has its own instance view, then that one wins", () => {
    const vm = convertVm(
      sdkVm(),
      [
        {
          id: `${id}/extensions/AMA`,
          name: "AMA",
          location: "japaneast",
          publisher: "Microsoft.Azure.Monitor",
          typePropertiesType: "AzureMonitorLinuxAgent",
          typeHandlerVersion: "1.33",
          provisioningState: "Failed",
          instanceView: { typeHandlerVersion: "1.33.1", statuses: [{ code: "ProvisioningState/failed/53", level: "Error" }] },
        },
      ],
      ref,
    );
    expect(vm.extensions[0]).toMatchObject({ runningVersion: "1.33.1", provisioningState: "Failed", statuses: [{ code: "ProvisioningState/failed/53" }] });
  });

  it("when the agent is not ready, then OS name, version and power state are left out or unknown", () => {
    const vm = convertVm(sdkVm({ instanceView: undefined as never }), [], ref);
    expect(vm).not.toHaveProperty("osName");
    expect(vm.powerState).toBe("unknown");
    expect(vm.extensions).toEqual([]);
  });
});

describe("convertIdentity", () => {
  it.each([
    [undefined, { systemAssigned: false, userAssignedIds: [] }],
    [{ type: "None" as const }, { systemAssigned: false, userAssignedIds: [] }],
    [{ type: "SystemAssigned" as const }, { systemAssigned: true, userAssignedIds: [] }],
    [
      { type: "SystemAssigned, UserAssigned" as const, userAssignedIdentities: { "/subscriptions/s/x/id-1": {} } },
      { systemAssigned: true, userAssignedIds: ["/subscriptions/s/x/id-1"] },
    ],
    [{ type: "UserAssigned" as const, userAssignedIdentities: { "/u/1": {} } }, { systemAssigned: false, userAssignedIds: ["/u/1"] }],
  ])("when the identity is %j, then it reads %j", (identity, expected) => {
    expect(convertIdentity(identity)).toEqual(expected);
  });
});

describe("osTypeOf", () => {
  it("when osType is missing, then a Windows configuration means Windows and anything else Linux", () => {
    expect(osTypeOf(undefined, true)).toBe("Windows");
    expect(osTypeOf(undefined, false)).toBe("Linux");
    expect(osTypeOf("windows", false)).toBe("Windows");
  });
});
