import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { toChatRequest } from "../../src/bot/to-chat-request.js";
import {
  buildCardInvoke,
  buildCardSubmit,
  buildInstall,
  buildMessage,
  channelThreadId,
  devChatChannel,
  devChatTeam,
  personalConversationId,
  scopeOfConversation,
  type TurnOrigin,
} from "../../src/devchat/build-teams-activity.js";
import { demoUsers } from "../../src/devchat/demo-users.js";

const [alice, bob] = demoUsers as [(typeof demoUsers)[number], (typeof demoUsers)[number]];

function origin(overrides: Partial<TurnOrigin> = {}): TurnOrigin {
  return { user: alice, locale: "ja-JP", serviceUrl: "http://127.0.0.1:3978/devchat/connector/", id: "1767765488332", timestamp: "2026-11-24T09:00:00.000Z", ...overrides };
}

// The bot reads these activities through src/bot/to-chat-request.ts: checking through it shows the
// dev chat speaks what the bot understands, not only what this file expects.
function asBotSeesIt(activity: Record<string, unknown>) {
  return toChatRequest(activity as Partial<Activity>, "c-1");
}

describe("Teams activities of the dev chat", () => {
  it("when Alice types in her 1:1 chat, then the bot sees Alice's object id, a personal conversation of her own and her locale", () => {
    const activity = buildMessage("status vm-web-01", "personal", origin());
    expect(activity).toMatchObject({ type: "message", channelId: "msteams", text: "status vm-web-01", serviceUrl: origin().serviceUrl, id: "1767765488332" });
    const request = asBotSeesIt(activity);
    expect(request.user).toEqual({ id: alice.id, name: alice.name, aadObjectId: alice.aadObjectId });
    expect(request.conversation).toMatchObject({ id: personalConversationId(alice), type: "personal" });
    expect(request.conversation.tenantId).toBeTruthy();
    expect(request.locale).toBe("ja");
    expect(personalConversationId(alice)).not.toBe(personalConversationId(bob));
  });

  it("when Bob posts in the channel, then the text @mentions the bot, a new thread opens and the bot sees team and channel", () => {
    const activity = buildMessage("drift rg-prod", "channel", origin({ user: bob, locale: "en-US" }));
    expect(activity.text).toBe("<at>extops</at> drift rg-prod");
    expect(activity.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: "mention", text: "<at>extops</at>" })]));
    const request = asBotSeesIt(activity);
    expect(request.conversation).toMatchObject({ id: channelThreadId("1767765488332"), type: "channel", teamId: devChatTeam.id, channelId: devChatChannel.id });
    expect(request.user.aadObjectId).toBe(bob.aadObjectId);
    expect(scopeOfConversation(request.conversation.id)).toBe("channel");
  });

  it("when a card button is pressed, then an adaptiveCard/action invoke carries the verb, data, trigger and the card's message id", () => {
    const card = { messageId: "1767765400000", conversationId: channelThreadId("1767765300000") };
    const activity = buildCardInvoke({ verb: "runCommand", data: { command: "status vm-web-01" }, title: "Refresh" }, "manual", card, origin());
    expect(activity).toMatchObject({
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: "1767765400000",
      value: { action: { type: "Action.Execute", id: "", title: "Refresh", verb: "runCommand", data: { command: "status vm-web-01" } }, trigger: "manual" },
      conversation: { id: card.conversationId, conversationType: "channel" },
      channelData: { source: { name: "message" } },
    });
  });

  it("when a card refreshes itself, then the invoke's trigger is automatic", () => {
    const card = { messageId: "1", conversationId: personalConversationId(alice) };
    const activity = buildCardInvoke({ verb: "refreshView", data: {} }, "automatic", card, origin());
    expect((activity.value as { trigger: string }).trigger).toBe("automatic");
    expect(activity.conversation).toMatchObject({ id: card.conversationId, conversationType: "personal" });
  });

  it("when an Action.Submit is pressed, then a message with the data as value and no text replies to the card", () => {
    const card = { messageId: "1767765400000", conversationId: personalConversationId(alice) };
    const activity = buildCardSubmit({ verb: "runCommand", command: "help" }, card, origin());
    expect(activity).toMatchObject({ type: "message", replyToId: "1767765400000", value: { verb: "runCommand", command: "help" } });
    expect(activity.text).toBeUndefined();
  });

  it("when the bot is installed, then a conversationUpdate adds the bot (in a team: teamMemberAdded with the team)", () => {
    const personal = buildInstall("personal", origin());
    expect(personal).toMatchObject({ type: "conversationUpdate", conversation: { id: personalConversationId(alice) } });
    expect((personal.membersAdded as { id: string }[])[0]!.id).toBe((personal.recipient as { id: string }).id);
    const team = buildInstall("channel", origin());
    expect(team).toMatchObject({ conversation: { id: devChatChannel.id }, channelData: { eventType: "teamMemberAdded", team: { id: devChatTeam.id } } });
  });
});
