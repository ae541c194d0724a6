// Action remedies run as the approval flow's own commands (src/approvals/verbs.ts): the button types
// the exact command, which is parsed, planned and approved like any typed one. Nothing here changes Azure.
import type { ResourceRef } from "../fleet/port.js";
import type { ActionRemedyKey } from "./remedies.js";

/** The approval verb each action remedy maps to. */
export const remedyVerbs: Record<ActionRemedyKey, string> = {
  startVm: "start-vm",
  reinstallAma: "reinstall",
  enableSystemIdentity: "enable-identity",
  restartLegacyAgent: "restart-agent",
};

/** The exact command text, e.g. "reinstall rg-prod/vm-web-01 ama". */
export function remedyCommandFor(key: ActionRemedyKey, vm: Pick<ResourceRef, "resourceGroup" | "name">): string {
  const target = `${vm.resourceGroup}/${vm.name}`;
  return key === "reinstallAma" ? `${remedyVerbs[key]} ${target} ama` : `${remedyVerbs[key]} ${target}`;
}
