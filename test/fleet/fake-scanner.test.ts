import { describe, expect, it } from "vitest";
import type { ScannedExtension } from "../../src/fleet/port.js";
import { amaLinux, createFakeCommandRunner, createFakeDiagnostics, createFakeScanner, fakeExtension, fakeScaleSet, fakeVm, scannedVmExtension } from "./fake-fleet.js";
import { describeFleetScannerContract } from "./fleet-scanner-contract.js";

const otherSub = "00000000-0000-4000-8000-000000000002";

function fakeRows(): ScannedExtension[] {
  const vms = [
    fakeVm({ name: "vm-a", extensions: [amaLinux("1.33.2"), fakeExtension({ publisher: "Microsoft.Azure.Extensions", type: "CustomScript", typeHandlerVersion: "2.1" })] }),
    fakeVm({ name: "vm-b", powerState: "deallocated", extensions: [amaLinux("1.32.5")] }),
    fakeVm({ name: "vm-c", subscriptionId: otherSub, extensions: [amaLinux("1.31.1")] }),
  ];
  const set = fakeScaleSet({ name: "vmss-a", extensions: [amaLinux("1.33.2", { runningVersion: undefined })] });
  const setRows = set.extensions.map((extension) => ({
    resource: { kind: "scaleSet" as const, id: set.id, subscriptionId: set.subscriptionId, resourceGroup: set.resourceGroup, name: set.name, location: set.location, osType: set.osType, upgradePolicy: set.upgradePolicy },
    extension: { ...extension, statuses: [] },
  }));
  return [...vms.flatMap((vm) => vm.extensions.map((e) => scannedVmExtension(vm, e))), ...setRows];
}

describeFleetScannerContract("in-memory fake", async () => {
  const rows = fakeRows();
  const expected = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.resource.subscriptionId.toLowerCase();
    expected.set(key, [...(expected.get(key) ?? []), row.extension.id.toLowerCase()]);
  }
  return { scanner: createFakeScanner(rows), expected };
});

describe("fake diagnostics and command runner", () => {
  it("when a machine's rule and DCE are known, then the fake resolves them like the Azure one and marks missing rules incomplete", async () => {
    const rule = { id: "/r/dcr-1", name: "dcr-1", destinations: [{ workspaceResourceId: "/w/law", workspaceId: "guid" }], dataCollectionEndpointId: "/e/dce" };
    const diagnostics = createFakeDiagnostics({
      associations: { "/vm/a": [{ name: "a1", dataCollectionRuleId: "/R/DCR-1" }, { name: "a2", dataCollectionRuleId: "/r/gone" }] },
      rules: [rule],
      endpoints: [{ id: "/e/dce", name: "dce", location: "japaneast" }],
    });
    const facts = await diagnostics.dataCollectionRulesOf("/VM/A");
    expect(facts).toMatchObject({ rules: [rule], endpoints: [{ name: "dce" }], complete: false });
  });

  it("when a command runs, then the call is recorded and the scripted answer returned", async () => {
    const runner = createFakeCommandRunner(() => ({ stdout: "ok" }));
    const vm = { subscriptionId: "s", resourceGroup: "rg", name: "vm" };
    expect(await runner.runCommand(vm, { commandId: "RunShellScript", script: ["true"] })).toEqual({ stdout: "ok", stderr: "", statuses: [] });
    expect(runner.calls).toEqual([{ vm, command: { commandId: "RunShellScript", script: ["true"] } }]);
  });
});
