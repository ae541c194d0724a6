// `enable-identity <vm> [--dry-run]` (ID有効化): turns on a system-assigned managed identity, which
// Azure Monitor Agent authenticates with (checklist step 7, seed 002), after approval.
import { createChangeCommand } from "./change-command.js";
import { parseTargetOnlyChange } from "./parse-target-only-change.js";

export const enableIdentityCommand = createChangeCommand({
  verb: "enable-identity",
  aliases: ["ID有効化"],
  usageKey: "approval-card.help.enableIdentity.usage",
  descriptionKey: "approval-card.help.enableIdentity.description",
  examples: ["enable-identity rg-trouble/vm-ts-identity-01", "enable-identity vm-ts-identity-01 --dry-run", "ID有効化 vm-ts-identity-01"],
  parse: parseTargetOnlyChange("enable-identity"),
});
