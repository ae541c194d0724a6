import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/approvals/policy.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { startEmbeddedBot, type EmbeddedBot } from "../../src/chat/start-embedded-bot.js";
import { devChatChannel, personalConversationId } from "../../src/devchat/build-teams-activity.js";
import { devChatTeamGroupId } from "../../src/devchat/connector-routes.js";
import { demoUsers } from "../../src/devchat/demo-users.js";
import { t } from "../../src/i18n/translate.js";
import { openEventStream, type EventReader, type StreamEvent } from "./read-event-stream.js";
import { startDevChatServer, type DevChatServer } from "./start-dev-chat-app.js";

// The demo with a group grant: the grants name the dev chat team's Entra group (which the dev chat
// connector reports for GET /v3/teams/{id}), not Carol. In the team's channel she is a member of that
// group; in her 1:1 chat there is no team, so the grant does not apply there.

const carol = demoUsers[2]!;
const policy = parsePolicy({ grants: [{ name: "the dev chat team", groups: [devChatTeamGroupId], request: ["*"] }] });

type Activity = { from?: { id?: string }; attachments?: { content: Record<string, unknown> }[] };
const botCard = (e: StreamEvent) => {
  const activity = e.data.activity as Activity | undefined;
  return e.event === "activity" && String(activity?.from?.id).startsWith("28:") && (activity?.attachments?.length ?? 0) > 0;
};
const cardText = (e: StreamEvent) => cardToText((e.data.activity as Activity).attachments![0]!.content);

describe("dev chat with a grant to the team's group", () => {
  let bot: EmbeddedBot;
  let chat: DevChatServer;
  const readers: EventReader[] = [];
  const send = (body: Record<string, unknown>) =>
    fetch(`${chat.url}/devchat/send`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const stream = async (conversationId: string) => {
    const reader = await openEventStream(`${chat.url}/devchat/events?conversation=${encodeURIComponent(conversationId)}`);
    readers.push(reader);
    await reader.waitFor((e) => e.event === "history");
    return reader;
  };

  beforeAll(async () => {
    bot = await startEmbeddedBot({ policy });
    chat = await startDevChatServer({ botMessagesUrl: bot.messagesUrl });
  });
  afterEach(() => {
    for (const reader of readers.splice(0)) reader.close();
  });
  afterAll(async () => {
    await chat?.stop();
    await bot?.stop();
  });

  it("when Carol subscribes in the team's channel, then the group grant lets her; in her 1:1 chat it is refused", async () => {
    const text = "subscribe drift daily 09:00 Asia/Tokyo rg-prod";
    const channel = await stream(devChatChannel.id);
    expect((await send({ kind: "message", user: carol.aadObjectId, locale: "en-US", scope: "channel", text })).status).toBe(200);
    expect(cardText(await channel.waitFor(botCard))).toContain(t("en", "schedule.subscribed.title"));

    const personal = await stream(personalConversationId(carol));
    expect((await send({ kind: "message", user: carol.aadObjectId, locale: "en-US", scope: "personal", text })).status).toBe(200);
    expect(cardText(await personal.waitFor(botCard))).toContain(t("en", "card.forbidden.title"));
  });
});
