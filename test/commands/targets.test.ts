import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatScope, formatTarget, parseScope, parseTarget } from "../../src/commands/targets.js";

const sub = "00000000-0000-4000-8000-000000000001";
const vmId = `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`;

describe("parseTarget", () => {
  it.each([
    [["vm-web-01"], { by: "name", name: "vm-web-01" }],
    [["rg-prod/vm-web-01"], { by: "resourceGroup", resourceGroup: "rg-prod", name: "vm-web-01" }],
    [["rg-prod/vmss-web"], { by: "resourceGroup", resourceGroup: "rg-prod", name: "vmss-web" }],
    [[vmId], { by: "resourceId", resourceId: vmId, subscriptionId: sub, resourceGroup: "rg-prod", name: "vm-web-01", kind: "vm" }],
  ])("when the words are %j, then the target is read", (words, target) => {
    expect(parseTarget(words)).toEqual({ ok: true, args: target });
  });

  it.each([
    [[], "parse.target.missing"],
    [["vm-a", "vm-b"], "parse.extraWords"],
    [["vm-a", "--dry-run"], "parse.unknownFlag"],
    [["a/b/c"], "parse.target.badShape"],
    [["rg-prod/"], "parse.badName.compute.empty"],
    [["/vm-web-01"], "parse.badName.resourceGroup.empty"],
    [["rg prod/vm"], "parse.badName.resourceGroup.badChar"],
    [["rg-prod./vm"], "parse.badName.resourceGroup.badEnd"],
    [["rg-prod/vm-"], "parse.badName.compute.badEnd"],
    [["vm;rm"], "parse.badName.compute.badChar"],
    [["vm'||'"], "parse.badName.compute.badChar"],
    [[`${vmId}/extensions/x`], "parse.badResourceId.shape"],
  ])("when the words are %j, then the usage error is %s", (words, key) => {
    expect(parseTarget(words)).toMatchObject({ ok: false, error: { key } });
  });

  it("when extra words follow, then they are quoted in the error", () => {
    expect(parseTarget(["vm-a", "please", "now"])).toMatchObject({ ok: false, error: { params: { extra: "please now" } } });
  });

  it("when a parsed target is formatted and parsed again, then it is the same target", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}[a-z0-9]$/);
    const rg = fc.stringMatching(/^[a-z0-9_()-]{1,20}$/);
    fc.assert(
      fc.property(name, rg, fc.boolean(), (n, g, withGroup) => {
        const words = [withGroup ? `${g}/${n}` : n];
        const first = parseTarget(words);
        expect(first.ok).toBe(true);
        if (first.ok) expect(parseTarget([formatTarget(first.args)])).toEqual(first);
      }),
    );
  });
});

describe("parseScope", () => {
  it.each([
    [["rg-prod"], { kind: "resourceGroup", resourceGroup: "rg-prod" }],
    [["rg:all"], { kind: "resourceGroup", resourceGroup: "all" }],
    [[`sub:${sub}`], { kind: "subscription", subscriptionId: sub }],
    [[`SUB:${sub.toUpperCase()}`], { kind: "subscription", subscriptionId: sub }],
    [[`subscription:${sub}`], { kind: "subscription", subscriptionId: sub }],
    [["sub:", sub], { kind: "subscription", subscriptionId: sub }],
    [["all"], { kind: "all" }],
    [["ALL"], { kind: "all" }],
    [["すべて"], { kind: "all" }],
    [[`/subscriptions/${sub}`], { kind: "subscription", subscriptionId: sub }],
    [[`/subscriptions/${sub}/resourceGroups/rg-prod`], { kind: "resourceGroup", resourceGroup: "rg-prod", subscriptionId: sub }],
  ])("when the words are %j, then the scope is read", (words, scope) => {
    expect(parseScope(words)).toEqual({ ok: true, args: scope });
  });

  it.each([
    [[], "parse.scope.missing"],
    [["rg-a", "rg-b"], "parse.extraWords"],
    [["rg-a", "--dry-run"], "parse.unknownFlag"],
    [["sub:1234"], "parse.badSubscriptionId"],
    [["sub:"], "parse.badSubscriptionId"],
    [["rg:"], "parse.badName.resourceGroup.empty"],
    [["rg-prod."], "parse.badName.resourceGroup.badEnd"],
    [["rg<script>"], "parse.badName.resourceGroup.badChar"],
    [["rg-prod/vm-web-01"], "parse.scope.badShape"],
    [[`/subscriptions/${sub}/resourceGroups/rg/providers/x`], "parse.badResourceId.scopeShape"],
  ])("when the words are %j, then the usage error is %s", (words, key) => {
    expect(parseScope(words)).toMatchObject({ ok: false, error: { key } });
  });

  it("when a bare GUID is given, then it asks for sub: and suggests it", () => {
    expect(parseScope([sub.toUpperCase()])).toEqual({
      ok: false,
      error: { key: "parse.scope.guidNeedsPrefix", params: { value: sub.toUpperCase() }, suggestions: [`sub:${sub}`] },
    });
  });

  it.each([
    [{ kind: "all" }, "all"],
    [{ kind: "subscription", subscriptionId: sub }, `sub:${sub}`],
    [{ kind: "resourceGroup", resourceGroup: "rg-prod" }, "rg-prod"],
    [{ kind: "resourceGroup", resourceGroup: "all" }, "rg:all"],
    [{ kind: "resourceGroup", resourceGroup: sub }, `rg:${sub}`],
    [{ kind: "resourceGroup", resourceGroup: "rg-prod", subscriptionId: sub }, `/subscriptions/${sub}/resourceGroups/rg-prod`],
  ] as const)("when %j is formatted, then it reads %s and parses back to itself", (scope, text) => {
    expect(formatScope(scope)).toBe(text);
    expect(parseScope([text])).toEqual({ ok: true, args: scope });
  });
});
