import { ActivityTypes, CardFactory, type Activity, type AdaptiveCardInvokeResponse } from "botbuilder";
import { renderCard } from "../cards/render-card.js";
import type { Reply } from "../commands/types.js";

/** A reply as a message activity: a card becomes an Adaptive Card attachment with its summary as fallback. */
export function toActivity(reply: Reply): Partial<Activity> {
  if (reply.kind === "text") return { type: ActivityTypes.Message, text: reply.text };
  return {
    type: ActivityTypes.Message,
    // Activity.summary is "the text to display if the channel cannot render cards"; Teams also
    // shows it in notifications instead of a bare "sent a card".
    summary: reply.summary,
    attachments: [CardFactory.adaptiveCard(renderCard(reply))],
  };
}

/**
 * The answer to an adaptiveCard/action invoke (ACD universal-action-model, bot-framework.md §5.2):
 * a card replaces the pressed one for the user who pressed it; text is shown by the client.
 */
export function toInvokeResponse(reply: Reply): AdaptiveCardInvokeResponse {
  if (reply.kind === "text") {
    // The message response type carries a string; the botbuilder type says Record, hence the cast.
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: reply.text as unknown as Record<string, unknown> };
  }
  return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: renderCard(reply) };
}

/** An invoke failure answered in the body, not as an HTTP 5xx (onTurnError would turn it into 501). */
export function toInvokeError(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 500, type: "application/vnd.microsoft.error", value: { code: "InternalError", message } };
}
