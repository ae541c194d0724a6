// The monitoring agents extops knows, identified by extension publisher + type (case-insensitive).
// The extension *name* on a VM is whatever the deployer chose, so it is never used (domain.md §1).
import type { OsType } from "../fleet/port.js";

export type AgentId = "amaLinux" | "amaWindows" | "omsLinux" | "mmaWindows" | "dependencyLinux" | "dependencyWindows";

export type AgentFamily = "azureMonitorAgent" | "logAnalyticsAgent" | "dependencyAgent";

export interface AgentInfo {
  id: AgentId;
  family: AgentFamily;
  /** Canonical casing, as Microsoft documents it. */
  publisher: string;
  type: string;
  osType: OsType;
  /** Product name; used as-is in both languages, like Microsoft's own Japanese articles do. */
  displayName: string;
  /** i18n key of a short localized label ("drift.agent.amaLinux"). */
  labelKey: string;
  status: "current" | "retired";
  /** ISO date the agent was retired (Log Analytics agents: 2024-08-31). */
  retiredOn?: string;
  /** Honours enableAutomaticUpgrade (on Microsoft's supported list). */
  supportsAutomaticUpgrade: boolean;
  /**
   * New builds reach the VM whatever the upgrade flags say: the Windows Log Analytics agent only
   * bumps its build number and those roll out on their own (seed 000).
   */
  buildsRollOutAutomatically: boolean;
  /** Sends data (Heartbeat) by itself. The Dependency agent needs AMA or MMA next to it. */
  sendsHeartbeat: boolean;
  /** Heartbeat.Category the agent reports, when it sends heartbeats. */
  heartbeatCategory?: string;
  /**
   * Heartbeat.Version is the extension version. Not so for the Log Analytics agents: their
   * heartbeat reports the agent bundle (extension 1.13.15 ships bundle 1.13.9-0, seed 004).
   */
  heartbeatReportsExtensionVersion: boolean;
  /** The agent to move to when this one is retired. */
  replacedBy?: AgentId;
}

const retiredOn = "2024-08-31";

export const agentCatalogue: readonly AgentInfo[] = [
  {
    id: "amaLinux",
    family: "azureMonitorAgent",
    publisher: "Microsoft.Azure.Monitor",
    type: "AzureMonitorLinuxAgent",
    osType: "Linux",
    displayName: "Azure Monitor Agent (Linux)",
    labelKey: "drift.agent.amaLinux",
    status: "current",
    supportsAutomaticUpgrade: true,
    buildsRollOutAutomatically: false,
    sendsHeartbeat: true,
    heartbeatCategory: "Azure Monitor Agent",
    heartbeatReportsExtensionVersion: true,
  },
  {
    id: "amaWindows",
    family: "azureMonitorAgent",
    publisher: "Microsoft.Azure.Monitor",
    type: "AzureMonitorWindowsAgent",
    osType: "Windows",
    displayName: "Azure Monitor Agent (Windows)",
    labelKey: "drift.agent.amaWindows",
    status: "current",
    supportsAutomaticUpgrade: true,
    buildsRollOutAutomatically: false,
    sendsHeartbeat: true,
    heartbeatCategory: "Azure Monitor Agent",
    heartbeatReportsExtensionVersion: true,
  },
  {
    id: "omsLinux",
    family: "logAnalyticsAgent",
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "OmsAgentForLinux",
    osType: "Linux",
    displayName: "Log Analytics agent for Linux (OMS)",
    labelKey: "drift.agent.omsLinux",
    status: "retired",
    retiredOn,
    // enableAutomaticUpgrade is honoured since October 2022, set through CLI/PowerShell only (seed 000).
    supportsAutomaticUpgrade: true,
    buildsRollOutAutomatically: false,
    sendsHeartbeat: true,
    heartbeatCategory: "Direct Agent",
    heartbeatReportsExtensionVersion: false,
    replacedBy: "amaLinux",
  },
  {
    id: "mmaWindows",
    family: "logAnalyticsAgent",
    publisher: "Microsoft.EnterpriseCloud.Monitoring",
    type: "MicrosoftMonitoringAgent",
    osType: "Windows",
    displayName: "Log Analytics agent for Windows (MMA)",
    labelKey: "drift.agent.mmaWindows",
    status: "retired",
    retiredOn,
    supportsAutomaticUpgrade: false,
    buildsRollOutAutomatically: true,
    sendsHeartbeat: true,
    heartbeatCategory: "Direct Agent",
    heartbeatReportsExtensionVersion: false,
    replacedBy: "amaWindows",
  },
  {
    id: "dependencyLinux",
    family: "dependencyAgent",
    publisher: "Microsoft.Azure.Monitoring.DependencyAgent",
    type: "DependencyAgentLinux",
    osType: "Linux",
    displayName: "Dependency agent (Linux)",
    labelKey: "drift.agent.dependencyLinux",
    status: "current",
    supportsAutomaticUpgrade: true,
    buildsRollOutAutomatically: false,
    sendsHeartbeat: false,
    heartbeatReportsExtensionVersion: false,
  },
  {
    id: "dependencyWindows",
    family: "dependencyAgent",
    publisher: "Microsoft.Azure.Monitoring.DependencyAgent",
    type: "DependencyAgentWindows",
    osType: "Windows",
    displayName: "Dependency agent (Windows)",
    labelKey: "drift.agent.dependencyWindows",
    status: "current",
    supportsAutomaticUpgrade: true,
    buildsRollOutAutomatically: false,
    sendsHeartbeat: false,
    heartbeatReportsExtensionVersion: false,
  },
];

/** The lower-cased "publisher/type" key used for latest-version maps and agent look-ups. */
export function extensionKey(publisher: string, type: string): string {
  return `${publisher.trim()}/${type.trim()}`.toLowerCase();
}

const byKey = new Map(agentCatalogue.map((agent) => [extensionKey(agent.publisher, agent.type), agent]));
const byId = new Map(agentCatalogue.map((agent) => [agent.id, agent]));

/** The agent an extension installs, or undefined when it is not a monitoring agent extops knows. */
export function identifyAgent(publisher: string, type: string): AgentInfo | undefined {
  return byKey.get(extensionKey(publisher, type));
}

export function agentById(id: AgentId): AgentInfo {
  const agent = byId.get(id);
  if (!agent) throw new Error(`unknown agent ${id}`);
  return agent;
}

/** Agents that send monitoring data by themselves on this OS (current first, then retired). */
export function monitoringAgentsFor(osType: OsType): AgentInfo[] {
  return agentCatalogue
    .filter((agent) => agent.osType === osType && agent.sendsHeartbeat)
    .sort((a, b) => (a.status === b.status ? 0 : a.status === "current" ? -1 : 1));
}

/** The agent to install on this OS today: Azure Monitor Agent. */
export function recommendedAgentFor(osType: OsType): AgentInfo {
  return agentById(osType === "Linux" ? "amaLinux" : "amaWindows");
}
