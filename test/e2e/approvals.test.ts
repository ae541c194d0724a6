// Approvals end to end over HTTP (issue 3 req 9): Alice asks, Bob approves, Carol watches, through the
// real bot server, the real SDK fleet and writer against the ARM simulator, and the fake connector.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cardVerbs } from "../../src/cards/verbs.js";
import { getRequest } from "../../src/approvals/use-cases.js";
import { t } from "../../src/i18n/translate.js";
import { fleetWithScaleSet, fleetWithVm } from "./approvals-fixtures.js";
import type { ChatUser } from "../../src/chat/teams-activity.js";
import { textOf } from "./e2e-support.js";
import { alice, bob, carol, startApprovalApp, type ApprovalApp } from "./approvals-app.js";
import { button, buttonsOf, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf, updatesOf, waitForUpdate, type Card } from "./approvals-support.js";

const writesOf = (app: ApprovalApp) => app.sim.stats.writes;

/** Alice asks; returns the posted card, its message id and request id. */
async function request(app: ApprovalApp, text: string) {
  const exchange = await app.say(alice, text);
  const card = postedCard(exchange);
  const id = requestIdOf(card);
  // The bot learns the message id once the connector answered the post.
  await expect.poll(async () => (await app.runtime.messages.get(id))?.messageId).toBeDefined();
  return { card, messageId: messageIdOf(app.connector, exchange), id };
}

/** What a person's Teams client shows after its automatic refresh. */
async function viewAs(app: ApprovalApp, user: ChatUser, card: Card, messageId: string): Promise<Card> {
  const refresh = refreshOf(card);
  return invokeCard(await app.press(user, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
}

describe("approvals over HTTP", () => {
  let app: ApprovalApp;
  beforeAll(async () => {
    app = await startApprovalApp();
    // Bob and Carol have talked to the bot before: their Teams MRIs are known.
    await app.say(bob, "approvals");
    await app.say(carol, "approvals");
  });
  afterAll(async () => app?.stop());
  afterEach(async () => {
    await app.runtime.idle();
    app.sim.stats.reset();
  });

  it("when Alice asks to upgrade a VM and Bob approves, then exactly one PATCH runs and the card reports progress, the result and the new heartbeat", async () => {
    const before = writesOf(app);
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vm-web-02");
    const text = textOf(card);
    expect(text).toContain("Alice (on-call)");
    expect(text).toMatch(/vm-web-02: AzureMonitorLinuxAgent 1\.32\.5 → 1\.33 \(latest 1\.33\.2\)/);
    expect(text).toContain(t("en", "approvals.impact.sampledGap"));
    expect(text).toContain(t("en", "approvals.impact.noReboot"));
    expect(text).toMatch(/Expires/);
    expect(writesOf(app)).toBe(before);

    // Only the request ID and plan hash travel on the card; refresh lists Alice and Bob, not Carol.
    const refresh = refreshOf(card);
    expect(Object.keys(refresh.data).sort()).toEqual(["planHash", "requestId", "verb"]);
    expect(refresh.userIds).toEqual([alice.id, bob.id]);
    for (const b of buttonsOf(card)) expect(Object.keys(b.data).sort()).toEqual(["planHash", "requestId", "verb"]);

    const bobsView = await viewAs(app, bob, card, messageId);
    expect(buttonsOf(bobsView).map((b) => b.verb)).toEqual([cardVerbs.approvalApprove, cardVerbs.approvalReject]);
    const alicesView = await viewAs(app, alice, card, messageId);
    expect(buttonsOf(alicesView).map((b) => b.verb)).toEqual([cardVerbs.approvalCancel]);
    const carolsView = await viewAs(app, carol, card, messageId);
    expect(buttonsOf(carolsView)).toEqual([]);

    const approve = button(bobsView, cardVerbs.approvalApprove);
    const started = performance.now();
    const answer = await app.press(bob, { verb: approve.verb, data: approve.data }, { replyToId: messageId });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(textOf(invokeCard(answer))).toContain(t("en", "approval-card.notice.approved"));

    const done = await waitForUpdate(app.connector, messageId, /reports 1\.33\.2/);
    expect(textOf(done)).toContain("vm-web-02 / AzureMonitorLinuxAgent: succeeded");
    expect(textOf(done)).toMatch(/Approved by Bob \(approver\) at/);
    const stored = await getRequest(app.store, id);
    expect(stored?.state).toBe("succeeded");
    expect(stored?.execution?.progress.items[0]?.correlationIds.length).toBeGreaterThan(0);
    expect(app.sim.stats.byRoute["virtualMachineExtensions.update"]).toBe(1);
    expect(writesOf(app)).toBe(1);

    // The same card, updated in place, never faster than the configured interval.
    const updates = updatesOf(app.connector, messageId);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const gaps = updates.slice(1).map((u, i) => u.call.at - updates[i]!.call.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(app.runtime.settings.cardUpdateIntervalMs - 20);
  });

  it("when Bob approves a Manual scale set, then the instances go in waves (canary first) and the card ends with each wave's result", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vmss-web");
    const text = textOf(card);
    expect(text).toContain("Upgrade policy: vmss-web: Manual");
    expect(text).toContain("vmss-web: upgrade 2 instances in 2 waves (canary: 1)");
    expect(text).toContain("Waves: 1 + 1 instances.");
    expect(text).toContain("vmss-web / AzureMonitorLinuxAgent: Already up to date");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);
    invokeCard(await app.press(bob, approve, { replyToId: messageId }));
    const done = await waitForUpdate(app.connector, messageId, /Every change succeeded/);
    expect(textOf(done)).toContain("vmss-web: succeeded");
    expect(app.sim.stats.byRoute["virtualMachineScaleSets.updateInstances"]).toBe(2);
    expect(writesOf(app)).toBe(2);
    const stored = await getRequest(app.store, id);
    expect(stored?.execution?.progress.items[0]).toMatchObject({ status: "succeeded", stepsDone: 2, instancesDone: 2, instancesTotal: 2 });
  });

  it("when Alice approves her own request or Carol (no grant) approves, then both are refused from stored state and nothing runs", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-dev/vm-web-01");
    const forgedApprove = { verb: cardVerbs.approvalApprove, data: { ...refreshOf(card).data, verb: cardVerbs.approvalApprove } };
    const self = invokeCard(await app.press(alice, forgedApprove, { replyToId: messageId }));
    expect(textOf(self)).toContain(t("en", "approvals.refusal.selfApproval"));
    expect(buttonsOf(self).map((b) => b.verb)).toEqual([cardVerbs.approvalCancel]);
    const byCarol = invokeCard(await app.press(carol, forgedApprove, { replyToId: messageId }));
    expect(textOf(byCarol)).toContain(t("en", "approvals.refusal.notApprover"));
    expect(buttonsOf(byCarol)).toEqual([]);
    expect((await getRequest(app.store, id))?.state).toBe("pending");

    // Alice withdraws it by typing; the card flips for everyone, and a late approval is answered from stored state.
    const cancelled = postedCard(await app.say(alice, `cancel ${id}`));
    expect(textOf(cancelled)).toContain(t("en", "approval-card.notice.cancelled"));
    await waitForUpdate(app.connector, messageId, /Cancelled by Alice \(on-call\) at/);
    const late = invokeCard(await app.press(bob, forgedApprove, { replyToId: messageId }));
    expect(textOf(late)).toMatch(/Already cancelled by Alice \(on-call\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(writesOf(app)).toBe(0);
  });

  it("when Bob rejects, then the card says so for everyone and a second click gets 'already rejected by Bob'", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vm-api-01");
    const bobsView = await viewAs(app, bob, card, messageId);
    const rejected = invokeCard(await app.press(bob, button(bobsView, cardVerbs.approvalReject), { replyToId: messageId }));
    expect(textOf(rejected)).toContain(t("en", "approval-card.notice.rejected"));
    await waitForUpdate(app.connector, messageId, /Rejected by Bob \(approver\) at/);
    const again = invokeCard(await app.press(bob, button(bobsView, cardVerbs.approvalApprove), { replyToId: messageId }));
    expect(textOf(again)).toMatch(/Already rejected by Bob \(approver\) at/);
    expect((await getRequest(app.store, id))?.state).toBe("rejected");
    expect(writesOf(app)).toBe(0);
  });

  it("when card data is forged (unknown request, changed plan hash, another tenant), then it is refused and nothing runs", async () => {
    const { card, messageId, id } = await request(app, "autoupgrade on rg-prod/vm-web-02");
    expect(textOf(card)).toContain("vm-web-02: AzureMonitorLinuxAgent automatic upgrade → on");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);

    const unknown = invokeCard(await app.press(bob, { verb: approve.verb, data: { ...approve.data, requestId: "zzzzzzzz" } }));
    expect(textOf(unknown)).toContain(t("en", "approvals.refusal.notFound", { id: "zzzzzzzz" }));
    const tampered = invokeCard(await app.press(bob, { verb: approve.verb, data: { ...approve.data, planHash: `sha256:${"0".repeat(64)}` } }));
    expect(textOf(tampered)).toContain(t("en", "approvals.refusal.planMismatch"));
    const noHash = invokeCard(await app.press(bob, { verb: approve.verb, data: { verb: approve.verb, requestId: id } }));
    expect(textOf(noHash)).toContain(t("en", "approvals.refusal.planMismatch"));
    const elsewhere = invokeCard(await app.press(bob, approve, { tenantId: "99999999-9999-4999-8999-999999999999" }));
    expect(textOf(elsewhere)).toContain(t("en", "approvals.refusal.wrongTenant"));
    expect(textOf(elsewhere)).not.toContain("vm-web-02");
    const peek = invokeCard(await app.press(carol, { verb: cardVerbs.approvalRefresh, data: { requestId: id } }, { tenantId: "99999999-9999-4999-8999-999999999999" }));
    expect(textOf(peek)).not.toContain("vm-web-02");

    expect((await getRequest(app.store, id))?.state).toBe("pending");
    expect(writesOf(app)).toBe(0);
    invokeCard(await app.press(alice, { verb: cardVerbs.approvalCancel, data: refreshOf(card).data }, { replyToId: messageId }));
  });

  it("when a change is asked with --dry-run, then the plan and its ARM calls are shown, nothing is stored and the simulator sees no write", async () => {
    const pendingBefore = textOf(postedCard(await app.say(carol, "approvals")));
    const dry = postedCard(await app.say(alice, "upgrade rg-prod --dry-run"));
    const text = textOf(dry);
    expect(text).toContain("Dry run: Upgrade rg-prod");
    expect(text).toMatch(/PATCH \/subscriptions\/00000000-0000-4000-8000-000000000001\/resourceGroups\/rg-prod\/providers\/Microsoft\.Compute\/virtualMachines\/vm-api-01\/extensions\/AMA \{"properties":\{"typeHandlerVersion":"1\.33"\}\}/);
    expect(text).toContain("vm-batch-01 / AzureMonitorLinuxAgent: The VM is deallocated");
    expect(button(dry, cardVerbs.runCommand).data.command).toBe("upgrade rg-prod");
    const ja = postedCard(await app.say(alice, "アップグレード rg-prod/vm-api-01 --dry-run", { locale: "ja-JP" }));
    expect(textOf(ja)).toContain("ドライラン: rg-prod/vm-api-01 のアップグレード");
    expect(writesOf(app)).toBe(0);
    expect(textOf(postedCard(await app.say(carol, "approvals")))).toBe(pendingBefore);
  });

  it("when Bob presses Approve 20 times at once, then the plan runs exactly once and every other click is told it is already approved", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vm-api-01");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.press(bob, approve, { replyToId: messageId })));
    const texts = answers.map((a) => textOf(invokeCard(a)));
    expect(texts.filter((x) => x.includes(t("en", "approval-card.notice.approved")))).toHaveLength(1);
    expect(texts.filter((x) => /Already approved by Bob \(approver\) at/.test(x))).toHaveLength(19);
    await app.runtime.idle();
    expect((await getRequest(app.store, id))?.state).toBe("succeeded");
    expect(app.sim.stats.byRoute["virtualMachineExtensions.update"]).toBe(1);
    expect(writesOf(app)).toBe(1);
    const audit = textOf(postedCard(await app.say(carol, `audit ${id}`)));
    expect(audit.match(/· started/g)).toHaveLength(1);
    expect(audit).toMatch(/vm-api-01: succeeded · correlation /);
  });

  it("when a card button runs a change command (a troubleshoot remedy), then the approval card is posted for everyone and the presser gets a short answer", async () => {
    const answer = await app.press(alice, { verb: cardVerbs.runCommand, data: { verb: cardVerbs.runCommand, command: "reinstall rg-prod/vm-web-02 ama" } });
    const body = JSON.parse(answer.body) as { statusCode: number; type: string; value: string };
    expect(body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.activity.message" });
    expect(body.value).toContain("Reinstall Azure Monitor Agent on rg-prod/vm-web-02");
    const card = postedCard(answer);
    expect(textOf(card)).toContain("vm-web-02: uninstall AzureMonitorLinuxAgent, then install 1.33 with automatic upgrade on");
    const id = requestIdOf(card);
    await expect.poll(async () => (await app.runtime.messages.get(id))?.messageId).toBe(messageIdOf(app.connector, answer));
    invokeCard(await app.press(alice, { verb: cardVerbs.approvalCancel, data: refreshOf(card).data }));
    expect(writesOf(app)).toBe(0);
  });

  it("when Carol asks for help, then no mutating command is listed, and typing one is refused", async () => {
    const help = textOf(postedCard(await app.say(carol, "help")));
    for (const verb of ["upgrade", "autoupgrade", "reinstall", "restart-agent"]) expect(help).not.toContain(`Usage: ${verb}`);
    expect(help).toContain("Usage: approvals");
    const alicesHelp = textOf(postedCard(await app.say(alice, "help")));
    for (const verb of ["upgrade", "autoupgrade", "reinstall", "restart-agent"]) expect(alicesHelp).toContain(`Usage: ${verb}`);
    const refused = textOf(postedCard(await app.say(carol, "upgrade rg-prod/vm-web-02")));
    expect(refused).toContain(t("en", "card.forbidden.title"));
    expect(writesOf(app)).toBe(0);
  });
});

describe("approvals over time", () => {
  let app: ApprovalApp;
  let offsetMs = 0;
  beforeAll(async () => {
    app = await startApprovalApp({ clock: { now: () => new Date(Date.now() + offsetMs) } });
    await app.say(bob, "approvals");
  });
  afterAll(async () => app?.stop());

  it("when nobody approves within 30 minutes, then the card flips to 'expired — request again' for everyone and a late click is refused", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vm-web-02");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);
    offsetMs = 31 * 60_000;
    await app.runtime.sweep();
    const expired = await waitForUpdate(app.connector, messageId, /Expired at .* — request again\./);
    expect(buttonsOf(expired)).toEqual([]);
    expect(refreshOf(expired).userIds).toEqual([]);
    const late = invokeCard(await app.press(bob, approve, { replyToId: messageId }));
    expect(textOf(late)).toMatch(/This request expired at .* — request again\./);
    expect((await getRequest(app.store, id))?.state).toBe("expired");
    expect(app.sim.stats.writes).toBe(0);
  });
});

describe("approvals when the machine goes silent and Teams throttles", () => {
  let app: ApprovalApp;
  beforeAll(async () => {
    // vm-web-02's agent last reported 30 minutes ago: after the upgrade it still does not report.
    const fixture = fleetWithVm("vm-web-02", (vm) => (vm.heartbeat = { minutesAgo: 30 }));
    app = await startApprovalApp({ fixture, settings: { heartbeatWatchMs: 600 } });
    await app.say(bob, "approvals");
  });
  afterAll(async () => app?.stop());

  it("when card updates get 429 and the machine sends no heartbeat, then updates back off and arrive, and the card offers Troubleshoot", async () => {
    const { card, messageId } = await request(app, "upgrade rg-prod/vm-web-02");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);
    app.connector.failNext(429, 2);
    invokeCard(await app.press(bob, approve, { replyToId: messageId }));
    const silent = await waitForUpdate(app.connector, messageId, /no heartbeat since the change/);
    const throttled = app.connector.calls.filter((c) => c.method === "PUT" && c.answer?.status === 429);
    // A throttled update is retried, never turned into an error message in the channel.
    expect(app.connector.calls.filter((c) => c.method === "POST" && c.answer?.status === 429)).toEqual([]);
    expect(throttled).toHaveLength(2);
    const firstRetry = app.connector.calls.find((c) => c.method === "PUT" && c.answer?.status === 200 && c.at > throttled[1]!.at);
    expect(firstRetry!.at - throttled[1]!.at).toBeGreaterThanOrEqual(app.runtime.settings.cardUpdateIntervalMs / 2);
    const troubleshoot = button(silent, cardVerbs.runCommand);
    expect(troubleshoot.data.command).toBe("troubleshoot rg-prod/vm-web-02");
    await app.runtime.idle();
    const checklist = invokeCard(await app.press(alice, troubleshoot));
    expect(textOf(checklist)).toContain("vm-web-02");
  });
});

describe("progress of a long rollout", () => {
  let app: ApprovalApp;
  beforeAll(async () => {
    // Each manualupgrade takes about 300 ms in the simulator, so progress is seen between waves.
    app = await startApprovalApp({ fixture: fleetWithScaleSet("vmss-big", 10), simulator: { lro: { polls: 10_000, maxDurationMs: 300 } } });
    await app.say(bob, "approvals");
  });
  afterAll(async () => app?.stop());

  it("when a 10-instance Manual scale set is upgraded, then the card shows 'wave n/6: done/10 instances' on the way and the model change first", async () => {
    const { card, messageId, id } = await request(app, "upgrade rg-prod/vmss-big");
    expect(textOf(card)).toContain("vmss-big: AzureMonitorLinuxAgent 1.32 → 1.33 (latest 1.33.2)");
    expect(textOf(card)).toContain("Waves: 1 + 2 + 2 + 2 + 2 + 1 instances.");
    const approve = button(await viewAs(app, bob, card, messageId), cardVerbs.approvalApprove);
    invokeCard(await app.press(bob, approve, { replyToId: messageId }));
    await waitForUpdate(app.connector, messageId, /vmss-big: wave [2-6]\/6: \d+\/10 instances/);
    await waitForUpdate(app.connector, messageId, /Every change succeeded/, 30_000);
    await app.runtime.idle();
    expect(app.sim.stats.byRoute["virtualMachineScaleSets.updateInstances"]).toBe(6);
    expect(app.sim.stats.byRoute["virtualMachineScaleSetExtensions.update"]).toBe(1);
    expect((await getRequest(app.store, id))?.state).toBe("succeeded");
  });
});
