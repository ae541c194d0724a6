import { buildActionInvoke, buildActivityBase, buildMentionMessage, demoBot, type ActivityJson, type TeamsConversation } from "../chat/teams-activity.js";
import type { DemoUser } from "./demo-users.js";

// What Teams would POST to /api/messages, for the dev chat's user: the same shapes as real Teams
// payloads (bot-framework.md §4.2, §5.1, §5.4, §8.3-8.5), channelId "msteams" because
// TeamsActivityHandler runs its Teams dispatch only for that channel (§3.3). Pure: ids and time come in.

export type { ActivityJson };
export type ConversationScope = "personal" | "channel";

export const devChatTeam = { id: "19:devchat-team@thread.tacv2", name: "Cloud Operations" };
export const devChatChannel = { id: "19:devchat-general@thread.tacv2", name: "General" };

/** Teams gives every user their own 1:1 conversation with the bot. */
export function personalConversationId(user: DemoUser): string {
  return `a:1devchat-personal-${user.aadObjectId}`;
}

/** A channel post opens a thread whose conversation id is <channel>;messageid=<post id>. */
export function channelThreadId(postId: string): string {
  return `${devChatChannel.id};messageid=${postId}`;
}

export function scopeOfConversation(conversationId: string): ConversationScope {
  return conversationId === devChatChannel.id || conversationId.startsWith(`${devChatChannel.id};`) ? "channel" : "personal";
}

/** Who, where and when: the parts every activity of one turn shares. */
export interface TurnOrigin {
  user: DemoUser;
  /** Teams locale tag, "en-US" or "ja-JP". */
  locale: string;
  /** Where the bot sends its replies: <dev chat server>/devchat/connector/ */
  serviceUrl: string;
  /** The inbound activity id. */
  id: string;
  /** ISO timestamp. */
  timestamp: string;
}

function baseActivity(origin: TurnOrigin, conversationId: string): ActivityJson {
  const conversation: TeamsConversation =
    scopeOfConversation(conversationId) === "personal"
      ? { scope: "personal", id: conversationId }
      : { scope: "channel", id: conversationId, teamId: devChatTeam.id, channelId: devChatChannel.id };
  const { user, locale, serviceUrl, id, timestamp } = origin;
  return buildActivityBase({ id, serviceUrl, from: user, locale, timestamp, conversation });
}

/** Typed text. In a channel the bot only hears an @mention, which Teams sends as <at>name</at> plus a mention entity. */
export function buildMessage(text: string, scope: ConversationScope, origin: TurnOrigin): ActivityJson {
  if (scope === "personal") {
    return { ...baseActivity(origin, personalConversationId(origin.user)), type: "message", text, textFormat: "plain" };
  }
  return buildMentionMessage(baseActivity(origin, channelThreadId(origin.id)), text);
}

export interface ExecutePress {
  verb: string;
  data: Record<string, unknown>;
  /** The action's id and title as the card gives them; Teams sends "" when the card has none. */
  id?: string;
  title?: string;
}

/**
 * An Action.Execute press ("manual") or a card refresh ("automatic"): an adaptiveCard/action invoke
 * whose replyToId is the message holding the card; the bot answers in the HTTP response (§5.1).
 */
export function buildCardInvoke(
  press: ExecutePress,
  trigger: "manual" | "automatic",
  card: { messageId: string; conversationId: string },
  origin: TurnOrigin,
): ActivityJson {
  const action = { id: press.id ?? "", title: press.title ?? "", verb: press.verb, data: press.data };
  return buildActionInvoke(baseActivity(origin, card.conversationId), card.messageId, action, trigger);
}

/** An Action.Submit press: a message whose value is the button's data (inputs merged in), without text (§5.4). */
export function buildCardSubmit(value: Record<string, unknown>, card: { messageId: string; conversationId: string }, origin: TurnOrigin): ActivityJson {
  return { ...baseActivity(origin, card.conversationId), type: "message", replyToId: card.messageId, value };
}

/** The bot being added to the personal chat or the team (§4.3): what makes it introduce itself once. */
export function buildInstall(scope: ConversationScope, origin: TurnOrigin): ActivityJson {
  const conversationId = scope === "personal" ? personalConversationId(origin.user) : devChatChannel.id;
  const activity = baseActivity(origin, conversationId);
  const channelData =
    scope === "personal"
      ? activity.channelData
      : { ...(activity.channelData as ActivityJson), team: { ...devChatTeam }, eventType: "teamMemberAdded" };
  return { ...activity, type: "conversationUpdate", membersAdded: [{ id: demoBot.id }], channelData };
}
