// Every message the approvals core can produce must exist in English and Japanese with all of
// its placeholders filled: walk the real plans, refusals, states and progress lines and render them.
import { describe, expect, it } from "vitest";
import { describeItem, describeSkipped, describeState } from "../../src/approvals/describe-request.js";
import type { MessageRef } from "../../src/approvals/message-ref.js";
import { computePlan, type PlanSpec } from "../../src/approvals/plan.js";
import { describeProgress, initialProgress } from "../../src/approvals/progress.js";
import { describeRefusal, refusalCodes, type Refusal } from "../../src/approvals/refusal.js";
import { createRequest, requestStates, stateKey, type ApprovalRequest } from "../../src/approvals/request.js";
import { revalidatePlan } from "../../src/approvals/revalidate.js";
import { hasKey, locales, t } from "../../src/i18n/translate.js";
import { amaLinux, fakeScaleSet, fakeVm } from "../fleet/fake-fleet.js";
import { demoFleet, demoNow, latestFrom } from "./plan-fixtures.js";

function expectRenders(ref: MessageRef): void {
  for (const locale of locales) {
    expect(hasKey(locale, ref.key), `${locale}: ${ref.key}`).toBe(true);
    expect(t(locale, ref.key, ref.params), `${locale}: ${ref.key} leaves a placeholder`).not.toMatch(/\{\w+\}/);
  }
}

const fleet = demoFleet();
const latest = latestFrom(fleet);
const extraVms = [
  fakeVm({ name: "vm-patch", extensions: [amaLinux("1.33.1", { name: "ama" })] }),
  fakeVm({ name: "vm-far", location: "brazilsouth", extensions: [amaLinux("1.30.3")] }),
  fakeVm({ name: "vm-ahead", extensions: [amaLinux("1.32.5", { name: "ama", typeHandlerVersion: "1.34" })] }),
];
const extraSets = [
  fakeScaleSet({ name: "vmss-auto", upgradePolicy: "Automatic", extensions: [{ ...amaLinux("1.31.1", { statuses: [] }), runningVersion: undefined }] }, 3),
  (() => {
    const ss = fakeScaleSet({ name: "vmss-stopped", extensions: [{ ...amaLinux("1.31.1", { statuses: [] }), runningVersion: undefined }] }, 3);
    ss.instances[0] = { ...ss.instances[0]!, powerState: "deallocated" };
    return ss;
  })(),
];
const specs: PlanSpec[] = [
  { verb: "upgrade" },
  { verb: "autoupgrade", enable: true },
  { verb: "autoupgrade", enable: false },
  { verb: "reinstall", agent: "ama" },
  { verb: "restart-agent" },
  { verb: "start-vm" },
  { verb: "enable-identity" },
];
const plans = specs.map((spec) =>
  computePlan(spec, { vms: [...fleet.data.vms, ...extraVms], scaleSets: [...fleet.data.scaleSets, ...extraSets], latest }),
);

describe("approvals strings", () => {
  it("when any plan is described, then every item, skip reason and impact line renders in both languages", () => {
    const refs = plans.flatMap((plan) => [...plan.items.map(describeItem), ...plan.skipped.map((s) => describeSkipped(s).reason), ...plan.impact]);
    const keys = new Set(refs.map((r) => r.key));
    // The walk must reach the interesting reasons, or this test proves little.
    for (const key of ["approvals.skip.modelAheadOfRegion", "approvals.skip.instancesNotRunning", "approvals.impact.platformAppliesModel", "approvals.plan.reapplyExtension"]) {
      expect(keys).toContain(key);
    }
    refs.forEach(expectRenders);
  });

  it("when any refusal is described, then it renders in both languages", () => {
    const samples: Refusal[] = refusalCodes.map((code) => {
      switch (code) {
        case "notGranted":
          return { code, verb: "upgrade" };
        case "alreadyApprovedByYou":
        case "expired":
        case "voided":
          return { code, at: demoNow.toISOString() };
        case "alreadyApproved":
        case "alreadyRejected":
        case "alreadyCancelled":
          return { code, by: "Bob", at: demoNow.toISOString() };
        case "noRbacWriteRole":
          return { code, resource: "vm-web-02" };
        case "notFound":
          return { code, id: "abc" };
        case "wrongState":
          return { code, state: "executing" };
        case "leaseLost":
          return { code, owner: "proc-b" };
        default:
          return { code } as Refusal;
      }
    });
    samples.map((r) => describeRefusal(r)).forEach(expectRenders);
  });

  it("when a request is in any state, then its label and its line render in both languages", () => {
    const base = createRequest({ id: "r1", target: "rg-prod", conversation: { id: "c", type: "personal" }, requester: { objectId: "a", name: "Alice" }, plan: plans[0]! }, demoNow);
    for (const state of requestStates) {
      const request: ApprovalRequest = { ...base, state, approvals: [{ by: { objectId: "b", name: "Bob" }, at: base.createdAt }] };
      expectRenders({ key: `approvals.state.${stateKey(state)}` });
      expectRenders(describeState(request));
    }
  });

  it("when progress and re-validation are described, then every line renders in both languages", () => {
    const plan = plans[0]!;
    const progress = initialProgress(plan);
    const statuses = ["pending", "running", "succeeded", "failed", "skipped", "blocked"] as const;
    progress.items = progress.items.map((p, i) => ({ ...p, status: statuses[i % statuses.length]!, error: { code: "Conflict", message: "busy" } }));
    describeProgress(plan, progress).forEach(expectRenders);
    const gone = revalidatePlan(plan, { vms: [], scaleSets: [] });
    [...gone.reasons, ...gone.skip.map((s) => s.reason)].forEach(expectRenders);
    for (const key of ["done", "notDone", "changed"]) expectRenders({ key: `approvals.live.${key}`, params: { name: "vm-web-02" } });
    expectRenders({ key: "approvals.live.unknown" });
    expectRenders({ key: "approvals.progress.blockedBy", params: { name: "vmss-web" } });
    for (const key of ["extensionGone", "extensionReplaced", "policyChanged", "alreadyDone", "versionChanged", "vmNotRunning", "instancesAdded", "instancesRemoved", "instancesGone", "resourceReplaced"]) {
      expectRenders({ key: `approvals.revalidate.${key}`, params: { name: "x", extension: "e", type: "t", from: "a", to: "b", state: "s", count: 1 } });
    }
    expectRenders({ key: "approvals.revalidate.changed" });
  });
});
