// The approval commands and buttons as the bot calls them (handleMessage / handleCardAction), above
// the ports: a fake fleet, the approvals test writer, a memory store and a chat that records sends and
// updates. The HTTP, SDK and simulator path is covered by test/e2e/approvals*.test.ts.
import { describe, expect, it } from "vitest";
import { demoGrantsPath, loadPolicyFile } from "../../src/approvals/load-policy.js";
import { getRequest } from "../../src/approvals/use-cases.js";
import { renderCard } from "../../src/cards/render-card.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { createApprovalRuntime } from "../../src/commands/approval-runtime.js";
import { handleCardAction, handleMessage, type CommandDeps } from "../../src/commands/dispatch.js";
import type { CardReply, ChatPort, ChatRequest, Reply, User } from "../../src/commands/types.js";
import { createVersionCatalog } from "../../src/fleet/catalog.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { silentLogger } from "../../src/log.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createFakeWriter } from "../approvals/fake-writer.js";
import { demoFleet, demoNow } from "../approvals/plan-fixtures.js";
import { renderAndValidate } from "../support/command-harness.js";

const alice: User = { id: "29:alice", aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Alice" };
const bob: User = { id: "29:bob", aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Bob" };
const carol: User = { id: "29:carol", aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Carol" };
const guest: User = { id: "29:guest", name: "Guest" };
const tenantId = "55555555-5555-4555-8555-555555555555";

interface RecordingChat extends ChatPort {
  sent: Reply[];
  updates: { messageId: string; reply: Reply }[];
}

function recordingChat(): RecordingChat {
  const chat: RecordingChat = {
    sent: [],
    updates: [],
    async send(reply) {
      chat.sent.push(reply);
      return `m${chat.sent.length}`;
    },
    async update(messageId, reply) {
      chat.updates.push({ messageId, reply });
    },
    reference: () => ({ conversation: { id: "19:ops" } }),
  };
  return chat;
}

function setup(options: { approvals?: boolean } = {}) {
  const fleet = demoFleet();
  const clock = { now: () => demoNow };
  const store = createMemoryStore();
  const writer = createFakeWriter(fleet);
  const catalog = createVersionCatalog(fleet, { clock, ttlMs: 60_000 });
  const chat = recordingChat();
  const runtime = createApprovalRuntime({
    store,
    policy: loadPolicyFile(demoGrantsPath),
    fleet,
    catalog,
    clock,
    log: silentLogger,
    writer,
    instances: writer.instances,
    executor: { pollIntervalMs: 1 },
    settings: { cardUpdateIntervalMs: 5, heartbeatWatchMs: 50, heartbeatPollMs: 5 },
  });
  runtime.attachChat(() => chat);
  const deps: CommandDeps = {
    fleet,
    catalog,
    clock,
    log: silentLogger,
    store,
    ...(options.approvals !== false && { approvals: runtime, mayRun: runtime.mayRun }),
  };
  const request = (user: User, text: string, locale: Locale = "en"): ChatRequest => ({
    text,
    user,
    conversation: { id: "19:ops", type: "channel", tenantId, teamId: "team", channelId: "19:ops" },
    locale,
    correlationId: "corr-1",
  });
  const say = async (user: User, text: string, locale: Locale = "en") => {
    const reply = await handleMessage(deps, request(user, text, locale), chat);
    return { ...renderAndValidate(reply), raw: reply as CardReply };
  };
  const press = async (user: User, verb: string, data: Record<string, unknown>, locale: Locale = "en") =>
    renderAndValidate(await handleCardAction(deps, request(user, "", locale), chat, verb, data));
  return { fleet, store, writer, chat, runtime, say, press };
}

function actionData(card: unknown, verb: string): Record<string, unknown> {
  const found = JSON.stringify(card).match(new RegExp(`"verb":"${verb}","requestId":"([a-z0-9]+)","planHash":"(sha256:[0-9a-f]+)"`));
  if (!found) throw new Error(`no ${verb} button`);
  return { verb, requestId: found[1], planHash: found[2] };
}

describe("approval commands above the ports", () => {
  it("when Alice asks and Bob approves, then the card is posted once, runs through the writer, and the same message is updated to the result", async () => {
    const app = setup();
    await app.say(bob, "approvals");
    const asked = await app.say(alice, "upgrade rg-prod/vm-web-02");
    expect(asked.text).toContain("vm-web-02: AzureMonitorLinuxAgent 1.32.5 → 1.33 (latest 1.33.2)");
    expect(asked.raw.posted).toBeTypeOf("function");
    await asked.raw.posted!("m-card");
    const data = actionData(renderCard(asked.raw), cardVerbs.approvalRefresh);
    expect((asked.card.refresh as { userIds: string[] }).userIds).toEqual([alice.id, bob.id]);

    const bobsView = await app.press(bob, cardVerbs.approvalRefresh, data);
    const approved = await app.press(bob, cardVerbs.approvalApprove, actionData(bobsView.card, cardVerbs.approvalApprove));
    expect(approved.text).toContain(t("en", "approval-card.notice.approved"));
    await app.runtime.idle();

    expect(app.writer.calls.map((c) => `${c.method} ${c.resource}`)).toEqual(["patchExtension vm-web-02"]);
    expect((await getRequest(app.store, String(data.requestId)))?.state).toBe("succeeded");
    expect(app.chat.updates.length).toBeGreaterThan(0);
    expect(app.chat.updates.every((u) => u.messageId === "m-card")).toBe(true);
    const last = renderAndValidate(app.chat.updates.at(-1)!.reply);
    expect(last.text).toContain("Every change succeeded");
  });

  it("when the writer fails the PATCH, then the card says failed with the ARM error code and nothing is retried", async () => {
    const app = setup();
    app.writer.failOn("patchExtension", "VMExtensionProvisioningError");
    const asked = await app.say(alice, "upgrade rg-prod/vm-web-02");
    await asked.raw.posted!("m-card");
    const data = actionData(renderCard(asked.raw), cardVerbs.approvalRefresh);
    await app.press(bob, cardVerbs.approvalApprove, { ...data, verb: cardVerbs.approvalApprove });
    await app.runtime.idle();
    const last = renderAndValidate(app.chat.updates.at(-1)!.reply);
    expect(last.text).toContain("The change failed");
    expect(last.text).toMatch(/vm-web-02 \/ AzureMonitorLinuxAgent: failed \(VMExtensionProvisioningError: /);
    expect(app.writer.calls).toHaveLength(1);
  });

  it("when there is nothing to change, then no request is stored and the reasons are shown without a Request button", async () => {
    const app = setup();
    const reply = await app.say(alice, "upgrade rg-prod/vm-web-01");
    expect(reply.text).toContain(t("en", "approvals.refusal.nothingToDo"));
    expect(reply.text).toContain("Already up to date (1.33.2; latest 1.33.2)");
    expect(reply.raw.posted).toBeUndefined();
    expect(JSON.stringify(reply.card)).not.toContain(cardVerbs.runCommand);
    expect((await app.say(alice, "approvals")).text).toContain(t("en", "approval-card.list.empty"));
  });

  it("when a name matches two machines, then the candidate buttons repeat the whole command on the exact one", async () => {
    const app = setup();
    const reply = await app.say(alice, "upgrade vm-web-01 ama --dry-run");
    expect(JSON.stringify(reply.card)).toContain('"command":"upgrade rg-prod/vm-web-01 ama"');
    expect(JSON.stringify(reply.card)).toContain('"command":"upgrade rg-dev/vm-web-01 ama"');
  });

  it("when autoupgrade targets an agent that cannot upgrade itself, then it is refused with the reason", async () => {
    const app = setup();
    const reply = await app.say(alice, "autoupgrade on rg-prod/vm-win-01");
    expect(reply.text).toContain(t("en", "approvals.refusal.nothingToDo"));
    expect(reply.text).toContain("MicrosoftMonitoringAgent does not support automatic extension upgrade.");
    expect(app.writer.calls).toEqual([]);
  });

  it("when reinstall and restart-agent are dry runs, then they show the DELETE+PUT and the Run Command they would make", async () => {
    const app = setup();
    const reinstall = await app.say(alice, "reinstall rg-prod/vm-web-02 ama --dry-run");
    expect(reinstall.text).toMatch(/DELETE \/subscriptions\/.*\/vm-web-02\/extensions\/AzureMonitorLinuxAgent/);
    expect(reinstall.text).toMatch(/PUT \/subscriptions\/.*"enableAutomaticUpgrade":true/);
    const restart = await app.say(alice, "エージェント再起動 rg-prod/vm-legacy-01 --dry-run", "ja");
    expect(restart.text).toContain("ドライラン:");
    expect(restart.text).toMatch(/POST \/subscriptions\/.*\/vm-legacy-01\/runCommand/);
    expect(app.writer.calls).toEqual([]);
  });

  it("when someone without an Entra ID or without grants asks for help, then only read commands are listed", async () => {
    const app = setup();
    for (const user of [carol, guest]) {
      const help = await app.say(user, "help");
      expect(help.text).not.toContain("upgrade · アップグレード");
      expect(help.text).not.toContain("restart-agent · エージェント再起動");
      expect(help.text).toContain("audit · 監査");
    }
    expect((await app.say(alice, "help")).text).toContain("upgrade · アップグレード");
  });

  it("when approvals are not wired, then a change command says so instead of failing", async () => {
    const app = setup({ approvals: false });
    const reply = await app.say(alice, "upgrade rg-prod/vm-web-02");
    expect(reply.text).toContain(t("en", "approval-card.notice.notConfigured"));
    const click = await app.press(bob, cardVerbs.approvalApprove, { requestId: "abcdefgh", planHash: "x" });
    expect(click.text).toContain(t("en", "approval-card.notice.notConfigured"));
  });

  it("when a button carries malformed data, then it is refused without touching the store", async () => {
    const app = setup();
    for (const data of [{}, { requestId: 42 }, { requestId: "../../x" }, { requestId: "abcdefgh", planHash: "x".repeat(500) }]) {
      const reply = await app.press(bob, cardVerbs.approvalApprove, data);
      expect(reply.text).toContain(t("en", "approvals.refusal.notFound", { id: "?" }));
    }
  });

  it("when audit is asked for a request and for a resource group, then every record of that request is listed with outcomes and heartbeats", async () => {
    const app = setup();
    const asked = await app.say(alice, "upgrade rg-prod/vm-web-02");
    const data = actionData(renderCard(asked.raw), cardVerbs.approvalRefresh);
    await app.press(bob, cardVerbs.approvalApprove, { ...data, verb: cardVerbs.approvalApprove });
    await app.runtime.idle();
    const byId = await app.say(carol, `audit ${String(data.requestId)}`);
    const headings = byId.text.split("\n").filter((l) => / · /.test(l) && /UTC/.test(l));
    // The fake clock stands still, so every record has the same time: the order among them is not asserted here.
    expect(headings.map((h) => h.split(" · ")[1]).sort()).toEqual(["approved", "heartbeats checked", "requested", "started", "succeeded"]);
    expect(byId.text).toContain("vm-web-02: no heartbeat since the change — troubleshoot it.");
    expect(byId.text).toContain("vm-web-02: succeeded · correlation corr-1");
    const byGroup = await app.say(carol, "監査 rg-prod", "ja");
    expect(byGroup.text).toContain("監査: rg-prod");
    expect(byGroup.text).toContain("成功");
    const unknown = await app.say(carol, "audit ../x");
    expect(unknown.text).toContain("is neither a request ID");
  });
});
