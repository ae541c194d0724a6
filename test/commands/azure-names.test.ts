import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseResourceId,
  parseScopeResourceId,
  parseSubscriptionId,
  shown,
  validateComputeName,
  validateResourceGroupName,
  validateScaleSetName,
  validateVmName,
} from "../../src/commands/azure-names.js";
import { t } from "../../src/i18n/translate.js";

const sub = "00000000-0000-4000-8000-000000000001";

describe("validateComputeName (VMs and scale sets)", () => {
  it.each(["vm-web-01", "VM_WEB_01", "a", "vm.web.01", "vm_", "1vm", "x".repeat(64), "営業-pc01", "vmss-web"])("when the name is %j, then it is valid", (name) => {
    expect(validateComputeName(name)).toBeUndefined();
  });

  it.each([
    ["", "parse.badName.compute.empty", {}],
    ["x".repeat(65), "parse.badName.compute.tooLong", { max: 64, length: 65 }],
    ["vm web", "parse.badName.compute.badChar", { char: "U+0020" }],
    ["vm/web", "parse.badName.compute.badChar", { char: "/" }],
    ["vm@web", "parse.badName.compute.badChar", { char: "@" }],
    ["vm#1", "parse.badName.compute.badChar", { char: "#" }],
    ["vm%2F", "parse.badName.compute.badChar", { char: "%" }],
    ['vm"x', "parse.badName.compute.badChar", { char: '"' }],
    ["vm\u0000", "parse.badName.compute.badChar", { char: "U+0000" }],
    ["[evil](x)", "parse.badName.compute.badChar", { char: "[" }],
    ["_vm", "parse.badName.compute.badStart", { char: "_" }],
    ["-vm", "parse.badName.compute.badStart", { char: "-" }],
    [".vm", "parse.badName.compute.badStart", { char: "." }],
    ["vm-", "parse.badName.compute.badEnd", { char: "-" }],
    ["vm.", "parse.badName.compute.badEnd", { char: "." }],
  ])("when the name is %j, then the error is %s", (name, key, params) => {
    const error = validateComputeName(name);
    expect(error?.key).toBe(key);
    expect(error?.params).toMatchObject(params);
  });

  it("when the name is invalid, then the English message says what is allowed", () => {
    const error = validateVmName("vm$1")!;
    expect(t("en", error.key, error.params)).toBe(
      "“vm$1” is not a valid VM or scale set name: “$” is not allowed. Use letters, digits, hyphens (-), underscores (_) and periods (.).",
    );
    expect(t("ja", error.key, error.params)).toContain("「$」は使えません");
  });

  it("when VM and scale-set names are checked, then the same rule applies", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (name) => {
        expect(validateScaleSetName(name)).toEqual(validateVmName(name));
      }),
    );
  });

  it("when any string is valid, then it only holds letters, digits and _ . - and never starts or ends badly", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70, unit: "grapheme-ascii" }), (name) => {
        if (validateComputeName(name) === undefined) {
          expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
          expect(name).not.toMatch(/[.-]$/);
        }
      }),
    );
  });

  it("when a very long name is echoed, then it is shortened", () => {
    const error = validateComputeName("x".repeat(500))!;
    expect(String(error.params?.name).length).toBeLessThanOrEqual(80);
    expect(shown("abc")).toBe("abc");
  });
});

describe("validateResourceGroupName", () => {
  it.each(["rg-prod", "RG_Prod(1)", "rg.prod", "本番-rg", "x".repeat(90), "a"])("when the name is %j, then it is valid", (name) => {
    expect(validateResourceGroupName(name)).toBeUndefined();
  });

  it.each([
    ["", "parse.badName.resourceGroup.empty"],
    ["x".repeat(91), "parse.badName.resourceGroup.tooLong"],
    ["rg prod", "parse.badName.resourceGroup.badChar"],
    ["rg:prod", "parse.badName.resourceGroup.badChar"],
    ["rg/prod", "parse.badName.resourceGroup.badChar"],
    ["rg'x", "parse.badName.resourceGroup.badChar"],
    ["rg-prod.", "parse.badName.resourceGroup.badEnd"],
  ])("when the name is %j, then the error is %s", (name, key) => {
    expect(validateResourceGroupName(name)?.key).toBe(key);
  });
});

describe("parseSubscriptionId", () => {
  it("when a GUID is given in upper case, then it is returned lower-cased", () => {
    expect(parseSubscriptionId(sub.toUpperCase())).toEqual({ ok: true, args: sub });
  });

  it.each(["", "0000", `${sub}x`, "g0000000-0000-4000-8000-000000000001", "{00000000-0000-4000-8000-000000000001}"])(
    "when %j is given, then it is not a subscription ID",
    (text) => {
      expect(parseSubscriptionId(text)).toMatchObject({ ok: false, error: { key: "parse.badSubscriptionId" } });
    },
  );
});

describe("parseResourceId", () => {
  const vmId = `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`;

  it("when a VM resource ID is given, then subscription, group, name and kind are read", () => {
    expect(parseResourceId(vmId)).toEqual({
      ok: true,
      args: { resourceId: vmId, subscriptionId: sub, resourceGroup: "rg-prod", name: "vm-web-01", kind: "vm" },
    });
  });

  it("when the ID is lower-cased (as Resource Graph returns it) without a leading slash, then it is read and made canonical", () => {
    const result = parseResourceId(vmId.toLowerCase().slice(1) + "/");
    expect(result).toMatchObject({ ok: true, args: { kind: "vm", resourceGroup: "rg-prod", name: "vm-web-01" } });
    if (result.ok) expect(result.args.resourceId).toContain("/providers/Microsoft.Compute/virtualMachines/");
  });

  it("when a scale-set ID is given, then the kind is scaleSet", () => {
    const id = `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
    expect(parseResourceId(id)).toMatchObject({ ok: true, args: { kind: "scaleSet", name: "vmss-web" } });
  });

  it("when a portal link is pasted, then the ID is taken from it and the blade name dropped", () => {
    const url = `https://portal.azure.com/#@contoso.onmicrosoft.com/resource${vmId}/overview`;
    expect(parseResourceId(url)).toMatchObject({ ok: true, args: { resourceId: vmId } });
  });

  it.each([
    [`/subscriptions/${sub}/resourceGroups/rg-prod`, "parse.badResourceId.shape"],
    [`${vmId}/extensions/AMA`, "parse.badResourceId.shape"],
    [`/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Network/networkInterfaces/nic1`, "parse.badResourceId.type"],
    [`/subscriptions/not-a-guid/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm1`, "parse.badSubscriptionId"],
    [`/subscriptions/${sub}/resourceGroups/rg-prod./providers/Microsoft.Compute/virtualMachines/vm1`, "parse.badName.resourceGroup.badEnd"],
    [`/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm1-`, "parse.badName.compute.badEnd"],
    [`/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm%201`, "parse.badName.compute.badChar"],
    [`/subscriptions/${sub}/resourcegroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss/virtualMachines/0`, "parse.badResourceId.shape"],
  ])("when %s is given, then the error is %s", (text, key) => {
    expect(parseResourceId(text)).toMatchObject({ ok: false, error: { key } });
  });
});

describe("parseScopeResourceId", () => {
  it("when a subscription or resource-group ID is given, then it is read", () => {
    expect(parseScopeResourceId(`/subscriptions/${sub}`)).toEqual({ ok: true, args: { subscriptionId: sub } });
    expect(parseScopeResourceId(`/subscriptions/${sub}/resourceGroups/rg-prod/`)).toEqual({ ok: true, args: { subscriptionId: sub, resourceGroup: "rg-prod" } });
  });

  it("when a deeper ID is given, then it is not a scope", () => {
    expect(parseScopeResourceId(`/subscriptions/${sub}/resourceGroups/rg-prod/providers`)).toMatchObject({ ok: false, error: { key: "parse.badResourceId.scopeShape" } });
  });
});
