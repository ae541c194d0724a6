import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureRbacChecker } from "../../../src/fleet/azure/index.js";
import { actionMatches, grantsAction } from "../../../src/fleet/azure/create-azure-rbac-checker.js";
import { demoFixture } from "../../../src/sim/demo-fixture.js";
import type { Fixture } from "../../../src/sim/fixture-schema.js";
import type { RunningSimulator } from "../../../src/sim/index.js";
import { simConnection, startSimulatorForTest } from "./start-sim-fleet.js";

const sub = "00000000-0000-4000-8000-000000000001";
const rgProd = `/subscriptions/${sub}/resourceGroups/rg-prod`;
const vmWeb02 = `${rgProd}/providers/Microsoft.Compute/virtualMachines/vm-web-02`;
const vmssWeb = `${rgProd}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const vmRgDev = `/subscriptions/${sub}/resourceGroups/rg-dev/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
const alice = "11111111-1111-4111-8111-111111111111";
const bob = "22222222-2222-4222-8222-222222222222";
const carol = "33333333-3333-4333-8333-333333333333";
const erin = "66666666-6666-4666-8666-666666666666";

function withAssignments(roleAssignments: NonNullable<Fixture["roleAssignments"]>): Fixture {
  return { ...demoFixture, roleAssignments: [...(demoFixture.roleAssignments ?? []), ...roleAssignments] };
}

describe("createAzureRbacChecker against the simulator (demo fleet)", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = (await startSimulatorForTest()).sim;
  });
  afterAll(() => sim.stop());

  it("when the approver is Virtual Machine Contributor on the subscription, then they may write a VM's and a scale set's extensions", async () => {
    const checker = createAzureRbacChecker(simConnection(sim));
    expect(await checker.hasWriteRole(bob, vmWeb02)).toBe(true);
    expect(await checker.hasWriteRole(bob.toUpperCase(), vmssWeb)).toBe(true);
    expect(sim.stats.apiVersions["2022-04-01"]).toBeGreaterThan(0);
  });

  it("when the approver is only Reader, then the check denies", async () => {
    expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(alice, vmWeb02)).toBe(false);
  });

  it("when the approver has no role assignment, then the check denies", async () => {
    expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(carol, vmWeb02)).toBe(false);
  });

  it("when the object ID is not a GUID, then the check denies without calling ARM", async () => {
    const checker = createAzureRbacChecker(simConnection(sim));
    sim.stats.reset();
    expect(await checker.hasWriteRole(`${bob}') or true or ('`, vmWeb02)).toBe(false);
    expect(await checker.hasWriteRole("", vmWeb02)).toBe(false);
    expect(sim.stats.calls).toBe(0);
  });

  it("when the resource is not a VM or scale set ID, then the check denies without calling ARM", async () => {
    const checker = createAzureRbacChecker(simConnection(sim));
    sim.stats.reset();
    expect(await checker.hasWriteRole(bob, `${vmWeb02}/../../virtualMachines/x`)).toBe(false);
    expect(await checker.hasWriteRole(bob, rgProd)).toBe(false);
    expect(sim.stats.calls).toBe(0);
  });

  it("when ARM answers 500 to the assignment list, then the check denies", async () => {
    sim.injectFault({ kind: "error", status: 500, pathIncludes: "roleAssignments" });
    try {
      expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(bob, vmWeb02)).toBe(false);
      expect(sim.stats.byRoute["roleAssignments.listForScope"] ?? 0).toBeGreaterThan(0);
    } finally {
      sim.clearFaults();
    }
  });

  it("when ARM answers 500 to the role definition read, then the check denies", async () => {
    sim.injectFault({ kind: "error", status: 500, pathIncludes: "roleDefinitions" });
    try {
      expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(bob, vmWeb02)).toBe(false);
    } finally {
      sim.clearFaults();
    }
  });

  it("when the approver holds one role, then the check lists assignments once and reads that one role definition", async () => {
    sim.stats.reset();
    await createAzureRbacChecker(simConnection(sim)).hasWriteRole(bob, vmWeb02);
    expect(sim.stats.byRoute).toMatchObject({ "roleAssignments.listForScope": 1, "roleDefinitions.get": 1 });
  });
});

describe("createAzureRbacChecker scopes and paging", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = (
      await startSimulatorForTest({
        pageSize: 1,
        fixture: withAssignments([
          { principalId: carol, roleDefinitionName: "Contributor", scope: `/subscriptions/${sub}/resourceGroups/rg-dev` },
          { principalId: erin, roleDefinitionName: "Reader", scope: `/subscriptions/${sub}` },
          { principalId: erin, roleDefinitionName: "Reader", scope: rgProd },
          { principalId: erin, roleDefinitionName: "Owner", scope: `${vmWeb02}/extensions/AzureMonitorLinuxAgent` },
          { principalId: erin, roleDefinitionName: "Owner", scope: `${rgProd}/providers/Microsoft.Compute/virtualMachines/vm-web-01` },
          { principalId: erin, roleDefinitionName: "Virtual Machine Contributor", scope: vmssWeb },
        ]),
      })
    ).sim;
  });
  afterAll(() => sim.stop());

  it("when a Contributor assignment is on another resource group, then it grants there and not in rg-prod", async () => {
    const checker = createAzureRbacChecker(simConnection(sim));
    expect(await checker.hasWriteRole(carol, vmRgDev)).toBe(true);
    expect(await checker.hasWriteRole(carol, vmWeb02)).toBe(false);
  });

  it("when the granting assignment is on a later page, then the checker follows nextLink to it", async () => {
    sim.stats.reset();
    expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(erin, vmssWeb)).toBe(true);
    expect(sim.stats.byRoute["roleAssignments.listForScope"]).toBeGreaterThan(1);
  });

  it("when the only write role is on a child of the resource or a sibling, then the check denies", async () => {
    expect(await createAzureRbacChecker(simConnection(sim)).hasWriteRole(erin, vmWeb02)).toBe(false);
  });
});

describe("RBAC action matching", () => {
  const write = "Microsoft.Compute/virtualMachines/extensions/write";

  it("when a pattern has wildcards, then it matches case-insensitively and only what it covers", () => {
    for (const pattern of ["*", "Microsoft.Compute/*", "microsoft.compute/virtualMachines/*", write.toUpperCase(), "Microsoft.Compute/*/write"]) {
      expect(actionMatches(pattern, write), pattern).toBe(true);
    }
    for (const pattern of ["*/read", "Microsoft.Compute/virtualMachines/read", "Microsoft.Network/*", "Microsoft.Compute/virtualMachines/extensions/writeX", "Microsoft.Compute.virtualMachines/*"]) {
      expect(actionMatches(pattern, write), pattern).toBe(false);
    }
    // "." in a pattern is literal, not "any character".
    expect(actionMatches("Microsoft.Compute/*", "MicrosoftXCompute/virtualMachines/extensions/write")).toBe(false);
  });

  it("when a notAction covers the action, then the role does not grant it", () => {
    expect(grantsAction([{ actions: ["*"], notActions: ["Microsoft.Compute/virtualMachines/*"] }], write)).toBe(false);
    expect(grantsAction([{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }], write)).toBe(true);
    expect(grantsAction([{ actions: "*", notActions: [] }], write)).toBe(false);
  });
});
