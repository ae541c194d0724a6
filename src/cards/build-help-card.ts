import type { CardReply, CommandSpec } from "../commands/types.js";
import { t, type Locale } from "../i18n/translate.js";
import { type CommandButton, maxButtonsPerSet } from "./command-button.js";
import { escapeMarkdown } from "./escape-markdown.js";

export interface HelpCardInput {
  /** The commands to list: only those the caller may run (the caller filters). */
  specs: readonly CommandSpec[];
  /** Shown above the list, e.g. "I don't know `stauts`." (already translated and escaped). */
  notice?: string;
  /** Did-you-mean buttons under the notice, each running an exact command. */
  suggestions?: CommandButton[];
}

/** The help card, generated from command specs: verb, aliases, usage, description, examples. */
export function buildHelpCard(locale: Locale, input: HelpCardInput): CardReply {
  const title = t(locale, "help.card.title");
  return {
    kind: "card",
    template: "help",
    summary: input.notice ? `${input.notice} ${title}` : title,
    data: {
      title,
      intro: t(locale, "help.card.intro"),
      notice: input.notice ?? "",
      suggestions: (input.suggestions ?? []).slice(0, maxButtonsPerSet),
      labels: { usage: t(locale, "help.card.usage"), examples: t(locale, "help.card.examples") },
      commands: input.specs.map((spec) => ({
        verb: spec.verb,
        heading: escapeMarkdown([spec.verb, ...spec.aliases].join(" · ")),
        description: t(locale, spec.descriptionKey),
        usage: escapeMarkdown(t(locale, spec.usageKey)),
        examples: escapeMarkdown(spec.examples.join(" · ")),
      })),
      empty: t(locale, "help.card.empty"),
    },
  };
}
