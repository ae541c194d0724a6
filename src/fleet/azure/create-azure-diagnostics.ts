import type { DataCollectionEndpointResource, DataCollectionRuleResource } from "@azure/arm-monitor";
import type {
  DataCollectionEndpoint,
  DataCollectionFacts,
  DataCollectionRule,
  DataCollectionRuleAssociation,
  PrivateLinkScope,
} from "../../troubleshoot/facts.js";
import type { FleetDiagnostics, Workspace } from "../port.js";
import { createArmClients } from "./arm-clients.js";
import { AzureError, statusCodeOf, toAzureError } from "./azure-error.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";
import { mapBounded } from "../../concurrency/map-bounded.js";
import { parseResourceId, requireResourceId } from "./resource-id.js";

// No installed SDK reads Microsoft.OperationalInsights (there is no @azure/arm-operationalinsights
// in package.json), so the workspace is one plain ARM GET at the Workspaces - Get api-version.
const workspaceApiVersion = "2023-09-01";
const defaultConcurrency = 8;

/** DCR associations, rules, DCEs, AMPLS and workspaces over @azure/arm-monitor 8 (+ one raw ARM GET). */
export function createAzureDiagnostics(options: AzureFleetOptions): FleetDiagnostics & { stats(): { calls: number } } {
  const clients = createArmClients(options);
  const limit = options.sequential ? 1 : Math.max(1, options.concurrency ?? defaultConcurrency);

  async function getRule(id: string): Promise<DataCollectionRule | undefined> {
    const ref = requireTyped(id, "microsoft.insights/datacollectionrules");
    const rule = await readMissingAsUndefined(() => clients.monitor(ref.subscriptionId).dataCollectionRules.get(ref.resourceGroup, ref.name));
    return rule && convertRule(rule, id);
  }

  async function getEndpoint(id: string): Promise<DataCollectionEndpoint | undefined> {
    const ref = requireTyped(id, "microsoft.insights/datacollectionendpoints");
    const endpoint = await readMissingAsUndefined(() => clients.monitor(ref.subscriptionId).dataCollectionEndpoints.get(ref.resourceGroup, ref.name));
    return endpoint && convertEndpoint(endpoint, id);
  }

  return {
    stats: () => ({ calls: clients.calls() }),

    async dataCollectionRulesOf(resourceId): Promise<DataCollectionFacts> {
      const parsed = requireResourceId(resourceId);
      const associations: DataCollectionRuleAssociation[] = [];
      try {
        // The URL template is /{+resourceUri}/providers/...: with its leading "/" the ID would give
        // "//subscriptions/..." on the wire (azure-api.md §8).
        for await (const a of clients.monitor(parsed.subscriptionId).dataCollectionRuleAssociations.listByResource(resourceId.replace(/^\/+/, ""))) {
          associations.push({
            name: a.name ?? "",
            ...(a.dataCollectionRuleId && { dataCollectionRuleId: a.dataCollectionRuleId }),
            ...(a.dataCollectionEndpointId && { dataCollectionEndpointId: a.dataCollectionEndpointId }),
          });
        }
      } catch (error) {
        throw toAzureError(error);
      }
      const ruleIds = distinct(associations.flatMap((a) => (a.dataCollectionRuleId ? [a.dataCollectionRuleId] : [])));
      const rules = await mapBounded(ruleIds, limit, (id) => readPartly(() => getRule(id)));
      const found = rules.filter((r): r is DataCollectionRule => r !== undefined);
      const endpointIds = distinct([
        ...associations.flatMap((a) => (a.dataCollectionEndpointId ? [a.dataCollectionEndpointId] : [])),
        ...found.flatMap((r) => (r.dataCollectionEndpointId ? [r.dataCollectionEndpointId] : [])),
      ]);
      const endpoints = await mapBounded(endpointIds, limit, (id) => readPartly(() => getEndpoint(id)));
      const foundEndpoints = endpoints.filter((e): e is DataCollectionEndpoint => e !== undefined);
      return {
        associations,
        rules: found,
        endpoints: foundEndpoints,
        complete: found.length === ruleIds.length && foundEndpoints.length === endpointIds.length,
      };
    },

    getDataCollectionEndpoint: (id) => getEndpoint(id),

    async privateLinkScopesContaining(resourceIds) {
      const wanted = new Set(resourceIds.map((id) => id.toLowerCase()));
      if (wanted.size === 0) return [];
      const subscriptions = options.subscriptionIds.filter((s) => /^[\p{L}\p{N}._()-]{1,90}$/u.test(s));
      const perSubscription = await mapBounded(subscriptions, limit, async (subscriptionId) => {
        const monitor = clients.monitor(subscriptionId);
        const scopes: { id: string; name: string; resourceGroup: string }[] = [];
        try {
          for await (const scope of monitor.privateLinkScopes.list()) {
            const parsed = scope.id ? parseResourceId(scope.id) : undefined;
            if (scope.id && parsed) scopes.push({ id: scope.id, name: scope.name ?? parsed.name, resourceGroup: parsed.resourceGroup });
          }
        } catch (error) {
          throw toAzureError(error);
        }
        return mapBounded(scopes, limit, async (scope): Promise<PrivateLinkScope> => {
          const scopedResourceIds: string[] = [];
          try {
            for await (const r of monitor.privateLinkScopedResources.listByPrivateLinkScope(scope.resourceGroup, scope.name)) {
              if (r.linkedResourceId) scopedResourceIds.push(r.linkedResourceId);
            }
          } catch (error) {
            throw toAzureError(error);
          }
          return { id: scope.id, name: scope.name, scopedResourceIds };
        });
      });
      return perSubscription.flat().filter((scope) => scope.scopedResourceIds.some((id) => wanted.has(id.toLowerCase())));
    },

    async getWorkspace(resourceId) {
      const ref = requireTyped(resourceId, "microsoft.operationalinsights/workspaces");
      const path = `/subscriptions/${encodeURIComponent(ref.subscriptionId)}/resourceGroups/${encodeURIComponent(ref.resourceGroup)}/providers/Microsoft.OperationalInsights/workspaces/${encodeURIComponent(ref.name)}`;
      const body = (await clients.getJson(path, workspaceApiVersion)) as WorkspaceBody | undefined;
      if (!body) return undefined;
      const customerId = typeof body.properties?.customerId === "string" ? body.properties.customerId : undefined;
      return {
        id: typeof body.id === "string" ? body.id : resourceId,
        name: typeof body.name === "string" ? body.name : ref.name,
        location: typeof body.location === "string" ? body.location : "",
        ...(customerId !== undefined && { customerId }),
      } satisfies Workspace;
    },
  };
}

interface WorkspaceBody {
  id?: unknown;
  name?: unknown;
  location?: unknown;
  properties?: { customerId?: unknown };
}

function convertRule(rule: DataCollectionRuleResource, id: string): DataCollectionRule {
  return {
    id: rule.id ?? id,
    name: rule.name ?? parseResourceId(id)?.name ?? "",
    // workspaceId is the read-only workspace GUID the Logs API and the ODS endpoint need (azure-api.md §8).
    destinations: (rule.destinations?.logAnalytics ?? []).flatMap((d) =>
      d.workspaceResourceId ? [{ workspaceResourceId: d.workspaceResourceId, ...(d.workspaceId && { workspaceId: d.workspaceId }) }] : [],
    ),
    ...(rule.dataCollectionEndpointId && { dataCollectionEndpointId: rule.dataCollectionEndpointId }),
  };
}

function convertEndpoint(endpoint: DataCollectionEndpointResource, id: string): DataCollectionEndpoint {
  return {
    id: endpoint.id ?? id,
    name: endpoint.name ?? parseResourceId(id)?.name ?? "",
    location: endpoint.location,
    ...(endpoint.logsIngestion?.endpoint && { logsIngestionEndpoint: endpoint.logsIngestion.endpoint }),
    ...(endpoint.configurationAccess?.endpoint && { configurationAccessEndpoint: endpoint.configurationAccess.endpoint }),
  };
}

/** A top-level resource ID of this type (lower-case "namespace/type"), or an AzureError. */
function requireTyped(id: string, type: string) {
  const parsed = requireResourceId(id);
  if (parsed.type.toLowerCase() !== type || parsed.children !== "") throw new AzureError("InvalidResourceId", `not a ${type} resource ID`);
  return parsed;
}

async function readMissingAsUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw toAzureError(error);
  }
}

/** A rule or DCE the bot may not read (403) counts as missing: the facts say they are incomplete. */
async function readPartly<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AzureError && (error.statusCode === 403 || error.code === "InvalidResourceId")) return undefined;
    throw error;
  }
}

function distinct(ids: string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}
