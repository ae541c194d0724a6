import { cardToText } from "../cards/card-to-text.js";
import type { ActivityJson } from "./teams-activity.js";

const adaptiveCard = "application/vnd.microsoft.card.adaptive";

/** A reply activity as readable text: its text, then each Adaptive Card attachment flattened. */
export function replyToText(activity: ActivityJson): string {
  const parts: string[] = [];
  if (typeof activity.text === "string" && activity.text.trim() !== "") parts.push(activity.text);
  const attachments = Array.isArray(activity.attachments) ? (activity.attachments as ActivityJson[]) : [];
  for (const attachment of attachments) {
    if (attachment.contentType === adaptiveCard) parts.push(cardToText(attachment.content));
    else parts.push(`[${String(attachment.contentType)} attachment]`);
  }
  return parts.join("\n");
}
