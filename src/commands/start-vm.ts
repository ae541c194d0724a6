// `start-vm <vm> [--dry-run]` (VM起動): the troubleshooting remedy for a stopped or deallocated
// machine (checklist step 2, seed 002), after approval.
import { createChangeCommand } from "./change-command.js";
import { parseTargetOnlyChange } from "./parse-target-only-change.js";

export const startVmCommand = createChangeCommand({
  verb: "start-vm",
  aliases: ["VM起動"],
  usageKey: "approval-card.help.startVm.usage",
  descriptionKey: "approval-card.help.startVm.description",
  examples: ["start-vm rg-prod/vm-batch-01", "start-vm rg-trouble/vm-ts-power-01 --dry-run", "VM起動 vm-batch-01"],
  parse: parseTargetOnlyChange("start-vm"),
});
