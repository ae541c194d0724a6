import { buildHelpCard } from "../cards/build-help-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import { t } from "../i18n/translate.js";
import { shown } from "./azure-names.js";
import { suggestVerbs } from "./did-you-mean.js";
import { matchVerb } from "./parse.js";
import type { CommandContext, CommandSpec, ParseResult, Reply } from "./types.js";

export interface HelpArgs {
  /** `help status`: only that command. */
  topic?: string;
}

/** The commands the requester may run, in registry order. */
export async function visibleSpecs(ctx: Pick<CommandContext, "mayRun">, specs: readonly CommandSpec[]): Promise<CommandSpec[]> {
  if (!ctx.mayRun) return [...specs];
  const allowed = await Promise.all(specs.map((spec) => ctx.mayRun!(spec)));
  return specs.filter((_, i) => allowed[i]);
}

/**
 * Help after an unknown verb: "I don't know X", did-you-mean buttons that run the suggested verb with
 * the same arguments, then the commands the requester may run.
 */
export async function showUnknownVerbHelp(ctx: CommandContext, specs: readonly CommandSpec[], verb: string, rest: readonly string[]): Promise<Reply> {
  const visible = await visibleSpecs(ctx, specs);
  const suggestions = suggestVerbs(verb, visible).map((suggested) => commandButton([suggested, ...rest].join(" ")));
  const locale = ctx.request.locale;
  const key = suggestions.length > 0 ? "help.card.unknownVerbWithSuggestions" : "help.card.unknownVerb";
  return buildHelpCard(locale, { specs: visible, notice: t(locale, key, { verb: escapeMarkdown(shown(verb)) }), suggestions });
}

function parseHelp(words: string[]): ParseResult<HelpArgs> {
  const [topic] = words;
  return { ok: true, args: topic === undefined ? {} : { topic } };
}

/** `help [command]`, listing the specs `listSpecs` returns (the registry; a function to avoid an import cycle). */
export function createHelpCommand(listSpecs: () => readonly CommandSpec[]): CommandSpec<HelpArgs> {
  return {
    verb: "help",
    aliases: ["ヘルプ"],
    usageKey: "help.help.usage",
    descriptionKey: "help.help.description",
    examples: ["help", "help status", "ヘルプ"],
    grant: "read",
    effect: "read",
    parse: parseHelp,
    async run(ctx, args) {
      const visible = await visibleSpecs(ctx, listSpecs());
      if (args.topic === undefined) return buildHelpCard(ctx.request.locale, { specs: visible });
      const one = matchVerb(args.topic, visible);
      if (one) return buildHelpCard(ctx.request.locale, { specs: [one] });
      return showUnknownVerbHelp(ctx, listSpecs(), args.topic, []);
    },
  };
}
