// The expected impact of a plan (domain.md §3): what the approval card warns about.
import { message, type MessageRef } from "./message-ref.js";
import type { PlanItem, PlanSpec } from "./plan.js";

const impactKey = (name: string) => `approvals.impact.${name}`;

/** The expected impact lines of a set of items (domain.md §3): what the approval card warns about. */
export function impactOf(spec: PlanSpec, items: readonly PlanItem[]): MessageRef[] {
  const kinds = new Set(items.map((i) => i.action.kind));
  const lines: MessageRef[] = [];
  const add = (name: string, params?: Record<string, string | number>) => lines.push(message(impactKey(name), params));
  const changesAgent = kinds.has("setExtensionVersion") || kinds.has("rolloutModel") || kinds.has("reinstallExtension");
  if (changesAgent) {
    add("sampledGap");
    add("eventLogsKept");
  }
  if (kinds.has("reinstallExtension")) add("reinstallGap");
  if (kinds.has("runCommand")) add("restartAgentGap");
  if (kinds.has("setAutomaticUpgrade")) add(spec.verb === "autoupgrade" && spec.enable ? "autoUpgradeOn" : "autoUpgradeOff");
  if (changesAgent || kinds.has("setAutomaticUpgrade") || kinds.has("runCommand") || kinds.has("enableSystemIdentity")) add("noReboot");
  for (const item of items) {
    if (item.action.kind === "rolloutModel") {
      const instances = item.action.waves.reduce((n, w) => n + w.length, 0);
      add("waves", { name: item.resource.name, waves: item.action.waves.length, instances, canary: item.action.waves[0]?.length ?? 0 });
    }
  }
  const automaticModels = items.filter((i) => i.resource.kind === "scaleSet" && i.basis.upgradePolicy && i.basis.upgradePolicy !== "Manual");
  for (const name of new Set(automaticModels.map((i) => i.resource.name))) {
    const policy = automaticModels.find((i) => i.resource.name === name)?.basis.upgradePolicy ?? "Automatic";
    add("platformAppliesModel", { name, policy });
  }
  const retired = items.some((i) => {
    const agent = "extension" in i.action ? i.action.extension.agent : undefined;
    return agent === "omsLinux" || agent === "mmaWindows";
  });
  if (retired) add("retiredAgent");
  if (kinds.has("reinstallExtension") && items.some((i) => i.action.kind === "reinstallExtension" && i.basis.systemAssignedIdentity === false)) {
    add("reinstallNeedsIdentitySettings");
  }
  if (kinds.has("startVm")) add("startVm");
  if (kinds.has("enableSystemIdentity")) add("identityCreated");
  return lines;
}
