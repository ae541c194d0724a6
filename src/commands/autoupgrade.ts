// `autoupgrade on|off <target> [agent] [--dry-run]` (自動アップグレード): sets enableAutomaticUpgrade
// through approval; extensions that do not support it are refused with the reason (plan skips).
import { shown } from "./azure-names.js";
import { createChangeCommand, parseScopeWithoutExtra, splitDryRun, usage, type ChangeArgs } from "./change-command.js";
import type { ParseResult } from "./types.js";
import { parseOptionalAgent } from "./upgrade.js";

const onWords = new Set(["on", "enable", "true", "オン", "有効"]);
const offWords = new Set(["off", "disable", "false", "オフ", "無効"]);

export function parseAutoUpgrade(words: string[]): ParseResult<ChangeArgs> {
  const split = splitDryRun(words);
  if (!split.ok) return split;
  const [switchWord, targetWord, agentWord, ...extra] = split.args.words;
  const folded = switchWord?.toLowerCase() ?? "";
  const enable = onWords.has(folded) ? true : offWords.has(folded) ? false : undefined;
  if (enable === undefined) return usage("approval-card.parse.onOff", { value: shown(switchWord ?? "") });
  const scope = parseScopeWithoutExtra(targetWord, extra);
  if (!scope.ok) return scope;
  const agent = parseOptionalAgent(agentWord);
  if (!agent.ok) return agent;
  return {
    ok: true,
    args: {
      scope: scope.args,
      spec: { verb: "autoupgrade", enable, ...(agent.args && { agent: agent.args }) },
      dryRun: split.args.dryRun,
      prefix: [enable ? "on" : "off"],
      suffix: agent.args ? [agent.args] : [],
    },
  };
}

export const autoUpgradeCommand = createChangeCommand({
  verb: "autoupgrade",
  aliases: ["自動アップグレード"],
  usageKey: "approval-card.help.autoupgrade.usage",
  descriptionKey: "approval-card.help.autoupgrade.description",
  examples: ["autoupgrade on vm-web-02", "autoupgrade off rg-prod/vmss-api --dry-run", "自動アップグレード オン vm-web-02"],
  parse: parseAutoUpgrade,
});
