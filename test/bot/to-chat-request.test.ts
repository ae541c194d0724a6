import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { localeOf, toChatRequest } from "../../src/bot/to-chat-request.js";
import { demoTenantId, demoUser, teamsMessage } from "../../src/chat/teams-activity.js";

// Captured from Teams by Microsoft (bot-framework.md §8.3, TNET), trimmed the same way.
const channelCapture = {
  type: "message",
  channelId: "msteams",
  id: "1759944781430",
  text: "<at>ridotest</at> reply to thread",
  textFormat: "plain",
  serviceUrl: "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/",
  channelData: {
    teamsChannelId: "19:6848757105754c8981c67612732d9aa7@thread.tacv2",
    teamsTeamId: "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2",
    channel: { id: "19:6848757105754c8981c67612732d9aa7@thread.tacv2" },
    team: { id: "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2" },
    tenant: { id: "50612dbb-0237-4969-b378-8d42590f9c00" },
  },
  from: {
    id: "29:17bUvCasIPKfQIXHvNzcPjD86fwm6GkWc1PvCGP2-NSkNb7AyGYpjQ7Xw-XgTwaHW5JxZ4KMNDxn1kcL8fwX1Nw",
    name: "rido",
    aadObjectId: "b15a9416-0ad3-4172-9210-7beb711d3f70",
  },
  recipient: { id: "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", name: "ridotest" },
  conversation: {
    id: "19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856",
    isGroup: true,
    conversationType: "channel",
    tenantId: "50612dbb-0237-4969-b378-8d42590f9c00",
  },
  entities: [
    { type: "mention", text: "<at>ridotest</at>", mentioned: { id: "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", name: "ridotest" } },
    { type: "clientInfo", locale: "en-US", country: "US", platform: "Web" },
  ],
  timestamp: "2025-10-08T17:33:01.4953744Z",
  locale: "en-US",
} as unknown as Activity;

describe("toChatRequest", () => {
  it("when Teams sends a channel message, then user, conversation, team and channel are mapped and the text is kept for the parser", () => {
    const request = toChatRequest(channelCapture, "corr-1");
    expect(request).toEqual({
      text: "<at>ridotest</at> reply to thread",
      user: { id: channelCapture.from.id, name: "rido", aadObjectId: "b15a9416-0ad3-4172-9210-7beb711d3f70" },
      conversation: {
        id: channelCapture.conversation.id,
        type: "channel",
        tenantId: "50612dbb-0237-4969-b378-8d42590f9c00",
        teamId: "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2",
        channelId: "19:6848757105754c8981c67612732d9aa7@thread.tacv2",
      },
      locale: "en",
      correlationId: "corr-1",
    });
  });

  it("when only the newer teamsTeamId/teamsChannelId fields are present, then they are used", () => {
    const { team: _team, channel: _channel, ...channelData } = channelCapture.channelData as Record<string, unknown>;
    const request = toChatRequest({ ...channelCapture, channelData } as Activity, "c");
    expect(request.conversation.teamId).toBe("19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2");
    expect(request.conversation.channelId).toBe("19:6848757105754c8981c67612732d9aa7@thread.tacv2");
  });

  it("when a personal chat message comes from a Japanese client, then the locale is ja and there is no team", () => {
    const activity = teamsMessage("状態 vm-web-01", { serviceUrl: "http://127.0.0.1:1/", locale: "ja-JP" }) as unknown as Activity;
    const request = toChatRequest(activity, "c");
    expect(request.locale).toBe("ja");
    expect(request.text).toBe("状態 vm-web-01");
    expect(request.conversation).toEqual({ id: activity.conversation.id, type: "personal", tenantId: demoTenantId });
    expect(request.user).toEqual(demoUser);
  });

  it("when the user is anonymous (no aadObjectId) and has no name, then the id stands in for the name", () => {
    const request = toChatRequest({ ...channelCapture, from: { id: "29:anon" } } as Activity, "c");
    expect(request.user).toEqual({ id: "29:anon", name: "29:anon" });
  });

  it("when a group chat carries no conversationType, then isGroup decides", () => {
    const activity = { ...channelCapture, conversation: { id: "19:g@thread.v2", isGroup: true } } as Activity;
    expect(toChatRequest(activity, "c").conversation.type).toBe("groupChat");
  });
});

describe("localeOf", () => {
  it.each([
    [{ locale: "ja-JP" }, "ja"],
    [{ locale: "en-GB" }, "en"],
    [{ locale: "fr-FR" }, "en"],
    [{ entities: [{ type: "clientInfo", locale: "ja-JP" }] }, "ja"],
    [{ entities: [{ type: "ClientInfo", locale: "ja" }] }, "ja"],
    [{ locale: "en-US", entities: [{ type: "clientInfo", locale: "ja-JP" }] }, "en"],
    [{}, "en"],
  ])("when the activity has %j, then the locale is %s", (activity, expected) => {
    expect(localeOf(activity as Partial<Activity>)).toBe(expected);
  });
});
