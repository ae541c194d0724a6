// `reinstall <vm> ama [--dry-run]` (再インストール): uninstall Azure Monitor Agent, then install it
// again with major.minor only and automatic upgrade on (seed 002), after approval.
import { shown } from "./azure-names.js";
import { createChangeCommand, parseScopeWithoutExtra, splitDryRun, usage, type ChangeArgs } from "./change-command.js";
import type { ParseResult } from "./types.js";

export function parseReinstall(words: string[]): ParseResult<ChangeArgs> {
  const split = splitDryRun(words);
  if (!split.ok) return split;
  const [targetWord, agentWord, ...extra] = split.args.words;
  const scope = parseScopeWithoutExtra(targetWord, extra);
  if (!scope.ok) return scope;
  // Only AMA is reinstalled: the retired agents are migrated, not reinstalled (domain.md §2).
  if (agentWord?.toLowerCase() !== "ama") return usage("approval-card.parse.reinstallAgent", { value: shown(agentWord ?? "") });
  return { ok: true, args: { scope: scope.args, spec: { verb: "reinstall", agent: "ama" }, dryRun: split.args.dryRun, prefix: [], suffix: ["ama"] } };
}

export const reinstallCommand = createChangeCommand({
  verb: "reinstall",
  aliases: ["再インストール"],
  usageKey: "approval-card.help.reinstall.usage",
  descriptionKey: "approval-card.help.reinstall.description",
  examples: ["reinstall rg-prod/vm-web-02 ama", "reinstall vm-web-02 ama --dry-run", "再インストール vm-web-02 ama"],
  parse: parseReinstall,
});
