// The optional stronger approval check (issue 3 req 2) end to end below the chat layer: the approve
// use case with the real Azure RBAC checker and the real-SDK fleet, both against the ARM simulator's
// demo fleet (Bob: Virtual Machine Contributor on the subscription; Alice: Reader; Dave: nothing).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeTarget } from "../../src/approvals/live-state.js";
import { parsePolicy } from "../../src/approvals/policy.js";
import { approve, getRequest, requestChange, type ApprovalDeps } from "../../src/approvals/use-cases.js";
import type { Conversation, User } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { createAzureRbacChecker } from "../../src/fleet/azure/index.js";
import type { RunningSimulator } from "../../src/sim/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createSimFleet, simConnection, startSimulatorForTest } from "../fleet/azure/start-sim-fleet.js";
import { createFakeClock } from "./fake-clock.js";

const aliceId = "11111111-1111-4111-8111-111111111111";
const bobId = "22222222-2222-4222-8222-222222222222";
const daveId = "44444444-4444-4444-8444-444444444444";
const alice: User = { id: "29:alice", aadObjectId: aliceId, name: "Alice (on-call)" };
const bob: User = { id: "29:bob", aadObjectId: bobId, name: "Bob (approver)" };
const dave: User = { id: "29:dave", aadObjectId: daveId, name: "Dave" };
const tenant = "55555555-5555-4555-8555-555555555555";
const channel: Conversation = { id: "19:ops@thread.tacv2", type: "channel", teamId: "team-ops", channelId: "19:ops@thread.tacv2", tenantId: tenant };
const target: ChangeTarget = { kind: "vm", subscriptionId: "00000000-0000-4000-8000-000000000001", resourceGroup: "rg-prod", name: "vm-web-02" };

describe("approve with requireRbacWriteRole and the Azure RBAC checker", () => {
  let sim: RunningSimulator;
  let deps: ApprovalDeps;

  beforeAll(async () => {
    const started = await startSimulatorForTest();
    sim = started.sim;
    const fleet = createSimFleet(sim);
    const clock = createFakeClock(started.now);
    let n = 0;
    deps = {
      store: createMemoryStore(),
      clock,
      // Dave and Alice may approve by grant; only Bob also holds a write role in Azure.
      policy: parsePolicy({
        requireRbacWriteRole: true,
        grants: [
          { users: [aliceId, daveId], request: ["*"] },
          { users: [aliceId, bobId, daveId], approve: ["*"] },
        ],
      }),
      fleet,
      catalog: createVersionCatalog(fleet, { clock, ttlMs: 60_000 }),
      owner: "proc-rbac",
      rbac: createAzureRbacChecker(simConnection(sim)),
      newId: () => `req${++n}`,
    };
  });
  afterAll(() => sim.stop());

  async function requestUpgrade(user: User) {
    const outcome = await requestChange(deps, { user, conversation: channel, spec: { verb: "upgrade" }, targets: [target], target: target.name });
    if (!outcome.ok || outcome.dryRun) throw new Error(`no request: ${JSON.stringify(outcome)}`);
    return outcome.request;
  }

  it("when a granted approver holds no Azure role or only Reader, then the approval is refused and the request stays pending; a VM Contributor approves", async () => {
    const request = await requestUpgrade(alice);
    const decide = (user: User) => ({ user, conversation: channel, requestId: request.id });

    expect(await approve(deps, decide(dave))).toMatchObject({ ok: false, refusal: { code: "noRbacWriteRole", resource: "vm-web-02" } });
    expect((await getRequest(deps.store, request.id))?.state).toBe("pending");
    expect(sim.stats.byRoute["roleAssignments.listForScope"]).toBeGreaterThan(0);

    expect(await approve(deps, decide(bob))).toMatchObject({ ok: true, request: { state: "approved" } });
  });

  it("when the approver is a Reader in Azure, then the approval is refused", async () => {
    const request = await requestUpgrade(dave);
    expect(await approve(deps, { user: alice, conversation: channel, requestId: request.id })).toMatchObject({
      ok: false,
      refusal: { code: "noRbacWriteRole" },
    });
    expect((await getRequest(deps.store, request.id))?.state).toBe("pending");
  });

  it("when Azure RBAC cannot be read, then even a VM Contributor is refused (fail closed)", async () => {
    const request = await requestUpgrade(alice);
    sim.injectFault({ kind: "error", status: 500, pathIncludes: "Microsoft.Authorization" });
    try {
      expect(await approve(deps, { user: bob, conversation: channel, requestId: request.id })).toMatchObject({ ok: false, refusal: { code: "noRbacWriteRole" } });
    } finally {
      sim.clearFaults();
    }
    expect((await getRequest(deps.store, request.id))?.state).toBe("pending");
  });
});
