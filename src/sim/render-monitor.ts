// JSON shapes of Azure Monitor resources (azure-api.md §8; arm-monitor 8 models): data collection
// rules with their Log Analytics destinations, endpoints, rule associations of a resource, and
// private link scopes (AMPLS) with their scoped resources.
import { createHash } from "node:crypto";
import { stableGuid } from "./arm-ids.js";
import type { DataCollectionEndpointData, DataCollectionRuleData, FleetData, PrivateLinkScopeData } from "./fixture-schema.js";
import { followReference, monitorId, resolveReference, type Found, type MonitorKind } from "./monitor-refs.js";

const hex = (seed: string, length: number) => createHash("sha256").update(seed.toLowerCase()).digest("hex").slice(0, length);
const etag = (id: string) => `"${stableGuid(`${id}#etag`)}"`;

export function renderDataCollectionRule(data: FleetData, found: Found<"dataCollectionRule">) {
  const rule: DataCollectionRuleData = found.item;
  const from = { subscriptionId: found.subscriptionId, resourceGroup: found.group.name };
  const destinations = rule.workspaces.flatMap((ref) => {
    const ws = followReference(data, "workspace", ref, from);
    return ws ? [{ workspaceResourceId: ws.id, workspaceId: ws.item.customerId, name: `la-${hex(ws.id, 8)}` }] : [];
  });
  const endpoint = rule.dataCollectionEndpoint ? followReference(data, "dataCollectionEndpoint", rule.dataCollectionEndpoint, from) : undefined;
  const windows = rule.kind === "Windows";
  return {
    id: found.id,
    name: rule.name,
    type: "Microsoft.Insights/dataCollectionRules",
    location: found.location,
    ...(rule.kind ? { kind: rule.kind } : {}),
    etag: etag(found.id),
    tags: {},
    properties: {
      immutableId: `dcr-${hex(found.id, 32)}`,
      ...(endpoint ? { dataCollectionEndpointId: endpoint.id } : {}),
      dataSources: windows
        ? { windowsEventLogs: [{ streams: ["Microsoft-Event"], xPathQueries: ["System!*[System[(Level=1 or Level=2 or Level=3)]]"], name: "eventLogsDataSource" }] }
        : {
            syslog: [{ streams: ["Microsoft-Syslog"], facilityNames: ["*"], logLevels: ["Warning", "Error", "Critical", "Alert", "Emergency"], name: "sysLogsDataSource" }],
            performanceCounters: [{ streams: ["Microsoft-Perf"], samplingFrequencyInSeconds: 60, counterSpecifiers: ["Processor(*)\\% Processor Time"], name: "perfCounterDataSource60" }],
          },
      destinations: { logAnalytics: destinations },
      dataFlows: [{ streams: rule.streams, destinations: destinations.map((d) => d.name) }],
      provisioningState: "Succeeded",
    },
  };
}

export function renderWorkspace(found: Found<"workspace">) {
  return {
    id: found.id,
    name: found.item.name,
    type: "Microsoft.OperationalInsights/workspaces",
    location: found.location,
    tags: {},
    properties: {
      customerId: found.item.customerId,
      provisioningState: "Succeeded",
      sku: { name: "PerGB2018" },
      retentionInDays: 30,
      publicNetworkAccessForIngestion: found.item.publicNetworkAccessForIngestion,
      publicNetworkAccessForQuery: found.item.publicNetworkAccessForQuery,
    },
  };
}

export function dataCollectionEndpointHost(found: Found<"dataCollectionEndpoint">, service: "handler.control" | "ingest"): string {
  return `${found.item.name}-${hex(found.id, 4)}.${found.location}-1.${service}.monitor.azure.com`;
}

export function renderDataCollectionEndpoint(found: Found<"dataCollectionEndpoint">) {
  const endpoint: DataCollectionEndpointData = found.item;
  return {
    id: found.id,
    name: endpoint.name,
    type: "Microsoft.Insights/dataCollectionEndpoints",
    location: found.location,
    etag: etag(found.id),
    tags: {},
    properties: {
      immutableId: `dce-${hex(found.id, 32)}`,
      configurationAccess: { endpoint: `https://${dataCollectionEndpointHost(found, "handler.control")}` },
      logsIngestion: { endpoint: `https://${dataCollectionEndpointHost(found, "ingest")}` },
      networkAcls: { publicNetworkAccess: endpoint.publicNetworkAccess },
      provisioningState: "Succeeded",
    },
  };
}

export interface AssociationTarget {
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  dataCollectionRules: string[];
  dataCollectionEndpoint?: string;
}

/** Where an association points: the resource when it exists, else the ID it names (a dangling association). */
function associated(data: FleetData, kind: MonitorKind, ref: string, from: { subscriptionId: string; resourceGroup: string }): { id: string; name: string } | undefined {
  const found = followReference(data, kind, ref, from);
  if (found) return { id: found.id, name: found.item.name };
  const target = resolveReference(ref, from, kind);
  return target && { id: monitorId(kind, target.subscriptionId, target.resourceGroup, target.name), name: target.name };
}

/** The associations of one VM or scale set: one per DCR, plus "configurationAccessEndpoint" for a DCE. */
export function renderAssociations(data: FleetData, target: AssociationTarget) {
  const from = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup };
  const base = `${target.resourceId}/providers/Microsoft.Insights/dataCollectionRuleAssociations`;
  const rules = target.dataCollectionRules.flatMap((ref) => {
    const rule = associated(data, "dataCollectionRule", ref, from);
    if (!rule) return [];
    const name = `${rule.name}-association`;
    return [{ id: `${base}/${name}`, name, type: "Microsoft.Insights/dataCollectionRuleAssociations", etag: etag(`${base}/${name}`), properties: { dataCollectionRuleId: rule.id, provisioningState: "Succeeded" } }];
  });
  const endpoint = target.dataCollectionEndpoint ? associated(data, "dataCollectionEndpoint", target.dataCollectionEndpoint, from) : undefined;
  const endpoints = endpoint
    ? [{ id: `${base}/configurationAccessEndpoint`, name: "configurationAccessEndpoint", type: "Microsoft.Insights/dataCollectionRuleAssociations", etag: etag(`${base}/configurationAccessEndpoint`), properties: { dataCollectionEndpointId: endpoint.id, provisioningState: "Succeeded" } }]
    : [];
  return [...rules, ...endpoints];
}

export function renderPrivateLinkScope(found: Found<"privateLinkScope">) {
  const scope: PrivateLinkScopeData = found.item;
  return {
    id: found.id,
    name: scope.name,
    type: "microsoft.insights/privatelinkscopes",
    location: "Global",
    tags: {},
    properties: {
      provisioningState: "Succeeded",
      privateEndpointConnections: [],
      accessModeSettings: { queryAccessMode: scope.queryAccessMode, ingestionAccessMode: scope.ingestionAccessMode, exclusions: [] },
    },
  };
}

export function renderScopedResources(data: FleetData, found: Found<"privateLinkScope">) {
  const from = { subscriptionId: found.subscriptionId, resourceGroup: found.group.name };
  const linked = [
    ...found.item.workspaces.map((ref) => followReference(data, "workspace", ref, from)),
    ...found.item.dataCollectionEndpoints.map((ref) => followReference(data, "dataCollectionEndpoint", ref, from)),
  ].filter((x) => x !== undefined);
  return linked.map((resource) => {
    const name = `scoped-${resource.item.name}`;
    return {
      id: `${found.id}/scopedResources/${name}`,
      name,
      type: "Microsoft.Insights/privateLinkScopes/scopedResources",
      properties: { linkedResourceId: resource.id, kind: "Resource", subscriptionLocation: resource.location, provisioningState: "Succeeded" },
    };
  });
}


