// References between monitoring resources in a fixture ("name", "rg/name" or a full ARM ID) and
// the IDs ARM gives those resources.
import type { DataCollectionEndpointData, DataCollectionRuleData, FleetData, PrivateLinkScopeData, ResourceGroupData, WorkspaceData } from "./fixture-schema.js";

export const monitorTypes = {
  workspace: "Microsoft.OperationalInsights/workspaces",
  dataCollectionEndpoint: "Microsoft.Insights/dataCollectionEndpoints",
  dataCollectionRule: "Microsoft.Insights/dataCollectionRules",
  privateLinkScope: "microsoft.insights/privateLinkScopes",
} as const;

export type MonitorKind = keyof typeof monitorTypes;

interface ItemOf {
  workspace: WorkspaceData;
  dataCollectionEndpoint: DataCollectionEndpointData;
  dataCollectionRule: DataCollectionRuleData;
  privateLinkScope: PrivateLinkScopeData;
}

const collections = {
  workspace: "workspaces",
  dataCollectionEndpoint: "dataCollectionEndpoints",
  dataCollectionRule: "dataCollectionRules",
  privateLinkScope: "privateLinkScopes",
} as const satisfies Record<MonitorKind, keyof ResourceGroupData>;

export interface MonitorTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface Found<K extends MonitorKind> {
  subscriptionId: string;
  group: ResourceGroupData;
  item: ItemOf[K];
  id: string;
  location: string;
}

export function monitorId(kind: MonitorKind, subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${monitorTypes[kind]}/${name}`;
}

/** Where a reference points, or undefined when it is malformed or of another resource type. */
export function resolveReference(ref: string, from: { subscriptionId: string; resourceGroup: string }, kind: MonitorKind): MonitorTarget | undefined {
  if (ref.startsWith("/")) {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i.exec(ref);
    if (!m || m[3]!.toLowerCase() !== monitorTypes[kind].toLowerCase()) return undefined;
    return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[4]! };
  }
  const parts = ref.split("/");
  if (parts.length === 1) return { ...from, name: ref };
  if (parts.length === 2) return { subscriptionId: from.subscriptionId, resourceGroup: parts[0]!, name: parts[1]! };
  return undefined;
}

export function findMonitorResource<K extends MonitorKind>(data: FleetData, kind: K, target: MonitorTarget): Found<K> | undefined {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const sub = data.subscriptions.find((s) => same(s.id, target.subscriptionId));
  const group = sub?.resourceGroups.find((g) => same(g.name, target.resourceGroup));
  if (!sub || !group) return undefined;
  const items = group[collections[kind]] as ItemOf[K][];
  const item = items.find((i) => same(i.name, target.name));
  if (!item) return undefined;
  const location = "location" in item && item.location ? item.location : group.location;
  return { subscriptionId: sub.id, group, item, id: monitorId(kind, sub.id, group.name, item.name), location };
}

/** Resolves a reference made from a resource in (subscriptionId, resourceGroup). */
export function followReference<K extends MonitorKind>(data: FleetData, kind: K, ref: string, from: { subscriptionId: string; resourceGroup: string }): Found<K> | undefined {
  const target = resolveReference(ref, from, kind);
  return target ? findMonitorResource(data, kind, target) : undefined;
}
