import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channelThreadId, devChatChannel, devChatTeam, personalConversationId } from "../../src/devchat/build-teams-activity.js";
import { devChatTeamGroupId } from "../../src/devchat/connector-routes.js";
import { demoUsers } from "../../src/devchat/demo-users.js";
import { openEventStream, type EventReader } from "./read-event-stream.js";
import { startDevChatServer, type DevChatServer } from "./start-dev-chat-app.js";

// The dev chat's Bot Connector, driven the way botbuilder's ConnectorClient drives it
// (bot-framework.md §3.1): percent-encoded conversation ids, POST with or without an activity id,
// PUT to update, DELETE, the Teams member routes.

const [alice, bob] = demoUsers as [(typeof demoUsers)[number], (typeof demoUsers)[number]];
const aliceChat = personalConversationId(alice);

function botMessage(conversationId: string, text: string): Record<string, unknown> {
  return {
    type: "message",
    text,
    from: { id: "28:bot", name: "extops" },
    recipient: { id: alice.id, name: alice.name },
    conversation: { id: conversationId },
    replyToId: "1700000000000",
  };
}

describe("dev chat connector", () => {
  let chat: DevChatServer;
  const readers: EventReader[] = [];
  const conversationsUrl = () => `${chat.url}/devchat/connector/v3/conversations`;
  const activitiesUrl = (conversationId: string, id?: string) =>
    `${conversationsUrl()}/${encodeURIComponent(conversationId)}/activities${id ? `/${encodeURIComponent(id)}` : ""}`;
  const stream = async (conversationId: string) => {
    const reader = await openEventStream(`${chat.url}/devchat/events?conversation=${encodeURIComponent(conversationId)}`);
    readers.push(reader);
    await reader.waitFor((e) => e.event === "history");
    return reader;
  };
  const post = (url: string, body: unknown, method = "POST") =>
    fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    // Nothing here talks to a bot: the connector side only.
    chat = await startDevChatServer({ botMessagesUrl: "http://127.0.0.1:9/api/messages" });
  });
  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });
  afterAll(async () => {
    await chat?.stop();
  });

  it("when the bot replies to an activity, then the reply arrives on that conversation's stream with the id the connector answered", async () => {
    const events = await stream(aliceChat);
    const response = await post(activitiesUrl(aliceChat, "1700000000000"), botMessage(aliceChat, "hello Alice"));
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const event = await events.waitFor((e) => e.event === "activity");
    expect(event.data.activity).toMatchObject({ id, text: "hello Alice", conversation: { id: aliceChat } });
  });

  it("when the bot sends without an activity id, then it is accepted the same way", async () => {
    const events = await stream(aliceChat);
    const response = await post(activitiesUrl(aliceChat), botMessage(aliceChat, "proactive hello"));
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    await events.waitFor((e) => e.event === "activity" && (e.data.activity as { id: string }).id === id);
  });

  it("when a page opens a conversation, then the stream starts with what was said so far, and other conversations stay out", async () => {
    const bobChat = personalConversationId(bob);
    await post(activitiesUrl(bobChat), botMessage(bobChat, "for Bob only"));
    await post(activitiesUrl(aliceChat), botMessage(aliceChat, "for Alice only"));
    const events = await stream(aliceChat);
    const history = events.events[0]!.data.activities as { text: string }[];
    expect(history.map((a) => a.text)).toContain("for Alice only");
    expect(history.map((a) => a.text)).not.toContain("for Bob only");
  });

  it("when the bot posts into a channel thread (percent-encoded ;messageid=), then the channel's stream gets it", async () => {
    const thread = channelThreadId("1700000000123");
    const channel = await stream(devChatChannel.id);
    const personal = await stream(aliceChat);
    const response = await post(activitiesUrl(thread, "1700000000123"), botMessage(thread, "in the thread"));
    expect(response.status).toBe(200);
    const event = await channel.waitFor((e) => e.event === "activity");
    expect(event.data.activity).toMatchObject({ text: "in the thread", conversation: { id: thread } });
    expect(personal.events.filter((e) => e.event === "activity")).toHaveLength(0);
  });

  it("when the bot updates a message (PUT), then the stream gets the new content under the same id and the history keeps only that", async () => {
    const sent = (await (await post(activitiesUrl(aliceChat), botMessage(aliceChat, "version 1"))).json()) as { id: string };
    const events = await stream(aliceChat);
    const update = await post(activitiesUrl(aliceChat, sent.id), { ...botMessage(aliceChat, "version 2"), id: sent.id }, "PUT");
    expect(update.status).toBe(200);
    expect(await update.json()).toEqual({ id: sent.id });
    const event = await events.waitFor((e) => e.event === "update");
    expect(event.data.activity).toMatchObject({ id: sent.id, text: "version 2" });
    const texts = chat.devChat.hub.history(aliceChat).map((a) => a.text);
    expect(texts).toContain("version 2");
    expect(texts).not.toContain("version 1");
  });

  it("when the bot updates a message the conversation does not have, then 404 ActivityNotFound comes back", async () => {
    const response = await post(activitiesUrl(aliceChat, "123"), botMessage(aliceChat, "ghost"), "PUT");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "ActivityNotFound" } });
  });

  it("when the bot deletes a message, then the stream is told and a second delete is 404", async () => {
    const sent = (await (await post(activitiesUrl(aliceChat), botMessage(aliceChat, "short-lived"))).json()) as { id: string };
    const events = await stream(aliceChat);
    expect((await fetch(activitiesUrl(aliceChat, sent.id), { method: "DELETE" })).status).toBe(200);
    const event = await events.waitFor((e) => e.event === "delete");
    expect(event.data).toEqual({ conversationId: aliceChat, id: sent.id });
    expect((await fetch(activitiesUrl(aliceChat, sent.id), { method: "DELETE" })).status).toBe(404);
  });

  it("when the bot asks for a member by MRI or object id, then it gets the demo user as a Teams member; an unknown one is 404", async () => {
    for (const key of [bob.id, bob.aadObjectId]) {
      const response = await fetch(`${conversationsUrl()}/${encodeURIComponent(aliceChat)}/members/${encodeURIComponent(key)}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: bob.id, name: bob.name, aadObjectId: bob.aadObjectId, userRole: "user" });
    }
    const unknown = await fetch(`${conversationsUrl()}/${encodeURIComponent(aliceChat)}/members/29%3Anobody`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "MemberNotFoundInConversation" } });
  });

  it("when the bot asks for the team's details, then it gets the team's Entra group; another team is 404", async () => {
    const response = await fetch(`${chat.url}/devchat/connector/v3/teams/${encodeURIComponent(devChatTeam.id)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: devChatTeam.id, name: devChatTeam.name, aadGroupId: devChatTeamGroupId });
    const other = await fetch(`${chat.url}/devchat/connector/v3/teams/${encodeURIComponent("19:other@thread.tacv2")}`);
    expect(other.status).toBe(404);
  });

  it("when the bot pages through the members, then every demo user is listed and there is no next page", async () => {
    const response = await fetch(`${conversationsUrl()}/${encodeURIComponent(devChatChannel.id)}/pagedmembers?pageSize=50`);
    const body = (await response.json()) as { continuationToken: unknown; members: { aadObjectId: string }[] };
    expect(body.continuationToken).toBeNull();
    expect(body.members.map((m) => m.aadObjectId)).toEqual(demoUsers.map((u) => u.aadObjectId));
  });

  it("when the bot creates a conversation in the channel, then a new thread opens with its message on the channel's stream", async () => {
    const channel = await stream(devChatChannel.id);
    const response = await post(conversationsUrl(), {
      isGroup: true,
      channelData: { channel: { id: devChatChannel.id } },
      activity: { type: "message", text: "drift summary", from: { id: "28:bot", name: "extops" } },
    });
    const body = (await response.json()) as { id: string; activityId: string };
    expect(body.id).toBe(channelThreadId(body.activityId));
    const event = await channel.waitFor((e) => e.event === "activity");
    expect(event.data.activity).toMatchObject({ id: body.activityId, text: "drift summary", conversation: { id: body.id } });
  });

  it("when the bot opens a 1:1 chat with a member, then it is that member's personal conversation", async () => {
    const response = await post(conversationsUrl(), { isGroup: false, members: [{ id: bob.id }] });
    expect(await response.json()).toEqual({ id: personalConversationId(bob) });
  });

  it("when the body is not JSON, then 400 comes back", async () => {
    const response = await fetch(activitiesUrl(aliceChat), { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(response.status).toBe(400);
  });
});
