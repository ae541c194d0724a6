// The I/O half of the checklist: reads what the steps reason about through the fleet ports, in
// parallel where the reads are independent. Each fact stands alone: a 403 on the DCRs or a throttled
// heartbeat query turns that fact into "?" (UnknownFact) and the other steps still answer.
import { isThrottled } from "../commands/is-throttled.js";
import type { FleetDiagnostics, FleetReader, Vm } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { isUnknown, unknownFact, type DataCollectionFacts, type Fact, type PrivateLinkScope, type TroubleshootFacts, type UnknownReason, type WorkspaceInfo } from "./facts.js";

export interface FactSources {
  fleet: Pick<FleetReader, "lastHeartbeat">;
  /** Absent when the deployment wires no diagnostics reader: those facts are then "could not read". */
  diagnostics?: FleetDiagnostics;
  log: Logger;
  correlationId?: string;
}

/** 403 → the bot may not read it; 429 that outlived the SDK's retries → throttled; anything else → failed. */
export function unknownReasonOf(error: unknown): UnknownReason {
  if (isThrottled(error)) return "throttled";
  const e = error as { statusCode?: unknown; code?: unknown } | null | undefined;
  if (e?.statusCode === 403 || e?.code === "AuthorizationFailed" || e?.code === "Forbidden") return "forbidden";
  return "failed";
}

async function read<T>(sources: FactSources, what: string, work: () => Promise<T>): Promise<Fact<T>> {
  try {
    return await work();
  } catch (error) {
    const reason = unknownReasonOf(error);
    const e = error as { name?: unknown; code?: unknown; statusCode?: unknown; message?: unknown } | null;
    // Only what is safe to log: SDK errors can carry the request (and its Authorization header).
    sources.log.warn({ correlationId: sources.correlationId, fact: what, reason, err: { type: e?.name, code: e?.code, statusCode: e?.statusCode, message: e?.message } }, "troubleshoot fact could not be read");
    return unknownFact(reason);
  }
}

function uniqueIds(ids: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

function workspaceIdsOf(collection: DataCollectionFacts): string[] {
  return uniqueIds(collection.rules.flatMap((r) => r.destinations.map((d) => d.workspaceResourceId)));
}

function endpointIdsOf(collection: DataCollectionFacts): string[] {
  return uniqueIds([
    ...collection.rules.flatMap((r) => (r.dataCollectionEndpointId ? [r.dataCollectionEndpointId] : [])),
    ...collection.associations.flatMap((a) => (a.dataCollectionEndpointId ? [a.dataCollectionEndpointId] : [])),
    ...collection.endpoints.map((e) => e.id),
  ]);
}

async function readWorkspaces(sources: FactSources, diagnostics: FleetDiagnostics, ids: readonly string[]): Promise<Fact<WorkspaceInfo[]>> {
  const found = await Promise.all(ids.map((id) => read(sources, "workspace", () => diagnostics.getWorkspace(id))));
  const failed = found.find(isUnknown);
  if (failed) return failed;
  return found.flatMap((w) => (w && !isUnknown(w) ? [{ id: w.id, name: w.name, ...(w.customerId ? { customerId: w.customerId } : {}) }] : []));
}

async function readScopes(sources: FactSources, diagnostics: FleetDiagnostics, collection: DataCollectionFacts): Promise<Fact<PrivateLinkScope[]>> {
  const resources = [...workspaceIdsOf(collection), ...endpointIdsOf(collection)];
  if (resources.length === 0) return [];
  return read(sources, "privateLinkScopes", () => diagnostics.privateLinkScopesContaining(resources));
}

async function readDataCollection(sources: FactSources, resourceId: string): Promise<Pick<TroubleshootFacts, "dataCollection" | "workspaces" | "privateLinkScopes">> {
  const diagnostics = sources.diagnostics;
  if (!diagnostics) {
    sources.log.warn({ correlationId: sources.correlationId }, "troubleshoot: no diagnostics reader wired; DCR, workspace and AMPLS facts are unknown");
    const missing = unknownFact("failed");
    return { dataCollection: missing, workspaces: missing, privateLinkScopes: missing };
  }
  const dataCollection = await read(sources, "dataCollectionRules", () => diagnostics.dataCollectionRulesOf(resourceId));
  if (isUnknown(dataCollection)) return { dataCollection, workspaces: dataCollection, privateLinkScopes: dataCollection };
  // Workspace names/GUIDs and the private link scopes both hang off the rules: read them side by side.
  const [workspaces, privateLinkScopes] = await Promise.all([
    readWorkspaces(sources, diagnostics, workspaceIdsOf(dataCollection)),
    readScopes(sources, diagnostics, dataCollection),
  ]);
  return { dataCollection, workspaces, privateLinkScopes };
}

export type MachineFacts = Omit<TroubleshootFacts, "vm" | "reachability" | "omsCertificates" | "expectedWorkspaceId">;

/**
 * What the ARM-side steps need beyond the VM itself, by resource ID only, so that it can run side by
 * side with the VM's own GET. The machine probes (Run Command) are added later.
 */
export async function gatherMachineFacts(sources: FactSources, resourceId: string): Promise<MachineFacts> {
  const [heartbeat, collection] = await Promise.all([
    read(sources, "heartbeat", () => sources.fleet.lastHeartbeat(resourceId)),
    readDataCollection(sources, resourceId),
  ]);
  return { heartbeat, ...collection };
}

/** Everything the ARM-side steps need for one VM. */
export async function gatherFacts(sources: FactSources, vm: Vm): Promise<TroubleshootFacts> {
  return { vm, ...(await gatherMachineFacts(sources, vm.id)) };
}
