// After a change, the agent's own Heartbeat tells whether it came back, and with which version
// (domain.md §3: the Heartbeat Version column is what the agent reports). Pure assessment; the
// checkHeartbeats use case feeds it from the FleetReader during the watch window.
import { identifyAgent } from "../drift/agents.js";
import { compareVersions, parseVersion } from "../drift/version.js";
import type { Heartbeat } from "../fleet/port.js";
import { message, type MessageRef } from "./message-ref.js";
import type { PlanItem } from "./plan.js";
import type { ExecutionProgress } from "./progress.js";

/** newVersion: reports the target; oldVersion: reports, but an older version; reporting: alive (version not comparable); silent: no heartbeat since the change. */
export type HeartbeatVerdict = "newVersion" | "oldVersion" | "reporting" | "silent";

export interface MachineHeartbeat {
  itemId: string;
  resourceId: string;
  name: string;
  verdict: HeartbeatVerdict;
  lastSeen?: string;
  version?: string;
  expected?: string;
}

/** The version the agent should report after the item, when its heartbeat reports extension versions at all. */
function expectedVersion(item: PlanItem): string | undefined {
  const action = item.action;
  if (action.kind !== "setExtensionVersion" && action.kind !== "reinstallExtension") return undefined;
  const agent = identifyAgent(action.extension.publisher, action.extension.type);
  // The Log Analytics agents report their bundle version, not the extension's (seed 004).
  if (!agent?.heartbeatReportsExtensionVersion) return undefined;
  return action.kind === "setExtensionVersion" ? action.latestVersion : action.definition.typeHandlerVersion;
}

/** Compares only as many parts as `expected` has: "1.33" is met by "1.33.2". */
function meets(version: string, expected: string): boolean {
  const have = parseVersion(version);
  const want = parseVersion(expected);
  if (!have || !want) return false;
  return compareVersions(have.slice(0, want.length), want) >= 0;
}

/** VMs whose item succeeded, judged by their newest heartbeat since the change finished. */
export function assessHeartbeats(
  items: readonly PlanItem[],
  progress: ExecutionProgress,
  heartbeats: ReadonlyMap<string, Heartbeat | undefined>,
  since: Date,
): MachineHeartbeat[] {
  const succeeded = new Set(progress.items.filter((p) => p.status === "succeeded").map((p) => p.itemId));
  const seen = new Set<string>();
  const out: MachineHeartbeat[] = [];
  for (const item of items) {
    if (item.resource.kind !== "vm" || !succeeded.has(item.id) || item.action.kind === "enableSystemIdentity") continue;
    const resourceId = item.resource.id;
    const expected = expectedVersion(item);
    if (seen.has(resourceId.toLowerCase()) && !expected) continue;
    seen.add(resourceId.toLowerCase());
    const beat = heartbeats.get(resourceId.toLowerCase());
    const base = { itemId: item.id, resourceId, name: item.resource.name, ...(expected ? { expected } : {}) };
    if (!beat || beat.lastSeen.getTime() < since.getTime()) {
      out.push({ ...base, verdict: "silent", ...(beat ? { lastSeen: beat.lastSeen.toISOString() } : {}) });
      continue;
    }
    const reported = { lastSeen: beat.lastSeen.toISOString(), ...(beat.version ? { version: beat.version } : {}) };
    const verdict: HeartbeatVerdict = !expected || !beat.version ? "reporting" : meets(beat.version, expected) ? "newVersion" : "oldVersion";
    out.push({ ...base, ...reported, verdict });
  }
  return out;
}

/** approvals.heartbeat.<verdict>: "vm-web-02 reports 1.33.2", "vm-x sent no heartbeat since the change", ... */
export function describeHeartbeat(machine: MachineHeartbeat): MessageRef {
  return message(`approvals.heartbeat.${machine.verdict}`, {
    name: machine.name,
    version: machine.version ?? "",
    expected: machine.expected ?? "",
  });
}

/** True when nothing is left to wait for: every machine reports the new version (or is alive, where versions are not comparable). */
export function heartbeatsSettled(machines: readonly MachineHeartbeat[]): boolean {
  return machines.every((m) => m.verdict === "newVersion" || m.verdict === "reporting");
}
