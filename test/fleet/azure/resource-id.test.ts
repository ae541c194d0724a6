import { describe, expect, it } from "vitest";
import { AzureError } from "../../../src/fleet/azure/azure-error.js";
import { parseResourceId, requireResourceId } from "../../../src/fleet/azure/resource-id.js";

describe("parseResourceId", () => {
  it("when given a VM ID in any case, then its parts come back as written", () => {
    expect(parseResourceId("/SUBSCRIPTIONS/sub-1/resourcegroups/RG_(x).1/providers/Microsoft.Compute/virtualMachines/vm-web-01")).toEqual({
      subscriptionId: "sub-1",
      resourceGroup: "RG_(x).1",
      type: "Microsoft.Compute/virtualMachines",
      name: "vm-web-01",
      children: "",
    });
  });

  it("when given a scale-set instance ID, then the scale set is the resource and the instance its child", () => {
    expect(parseResourceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web/virtualMachines/3")).toEqual({
      subscriptionId: "s",
      resourceGroup: "rg",
      type: "Microsoft.Compute/virtualMachineScaleSets",
      name: "vmss-web",
      children: "virtualMachines/3",
    });
  });

  it.each([
    "subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm?x=1",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm#x",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/..",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/",
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"',
    "/subscriptions/s/resourceGroups/../providers/Microsoft.Compute/virtualMachines/vm",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v m",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/%2e%2e",
  ])("when given %s, then it is not a resource ID", (id) => {
    expect(parseResourceId(id)).toBeUndefined();
    expect(() => requireResourceId(id)).toThrow(AzureError);
  });
});
