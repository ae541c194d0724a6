import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { devChatChannel, personalConversationId } from "../../src/devchat/build-teams-activity.js";
import { demoUsers } from "../../src/devchat/demo-users.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { expectValidCard } from "../support/validate-card.js";
import { openEventStream, type EventReader, type StreamEvent } from "./read-event-stream.js";
import { startDevChatApp, startDevChatServer, type DevChatApp } from "./start-dev-chat-app.js";

// The page's side: what the user does goes to the real bot (restify + CloudAdapter on the ARM
// simulator) as a Teams activity whose serviceUrl is the dev chat connector, so the bot's answers
// come back on the event stream.

const [alice, bob] = demoUsers as [(typeof demoUsers)[number], (typeof demoUsers)[number]];

type Activity = { id: string; type: string; text?: string; from?: { id?: string; aadObjectId?: string }; attachments?: { content: Record<string, unknown> }[] };

function activityOf(event: StreamEvent): Activity {
  return event.data.activity as Activity;
}

function isBotCard(event: StreamEvent): boolean {
  const activity = activityOf(event);
  return event.event === "activity" && String(activity.from?.id).startsWith("28:") && (activity.attachments?.length ?? 0) > 0;
}

describe("dev chat send route with the real bot", () => {
  let app: DevChatApp;
  const readers: EventReader[] = [];
  const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${app.chat.url}/devchat/send`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const stream = async (conversationId: string) => {
    const reader = await openEventStream(`${app.chat.url}/devchat/events?conversation=${encodeURIComponent(conversationId)}`);
    readers.push(reader);
    await reader.waitFor((e) => e.event === "history");
    return reader;
  };

  beforeAll(async () => {
    app = await startDevChatApp();
  });
  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("when Alice types status in her 1:1 chat, then her message and then the bot's card arrive on her stream", async () => {
    const events = await stream(personalConversationId(alice));
    const response = await send({ kind: "message", user: alice.aadObjectId, locale: "en-US", scope: "personal", text: "status vm-web-02" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { status: number; activityId: string };
    expect(result.status).toBe(200);
    const mine = await events.waitFor((e) => e.event === "activity" && activityOf(e).id === result.activityId);
    expect(activityOf(mine)).toMatchObject({ text: "status vm-web-02", from: { aadObjectId: alice.aadObjectId } });
    const reply = await events.waitFor(isBotCard);
    const card = activityOf(reply).attachments![0]!.content;
    expectValidCard(card);
    expect(cardToText(card)).toContain("vm-web-02");
    expect(events.events.indexOf(mine)).toBeLessThan(events.events.indexOf(reply));
  });

  it("when Bob presses a candidate's button (Action.Execute), then the invoke answer is the status card for that machine", async () => {
    const events = await stream(personalConversationId(bob));
    await send({ kind: "message", user: bob.aadObjectId, locale: "en-US", scope: "personal", text: "status vm-web-01" });
    const candidates = activityOf(await events.waitFor(isBotCard));
    const response = await send({
      kind: "invoke",
      user: bob.aadObjectId,
      locale: "en-US",
      replyToId: candidates.id,
      trigger: "manual",
      action: { verb: cardVerbs.runCommand, data: { verb: cardVerbs.runCommand, command: "status rg-prod/vm-web-01" }, title: "status rg-prod/vm-web-01" },
    });
    const result = (await response.json()) as { status: number; body: { statusCode: number; type: string; value: Record<string, unknown> } };
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expectValidCard(result.body.value);
    const text = cardToText(result.body.value);
    expect(text).toContain("vm-web-01");
    expect(text).toContain("rg-prod");
  });

  it("when the bot is installed in the channel, then its welcome lands in the channel", async () => {
    const events = await stream(devChatChannel.id);
    const response = await send({ kind: "install", user: alice.aadObjectId, locale: "en-US", scope: "channel" });
    expect(((await response.json()) as { status: number }).status).toBe(200);
    const welcome = await events.waitFor((e) => e.event === "activity" && String(activityOf(e).from?.id).startsWith("28:"));
    expect(activityOf(welcome).text).toBeTruthy();
  });

  it("when the request names no demo user, is not JSON, or comes from another site, then it is refused before the bot sees it", async () => {
    const message = { kind: "message", locale: "en-US", scope: "personal", text: "help" };
    expect((await send({ ...message, user: "99999999-9999-4999-8999-999999999999" })).status).toBe(400);
    expect((await send({ ...message, user: alice.aadObjectId, locale: "en US; drop" })).status).toBe(400);
    const plain = await fetch(`${app.chat.url}/devchat/send`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ ...message, user: alice.aadObjectId }) });
    expect(plain.status).toBe(415);
    expect((await send({ ...message, user: alice.aadObjectId }, { origin: "http://evil.example" })).status).toBe(403);
  });

  it("when an invoke names a message the dev chat never saw, then 404 comes back", async () => {
    const response = await send({ kind: "invoke", user: alice.aadObjectId, locale: "en-US", replyToId: "42", trigger: "manual", action: { verb: "x", data: {} } });
    expect(response.status).toBe(404);
  });
});

describe("dev chat send route without a bot", () => {
  it("when the bot cannot be reached, then the page gets 502 with the reason", async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const chat = await startDevChatServer({ botMessagesUrl: "http://127.0.0.1:9/api/messages" });
    try {
      const response = await fetch(`${chat.url}/devchat/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "message", user: alice.aadObjectId, locale: "en-US", scope: "personal", text: "help" }),
      });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: "BotUnreachable" } });
    } finally {
      await chat.stop();
    }
  });
});
