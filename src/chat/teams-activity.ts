// Teams-shaped activities as Teams posts them to /api/messages, modelled on payloads captured from
// real Teams (bot-framework.md §8.3 channel message with mention, §8.4 adaptiveCard/action invoke).
// Plain JSON: this folder must not import botbuilder (ARCHITECTURE.md seam 1).

export type ActivityJson = Record<string, unknown>;

export interface ChatUser {
  /** Teams MRI, 29:... */
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface ActivityOptions {
  /** Where the bot sends replies: the (fake) connector, e.g. `${connector.url}/amer/<tenant>/`. */
  serviceUrl: string;
  /** "personal" = 1:1 chat; "channel" = a team channel, where the bot is @mentioned. */
  scope?: "personal" | "channel";
  /** A Teams locale tag such as "en-US" or "ja-JP". */
  locale?: string;
  user?: ChatUser;
  /** Inbound activity id; a fresh one by default. */
  id?: string;
}

export const demoTenantId = "00000000-0000-4000-8000-00000000c0de";
export const demoBot = { id: "28:00000000-0000-4000-8000-0000000000b0", name: "extops" };
export const demoUser: ChatUser = {
  id: "29:1demo-user-mri",
  name: "Aiko Tanaka",
  aadObjectId: "00000000-0000-4000-8000-0000000000a1",
};
const teamId = "19:demo-team@thread.tacv2";
const channelId = "19:demo-channel@thread.tacv2";
const personalConversationId = "a:1demo-personal-conversation";

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `${Date.now()}${String(sequence).padStart(4, "0")}`;
}

/** The prefix real Teams serviceUrls carry (/amer/<tenant>/, §3.1); the connector must cope with it. */
export function teamsServiceUrl(connectorUrl: string, tenantId = demoTenantId): string {
  return `${connectorUrl}/amer/${tenantId}/`;
}

/** Where an activity happens: a 1:1 chat, or a thread in a team channel (<channel>;messageid=<root message>). */
export type TeamsConversation =
  | { scope: "personal"; id: string }
  | { scope: "channel"; id: string; teamId: string; channelId: string };

/** Who, where and when: the fields every Teams activity carries, whatever its type. */
export interface ActivityEnvelope {
  id: string;
  serviceUrl: string;
  from: ChatUser;
  /** A Teams locale tag such as "en-US" or "ja-JP". */
  locale: string;
  /** ISO timestamp. */
  timestamp: string;
  conversation: TeamsConversation;
}

/** The fields Teams puts on every activity, with the conversation and channelData of a chat or a channel. */
export function buildActivityBase(envelope: ActivityEnvelope): ActivityJson {
  const { from: user, locale, conversation } = envelope;
  const from: ActivityJson = { id: user.id, name: user.name };
  if (user.aadObjectId) from.aadObjectId = user.aadObjectId;
  const common: ActivityJson = {
    channelId: "msteams",
    id: envelope.id,
    serviceUrl: envelope.serviceUrl,
    from,
    recipient: { ...demoBot },
    timestamp: envelope.timestamp,
    locale,
    entities: [{ type: "clientInfo", locale, country: locale.slice(-2), platform: "Web" }],
  };
  if (conversation.scope === "channel") {
    return {
      ...common,
      conversation: { id: conversation.id, isGroup: true, conversationType: "channel", tenantId: demoTenantId },
      channelData: {
        teamsChannelId: conversation.channelId,
        teamsTeamId: conversation.teamId,
        channel: { id: conversation.channelId },
        team: { id: conversation.teamId },
        tenant: { id: demoTenantId },
      },
    };
  }
  return {
    ...common,
    conversation: { id: conversation.id, conversationType: "personal", tenantId: demoTenantId },
    channelData: { tenant: { id: demoTenantId } },
  };
}

/** Typed text in a channel: the bot only hears an @mention, which Teams sends as `<at>name</at> text` plus a mention entity. */
export function buildMentionMessage(activity: ActivityJson, text: string): ActivityJson {
  const mention = `<at>${demoBot.name}</at>`;
  return {
    ...activity,
    type: "message",
    text: `${mention} ${text}`,
    textFormat: "plain",
    entities: [{ type: "mention", text: mention, mentioned: { ...demoBot } }, ...(activity.entities as ActivityJson[])],
  };
}

/** An Action.Execute press or card refresh: an adaptiveCard/action invoke answered in the HTTP response (§5.1). */
export function buildActionInvoke(
  activity: ActivityJson,
  replyToId: string,
  action: { id: string; title: string; verb: string; data: Record<string, unknown> },
  trigger: "manual" | "automatic",
): ActivityJson {
  return {
    ...activity,
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId,
    channelData: { ...(activity.channelData as ActivityJson), source: { name: "message" } },
    value: { action: { type: "Action.Execute", ...action }, trigger },
  };
}

function base(options: ActivityOptions, id: string): ActivityJson {
  const conversation: TeamsConversation =
    options.scope === "channel"
      ? { scope: "channel", id: `${channelId};messageid=${id}`, teamId, channelId }
      : { scope: "personal", id: personalConversationId };
  const locale = options.locale ?? "en-US";
  return buildActivityBase({ id, serviceUrl: options.serviceUrl, from: options.user ?? demoUser, locale, timestamp: new Date().toISOString(), conversation });
}

/** A typed message. In a channel it @mentions the bot as Teams does: `<at>extops</at> text` plus a mention entity. */
export function teamsMessage(text: string, options: ActivityOptions): ActivityJson {
  const activity = base(options, options.id ?? nextId());
  if ((options.scope ?? "personal") !== "channel") return { ...activity, type: "message", text, textFormat: "plain" };
  return {
    ...buildMentionMessage(activity, text),
    attachments: [
      {
        contentType: "text/html",
        content: `<p><span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="0">${demoBot.name}</span>&nbsp;${text}</p>`,
      },
    ],
  };
}

/** A press on an Action.Execute button: an adaptiveCard/action invoke answered in the HTTP response (§5.1). */
export function teamsCardAction(
  action: { verb: string; data: Record<string, unknown>; title?: string },
  options: ActivityOptions & { replyToId: string },
): ActivityJson {
  const activity = base(options, options.id ?? `f:${nextId()}`);
  return buildActionInvoke(activity, options.replyToId, { id: "", title: action.title ?? action.verb, verb: action.verb, data: action.data }, "manual");
}

/** A press on the Action.Submit fallback (old clients): a message with the button's data as value, no text (§5.4). */
export function teamsCardSubmit(data: Record<string, unknown>, options: ActivityOptions & { replyToId: string }): ActivityJson {
  return { ...base(options, options.id ?? nextId()), type: "message", replyToId: options.replyToId, value: data };
}
