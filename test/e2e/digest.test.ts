// Scheduled digests over real HTTP: a granted user subscribes a channel through /api/messages, the
// bot stores the channel's conversation reference, and the scheduler (ticked by the test on a clock
// the test moves) posts the digest proactively to the fake connector at the stored serviceUrl, once:
// not again on the next tick, not after a restart on the same store, and once with two instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postActivity } from "../../src/chat/send-chat-message.js";
import { startEmbeddedBot, type EmbeddedBot } from "../../src/chat/start-embedded-bot.js";
import { demoBot, demoTenantId, teamsMessage, teamsServiceUrl, type ActivityJson, type ChatUser } from "../../src/chat/teams-activity.js";
import { t } from "../../src/i18n/translate.js";
import { conversationRefsTable } from "../../src/schedule/conversation-refs.js";
import { demoFixture, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import { cardsOf, startFakeConnector, type ConnectorCall, type FakeConnector } from "../support/fake-connector.js";
import { expectValidCard } from "../support/validate-card.js";
import { onlyCard, textOf } from "./e2e-support.js";

// From src/approvals/demo-grants.json: Alice may request changes (so she may subscribe), Carol has no grant.
const alice: ChatUser = { id: "29:1alice-mri", name: "Alice (on-call)", aadObjectId: "11111111-1111-4111-8111-111111111111" };
const carol: ChatUser = { id: "29:1carol-mri", name: "Carol (viewer)", aadObjectId: "33333333-3333-4333-8333-333333333333" };

let connector: FakeConnector;
let sim: RunningSimulator;
let store: Store;
let time = Date.parse("2026-03-02T00:30:00Z"); // 09:30 in Tokyo, after today's 09:00
const clock = { now: () => new Date(time) };
const bots: EmbeddedBot[] = [];

async function startBot(instanceId: string): Promise<EmbeddedBot> {
  const bot = await startEmbeddedBot({
    simulator: sim,
    store,
    clock,
    // No timer: the test ticks. Waits (send pacing, backoff) move the test clock instead of real time.
    digests: { tickMs: false, instanceId, scheduler: { sleep: async (ms) => void (time += ms), random: () => 0.5 } },
  });
  bots.push(bot);
  return bot;
}

async function stopBot(bot: EmbeddedBot): Promise<void> {
  bots.splice(bots.indexOf(bot), 1);
  await bot.stop();
}

function channelMessage(text: string, user: ChatUser): ActivityJson {
  return teamsMessage(text, { serviceUrl: teamsServiceUrl(connector.url), scope: "channel", user, locale: "en-US" });
}

function channelOf(activity: ActivityJson): string {
  return String((activity.conversation as { id: string }).id).replace(/;messageid=.*$/, "");
}

/** Proactive posts into a conversation: POST …/v3/conversations/<id>/activities[/<reply-to>]. */
function postsTo(conversationId: string): ConnectorCall[] {
  const prefix = `/v3/conversations/${conversationId}/activities`;
  return connector.calls.filter((c) => c.method === "POST" && (c.path === prefix || c.path.startsWith(`${prefix}/`)) && cardsOf(c.body).length > 0);
}

beforeAll(async () => {
  connector = await startFakeConnector();
  sim = await startSimulator({ fixture: demoFixture, host: "127.0.0.1" });
  store = createMemoryStore();
});

afterAll(async () => {
  for (const bot of [...bots]) await bot.stop();
  await sim?.stop();
  await connector?.close();
});

describe("scheduled digests", () => {
  let channel = "";

  it("when someone without a grant subscribes a channel, then it is refused and nothing is scheduled", async () => {
    const bot = await startBot("instance-a");
    const activity = channelMessage("subscribe drift daily 09:00 Asia/Tokyo rg-prod", carol);
    const card = onlyCard(await postActivity({ messagesUrl: bot.messagesUrl, connector }, activity));
    expect(textOf(card)).toContain(t("en", "card.forbidden.title"));
  });

  it("when the bot is installed in a team, then the channel's reference is stored before anyone writes to it", async () => {
    const [bot] = bots;
    const general = "19:general-install@thread.tacv2";
    const install: ActivityJson = {
      type: "conversationUpdate",
      channelId: "msteams",
      id: "f:install-1",
      serviceUrl: teamsServiceUrl(connector.url),
      from: { id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId },
      recipient: { ...demoBot },
      membersAdded: [{ id: demoBot.id }],
      conversation: { id: general, isGroup: true, conversationType: "channel", tenantId: demoTenantId },
      channelData: { eventType: "teamMemberAdded", team: { id: general }, tenant: { id: demoTenantId } },
    };
    const exchange = await postActivity({ messagesUrl: bot!.messagesUrl, connector }, install);
    expect(exchange.status).toBe(200);
    const stored = await store.get<{ reference: { serviceUrl: string; conversation: { id: string } } }>(conversationRefsTable, general);
    expect(stored?.value.reference).toEqual(expect.objectContaining({ serviceUrl: teamsServiceUrl(connector.url), conversation: expect.objectContaining({ id: general }) }));
  });

  it("when a granted user subscribes a channel, then the channel's reference is stored with its serviceUrl", async () => {
    const [bot] = bots;
    const activity = channelMessage("subscribe drift daily 09:00 Asia/Tokyo rg-prod", alice);
    channel = channelOf(activity);
    const card = onlyCard(await postActivity({ messagesUrl: bot!.messagesUrl, connector }, activity));
    expect(textOf(card)).toContain(t("en", "schedule.subscribed.title"));
    const stored = await store.get<{ reference: { serviceUrl: string; conversation: { id: string }; activityId?: string } }>(conversationRefsTable, channel);
    expect(stored?.value.reference.serviceUrl).toBe(teamsServiceUrl(connector.url));
    // The channel, not the reply chain the message came from.
    expect(stored?.value.reference.conversation.id).toBe(channel);
    expect(stored?.value.reference.activityId).toBeUndefined();
    // Today's 09:00 passed before the subscription existed: nothing is due yet.
    expect((await bot!.scheduler.tick()).runs).toEqual([]);
    expect(postsTo(channel)).toHaveLength(0);
  });

  it("when the next run is due, then the digest is posted proactively to the stored serviceUrl, once", async () => {
    const [bot] = bots;
    time = Date.parse("2026-03-03T00:00:20Z"); // 09:00:20 in Tokyo
    const report = await bot!.scheduler.tick();
    expect(report).toEqual({ leader: true, runs: [expect.objectContaining({ outcome: "sent", late: false })] });
    const posts = postsTo(channel);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.rawPath.startsWith(`/amer/${demoTenantId}/v3/conversations/`)).toBe(true);
    const [card] = cardsOf(posts[0]!.body);
    expectValidCard(card);
    expect(textOf(card)).toContain(t("en", "schedule.digest.title", { scope: t("en", "schedule.scope.resourceGroup", { resourceGroup: "rg-prod" }) }));
    // A resource group is read VM by VM: instance-view versions.
    expect(textOf(card)).toContain(t("en", "schedule.digest.note.instanceView"));
    expect((await bot!.scheduler.tick()).runs).toEqual([]);
    expect(postsTo(channel)).toHaveLength(1);
  });

  it("when the bot restarts on the same store, then the run already posted is not posted again", async () => {
    await stopBot(bots[0]!);
    const restarted = await startBot("instance-b");
    time += 60_000;
    const report = await restarted.scheduler.tick();
    expect(report.leader).toBe(true);
    expect(report.runs).toEqual([]);
    expect(postsTo(channel)).toHaveLength(1);
  });

  it("when two instances share the store and a run was missed, then exactly one posts it, marked late", async () => {
    const second = await startBot("instance-c");
    time = Date.parse("2026-03-04T00:20:00Z"); // 09:20 in Tokyo: twenty minutes late
    const reports = await Promise.all(bots.map((bot) => bot.scheduler.tick()));
    expect(reports.filter((r) => r.leader)).toHaveLength(1);
    expect(reports.flatMap((r) => r.runs)).toEqual([expect.objectContaining({ outcome: "sent", late: true })]);
    const posts = postsTo(channel);
    expect(posts).toHaveLength(2);
    expect(String(posts[1]!.body?.summary)).toMatch(/^\(late\) /);
    // Whoever was not leader gets nothing to do on its next tick either.
    expect((await second.scheduler.tick()).runs).toEqual([]);
    expect(postsTo(channel)).toHaveLength(2);
  });
});
