// The approval card in every state, for every viewer, in both languages: valid Adaptive Card 1.5,
// within the size budget even for big plans, buttons carrying only the request ID and plan hash.
import { describe, expect, it } from "vitest";
import type { MachineHeartbeat } from "../../src/approvals/heartbeat-check.js";
import { computePlan } from "../../src/approvals/plan.js";
import { initialProgress } from "../../src/approvals/progress.js";
import { createRequest, requestStates, type ApprovalRequest } from "../../src/approvals/request.js";
import { renderCard } from "../../src/cards/render-card.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { buildApprovalCard, buildApprovalListCard, buildApprovalNotice, buildDryRunCard, maxRefreshUsers, type CardView } from "../../src/commands/approval-card.js";
import { buildAuditCard } from "../../src/commands/audit.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { locales } from "../../src/i18n/translate.js";
import { amaLinux, fakeVm } from "../fleet/fake-fleet.js";
import { demoFleet, demoNow, latestFrom, scaleSetNamed, vmNamed } from "../approvals/plan-fixtures.js";
import { expectValidCard, findCardProblems } from "../support/validate-card.js";

const fleet = demoFleet();
const latest = latestFrom(fleet);
const plan = computePlan({ verb: "upgrade" }, { vms: [vmNamed(fleet, "vm-web-02"), vmNamed(fleet, "vm-batch-01")], scaleSets: [scaleSetNamed(fleet, "vmss-web")], latest });
const base = createRequest(
  {
    id: "7kq2mxz9",
    target: "rg-prod",
    conversation: { id: "19:ops", type: "channel", tenantId: "t" },
    requester: { objectId: "a", name: "Alice *on-call*", userId: "29:alice" },
    plan,
  },
  demoNow,
);
const bob = { objectId: "b", name: "Bob", userId: "29:bob" };
const at = demoNow.toISOString();

function inState(state: ApprovalRequest["state"]): ApprovalRequest {
  const progress = initialProgress(plan);
  const statuses = ["succeeded", "running", "failed"] as const;
  progress.items = progress.items.map((p, i) => ({ ...p, status: statuses[i % 3]!, stepsDone: 1, instancesDone: 1, error: { code: "Conflict", message: "busy" } }));
  const machines: MachineHeartbeat[] = [
    { itemId: plan.items[0]!.id, resourceId: plan.items[0]!.resource.id, name: "vm-web-02", verdict: "silent" },
    { itemId: plan.items[0]!.id, resourceId: plan.items[0]!.resource.id, name: "vm-web-02", verdict: "newVersion", version: "1.33.2" },
  ];
  const approved = state !== "pending" && state !== "expired" && state !== "cancelled" && state !== "rejected";
  return {
    ...base,
    state,
    approvals: approved ? [{ by: bob, at }] : [],
    ...(state === "rejected" || state === "cancelled" ? { decision: { by: bob, at } } : {}),
    ...(state === "voided" ? { voided: { at, reasons: [{ key: "approvals.revalidate.policyChanged", params: { name: "vmss-web", from: "Manual", to: "Automatic" } }] } } : {}),
    ...(["executing", "succeeded", "failed", "partially-succeeded", "interrupted"].includes(state)
      ? {
          execution: {
            owner: "p",
            attempt: 2,
            startedAt: at,
            heartbeatAt: at,
            progress,
            resumedAt: [at],
            ...(state === "interrupted" ? { interruption: { at, live: [{ key: "approvals.live.notDone", params: { name: "vm-web-02" } }] } } : {}),
          },
        }
      : {}),
    ...(["succeeded", "partially-succeeded"].includes(state) ? { heartbeats: { checkedAt: at, machines } } : {}),
  };
}

const views: CardView[] = ["base", "requester", "approver", "viewer"];

describe("approval card", () => {
  it("when rendered in every state, for every viewer, in both languages, then it is a valid card", () => {
    for (const locale of locales) {
      for (const state of requestStates) {
        for (const view of views) {
          const card = renderCard(buildApprovalCard(locale, { request: inState(state), view, userIds: ["29:alice", "29:bob"], watchingHeartbeats: true }));
          expect(findCardProblems(card), `${locale} ${state} ${view}`).toEqual([]);
        }
      }
    }
  });

  it("when pending, then approvers get Approve/Reject, the requester Cancel, the base card 'show my options', viewers nothing; each button carries only the ID and hash", () => {
    const verbsOf = (view: CardView) => {
      const card = renderCard(buildApprovalCard("en", { request: base, view, userIds: [] }));
      const text = JSON.stringify(card.body);
      return [...text.matchAll(/"type":"Action.Execute","verb":"(\w+)"/g)].map((m) => m[1]);
    };
    expect(verbsOf("approver")).toEqual([cardVerbs.approvalApprove, cardVerbs.approvalReject]);
    expect(verbsOf("requester")).toEqual([cardVerbs.approvalCancel]);
    expect(verbsOf("base")).toEqual([cardVerbs.approvalRefresh]);
    expect(verbsOf("viewer")).toEqual([]);
    const card = renderCard(buildApprovalCard("en", { request: base, view: "approver", userIds: [] }));
    expect(JSON.stringify(card)).toContain(`"data":{"verb":"${cardVerbs.approvalApprove}","requestId":"7kq2mxz9","planHash":"${base.planHash}"}`);
  });

  it("when a machine went silent, then the finished card has a Troubleshoot button running `troubleshoot rg/vm`", () => {
    const card = renderCard(buildApprovalCard("en", { request: inState("succeeded"), view: "base", userIds: [] }));
    expect(JSON.stringify(card)).toContain('"command":"troubleshoot rg-prod/vm-web-02"');
    expect(cardToText(card)).toContain("vm-web-02: no heartbeat since the change — troubleshoot it.");
  });

  it("when names carry Markdown, then they are escaped; and refresh lists at most 60 users, none after the request is decided", () => {
    const users = Array.from({ length: 80 }, (_, i) => `29:user-${i}`);
    const pending = renderCard(buildApprovalCard("en", { request: base, view: "base", userIds: users }));
    expect((pending.refresh as { userIds: string[] }).userIds).toHaveLength(maxRefreshUsers);
    expect(JSON.stringify(pending)).toContain("Alice \\\\*on-call\\\\*");
    const done = renderCard(buildApprovalCard("en", { request: inState("succeeded"), view: "base", userIds: users }));
    expect((done.refresh as { userIds: string[] }).userIds).toEqual([]);
  });

  it("when the plan covers 200 machines, then the card and its dry run stay within the size budget and count the rest", () => {
    const vms = Array.from({ length: 200 }, (_, i) => fakeVm({ name: `vm-bulk-${String(i).padStart(3, "0")}`, extensions: [amaLinux("1.31.1")] }));
    const big = computePlan({ verb: "upgrade" }, { vms, scaleSets: [], latest });
    const request = createRequest({ ...base, requester: base.requester, plan: big }, demoNow);
    for (const locale of locales) {
      const card = renderCard(buildApprovalCard(locale, { request, view: "approver", userIds: [] }));
      expectValidCard(card);
      const dry = renderCard(buildDryRunCard(locale, { verb: "upgrade", target: "rg-bulk", command: "upgrade rg-bulk", plan: big, planHash: request.planHash, missing: [] }));
      expectValidCard(dry);
    }
    expect(cardToText(renderCard(buildApprovalCard("en", { request, view: "base", userIds: [] })))).toContain("…and 180 more.");
  });

  it("when the list, notice and audit cards are rendered, then they are valid in both languages", () => {
    for (const locale of locales) {
      expectValidCard(renderCard(buildApprovalListCard(locale, [base, inState("pending")])));
      expectValidCard(renderCard(buildApprovalListCard(locale, [])));
      expectValidCard(renderCard(buildApprovalNotice(locale, { text: "x", tone: "Warning" })));
      expectValidCard(renderCard(buildAuditCard(locale, "rg-prod", [])));
    }
  });
});
