import { describe, expect, it } from "vitest";
import { commandSpecs } from "../../src/commands/registry.js";
import { createSubscribeCommand } from "../../src/commands/subscribe.js";
import { subscriptionsCommand } from "../../src/commands/subscriptions.js";
import type { CommandDeps } from "../../src/commands/dispatch.js";
import { unsubscribeCommand } from "../../src/commands/unsubscribe.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { rememberConversation } from "../../src/schedule/conversation-refs.js";
import { listSubscriptions } from "../../src/schedule/subscription-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createHarness, harnessNow, requestFor } from "../support/command-harness.js";

const channel = "19:channel@thread.tacv2";

async function setup(options: { granted?: boolean; withReference?: boolean; noGrantSystem?: boolean } = {}) {
  const store = createMemoryStore();
  let n = 0;
  const subscribe = createSubscribeCommand(() => `id${String(++n).padStart(6, "0")}`);
  const mayRun: CommandDeps["mayRun"] = (spec) => spec.grant !== "subscribe" || (options.granted ?? true);
  const harness = createHarness(options.noGrantSystem ? {} : { mayRun });
  harness.deps.store = store;
  harness.deps.specs = [...commandSpecs.filter((s) => !["subscribe", "unsubscribe", "subscriptions"].includes(s.verb)), subscribe, unsubscribeCommand, subscriptionsCommand];
  // The bot layer stores the reference of every conversation it is addressed in.
  if (options.withReference ?? true) await rememberConversation(store, requestFor("").conversation, { conversation: { id: channel } }, harnessNow);
  return { harness, store };
}

describe.each(["en", "ja"] as Locale[])("subscribe in %s", (locale) => {
  it("when a granted user subscribes, then the subscription is stored for this channel and the card says when the next digest comes", async () => {
    const { harness, store } = await setup();
    const text = locale === "en" ? "subscribe drift weekdays 09:00 Asia/Tokyo rg-prod" : "購読 ドリフト 平日 9時 Asia/Tokyo rg-prod";
    const r = await harness.send(text, locale);
    expect(r.reply.template).toBe("digest-subscriptions");
    expect(r.reply.data.title).toBe(t(locale, "schedule.subscribed.title"));
    const [stored] = await listSubscriptions(store, channel);
    expect(stored).toMatchObject({
      id: "id000001",
      conversationKey: channel,
      kind: "drift",
      scope: { kind: "resourceGroup", resourceGroup: "rg-prod" },
      schedule: { cron: "0 9 * * 1-5", timezone: "Asia/Tokyo" },
      locale,
      createdBy: { name: "Aiko", aadObjectId: "aad-user-1" },
    });
    // harnessNow is Monday 2026-03-02 09:00 UTC = 18:00 in Tokyo: the next run is Tuesday 09:00 JST.
    expect(r.text).toContain("2026-03-03");
    expect(r.text).toContain("09:00 Asia/Tokyo");
  });

  it("when no grant allows it, then nothing is stored and the card says why", async () => {
    const { harness, store } = await setup({ granted: false });
    const r = await harness.send("subscribe drift daily 09:00", locale);
    expect(r.reply.data.title).toBe(t(locale, "card.forbidden.title"));
    expect(await listSubscriptions(store)).toEqual([]);
  });
});

describe("subscribe", () => {
  it("when the deployment has no grant system at all, then subscribing is refused (default deny)", async () => {
    const { harness, store } = await setup({ noGrantSystem: true });
    const r = await harness.send("subscribe drift daily 09:00");
    expect(r.reply.data.title).toBe(t("en", "card.forbidden.title"));
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it("when the command is glued Japanese with a default scope, then it subscribes to all subscriptions in UTC", async () => {
    const { harness, store } = await setup();
    await harness.send("購読ドリフト 毎日9:00", "ja");
    expect((await listSubscriptions(store))[0]).toMatchObject({ scope: { kind: "all" }, schedule: { cron: "0 9 * * *", timezone: "UTC" } });
  });

  it.each([
    ["subscribe drift 0 9 * * 1-5 Asia/Tokyo rg-prod", "0 9 * * 1-5", "Asia/Tokyo"],
    ["<at>extops</at> subscribe drift mon,thu 08:30 Europe/Berlin rg-prod", "30 8 * * 1,4", "Europe/Berlin"],
    ["購読　ドリフト　月曜　０８：３０　日本時間　rg-prod", "30 8 * * 1", "Asia/Tokyo"],
  ])("when the message is %j, then the stored schedule is %j in %s", async (text, cron, timezone) => {
    const { harness, store } = await setup();
    await harness.send(text);
    expect((await listSubscriptions(store))[0]?.schedule).toMatchObject({ cron, timezone });
  });

  it("when the time zone has a typo, then the usage error offers the corrected command", async () => {
    const { harness } = await setup();
    const r = await harness.send("subscribe drift weekdays 09:00 Asia/Tokio rg-prod");
    expect(r.reply.template).toBe("usage-error");
    expect(r.text).toContain("Asia/Tokio");
    expect((r.reply.data.suggestions as Array<{ command: string }>)[0]?.command).toBe("subscribe drift weekdays 09:00 Asia/Tokyo rg-prod");
  });

  it("when the kind is left out, then the error suggests the drift digest", async () => {
    const { harness } = await setup();
    const r = await harness.send("subscribe weekdays 09:00");
    expect((r.reply.data.suggestions as Array<{ command: string }>).map((s) => s.command)).toEqual(["subscribe drift weekdays 09:00"]);
  });

  it("when the resource group does not exist, then nothing is stored and close group names are offered", async () => {
    const { harness, store } = await setup();
    const r = await harness.send("subscribe drift daily 09:00 UTC rg-prd");
    expect(r.reply.data.title).toBe(t("en", "scope.notFound.title"));
    expect((r.reply.data.suggestions as Array<{ command: string }>)[0]?.command).toBe("subscribe drift daily 09:00 UTC rg-prod");
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it("when the bot has no reference for this conversation, then it cannot post here and says so", async () => {
    const { harness, store } = await setup({ withReference: false });
    const r = await harness.send("subscribe drift daily 09:00");
    expect(r.text).toContain(t("en", "schedule.error.noReference"));
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it("when the same digest is subscribed twice, then the second time names the existing one", async () => {
    const { harness, store } = await setup();
    await harness.send("subscribe drift daily 09:00 rg-prod");
    const again = await harness.send("subscribe drift daily 9am UTC rg:rg-prod");
    expect(again.text).toContain(t("en", "schedule.subscribed.already", { id: "id000001" }));
    expect(await listSubscriptions(store)).toHaveLength(1);
  });
});

describe("subscriptions and unsubscribe", () => {
  it("when listed, then this channel's digests show with their next run and an unsubscribe button each", async () => {
    const { harness } = await setup();
    await harness.send("subscribe drift weekdays 09:00 Asia/Tokyo rg-prod");
    await harness.send("subscribe drift mon,thu 08:30 all");
    const r = await harness.send("subscriptions");
    const rows = r.reply.data.subscriptions as Array<{ title: string; details: string; buttons: Array<{ command: string }> }>;
    expect(rows).toHaveLength(2);
    expect(rows[1]?.details).toContain("Mon, Thu at 08:30 (UTC)");
    expect(rows.flatMap((row) => row.buttons.map((b) => b.command))).toEqual(["unsubscribe id000001", "unsubscribe id000002"]);
  });

  it("when someone without the grant lists them, then there are no unsubscribe buttons", async () => {
    const { harness } = await setup();
    await harness.send("subscribe drift daily 09:00");
    const denied = await setup({ granted: false });
    denied.harness.deps.store = harness.deps.store;
    const r = await denied.harness.send("購読一覧", "ja");
    expect((r.reply.data.subscriptions as Array<{ buttons: unknown[] }>)[0]?.buttons).toEqual([]);
  });

  it("when unsubscribe is pressed on a row, then that digest stops and the rest stay", async () => {
    const { harness, store } = await setup();
    await harness.send("subscribe drift daily 09:00");
    await harness.send("subscribe drift weekdays 10:00");
    const r = await harness.press("runCommand", { verb: "runCommand", command: "unsubscribe id000001" });
    expect(r.reply.data.title).toBe(t("en", "schedule.unsubscribed.title"));
    expect((await listSubscriptions(store)).map((s) => s.id)).toEqual(["id000002"]);
  });

  it("when unsubscribe names no id and there are several, then the card asks which one", async () => {
    const { harness, store } = await setup();
    await harness.send("subscribe drift daily 09:00");
    await harness.send("subscribe drift weekdays 10:00");
    const r = await harness.send("unsubscribe");
    expect(r.reply.data.title).toBe(t("en", "schedule.unsubscribed.pickTitle"));
    expect(await listSubscriptions(store)).toHaveLength(2);
    await harness.send("購読解除 すべて", "ja");
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it("when the only digest is unsubscribed without an id, then it stops", async () => {
    const { harness, store } = await setup();
    await harness.send("subscribe drift daily 09:00");
    await harness.send("unsubscribe");
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it("when the id is mistyped, then the close id is offered", async () => {
    const { harness } = await setup();
    await harness.send("subscribe drift daily 09:00");
    const r = await harness.send("unsubscribe id000011");
    expect((r.reply.data.suggestions as Array<{ command: string }>).map((s) => s.command)).toEqual(["unsubscribe id000001"]);
  });
});
