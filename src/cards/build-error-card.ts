import type { CardReply } from "../commands/types.js";
import { t, type Locale } from "../i18n/translate.js";
import { neutralizeTemplate } from "./escape-markdown.js";

export type ErrorCause = "unexpected" | "throttled";

/** The polite card for a failure the user cannot fix: what happened and the ID to quote; never a stack trace. */
export function buildErrorCard(locale: Locale, correlationId: string, cause: ErrorCause = "unexpected"): CardReply {
  const id = neutralizeTemplate(correlationId);
  const message =
    cause === "throttled" ? t(locale, "common.error.azureThrottled") : t(locale, "common.error.body", { correlationId: id });
  const title = t(locale, "common.error.title");
  return {
    kind: "card",
    template: "error",
    summary: `${title}: ${message}`,
    data: { title, message, correlationLabel: t(locale, "card.error.correlationId"), correlationId: id },
  };
}
