import type { CardReply } from "../commands/types.js";
import { t, type Locale } from "../i18n/translate.js";
import { type CommandButton, maxButtonsPerSet } from "./command-button.js";
import { escapeMarkdown } from "./escape-markdown.js";

export interface UsageErrorCardInput {
  /** i18n key of the title; defaults to "card.usage.title". */
  titleKey?: string;
  /** Already translated: what was wrong (echoed user text escaped by the caller). */
  problem: string;
  /** What would be right: usage lines, shown verbatim in monospace. */
  usages: string[];
  /** "Did you mean" buttons, each running an exact command. */
  suggestions: CommandButton[];
}

/** A command the bot understood but could not accept: what was wrong, what would be right, did-you-mean buttons. */
export function buildUsageErrorCard(locale: Locale, input: UsageErrorCardInput): CardReply {
  const title = t(locale, input.titleKey ?? "card.usage.title");
  return {
    kind: "card",
    template: "usage-error",
    summary: input.problem,
    data: {
      title,
      problem: input.problem,
      usageHeading: t(locale, "card.usage.usageHeading"),
      usages: input.usages.map((line) => ({ line: escapeMarkdown(line) })),
      suggestionHeading: t(locale, "card.usage.suggestionHeading"),
      suggestions: input.suggestions.slice(0, maxButtonsPerSet),
    },
  };
}
