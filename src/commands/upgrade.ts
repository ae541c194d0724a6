// `upgrade <target> [agent] [--dry-run]` (アップグレード): every monitoring-agent extension of the
// target that drifts goes to the latest major.minor, after a second person approves (issue 3).
import { agentFilters, type AgentFilter } from "../approvals/plan.js";
import { shown } from "./azure-names.js";
import { createChangeCommand, parseScopeWithoutExtra, splitDryRun, usage, type ChangeArgs } from "./change-command.js";
import type { ParseResult } from "./types.js";

/** "ama", "oms", "mma", "dependency" (any case); undefined when the word is none of them. */
export function parseAgentFilter(word: string): AgentFilter | undefined {
  const folded = word.toLowerCase();
  return agentFilters.find((a) => a === folded);
}

/** The optional agent word after the target: none typed is "every agent", a word that names no agent a usage error. */
export function parseOptionalAgent(word: string | undefined): ParseResult<AgentFilter | undefined> {
  if (word === undefined) return { ok: true, args: undefined };
  const agent = parseAgentFilter(word);
  return agent ? { ok: true, args: agent } : usage("approval-card.parse.agent", { value: shown(word), agents: agentFilters.join(", ") });
}

export function parseUpgrade(words: string[]): ParseResult<ChangeArgs> {
  const split = splitDryRun(words);
  if (!split.ok) return split;
  const [targetWord, agentWord, ...extra] = split.args.words;
  const scope = parseScopeWithoutExtra(targetWord, extra);
  if (!scope.ok) return scope;
  const agent = parseOptionalAgent(agentWord);
  if (!agent.ok) return agent;
  return {
    ok: true,
    args: { scope: scope.args, spec: { verb: "upgrade", ...(agent.args && { agent: agent.args }) }, dryRun: split.args.dryRun, prefix: [], suffix: agent.args ? [agent.args] : [] },
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
