import type { CaptureConnector } from "./capture-connector.js";
import { teamsMessage, teamsServiceUrl, type ActivityJson, type ActivityOptions } from "./teams-activity.js";

export interface ChatExchange {
  /** HTTP status of POST /api/messages. */
  status: number;
  /** Its body: empty for a message, the invoke response for an invoke. */
  body: string;
  /** Activities the bot sent to the connector for this message, in order. */
  replies: ActivityJson[];
  /** Milliseconds from posting the activity to the last reply's arrival at the connector. */
  elapsedMs: number;
}

export interface ChatTarget {
  messagesUrl: string;
  connector: CaptureConnector;
}

/** Posts an activity and collects what the bot sent for it (CloudAdapter answers after the turn). */
export async function postActivity(target: ChatTarget, activity: ActivityJson): Promise<ChatExchange> {
  const before = target.connector.calls.length;
  const startedAt = performance.now();
  const response = await fetch(target.messagesUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  const body = await response.text();
  const sent = target.connector.calls.slice(before).filter((call) => call.method === "POST" && call.body?.type === "message");
  const last = sent.at(-1);
  return {
    status: response.status,
    body,
    replies: sent.map((call) => call.body ?? {}),
    elapsedMs: (last ? last.at : performance.now()) - startedAt,
  };
}

/** Sends `text` as a Teams message (personal chat by default) and returns the bot's replies. */
export function sendChatMessage(target: ChatTarget, text: string, options: Omit<ActivityOptions, "serviceUrl"> = {}): Promise<ChatExchange> {
  return postActivity(target, teamsMessage(text, { ...options, serviceUrl: teamsServiceUrl(target.connector.url) }));
}
