// `upgrade <target> [agent] [--dry-run]` (アップグレード): every monitoring-agent extension of the
// target that drifts goes to the latest major.minor, after a second person approves (issue 3).
import { agentFilters, type AgentFilter } from "../approvals/plan.js";
import { shown } from "./azure-names.js";
import { createChangeCommand, parseChangeScope, splitDryRun, usage, type ChangeArgs } from "./change-command.js";
import type { ParseResult } from "./types.js";

/** "ama", "oms", "mma", "dependency" (any case); undefined when the word is none of them. */
export function parseAgentFilter(word: string): AgentFilter | undefined {
  const folded = word.toLowerCase();
  return agentFilters.find((a) => a === folded);
}

export function parseUpgrade(words: string[]): ParseResult<ChangeArgs> {
  const split = splitDryRun(words);
  if (!split.ok) return split;
  const [targetWord, agentWord, ...extra] = split.args.words;
  if (extra.length > 0) return usage("parse.extraWords", { extra: shown(extra.join(" ")) });
  const scope = parseChangeScope(targetWord);
  if (!scope.ok) return scope;
  const agent = agentWord === undefined ? undefined : parseAgentFilter(agentWord);
  if (agentWord !== undefined && !agent) return usage("approval-card.parse.agent", { value: shown(agentWord), agents: agentFilters.join(", ") });
  return {
    ok: true,
    args: { scope: scope.args, spec: { verb: "upgrade", ...(agent && { agent }) }, dryRun: split.args.dryRun, prefix: [], suffix: agent ? [agent] : [] },
  };
}

export const upgradeCommand = createChangeCommand({
  verb: "upgrade",
  aliases: ["アップグレード"],
  usageKey: "approval-card.help.upgrade.usage",
  descriptionKey: "approval-card.help.upgrade.description",
  examples: ["upgrade rg-prod/vmss-web", "upgrade vm-web-02 ama --dry-run", "アップグレード rg-prod"],
  parse: parseUpgrade,
});
