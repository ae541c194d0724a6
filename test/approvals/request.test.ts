import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/commands/types.js";
import { describeRefusal } from "../../src/approvals/refusal.js";
import { describeState } from "../../src/approvals/describe-request.js";
import { computePlan } from "../../src/approvals/plan.js";
import { initialProgress, type ExecutionProgress } from "../../src/approvals/progress.js";
import {
  approveRequest,
  attachCard,
  cancelRequest,
  createRequest,
  expireRequest,
  finishExecution,
  interruptExecution,
  isStale,
  planIntact,
  recordProgress,
  refusalForState,
  rejectRequest,
  renewLease,
  resumeExecution,
  startExecution,
  voidRequest,
  type ApprovalRequest,
  type Caller,
  type TransitionResult,
} from "../../src/approvals/request.js";
import { demoFleet, latestFrom, scaleSetNamed, vmNamed } from "./plan-fixtures.js";

const tenant = "55555555-5555-4555-8555-555555555555";
const conversation: Conversation = { id: "19:ops", type: "channel", teamId: "team", channelId: "19:ops", tenantId: tenant };
const alice: Caller = { objectId: "11111111-1111-4111-8111-111111111111", name: "Alice", userId: "29:alice", tenantId: tenant };
const bob: Caller = { objectId: "22222222-2222-4222-8222-222222222222", name: "Bob", userId: "29:bob", tenantId: tenant };
const dave: Caller = { objectId: "44444444-4444-4444-8444-444444444444", name: "Dave", tenantId: tenant };
const t0 = new Date("2025-06-01T10:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const fleet = demoFleet();
const plan = computePlan({ verb: "upgrade" }, { vms: [vmNamed(fleet, "vm-web-02"), vmNamed(fleet, "vm-legacy-01")], scaleSets: [scaleSetNamed(fleet, "vmss-web")], latest: latestFrom(fleet) });

function pending(fields: { approvalsRequired?: number } = {}): ApprovalRequest {
  return createRequest({ id: "req1", target: "rg-prod", conversation, requester: alice, plan, ...fields }, t0);
}

function must(result: TransitionResult): ApprovalRequest {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.request;
}

const approved = () => must(approveRequest(pending(), bob, at(2)));
const executing = () => must(startExecution(approved(), "proc-a", at(3)));

describe("createRequest", () => {
  it("when a request is created, then it is pending, frozen with the plan hash, and expires after 30 minutes", () => {
    const request = pending();
    expect(request).toMatchObject({
      state: "pending",
      verb: "upgrade",
      tenantId: tenant,
      requester: { objectId: alice.objectId, name: "Alice", userId: "29:alice" },
      createdAt: "2025-06-01T10:00:00.000Z",
      expiresAt: "2025-06-01T10:30:00.000Z",
      approvalsRequired: 1,
      approvals: [],
    });
    expect(request.requester).not.toHaveProperty("tenantId");
    expect(request.planHash).toMatch(/^sha256:/);
    expect(planIntact(request)).toBe(true);
    expect(planIntact({ ...request, plan: { ...request.plan, items: request.plan.items.slice(1) } })).toBe(false);
  });

  it("when a TTL is configured, then the expiry follows it", () => {
    expect(createRequest({ id: "r", target: "x", conversation, requester: alice, plan, ttlMinutes: 5 }, t0).expiresAt).toBe("2025-06-01T10:05:00.000Z");
  });
});

describe("approveRequest", () => {
  it("when another person approves a pending request, then it becomes approved with the approval stamped", () => {
    const request = approved();
    expect(request.state).toBe("approved");
    expect(request.approvals).toEqual([{ by: { objectId: bob.objectId, name: "Bob", userId: "29:bob" }, at: "2025-06-01T10:02:00.000Z" }]);
    expect(request.history.map((h) => h.state)).toEqual(["pending", "approved"]);
  });

  it("when the requester approves, then selfApproval", () => {
    expect(approveRequest(pending(), alice, at(1))).toEqual({ ok: false, refusal: { code: "selfApproval" } });
  });

  it("when the request is already approved, then a second click says by whom and when", () => {
    const refused = approveRequest(approved(), dave, at(4));
    expect(refused).toEqual({ ok: false, refusal: { code: "alreadyApproved", by: "Bob", at: "2025-06-01T10:02:00.000Z" } });
    if (!refused.ok) expect(describeRefusal(refused.refusal)).toEqual({ key: "approvals.refusal.alreadyApproved", params: { name: "Bob", time: "2025-06-01 10:02 UTC" } });
  });

  it("when two approvals are required, then the first keeps it pending and the same person cannot approve twice", () => {
    const first = must(approveRequest(pending({ approvalsRequired: 2 }), bob, at(1)));
    expect(first.state).toBe("pending");
    expect(approveRequest(first, bob, at(2))).toEqual({ ok: false, refusal: { code: "alreadyApprovedByYou", at: "2025-06-01T10:01:00.000Z" } });
    const second = must(approveRequest(first, dave, at(3)));
    expect(second.state).toBe("approved");
    expect(second.approvals.map((a) => a.by.name)).toEqual(["Bob", "Dave"]);
  });

  it("when the click comes after the expiry, then expired, even before the sweep stored it", () => {
    expect(approveRequest(pending(), bob, at(30))).toEqual({ ok: false, refusal: { code: "expired", at: "2025-06-01T10:30:00.000Z" } });
    expect(approveRequest(pending(), bob, at(29.99)).ok).toBe(true);
  });

  it("when the click comes from another tenant, then wrongTenant before anything else is revealed", () => {
    expect(approveRequest(approved(), { ...bob, tenantId: "77777777-7777-4777-8777-777777777777" }, at(4))).toEqual({ ok: false, refusal: { code: "wrongTenant" } });
  });

  it("when the request was rejected, cancelled, expired or voided, then approving says so", () => {
    const rejected = must(rejectRequest(pending(), bob, at(1), "not now"));
    const cancelled = must(cancelRequest(pending(), alice, at(1)));
    const expired = expireRequest(pending(), at(31))!;
    const voided = must(voidRequest(approved(), [{ key: "approvals.revalidate.policyChanged" }], at(5)));
    expect(approveRequest(rejected, dave, at(2))).toEqual({ ok: false, refusal: { code: "alreadyRejected", by: "Bob", at: "2025-06-01T10:01:00.000Z" } });
    expect(approveRequest(cancelled, bob, at(2))).toEqual({ ok: false, refusal: { code: "alreadyCancelled", by: "Alice", at: "2025-06-01T10:01:00.000Z" } });
    expect(approveRequest(expired, bob, at(32))).toEqual({ ok: false, refusal: { code: "expired", at: "2025-06-01T10:30:00.000Z" } });
    expect(approveRequest(voided, dave, at(6))).toEqual({ ok: false, refusal: { code: "voided", at: "2025-06-01T10:05:00.000Z" } });
  });
});

describe("reject, cancel, expire", () => {
  it("when an approver rejects, then rejected with who, when and the comment", () => {
    const request = must(rejectRequest(pending(), bob, at(1), "wrong window"));
    expect(request.state).toBe("rejected");
    expect(request.decision).toEqual({ by: { objectId: bob.objectId, name: "Bob", userId: "29:bob" }, at: "2025-06-01T10:01:00.000Z", comment: "wrong window" });
  });

  it("when the requester rejects, then they are told to cancel instead", () => {
    expect(rejectRequest(pending(), alice, at(1))).toEqual({ ok: false, refusal: { code: "requesterCannotReject" } });
  });

  it("when the requester cancels, then cancelled; anyone else is refused", () => {
    expect(must(cancelRequest(pending(), alice, at(1))).state).toBe("cancelled");
    expect(cancelRequest(pending(), bob, at(1))).toEqual({ ok: false, refusal: { code: "notRequester" } });
    expect(cancelRequest(approved(), alice, at(3))).toMatchObject({ ok: false, refusal: { code: "alreadyApproved" } });
  });

  it("when the expiry passes, then a pending request expires and nothing else does", () => {
    expect(expireRequest(pending(), at(29))).toBeUndefined();
    expect(expireRequest(pending(), at(30))?.state).toBe("expired");
    expect(expireRequest(approved(), at(40))).toBeUndefined();
    expect(refusalForState(pending(), at(10))).toBeUndefined();
  });
});

describe("execution transitions", () => {
  it("when an approved request starts, then it is executing, owned, with empty progress", () => {
    const request = executing();
    expect(request.state).toBe("executing");
    expect(request.execution).toMatchObject({ owner: "proc-a", attempt: 1, startedAt: "2025-06-01T10:03:00.000Z" });
    expect(request.execution?.progress).toEqual(initialProgress(plan));
    expect(startExecution(request, "proc-b", at(4))).toMatchObject({ ok: false, refusal: { code: "alreadyApproved" } });
    expect(startExecution(pending(), "proc-a", at(1))).toEqual({ ok: false, refusal: { code: "wrongState", state: "pending" } });
  });

  it("when the stored plan no longer matches its hash, then it does not start", () => {
    const tampered = { ...approved(), plan: { ...plan, items: plan.items.slice(0, 1) } };
    expect(startExecution(tampered, "proc-a", at(3))).toEqual({ ok: false, refusal: { code: "planMismatch" } });
  });

  it("when progress is recorded by the owner, then it is stored and the lease renewed; another process is refused", () => {
    const progress: ExecutionProgress = { items: initialProgress(plan).items.map((p, i) => (i === 0 ? { ...p, status: "running" } : p)) };
    const request = must(recordProgress(executing(), "proc-a", progress, at(4), [{ key: "approvals.revalidate.instancesAdded" }]));
    expect(request.execution?.progress).toEqual(progress);
    expect(request.execution?.heartbeatAt).toBe("2025-06-01T10:04:00.000Z");
    expect(request.execution?.notes).toEqual([{ key: "approvals.revalidate.instancesAdded" }]);
    expect(recordProgress(request, "proc-b", progress, at(5))).toEqual({ ok: false, refusal: { code: "leaseLost", owner: "proc-a" } });
    expect(must(renewLease(request, "proc-a", at(6))).execution?.heartbeatAt).toBe("2025-06-01T10:06:00.000Z");
  });

  it.each([
    [["succeeded", "succeeded", "succeeded"], "succeeded"],
    [["failed", "failed", "blocked"], "failed"],
    [["succeeded", "failed", "blocked"], "partially-succeeded"],
    [["succeeded", "skipped", "succeeded"], "partially-succeeded"],
  ] as const)("when items end %j, then the request is %s", (statuses, state) => {
    const progress: ExecutionProgress = { items: initialProgress(plan).items.map((p, i) => ({ ...p, status: statuses[i]! })) };
    const request = must(finishExecution(executing(), "proc-a", progress, at(9)));
    expect(request.state).toBe(state);
    expect(request.execution?.finishedAt).toBe("2025-06-01T10:09:00.000Z");
  });

  it("when re-validation finds a material change, then an approved or executing request is voided", () => {
    const reasons = [{ key: "approvals.revalidate.policyChanged", params: { name: "vmss-web", from: "Manual", to: "Automatic" } }];
    expect(must(voidRequest(approved(), reasons, at(3))).voided).toEqual({ at: "2025-06-01T10:03:00.000Z", reasons });
    expect(must(voidRequest(executing(), reasons, at(4))).state).toBe("voided");
    expect(voidRequest(pending(), reasons, at(1))).toEqual({ ok: false, refusal: { code: "wrongState", state: "pending" } });
  });

  it("when the owner stops renewing, then the execution goes stale, can be resumed by another process or interrupted", () => {
    const request = executing();
    expect(isStale(request, at(4), 120_000)).toBe(false);
    expect(isStale(request, at(5), 120_000)).toBe(true);
    const resumed = must(resumeExecution(request, "proc-b", at(6)));
    expect(resumed.execution).toMatchObject({ owner: "proc-b", attempt: 2, resumedAt: ["2025-06-01T10:06:00.000Z"] });
    const live = [{ key: "approvals.live.notDone", params: { name: "vm-web-02" } }];
    const interrupted = must(interruptExecution(resumed, live, at(7)));
    expect(interrupted.state).toBe("interrupted");
    expect(interrupted.execution?.interruption).toEqual({ at: "2025-06-01T10:07:00.000Z", live });
    expect(resumeExecution(interrupted, "proc-c", at(8)).ok).toBe(false);
    expect(isStale(pending(), at(100), 1)).toBe(false);
  });

  it("when an approved request was never started, then it goes stale too (its process died after the click)", () => {
    expect(isStale(approved(), at(3), 120_000)).toBe(false);
    expect(isStale(approved(), at(4), 120_000)).toBe(true);
  });

  it("when a card is posted, then its activity ID is remembered", () => {
    expect(attachCard(pending(), "act-1").card).toEqual({ activityId: "act-1" });
  });
});

describe("describeState", () => {
  it("when a request is in any state, then the line says who and when from stored state", () => {
    expect(describeState(pending())).toEqual({ key: "approvals.stateLine.pending", params: { time: "2025-06-01 10:30 UTC", count: 0, required: 1 } });
    expect(describeState(executing())).toEqual({ key: "approvals.stateLine.executing", params: { name: "Bob", time: "2025-06-01 10:02 UTC" } });
    expect(describeState(expireRequest(pending(), at(31))!)).toEqual({ key: "approvals.stateLine.expired", params: { time: "2025-06-01 10:30 UTC" } });
    expect(describeState(must(cancelRequest(pending(), alice, at(1))), (iso) => iso.slice(11, 16))).toEqual({
      key: "approvals.stateLine.cancelled",
      params: { name: "Alice", time: "10:01" },
    });
  });
});
