// `restart-agent <vm> [--dry-run]` (エージェント再起動): restarts the retired Log Analytics agent for
// Linux through Run Command so it picks up its renewed certificate (seed 003), after approval.
import { createChangeCommand } from "./change-command.js";
import { parseTargetOnlyChange } from "./parse-target-only-change.js";

export const parseRestartAgent = parseTargetOnlyChange("restart-agent");

export const restartAgentCommand = createChangeCommand({
  verb: "restart-agent",
  aliases: ["エージェント再起動"],
  usageKey: "approval-card.help.restartAgent.usage",
  descriptionKey: "approval-card.help.restartAgent.description",
  examples: ["restart-agent vm-legacy-01", "restart-agent rg-prod/vm-legacy-01 --dry-run", "エージェント再起動 vm-legacy-01"],
  parse: parseRestartAgent,
});
