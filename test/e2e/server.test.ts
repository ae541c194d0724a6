import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teamsMessage, demoBot, demoTenantId } from "../../src/chat/teams-activity.js";
import { t } from "../../src/i18n/translate.js";
import { startTestApp, type TestApp } from "../support/start-test-app.js";
import { cardsOf } from "../support/fake-connector.js";
import { expectValidCard } from "../support/validate-card.js";
import { memoryLogger, textOf, type MemoryLog } from "./e2e-support.js";

// The HTTP surface and the bot's own failure handling, against the real restify + CloudAdapter.

describe("server in local mode (no MicrosoftAppId)", () => {
  let app: TestApp;
  let logs: MemoryLog;
  beforeAll(async () => {
    logs = memoryLogger();
    app = await startTestApp({ log: logs.log });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("when /healthz and /readyz are asked, then both answer 200", async () => {
    const health = await fetch(`${app.bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${app.bot.url}/readyz`)).status).toBe(200);
  });

  it("when /api/messages gets a GET, then it is refused with 405", async () => {
    expect((await fetch(app.bot.messagesUrl)).status).toBe(405);
  });

  it("when the body is not an activity, then 400 comes back and nothing is sent", async () => {
    const before = app.connector.calls.length;
    const noType = await fetch(app.bot.messagesUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noType.status).toBe(400);
    const notJson = await fetch(app.bot.messagesUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(notJson.status).toBe(400);
    expect(app.connector.calls.length).toBe(before);
  });

  it("when requests are handled, then the local-mode warning was logged exactly once and each turn is logged with its correlation ID", async () => {
    await app.say("help");
    await app.say("status vm-web-02");
    const warnings = logs.entries().filter((e) => String(e.msg).includes("local mode"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.level).toBe(40);
    const handled = logs.entries().filter((e) => e.msg === "turn handled");
    expect(handled.length).toBeGreaterThanOrEqual(2);
    for (const entry of handled) expect(String(entry.correlationId)).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(handled.map((e) => e.correlationId)).size).toBe(handled.length);
  });

  it("when sending the reply fails, then the turn error is logged with a correlation ID and the error card quotes the same ID", async () => {
    app.connector.failNext(404); // 404 is not retried by the connector client (bot-framework.md §3.4)
    const exchange = await app.say("status vm-web-02");
    expect(exchange.status).toBe(200);
    // The connector saw the refused status card, then the error card.
    expect(exchange.replies).toHaveLength(2);
    const card = cardsOf(exchange.replies[1])[0]!;
    expectValidCard(card);
    const text = textOf(card);
    expect(text).toContain(t("en", "common.error.title"));
    const failure = logs.entries().find((e) => e.msg === "turn failed");
    expect(failure).toBeDefined();
    expect(text).toContain(String(failure!.correlationId));
    expect(JSON.stringify(card)).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace reaches the user
  });

  it("when the bot is installed in a team, then it introduces itself once without looking up members", async () => {
    const before = app.connector.calls.length;
    const exchange = await app.post({
      type: "conversationUpdate",
      id: "f:5f85c2ad",
      channelId: "msteams",
      serviceUrl: app.serviceUrl,
      from: { id: "29:installer" },
      recipient: { ...demoBot },
      membersAdded: [{ id: demoBot.id }],
      conversation: { isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2" },
      channelData: { team: { id: "19:general@thread.tacv2" }, eventType: "teamMemberAdded", tenant: { id: demoTenantId } },
    });
    expect(exchange.status).toBe(200);
    const calls = app.connector.calls.slice(before);
    expect(calls.filter((c) => c.method === "GET")).toEqual([]);
    expect(exchange.replies.map((r) => r.text)).toEqual([t("en", "bot.welcome")]);
  });

  it("when a user joins a team, then the bot stays silent", async () => {
    const exchange = await app.post({
      type: "conversationUpdate",
      id: "f:joined",
      channelId: "msteams",
      serviceUrl: app.serviceUrl,
      from: { id: "29:admin" },
      recipient: { ...demoBot },
      membersAdded: [{ id: "29:newuser" }],
      conversation: { isGroup: true, conversationType: "channel", id: "19:general@thread.tacv2" },
      channelData: { team: { id: "19:general@thread.tacv2" }, eventType: "teamMemberAdded", tenant: { id: demoTenantId } },
    });
    expect(exchange.status).toBe(200);
    expect(exchange.replies).toEqual([]);
  });

  it("when a command reads a VM with protected settings, then neither logs nor replies contain the secret", async () => {
    await app.say("status vm-db-01");
    expect(logs.text()).not.toContain("d3Jvbmcta2V5LWZvci10aGUtZGVtbw==");
  });
});

describe("server with MicrosoftAppId (authenticated mode)", () => {
  const secret = "not-a-real-secret-3b7f";
  let app: TestApp;
  let logs: MemoryLog;
  beforeAll(async () => {
    logs = memoryLogger();
    app = await startTestApp({
      log: logs.log,
      auth: { appId: "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", appPassword: secret, appType: "MultiTenant" },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("when a request carries no Bot Framework token, then it gets 401 and neither Teams nor Azure is called", async () => {
    app.sim.stats.reset();
    const exchange = await app.post(teamsMessage("status vm-web-01", { serviceUrl: app.serviceUrl }));
    expect(exchange.status).toBe(401);
    expect(app.connector.calls).toEqual([]);
    expect(app.sim.stats.calls).toBe(0);
  });

  it("when a request carries a bogus bearer token, then it gets 401 too", async () => {
    const response = await fetch(app.bot.messagesUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer abc.def.ghi" },
      body: JSON.stringify(teamsMessage("help", { serviceUrl: app.serviceUrl })),
    });
    expect(response.status).toBe(401);
    expect(app.connector.calls).toEqual([]);
  });

  it("when the bot runs authenticated, then no local-mode warning is logged and the password never reaches the logs", () => {
    expect(logs.entries().filter((e) => String(e.msg).includes("local mode"))).toEqual([]);
    expect(logs.text()).not.toContain(secret);
  });
});
