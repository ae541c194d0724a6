import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFixture } from "../../src/sim/demo-fixture.js";
import { parseFixture } from "../../src/sim/parse-fixture.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { callSim } from "./sim-client.js";

const sub = "00000000-0000-4000-8000-000000000001";
const bob = "22222222-2222-4222-8222-222222222222";
const vm = `/subscriptions/${sub}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-web-02`;
const api = "api-version=2022-04-01";
const vmContributor = "9980e02c-c2be-4d73-94e8-173b1dc7cf3c";

describe("simulator Azure RBAC reads", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => sim.stop());

  it("when a principal's assignments are listed at a VM, then the subscription-level assignment applies with the real role definition ID", async () => {
    const filter = encodeURIComponent(`assignedTo('${bob}')`);
    const reply = await callSim(sim, "GET", `${vm}/providers/Microsoft.Authorization/roleAssignments?${api}&%24filter=${filter}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      value: [
        {
          type: "Microsoft.Authorization/roleAssignments",
          properties: {
            principalId: bob,
            scope: `/subscriptions/${sub}`,
            roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${vmContributor}`,
          },
        },
      ],
    });
  });

  it("when another subscription is asked, then the demo assignment does not apply there", async () => {
    const filter = encodeURIComponent(`assignedTo('${bob}')`);
    const reply = await callSim(sim, "GET", `/subscriptions/00000000-0000-4000-8000-000000000002/providers/Microsoft.Authorization/roleAssignments?${api}&$filter=${filter}`);
    expect(reply).toMatchObject({ status: 200, body: { value: [] } });
  });

  it("when a filter other than assignedTo is sent, then the simulator answers 400", async () => {
    const reply = await callSim(sim, "GET", `${vm}/providers/Microsoft.Authorization/roleAssignments?${api}&$filter=${encodeURIComponent("principalId eq 'x' or 1 eq 1")}`);
    expect(reply).toMatchObject({ status: 400, body: { error: { code: "UnsupportedQuery" } } });
  });

  it("when a built-in role definition is read by ID, then its permissions come back; an unknown ID is a 404", async () => {
    const reply = await callSim(sim, "GET", `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${vmContributor}?${api}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: vmContributor, properties: { roleName: "Virtual Machine Contributor", type: "BuiltInRole" } });
    const actions = (reply.body as { properties: { permissions: { actions: string[] }[] } }).properties.permissions[0]!.actions;
    expect(actions).toContain("Microsoft.Compute/virtualMachines/*");
    const missing = await callSim(sim, "GET", `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-00000000dead?${api}`);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "RoleDefinitionDoesNotExist" } } });
  });

  it("when a fixture assigns an unknown role or a malformed scope, then validation names the field", () => {
    expect(() => parseFixture({ ...demoFixture, roleAssignments: [{ principalId: bob, roleDefinitionName: "Janitor", scope: `/subscriptions/${sub}` }] })).toThrow(
      /roleAssignments\[0\]\.roleDefinitionName/,
    );
    expect(() => parseFixture({ ...demoFixture, roleAssignments: [{ principalId: bob, roleDefinitionName: "Reader", scope: "rg-prod" }] })).toThrow(/roleAssignments\[0\]\.scope/);
  });
});
