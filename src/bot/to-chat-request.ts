import type { Activity } from "botbuilder";
import type { ChatRequest, Conversation } from "../commands/types.js";
import { localeFrom } from "../i18n/translate.js";

// Field meanings: bot-framework.md §4.2 (TD conversation-basics). Teams payloads carry the team and
// channel both in channelData.team/channel and, newer, in teamsTeamId/teamsChannelId (§8.3, TNET).
interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
  teamsTeamId?: string;
  teamsChannelId?: string;
}

function conversationTypeOf(activity: Partial<Activity>): Conversation["type"] {
  const type = activity.conversation?.conversationType;
  if (type === "personal" || type === "groupChat" || type === "channel") return type;
  return activity.conversation?.isGroup ? "groupChat" : "personal";
}

/** The activity's locale, else the Teams clientInfo entity's (both carry "en-US"-style tags). */
export function localeOf(activity: Partial<Activity>): ChatRequest["locale"] {
  const clientInfo = activity.entities?.find((e) => e.type?.toLowerCase() === "clientinfo") as { locale?: unknown } | undefined;
  const tag = activity.locale ?? (typeof clientInfo?.locale === "string" ? clientInfo.locale : undefined);
  return localeFrom(tag);
}

/**
 * A Teams activity in our own terms. The text goes through unchanged: the command parser strips
 * `<at>` mentions and HTML itself, so the same rules apply to every entry point (chat CLI, buttons).
 */
export function toChatRequest(activity: Partial<Activity>, correlationId: string): ChatRequest {
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const from = activity.from;
  const conversation: Conversation = {
    id: activity.conversation?.id ?? "",
    type: conversationTypeOf(activity),
  };
  const tenantId = activity.conversation?.tenantId ?? channelData.tenant?.id;
  const teamId = channelData.team?.id ?? channelData.teamsTeamId;
  const channelId = channelData.channel?.id ?? channelData.teamsChannelId;
  if (tenantId) conversation.tenantId = tenantId;
  if (teamId) conversation.teamId = teamId;
  if (channelId) conversation.channelId = channelId;
  const user: ChatRequest["user"] = { id: from?.id ?? "", name: from?.name ?? from?.id ?? "" };
  if (from?.aadObjectId) user.aadObjectId = from.aadObjectId;
  return { text: activity.text ?? "", user, conversation, locale: localeOf(activity), correlationId };
}
