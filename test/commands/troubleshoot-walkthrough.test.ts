// The walk-through around a machine probe: who may confirm, what the cards show while it runs, and
// that the state survives a restart (a new store and handler over the same files).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { t, type Locale } from "../../src/i18n/translate.js";
import { listAudit } from "../../src/store/audit-log.js";
import { createLocalFileStore } from "../../src/store/local-file-store.js";
import { troubleshootVerbs } from "../../src/troubleshoot/troubleshoot-verbs.js";
import { walkThroughTable } from "../../src/troubleshoot/walkthrough-store.js";
import { renderAndValidate, type RenderedReply } from "../support/command-harness.js";
import { colleague, createWorld, guest, healthyVm, requester, stepOf, workspaceGuid, type World } from "./troubleshoot-harness.js";
import { demoGrantsPath, loadPolicyFile } from "../../src/approvals/load-policy.js";
import type { ApprovalRuntime } from "../../src/commands/approval-runtime.js";

type Button = { title: string; verb: string; data: Record<string, string> };

function buttonsOf(card: RenderedReply): Button[] {
  return card.reply.data.buttons as Button[];
}

async function askNetworkProbe(world: World, locale: Locale = "en"): Promise<{ checklist: RenderedReply; confirm: RenderedReply; probe: Button }> {
  const checklist = await world.send("troubleshoot vm-x", { locale });
  const probe = stepOf(checklist, "network").buttons[0]!;
  expect(probe.verb).toBe(troubleshootVerbs.probe);
  const confirm = await world.press(probe.data, { locale });
  return { checklist, confirm, probe };
}

function confirmButton(confirm: RenderedReply): Button {
  return buttonsOf(confirm).find((b) => b.verb === troubleshootVerbs.confirm)!;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each<Locale>(["en", "ja"])("the probe confirmation in %s", (locale) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when the requester presses the probe button, then a confirm card lists the hosts and nothing runs yet", async () => {
    const world = createWorld();
    const { confirm } = await askNetworkProbe(world, locale);
    expect(confirm.reply.template).toBe("troubleshoot-confirm");
    expect(confirm.reply.data.title).toBe(tr("troubleshoot-card.confirm.title", { vm: "vm-x" }));
    expect((confirm.reply.data.items as Array<{ text: string }>).map((i) => i.text)).toEqual([
      "global.handler.control.monitor.azure.com",
      "japaneast.handler.control.monitor.azure.com",
      `${workspaceGuid}.ods.opinsights.azure.com`,
    ]);
    expect(buttonsOf(confirm).map((b) => b.title)).toEqual([tr("troubleshoot-card.confirm.run"), tr("troubleshoot-card.confirm.cancel")]);
    expect(world.runner.calls).toEqual([]);
  });

  it("when someone else presses the probe or the confirm button, then it is refused and nothing runs", async () => {
    const world = createWorld();
    const checklist = await world.send("troubleshoot vm-x", { locale });
    const probe = stepOf(checklist, "network").buttons[0]!;
    const refusedAsk = await world.press(probe.data, { locale, user: colleague });
    expect(refusedAsk.reply.data.message).toBe(tr("troubleshoot-card.notice.notRequester", { name: "Aiko", vm: "vm-x" }));
    const confirm = await world.press(probe.data, { locale });
    const refusedRun = await world.press(confirmButton(confirm).data, { locale, user: colleague });
    expect(refusedRun.reply.data.message).toBe(tr("troubleshoot-card.notice.notRequester", { name: "Aiko", vm: "vm-x" }));
    const anonymous = await world.press(confirmButton(confirm).data, { locale, user: guest });
    expect(anonymous.reply.data.message).toBe(tr("troubleshoot-card.notice.anonymous"));
    expect(world.runner.calls).toEqual([]);
    expect(world.chat.sent).toEqual([]);
  });

  it("when the requester confirms, then a card with 'running…' is sent, the probe runs, and the same card is updated with the results", async () => {
    const world = createWorld({ network: (host) => (host.startsWith("japaneast.") ? "timeout" : "connected") });
    const { confirm } = await askNetworkProbe(world, locale);
    const answer = await world.press(confirmButton(confirm).data, { locale });
    // The click is answered at once; the checklist below carries the progress.
    expect(answer.reply.data.message).toBe(tr("troubleshoot-card.notice.started", { name: "Aiko", vm: "vm-x" }));
    expect(world.chat.sent).toHaveLength(1);
    const running = renderAndValidate(world.chat.sent[0]!.reply);
    expect(stepOf(running, "network").mark).toBe("…");
    expect(stepOf(running, "network").status).toBe(tr("troubleshoot-card.running"));
    expect(stepOf(running, "network").evidence.map((e) => e.text)).toEqual([tr("troubleshoot.probe.network.running", { vm: "vm-x" })]);

    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    const update = world.chat.updates[0]!;
    expect(update.id).toBe(world.chat.sent[0]!.id);
    const done = renderAndValidate(update.reply);
    expect(stepOf(done, "network").mark).toBe("✗");
    expect(stepOf(done, "network").evidence.map((e) => e.text)).toContain(tr("troubleshoot.evidence.network.timedOut", { host: "japaneast.handler.control.monitor.azure.com" }));
    // Exactly one Run Command, of the reachability script, on the right machine.
    expect(world.runner.calls).toHaveLength(1);
    expect(world.runner.calls[0]!.vm).toEqual({ subscriptionId: healthyVm().subscriptionId, resourceGroup: "rg-prod", name: "vm-x" });
    expect(world.runner.calls[0]!.command.commandId).toBe("RunShellScript");
  });
});

describe("the probe walk-through", () => {
  it("when the confirm button is pressed twice, then the probe runs once", async () => {
    const world = createWorld();
    const { confirm } = await askNetworkProbe(world);
    const [first, second] = await Promise.all([world.press(confirmButton(confirm).data), world.press(confirmButton(confirm).data)]);
    const messages = [first.reply.data.message, second.reply.data.message];
    expect(messages).toContain(t("en", "troubleshoot-card.notice.started", { name: "Aiko", vm: "vm-x" }));
    expect(messages.filter((m) => m !== t("en", "troubleshoot-card.notice.started", { name: "Aiko", vm: "vm-x" }))).toHaveLength(1);
    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    expect(world.runner.calls).toHaveLength(1);
  });

  it("when the requester cancels, then the confirm button no longer runs anything", async () => {
    const world = createWorld();
    const { confirm } = await askNetworkProbe(world);
    const cancel = buttonsOf(confirm).find((b) => b.verb === troubleshootVerbs.cancel)!;
    const cancelled = await world.press(cancel.data);
    expect(cancelled.reply.data.message).toBe(t("en", "troubleshoot-card.notice.cancelled", { vm: "vm-x" }));
    const late = await world.press(confirmButton(confirm).data);
    expect(late.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notAsked", { vm: "vm-x" }));
    expect(world.runner.calls).toEqual([]);
  });

  it("when a confirm button is pressed without the probe being asked for, then nothing runs", async () => {
    const world = createWorld();
    await world.send("troubleshoot vm-x");
    const forged = await world.press({ verb: troubleshootVerbs.confirm, vm: healthyVm().id, probe: "network" });
    expect(forged.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notAsked", { vm: "vm-x" }));
    expect(world.runner.calls).toEqual([]);
  });

  it("when the click comes from another conversation, then that conversation has no walk-through to confirm", async () => {
    const world = createWorld();
    const { confirm } = await askNetworkProbe(world);
    const elsewhere = await world.press(confirmButton(confirm).data, { conversationId: "a:other-chat" });
    expect(elsewhere.reply.data.message).toBe(t("en", "troubleshoot-card.notice.expired", { vm: "vm-x" }));
    expect(world.runner.calls).toEqual([]);
  });

  it("when the button data is malformed, then the old-button card answers and nothing is read", async () => {
    const world = createWorld();
    const bad = await world.press({ verb: troubleshootVerbs.confirm, vm: "/subscriptions/x/../../etc", probe: "network" });
    expect(bad.reply.template).toBe("usage-error");
    const badProbe = await world.press({ verb: troubleshootVerbs.confirm, vm: healthyVm().id, probe: "rm -rf" });
    expect(badProbe.reply.template).toBe("usage-error");
  });

  it("when the probe runs, then an audit record names the person, the VM and the hosts", async () => {
    const world = createWorld();
    const { confirm } = await askNetworkProbe(world);
    await world.press(confirmButton(confirm).data);
    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    const records = await listAudit(world.store, { target: healthyVm().id });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: "troubleshoot.probe", actor: requester.aadObjectId, details: { probe: "network" } });
  });

  it("when a Re-check follows a probe, then the probe result is kept with when it ran", async () => {
    const world = createWorld({ network: () => "refused" });
    const { confirm } = await askNetworkProbe(world);
    await world.press(confirmButton(confirm).data);
    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    const recheck = await world.press(buttonsOf(await world.send("troubleshoot vm-x"))[0]!.data);
    expect(stepOf(recheck, "network").mark).toBe("✗");
    expect(stepOf(recheck, "network").notes.map((n) => n.text)).toContain(t("en", "troubleshoot-card.probedAt", { time: "2026-03-02 09:00 UTC" }));
    // After fixing the firewall, the check can run again from the same step.
    expect(stepOf(recheck, "network").buttons.filter((b) => b.verb === troubleshootVerbs.probe).map((b) => b.title)).toEqual([t("en", "troubleshoot-card.probe.again.network")]);
  });

  it("when Run Command is not wired, then the step says so instead of offering a button that cannot work", async () => {
    const world = createWorld({ withoutRunner: true });
    const card = await world.send("troubleshoot vm-x");
    expect(stepOf(card, "network").buttons).toEqual([]);
    expect(stepOf(card, "network").notes.map((n) => n.text)).toEqual([t("en", "troubleshoot-card.probe.unavailable")]);
    const forged = await world.press({ verb: troubleshootVerbs.probe, vm: healthyVm().id, probe: "network" });
    expect(forged.reply.data.message).toBe(t("en", "troubleshoot-card.notice.noRunner"));
  });

  it("when no store is wired, then the checklist still works and probes are not offered", async () => {
    const world = createWorld({ withoutStore: true });
    const card = await world.send("troubleshoot vm-x");
    expect(stepOf(card, "powerState").mark).toBe("✓");
    expect(stepOf(card, "network").buttons).toEqual([]);
    const forged = await world.press({ verb: troubleshootVerbs.probe, vm: healthyVm().id, probe: "network" });
    expect(forged.reply.data.message).toBe(t("en", "troubleshoot-card.notice.noStore"));
  });

  it("when the bot restarts between the probe button and the confirmation, then the stored walk-through still decides who may confirm", async () => {
    const dir = mkdtempSync(join(tmpdir(), "extops-ts-"));
    dirs.push(dir);
    const before = createWorld({ store: createLocalFileStore({ dir }) });
    const { confirm } = await askNetworkProbe(before);
    await before.store.close();

    // A new process: new store over the same files, new handlers, new dispatch.
    const after = createWorld({ store: createLocalFileStore({ dir }) });
    expect(await after.store.list(walkThroughTable)).toHaveLength(1);
    const refused = await after.press(confirmButton(confirm).data, { user: colleague });
    expect(refused.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notRequester", { name: "Aiko", vm: "vm-x" }));
    const started = await after.press(confirmButton(confirm).data);
    expect(started.reply.data.message).toBe(t("en", "troubleshoot-card.notice.started", { name: "Aiko", vm: "vm-x" }));
    await vi.waitFor(() => expect(after.chat.updates).toHaveLength(1));
    expect(after.runner.calls).toHaveLength(1);
    await after.store.close();
  });
});

describe("a policy that wants a second person for probes", () => {
  it("when the requester asks, then an approval request is posted, the requester cannot approve it, and a colleague's approval runs it", async () => {
    const world = createWorld({ probeConfirmation: "secondPerson" });
    const checklist = await world.send("troubleshoot vm-x");
    const probe = stepOf(checklist, "network").buttons[0]!;
    const asked = await world.press(probe.data);
    expect(asked.reply.data.message).toBe(t("en", "troubleshoot-card.notice.approvalRequested", { vm: "vm-x" }));
    // Everyone sees the approval request: it is a new message, not the clicker's card.
    expect(world.chat.sent).toHaveLength(1);
    const approval = renderAndValidate(world.chat.sent[0]!.reply);
    expect(approval.reply.data.body).toBe(t("en", "troubleshoot-card.approval.body", { name: "Aiko", vm: "vm-x" }));
    const approve = buttonsOf(approval).find((b) => b.verb === troubleshootVerbs.approve)!;

    const self = await world.press(approve.data);
    expect(self.reply.data.message).toBe(t("en", "troubleshoot-card.notice.requesterCannotApprove"));
    const confirmInstead = await world.press({ ...approve.data, verb: troubleshootVerbs.confirm });
    expect(confirmInstead.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notAsked", { vm: "vm-x" }));
    expect(world.runner.calls).toEqual([]);

    const approved = await world.press(approve.data, { user: colleague });
    expect(approved.reply.data.message).toBe(t("en", "troubleshoot-card.notice.started", { name: "Ben", vm: "vm-x" }));
    await vi.waitFor(() => expect(world.chat.updates).toHaveLength(1));
    expect(world.runner.calls).toHaveLength(1);
    expect(stepOf(renderAndValidate(world.chat.updates[0]!.reply), "network").mark).toBe("✓");
  });

  it("when the requester re-checks while approval is pending, then the step says it waits instead of offering the button again", async () => {
    const world = createWorld({ probeConfirmation: "secondPerson" });
    const checklist = await world.send("troubleshoot vm-x");
    await world.press(stepOf(checklist, "network").buttons[0]!.data);
    const recheck = await world.send("troubleshoot vm-x");
    expect(stepOf(recheck, "network").buttons).toEqual([]);
    expect(stepOf(recheck, "network").notes.map((n) => n.text)).toEqual([t("en", "troubleshoot-card.probe.awaitingApproval")]);
    // Someone else's run starts their own walk-through: the old approval request no longer applies.
    await world.send("troubleshoot vm-x", { user: colleague });
    const approve = buttonsOf(renderAndValidate(world.chat.sent[0]!.reply)).find((b) => b.verb === troubleshootVerbs.approve)!;
    const late = await world.press(approve.data, { user: colleague });
    expect(late.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notAsked", { vm: "vm-x" }));
    expect(world.runner.calls).toEqual([]);
  });
});

describe("a second-person policy with approval grants", () => {
  it("when someone without the restart-agent approval grant approves a probe, then it is refused and nothing runs; a grant holder's approval runs it", async () => {
    const world = createWorld({ probeConfirmation: "secondPerson" });
    // Only the policy is read (src/commands/troubleshoot.ts mayApproveProbe): a stand-in for the runtime.
    world.deps.approvals = { deps: { policy: loadPolicyFile(demoGrantsPath) } } as unknown as ApprovalRuntime;
    const checklist = await world.send("troubleshoot vm-x");
    await world.press(stepOf(checklist, "network").buttons[0]!.data);
    const approve = buttonsOf(renderAndValidate(world.chat.sent[0]!.reply)).find((b) => b.verb === troubleshootVerbs.approve)!;

    const carol = { id: "29:carol", aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Carol" };
    const refused = await world.press(approve.data, { user: carol });
    expect(refused.reply.data.message).toBe(t("en", "troubleshoot-card.notice.notApprover"));
    expect(world.runner.calls).toEqual([]);

    const approved = await world.press(approve.data, { user: colleague });
    expect(approved.reply.data.message).toBe(t("en", "troubleshoot-card.notice.started", { name: "Ben", vm: "vm-x" }));
    await vi.waitFor(() => expect(world.runner.calls).toHaveLength(1));
  });
});
