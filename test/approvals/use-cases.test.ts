import { describe, expect, it } from "vitest";
import { listApprovalAudit } from "../../src/approvals/audit.js";
import { createPlanExecutor } from "../../src/approvals/execute-plan.js";
import { heartbeatsSettled } from "../../src/approvals/heartbeat-check.js";
import type { ChangeTarget } from "../../src/approvals/live-state.js";
import { demoGrantsPath, loadPolicyFile } from "../../src/approvals/load-policy.js";
import { parsePolicy, type Policy } from "../../src/approvals/policy.js";
import type { RbacChecker } from "../../src/approvals/principal.js";
import { startExecution, type ApprovalRequest } from "../../src/approvals/request.js";
import {
  approvalsTable,
  approve,
  cancel,
  checkHeartbeats,
  executeApproved,
  expireDue,
  getRequest,
  listPending,
  recordCardActivity,
  recoverInterrupted,
  reject,
  requestChange,
  viewRequest,
  type ApprovalDeps,
  type ChangeInput,
} from "../../src/approvals/use-cases.js";
import type { Conversation, User } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { StoreConflictError, type Store } from "../../src/store/port.js";
import { createFakeClock } from "./fake-clock.js";
import { createFakeWriter } from "./fake-writer.js";
import { demoFleet, demoNow, scaleSetNamed, vmNamed } from "./plan-fixtures.js";

// The demo identities (src/approvals/demo-grants.json).
const aliceId = "11111111-1111-4111-8111-111111111111";
const bobId = "22222222-2222-4222-8222-222222222222";
const carolId = "33333333-3333-4333-8333-333333333333";
const daveId = "44444444-4444-4444-8444-444444444444";
const alice: User = { id: "29:alice", aadObjectId: aliceId, name: "Alice (on-call)" };
const bob: User = { id: "29:bob", aadObjectId: bobId, name: "Bob (approver)" };
const carol: User = { id: "29:carol", aadObjectId: carolId, name: "Carol (viewer)" };
const dave: User = { id: "29:dave", aadObjectId: daveId, name: "Dave" };
const tenant = "55555555-5555-4555-8555-555555555555";
const channel: Conversation = { id: "19:ops@thread.tacv2", type: "channel", teamId: "team-ops", channelId: "19:ops@thread.tacv2", tenantId: tenant };
const sub = "00000000-0000-4000-8000-000000000001";

const vmTarget = (name: string): ChangeTarget => ({ kind: "vm", subscriptionId: sub, resourceGroup: "rg-prod", name });
const ssTarget = (name: string): ChangeTarget => ({ kind: "scaleSet", subscriptionId: sub, resourceGroup: "rg-prod", name });

/** A store that counts etag conflicts, to prove concurrency tests really contended. */
function countingStore(inner: Store): Store & { conflicts: number } {
  const counted = Object.assign(Object.create(null) as Store & { conflicts: number }, inner, { conflicts: 0 });
  counted.replace = async (table, key, value, etag) => {
    try {
      return await inner.replace(table, key, value, etag);
    } catch (error) {
      if (error instanceof StoreConflictError) counted.conflicts++;
      throw error;
    }
  };
  return counted;
}

function setup(options: { policy?: Policy; owner?: string; executor?: boolean; rbac?: RbacChecker } = {}) {
  const fleet = demoFleet();
  const store = countingStore(createMemoryStore());
  const clock = createFakeClock(demoNow);
  const writer = createFakeWriter(fleet);
  let n = 0;
  const make = (owner: string, withExecutor = options.executor ?? true): ApprovalDeps => ({
    store,
    clock,
    policy: options.policy ?? loadPolicyFile(demoGrantsPath),
    fleet,
    catalog: createVersionCatalog(fleet, { clock, ttlMs: 60_000 }),
    owner,
    ...(withExecutor ? { executor: createPlanExecutor({ writer, instances: writer.instances, clock, sleep: clock.sleep, pollIntervalMs: 1000 }) } : {}),
    ...(options.rbac ? { rbac: options.rbac } : {}),
    newId: () => `req${++n}`,
  });
  return { fleet, store, clock, writer, deps: make(options.owner ?? "proc-a"), make };
}

function change(user: User, targets: ChangeTarget[], fields: Partial<ChangeInput> = {}): ChangeInput {
  return { user, conversation: channel, spec: { verb: "upgrade" }, targets, target: targets.map((t) => t.name).join(","), ...fields };
}

async function requested(deps: ApprovalDeps, input: ChangeInput): Promise<ApprovalRequest> {
  const outcome = await requestChange(deps, input);
  if (!outcome.ok || outcome.dryRun) throw new Error(`no request: ${JSON.stringify(outcome)}`);
  return outcome.request;
}

const decide = (user: User, request: ApprovalRequest, fields: Partial<{ planHash: string; conversation: Conversation }> = {}) => ({
  user,
  conversation: channel,
  requestId: request.id,
  ...fields,
});

describe("requestChange", () => {
  it("when a change is a dry run, then the plan and its ARM calls come back and nothing is stored or written", async () => {
    const { deps, store, writer } = setup();
    const outcome = await requestChange(deps, change(alice, [vmTarget("vm-web-02"), ssTarget("vmss-web")], { dryRun: true }));
    expect(outcome).toMatchObject({ ok: true, dryRun: true, missing: [] });
    if (!outcome.ok || !outcome.dryRun) return;
    expect(outcome.plan.items.flatMap((i) => i.calls).map((c) => `${c.method} ${c.path.split("/").slice(-2).join("/")}`)).toEqual([
      "PATCH extensions/AzureMonitorLinuxAgent",
      "POST vmss-web/manualupgrade",
      "POST vmss-web/manualupgrade",
    ]);
    expect(outcome.planHash).toMatch(/^sha256:/);
    expect(await store.list(approvalsTable)).toEqual([]);
    expect(writer.calls).toEqual([]);
  });

  it("when the caller has no grant or no Entra ID, then the request is refused before Azure is read", async () => {
    const { deps, fleet } = setup();
    expect(await requestChange(deps, change(carol, [vmTarget("vm-web-02")]))).toEqual({ ok: false, refusal: { code: "notGranted", verb: "upgrade" } });
    expect(await requestChange(deps, change({ id: "29:guest", name: "Guest" }, [vmTarget("vm-web-02")]))).toEqual({ ok: false, refusal: { code: "anonymous" } });
    expect(fleet.stats().calls).toBe(0);
  });

  it("when there is nothing to change, then nothingToDo comes back with the plan's reasons and nothing is stored", async () => {
    const { deps, store } = setup();
    const outcome = await requestChange(deps, change(alice, [vmTarget("vm-web-01"), vmTarget("vm-gone")]));
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "nothingToDo" }, missing: [vmTarget("vm-gone")] });
    if (!outcome.ok) expect(outcome.plan?.skipped.map((s) => s.reason.key)).toEqual(["approvals.skip.upToDate"]);
    expect(await store.list(approvalsTable)).toEqual([]);
  });

  it("when a change is requested, then a pending request with the frozen plan is stored and audited", async () => {
    const { deps, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")], { correlationId: "corr-chat-1" }));
    expect(request).toMatchObject({ id: "req1", state: "pending", requester: { objectId: aliceId, name: "Alice (on-call)", userId: "29:alice" }, tenantId: tenant, correlationId: "corr-chat-1" });
    expect(await getRequest(store, "req1")).toEqual(request);
    expect((await listApprovalAudit(store, { requestId: "req1" })).map((r) => r.event)).toEqual(["requested"]);
  });
});

describe("approve", () => {
  it("when Bob approves Alice's upgrade, then it runs once in the background and ends succeeded with an audit trail", async () => {
    const { deps, store, writer, fleet } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const changes: string[] = [];
    const outcome = await approve(deps, decide(bob, request), { onChange: (r) => changes.push(r.state) });
    expect(outcome).toMatchObject({ ok: true, request: { state: "approved" } });
    const final = outcome.ok ? await outcome.execution : undefined;
    expect(final?.state).toBe("succeeded");
    expect(writer.calls.map((c) => c.method)).toEqual(["patchExtension"]);
    expect(vmNamed(fleet, "vm-web-02").extensions[0]?.typeHandlerVersion).toBe("1.33");
    expect(changes[0]).toBe("executing");
    expect(changes[changes.length - 1]).toBe("succeeded");
    // The fake clock stands still, so records share a millisecond: compare them as a set.
    const trail = await listApprovalAudit(store, { requestId: request.id });
    expect(trail.map((r) => r.event).sort()).toEqual(["approved", "executing", "requested", "succeeded"]);
    expect(trail.find((r) => r.event === "succeeded")).toMatchObject({
      requester: { objectId: aliceId },
      approvers: [{ objectId: bobId, name: "Bob (approver)" }],
      planHash: request.planHash,
      correlationIds: ["corr-1"],
      outcomes: [{ resourceId: vmNamed(fleet, "vm-web-02").id, status: "succeeded", correlationIds: ["corr-1"] }],
    });
    expect(await listApprovalAudit(store, { resourceId: vmNamed(fleet, "vm-web-02").id })).toHaveLength(4);
  });

  it("when the requester approves their own request, then selfApproval and nothing runs", async () => {
    const { deps, writer } = setup();
    const request = await requested(deps, change(bob, [vmTarget("vm-web-02")]));
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "selfApproval" } });
    expect(writer.calls).toEqual([]);
  });

  it("when someone without an approve grant clicks, then notApprover", async () => {
    const { deps } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await approve(deps, decide(carol, request))).toMatchObject({ ok: false, refusal: { code: "notApprover" }, request: { state: "pending" } });
  });

  it("when 20 approve clicks arrive at once, then exactly one approves and the plan executes once", async () => {
    const policy = parsePolicy({ grants: [{ users: [aliceId], request: ["*"] }, { users: [bobId, daveId], approve: ["*"] }] });
    const { deps, writer, store } = setup({ policy });
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const clickers = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? bob : dave));
    const outcomes = await Promise.all(clickers.map((user) => approve(deps, decide(user, request))));
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    expect(store.conflicts).toBeGreaterThan(0);
    for (const loser of outcomes.filter((o) => !o.ok)) expect(loser).toMatchObject({ refusal: { code: "alreadyApproved" } });
    await Promise.all(outcomes.map((o) => (o.ok ? o.execution : undefined)));
    expect(writer.calls.map((c) => c.method)).toEqual(["patchExtension"]);
  });

  it("when 20 processes try to start the same approved request, then only one executes it", async () => {
    const { deps, make, writer } = setup({ executor: false });
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    await approve(deps, decide(bob, request));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => executeApproved(make(`proc-${i}`, true), request.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(writer.calls).toHaveLength(1);
  });

  it("when two approvals are required, then the first keeps it pending and the second starts it", async () => {
    const policy = parsePolicy({ approvalsRequired: 2, grants: [{ users: [aliceId], request: ["*"] }, { users: [bobId, daveId], approve: ["*"] }] });
    const { deps, writer } = setup({ policy });
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const first = await approve(deps, decide(bob, request));
    expect(first).toMatchObject({ ok: true, request: { state: "pending" } });
    expect(first.ok && first.execution).toBeFalsy();
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "alreadyApprovedByYou" } });
    const second = await approve(deps, decide(dave, request));
    expect((second.ok ? await second.execution : undefined)?.state).toBe("succeeded");
    expect(writer.calls).toHaveLength(1);
  });

  it("when the click comes after the expiry, then it is refused as expired and the request is stored expired", async () => {
    const { deps, store, clock } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    clock.advance(30 * 60_000);
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "expired", at: request.expiresAt } });
    expect((await getRequest(store, request.id))?.state).toBe("expired");
  });

  it("when card data is forged (other plan hash, unknown ID, other tenant), then nothing is approved", async () => {
    const { deps, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await approve(deps, decide(bob, request, { planHash: "sha256:forged" }))).toMatchObject({ ok: false, refusal: { code: "planMismatch" } });
    expect(await approve(deps, { ...decide(bob, request), requestId: "nope" })).toEqual({ ok: false, refusal: { code: "notFound", id: "nope" } });
    const otherTenant = { ...channel, tenantId: "77777777-7777-4777-8777-777777777777" };
    expect(await approve(deps, decide(bob, request, { conversation: otherTenant }))).toMatchObject({ ok: false, refusal: { code: "wrongTenant" } });
    expect((await getRequest(store, request.id))?.state).toBe("pending");
    expect(await approve(deps, decide(bob, request, { planHash: request.planHash }))).toMatchObject({ ok: true });
  });

  it("when the policy demands an Azure write role, then approvers without one are refused, and without a checker nobody approves", async () => {
    const policy = parsePolicy({ requireRbacWriteRole: true, grants: [{ users: [aliceId], request: ["*"] }, { users: [bobId, daveId], approve: ["*"] }] });
    const asked: string[] = [];
    const rbac: RbacChecker = {
      async hasWriteRole(objectId, resourceId) {
        asked.push(resourceId);
        return objectId === daveId;
      },
    };
    const { deps } = setup({ policy, rbac });
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "noRbacWriteRole", resource: "vm-web-02" } });
    expect(asked).toEqual([request.plan.items[0]?.resource.id]);
    expect(await approve({ ...deps, rbac: undefined }, decide(dave, request))).toMatchObject({ ok: false, refusal: { code: "noRbacWriteRole" } });
    expect(await approve(deps, decide(dave, request))).toMatchObject({ ok: true });
  });

  it("when there is no executor, then approving stores approved and nothing runs", async () => {
    const { deps, writer } = setup({ executor: false });
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const outcome = await approve(deps, decide(bob, request));
    expect(outcome).toMatchObject({ ok: true, request: { state: "approved" } });
    expect(outcome.ok && outcome.execution).toBeFalsy();
    expect(writer.calls).toEqual([]);
  });
});

describe("reject, cancel, expire", () => {
  it("when Bob rejects, then it is rejected and a later approve says who rejected it", async () => {
    const { deps, clock } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    clock.advance(60_000);
    expect(await reject(deps, { ...decide(bob, request), comment: "not during business hours" })).toMatchObject({
      ok: true,
      request: { state: "rejected", decision: { comment: "not during business hours" } },
    });
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "alreadyRejected", by: "Bob (approver)", at: "2025-06-01T10:01:00.000Z" } });
  });

  it("when the requester or a non-approver rejects, then it is refused", async () => {
    const { deps } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await reject(deps, decide(alice, request))).toMatchObject({ ok: false, refusal: { code: "requesterCannotReject" } });
    expect(await reject(deps, decide(carol, request))).toMatchObject({ ok: false, refusal: { code: "notApprover" } });
  });

  it("when Alice cancels, then it is cancelled; Bob cannot cancel it; approving afterwards is refused", async () => {
    const { deps, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await cancel(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "notRequester" } });
    expect(await cancel(deps, decide(alice, request))).toMatchObject({ ok: true, request: { state: "cancelled" } });
    expect(await approve(deps, decide(bob, request))).toMatchObject({ ok: false, refusal: { code: "alreadyCancelled", by: "Alice (on-call)" } });
    expect((await listApprovalAudit(store, { requestId: request.id })).map((r) => r.event).sort()).toEqual(["cancelled", "requested"]);
  });

  it("when requests pass their expiry, then expireDue stores them expired once and returns them", async () => {
    const { deps, clock, store } = setup();
    const old = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    clock.advance(20 * 60_000);
    const young = await requested(deps, change(alice, [vmTarget("vm-legacy-01")]));
    clock.advance(11 * 60_000);
    expect((await expireDue(deps)).map((r) => r.id)).toEqual([old.id]);
    expect(await expireDue(deps)).toEqual([]);
    expect((await getRequest(store, young.id))?.state).toBe("pending");
    expect((await listPending(deps, channel)).map((r) => r.id)).toEqual([young.id]);
    expect(await listPending(deps, { ...channel, id: "elsewhere" })).toEqual([]);
  });
});

describe("execution against changed live state", () => {
  it("when a VM was deallocated between request and approval, then it is skipped and the rest runs", async () => {
    const { deps, fleet, writer } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02"), vmTarget("vm-legacy-01")]));
    vmNamed(fleet, "vm-legacy-01").powerState = "deallocated";
    const outcome = await approve(deps, decide(bob, request));
    const final = outcome.ok ? await outcome.execution : undefined;
    expect(final?.state).toBe("partially-succeeded");
    expect(writer.calls.map((c) => c.resource)).toEqual(["vm-web-02"]);
    const skipped = final?.execution?.progress.items.find((p) => p.status === "skipped");
    expect(skipped?.reason).toEqual({ key: "approvals.revalidate.vmNotRunning", params: { name: "vm-legacy-01", state: "deallocated" } });
  });

  it("when the scale set's upgrade policy changed, then the request is voided and nothing is written", async () => {
    const { deps, fleet, writer, store } = setup();
    const request = await requested(deps, change(alice, [ssTarget("vmss-web")]));
    scaleSetNamed(fleet, "vmss-web").upgradePolicy = "Automatic";
    const outcome = await approve(deps, decide(bob, request));
    const final = outcome.ok ? await outcome.execution : undefined;
    expect(final?.state).toBe("voided");
    expect(final?.voided?.reasons[0]?.key).toBe("approvals.revalidate.policyChanged");
    expect(writer.calls).toEqual([]);
    expect((await listApprovalAudit(store, { requestId: request.id })).map((r) => r.event)).toContain("voided");
  });

  it("when a Manual scale set is upgraded, then the stale instances go in waves and progress is stored", async () => {
    const { deps, fleet, writer, store } = setup();
    const request = await requested(deps, change(alice, [ssTarget("vmss-web")]));
    const outcome = await approve(deps, decide(bob, request));
    const final = outcome.ok ? await outcome.execution : undefined;
    expect(final?.state).toBe("succeeded");
    expect(writer.calls.map((c) => c.args[0])).toEqual([["1"], ["3"]]);
    expect(scaleSetNamed(fleet, "vmss-web").instances.every((i) => i.latestModelApplied)).toBe(true);
    expect((await getRequest(store, request.id))?.execution?.progress.items[0]).toMatchObject({ instancesDone: 2, instancesTotal: 2, stepsDone: 2 });
  });
});

describe("recoverInterrupted", () => {
  async function orphan(ctx: ReturnType<typeof setup>, targets: ChangeTarget[], spec: ChangeInput["spec"], shape?: (r: ApprovalRequest) => ApprovalRequest) {
    const noExecutor = ctx.make("proc-dead", false);
    const request = await requested(noExecutor, change(alice, targets, { spec }));
    await approve(noExecutor, decide(bob, request));
    const stored = (await ctx.store.get<ApprovalRequest>(approvalsTable, request.id))!;
    const started = startExecution(stored.value, "proc-dead", ctx.clock.now());
    if (!started.ok) throw new Error("could not start");
    await ctx.store.replace(approvalsTable, request.id, shape ? shape(started.request) : started.request, stored.etag);
    return request;
  }

  it("when a dead process left an execution behind, then another process resumes it after the lease and it finishes", async () => {
    const ctx = setup();
    const request = await orphan(ctx, [vmTarget("vm-web-02")], { verb: "upgrade" });
    const live = ctx.make("proc-b");
    expect(await recoverInterrupted(live)).toEqual([]);
    ctx.clock.advance(120_000);
    const recovered = await recoverInterrupted(live);
    expect(recovered.map((r) => r.action)).toEqual(["resumed"]);
    const final = await recovered[0]?.execution;
    expect(final).toMatchObject({ state: "succeeded", execution: { owner: "proc-b", attempt: 2 } });
    expect(ctx.writer.calls).toHaveLength(1);
    const events = (await listApprovalAudit(ctx.store, { requestId: request.id })).map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(["resumed", "succeeded"]));
  });

  it("when a resumed item had already been applied, then it is not written again", async () => {
    const ctx = setup();
    await orphan(ctx, [vmTarget("vm-web-02")], { verb: "upgrade" }, (r) => {
      const items = r.execution!.progress.items.map((p) => ({ ...p, status: "running" as const }));
      return { ...r, execution: { ...r.execution!, progress: { items } } };
    });
    const ext = vmNamed(ctx.fleet, "vm-web-02").extensions[0]!;
    ext.typeHandlerVersion = "1.33";
    ext.runningVersion = "1.33.2";
    const recovered = await recoverInterrupted(ctx.make("proc-b"), { staleAfterMs: 0 });
    expect((await recovered[0]?.execution)?.state).toBe("succeeded");
    expect(ctx.writer.calls).toEqual([]);
  });

  it("when a reinstall was in flight, then it is not repeated blindly but marked interrupted with the live state", async () => {
    const ctx = setup();
    await orphan(ctx, [vmTarget("vm-web-02")], { verb: "reinstall", agent: "ama" }, (r) => {
      const items = r.execution!.progress.items.map((p) => ({ ...p, status: "running" as const, stepsDone: 1 }));
      return { ...r, execution: { ...r.execution!, progress: { items } } };
    });
    vmNamed(ctx.fleet, "vm-web-02").extensions = [];
    const recovered = await recoverInterrupted(ctx.make("proc-b"), { staleAfterMs: 0 });
    expect(recovered.map((r) => r.action)).toEqual(["interrupted"]);
    expect(recovered[0]?.request.state).toBe("interrupted");
    expect(recovered[0]?.request.execution?.interruption?.live).toEqual([
      { key: "approvals.revalidate.extensionGone", params: { name: "vm-web-02", extension: "AzureMonitorLinuxAgent" } },
    ]);
    expect(ctx.writer.calls).toEqual([]);
  });

  it("when resuming is switched off, then orphans are interrupted with what the live state shows", async () => {
    const ctx = setup();
    await orphan(ctx, [vmTarget("vm-web-02")], { verb: "upgrade" });
    const recovered = await recoverInterrupted(ctx.make("proc-b"), { staleAfterMs: 0, resume: false });
    expect(recovered[0]?.request.execution?.interruption?.live).toEqual([{ key: "approvals.live.notDone", params: { name: "vm-web-02 / AzureMonitorLinuxAgent" } }]);
  });

  it("when a request was approved but its process died before starting, then recovery starts it", async () => {
    const ctx = setup();
    const noExecutor = ctx.make("proc-dead", false);
    const request = await requested(noExecutor, change(alice, [vmTarget("vm-web-02")]));
    await approve(noExecutor, decide(bob, request));
    const recovered = await recoverInterrupted(ctx.make("proc-b"), { staleAfterMs: 0 });
    expect(recovered.map((r) => r.action)).toEqual(["started"]);
    expect((await recovered[0]?.execution)?.state).toBe("succeeded");
  });

  it("when an execution is alive and renewing its lease, then another process leaves it alone", async () => {
    const ctx = setup();
    const release = ctx.writer.hold("patchExtension");
    const request = await requested(ctx.deps, change(alice, [vmTarget("vm-web-02")]));
    const outcome = await approve(ctx.deps, decide(bob, request));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await recoverInterrupted(ctx.make("proc-b"))).toEqual([]);
    release();
    expect((outcome.ok ? await outcome.execution : undefined)?.state).toBe("succeeded");
  });
});

describe("execution failures", () => {
  it("when the executor itself breaks, then the request ends failed instead of staying executing", async () => {
    const { deps } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const broken = { ...deps, executor: { execute: async () => Promise.reject(new Error("boom")) } };
    const outcome = await approve(broken, decide(bob, request));
    const final = outcome.ok ? await outcome.execution : undefined;
    expect(final?.state).toBe("failed");
    expect(final?.execution?.progress.items[0]?.error).toEqual({ code: "ExecutionError", message: "boom" });
  });

  it("when Azure cannot be read for re-validation, then nothing is written and the request fails", async () => {
    const { deps, fleet, writer } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    fleet.failNext("getVm", new Error("ARM unavailable"));
    const outcome = await approve(deps, decide(bob, request));
    expect((outcome.ok ? await outcome.execution : undefined)?.state).toBe("failed");
    expect(writer.calls).toEqual([]);
  });

  it("when another process took the execution over, then the first one stops and the second finishes it", async () => {
    const ctx = setup();
    const release = ctx.writer.hold("patchExtension");
    const request = await requested(ctx.deps, change(alice, [vmTarget("vm-web-02"), vmTarget("vm-legacy-01")]));
    const first = await approve({ ...ctx.deps, executor: createPlanExecutor({ writer: ctx.writer, instances: ctx.writer.instances, clock: ctx.clock, concurrency: 1 }) }, decide(bob, request));
    await new Promise((resolve) => setTimeout(resolve, 10));
    ctx.clock.advance(5 * 60_000);
    const recovered = await recoverInterrupted(ctx.make("proc-b"));
    expect(recovered.map((r) => r.action)).toEqual(["resumed"]);
    release();
    const [a, b] = await Promise.all([first.ok ? first.execution : undefined, recovered[0]?.execution]);
    // The first process returns the last state it saw and never wrote a result of its own.
    expect(a?.state).toBe("executing");
    expect(ctx.writer.calls.filter((c) => c.resource === "vm-web-02")).toHaveLength(1);
    expect(b).toMatchObject({ state: "succeeded", execution: { owner: "proc-b", attempt: 2 } });
    expect((await getRequest(ctx.store, request.id))?.state).toBe("succeeded");
  });
});

describe("viewing", () => {
  it("when the card refreshes, then each viewer gets their role and an expired request flips for everyone", async () => {
    const { deps, clock, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    const view = (user: User) => viewRequest(deps, { requestId: request.id, user, conversation: channel });
    expect(await view(alice)).toMatchObject({ ok: true, role: "requester" });
    expect(await view(bob)).toMatchObject({ ok: true, role: "approver" });
    expect(await view(carol)).toMatchObject({ ok: true, role: "viewer" });
    expect(await view({ id: "29:guest", name: "Guest" })).toMatchObject({ ok: true, role: "viewer" });
    clock.advance(31 * 60_000);
    expect(await view(carol)).toMatchObject({ ok: true, request: { state: "expired" } });
    expect((await getRequest(store, request.id))?.state).toBe("expired");
    expect(await viewRequest(deps, { requestId: "nope", user: bob, conversation: channel })).toEqual({ ok: false, refusal: { code: "notFound", id: "nope" } });
  });

  it("when the approval card is posted, then its activity ID is stored with the request", async () => {
    const { deps, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    await recordCardActivity(deps, request.id, "activity-1");
    expect((await getRequest(store, request.id))?.card).toEqual({ activityId: "activity-1" });
  });
});

describe("checkHeartbeats", () => {
  it("when the upgrade finished, then each changed VM is reported as on the new version or silent, and stored", async () => {
    const { deps, fleet, clock, store } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02"), vmTarget("vm-api-01")]));
    const outcome = await approve(deps, decide(bob, request));
    if (outcome.ok) await outcome.execution;
    expect(await checkHeartbeats(deps, "nope")).toEqual({ ok: false, refusal: { code: "notFound", id: "nope" } });
    clock.advance(5 * 60_000);
    const web02 = vmNamed(fleet, "vm-web-02");
    fleet.data.heartbeats.push({ resourceId: web02.id, lastSeen: clock.now(), version: "1.33.2", category: "Azure Monitor Agent" });
    const checked = await checkHeartbeats(deps, request.id);
    const machines = checked.ok ? checked.request.heartbeats?.machines : undefined;
    expect(machines?.map((m) => [m.name, m.verdict])).toEqual([
      ["vm-api-01", "silent"],
      ["vm-web-02", "newVersion"],
    ]);
    expect(heartbeatsSettled(machines ?? [])).toBe(false);
    expect((await getRequest(store, request.id))?.heartbeats?.machines).toEqual(machines);
  });

  it("when the request has not run, then there is nothing to check", async () => {
    const { deps } = setup();
    const request = await requested(deps, change(alice, [vmTarget("vm-web-02")]));
    expect(await checkHeartbeats(deps, request.id)).toMatchObject({ ok: false, refusal: { code: "wrongState", state: "pending" } });
  });
});
