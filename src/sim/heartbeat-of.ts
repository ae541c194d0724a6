// The newest Heartbeat row of a machine, resolved against the simulator clock. Fixtures store
// "minutes ago" so a demo fleet stays true; defaults follow the agent the machine runs.
import type { ExtensionData, HeartbeatData } from "./fixture-schema.js";
import { isInstanceEntry, type FleetState, type InstanceEntry, type VmEntry } from "./fleet-state.js";
import { instanceRunningVersion } from "./render-scale-set.js";

export interface HeartbeatRow {
  /** _ResourceId as Log Analytics stores it: lower case. */
  resourceId: string;
  timeGenerated: Date;
  version: string;
  category: string;
  computer: string;
  osType: string;
  osName: string;
}

const agents = [
  { publisher: "microsoft.azure.monitor", type: "azuremonitorlinuxagent", category: "Azure Monitor Agent" },
  { publisher: "microsoft.azure.monitor", type: "azuremonitorwindowsagent", category: "Azure Monitor Agent" },
  { publisher: "microsoft.enterprisecloud.monitoring", type: "omsagentforlinux", category: "Direct Agent" },
  { publisher: "microsoft.enterprisecloud.monitoring", type: "microsoftmonitoringagent", category: "Direct Agent" },
];

/** The machine's monitoring-agent extension (AMA first), if any, and its Heartbeat category. */
export function monitoringAgentOf(extensions: ExtensionData[]): { ext: ExtensionData; category: string } | undefined {
  for (const agent of agents) {
    const ext = extensions.find((e) => e.publisher.toLowerCase() === agent.publisher && e.type.toLowerCase() === agent.type);
    if (ext) return { ext, category: agent.category };
  }
  return undefined;
}

export function heartbeatOf(state: FleetState, entry: VmEntry | InstanceEntry): HeartbeatRow | undefined {
  let heartbeat: HeartbeatData | undefined;
  let extensions: ExtensionData[];
  let running: (ext: ExtensionData) => string | undefined;
  let computer: string;
  let os: { osType: string; osName?: string };
  if (isInstanceEntry(entry)) {
    const { set } = entry.scaleSet;
    heartbeat = entry.instance.heartbeat ?? (entry.instance.powerState === "running" ? set.heartbeat : undefined);
    extensions = set.extensions;
    running = (ext) => instanceRunningVersion(entry.instance, ext);
    computer = `${set.name}_${entry.instance.instanceId}`;
    os = set;
  } else {
    heartbeat = entry.vm.heartbeat;
    extensions = entry.vm.extensions;
    running = (ext) => ext.runningVersion;
    computer = entry.vm.name;
    os = entry.vm;
  }
  if (!heartbeat) return undefined;
  const agent = monitoringAgentOf(extensions);
  return {
    resourceId: entry.id.toLowerCase(),
    timeGenerated: new Date(state.now().getTime() - heartbeat.minutesAgo * 60_000),
    version: heartbeat.version ?? (agent ? running(agent.ext) : undefined) ?? "",
    category: heartbeat.category ?? agent?.category ?? "Azure Monitor Agent",
    computer,
    osType: os.osType,
    osName: os.osName ?? "",
  };
}
