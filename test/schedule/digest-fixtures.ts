// Judged machines for digest tests, built from the few fields a test cares about.
import type { AgentId } from "../../src/drift/agents.js";
import type { Finding, Severity } from "../../src/drift/findings.js";
import type { DigestAgent, DigestItem, DigestResource } from "../../src/schedule/digest-source.js";

export const subA = "00000000-0000-4000-8000-000000000001";

const reasons: Record<Severity, Pick<Finding, "reason" | "params">> = {
  critical: { reason: "drift.reason.failed", params: { code: "ProvisioningState/failed/53", extension: "OmsAgentForLinux" } },
  high: { reason: "drift.reason.behind.major", params: { current: "1.0", latest: "2.1.0", extension: "AMA" } },
  medium: { reason: "drift.reason.behind.minor", params: { current: "1.32.1", latest: "1.33.2", extension: "AMA" } },
  low: { reason: "drift.reason.behind.patch", params: { current: "1.33.1", latest: "1.33.2", extension: "AMA" } },
  info: { reason: "drift.reason.behindWhileAutomatic.patch", params: { current: "1.33.1", latest: "1.33.2", extension: "AMA" } },
};

export function finding(severity: Severity, agent: AgentId = "amaLinux"): Finding {
  return { ...reasons[severity], severity, agent, extensionName: "AMA" };
}

export interface MachineOptions {
  resourceGroup?: string;
  subscriptionId?: string;
  kind?: DigestResource["kind"];
  severities?: Severity[];
  agents?: DigestAgent[];
}

export function machine(name: string, options: MachineOptions = {}): DigestResource {
  const subscriptionId = options.subscriptionId ?? subA;
  const resourceGroup = options.resourceGroup ?? "rg-prod";
  const kind = options.kind ?? "vm";
  const type = kind === "vm" ? "virtualMachines" : "virtualMachineScaleSets";
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/${type}/${name}`,
    kind,
    subscriptionId,
    resourceGroup,
    name,
    agents: options.agents ?? [{ agent: "amaLinux", autoUpgrade: "off" }],
    findings: (options.severities ?? []).map((s) => finding(s)),
  };
}

/**
 * A big fleet: `count` machines over 200 resource groups, with a spread of severities and agents, and
 * names as long as Azure allows (VM 64, resource group 90 characters): the worst case for card size.
 */
export function generateFleet(count: number): DigestItem[] {
  const spread: Severity[][] = [[], ["critical", "high"], ["high"], ["medium", "medium"], ["low"], ["info"], [], ["medium"]];
  return Array.from({ length: count }, (_, i) => {
    const legacy = i % 9 === 0;
    const name = `vm-${String(i).padStart(5, "0")}-`.padEnd(64, "x");
    return machine(name, {
      resourceGroup: `rg-${String(i % 200).padStart(3, "0")}-`.padEnd(90, "g"),
      severities: spread[i % spread.length] as Severity[],
      agents: legacy ? [{ agent: "omsLinux", autoUpgrade: "off" }] : [{ agent: "amaLinux", autoUpgrade: i % 3 === 0 ? "enabled" : "off" }],
    });
  });
}
