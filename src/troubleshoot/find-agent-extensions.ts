// Agents are identified by publisher + type through the drift agent catalogue, never by the
// extension name the deployer chose (domain.md §1).
import { identifyAgent, recommendedAgentFor } from "../drift/agents.js";
import type { Extension, Vm } from "../fleet/port.js";

export interface AgentExtensions {
  ama?: Extension;
  /** The retired Log Analytics agent (OmsAgentForLinux / MicrosoftMonitoringAgent). */
  legacy?: Extension;
}

function familyOf(extension: Extension): string | undefined {
  return identifyAgent(extension.publisher, extension.type)?.family;
}

export function findAgentExtensions(vm: Vm): AgentExtensions {
  return {
    ama: vm.extensions.find((e) => familyOf(e) === "azureMonitorAgent"),
    legacy: vm.extensions.find((e) => familyOf(e) === "logAnalyticsAgent"),
  };
}

/** The AMA extension type for this OS: what the reinstall remedy installs. */
export function amaTypeFor(vm: Vm): string {
  return recommendedAgentFor(vm.osType).type;
}
