// Azure Monitor reads (azure-api.md §8): data collection rules, endpoints, the rule associations of
// a VM or scale set (`/{resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations`),
// and private link scopes with their scoped resources (troubleshooting steps 5 and 6, domain.md §4).
import { ArmError, resourceNotFound } from "../arm-error.js";
import type { ResourceGroupData } from "../fixture-schema.js";
import { findMonitorResource, monitorTypes, type Found, type MonitorKind } from "../monitor-refs.js";
import { pageOf } from "../paging.js";
import {
  renderAssociations,
  renderDataCollectionEndpoint,
  renderDataCollectionRule,
  renderPrivateLinkScope,
  renderScopedResources,
  renderWorkspace,
  type AssociationTarget,
} from "../render-monitor.js";
import type { HandlerContext, Route } from "../route.js";

const rgInsights = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Insights";
const subInsights = "/subscriptions/{sub}/providers/Microsoft.Insights";
const rgWorkspaces = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces";

function findOne<K extends MonitorKind>(context: HandlerContext, kind: K, name: string): Found<K> {
  const { sub, rg } = context.params as { sub: string; rg: string };
  context.state.resourceGroup(sub, rg);
  const found = findMonitorResource(context.state.data, kind, { subscriptionId: sub, resourceGroup: rg, name });
  if (!found) throw resourceNotFound(monitorTypes[kind], name, rg);
  return found;
}

function listAll<K extends MonitorKind>(context: HandlerContext, kind: K, onlyGroup?: string): Found<K>[] {
  const sub = context.state.subscription(context.params.sub!);
  const groups: ResourceGroupData[] = onlyGroup ? [context.state.resourceGroup(sub.id, onlyGroup)] : sub.resourceGroups;
  const collection = { workspace: "workspaces", dataCollectionEndpoint: "dataCollectionEndpoints", dataCollectionRule: "dataCollectionRules", privateLinkScope: "privateLinkScopes" }[kind];
  return groups.flatMap((group) =>
    (group[collection as keyof ResourceGroupData] as { name: string }[]).map(
      (item) => findMonitorResource(context.state.data, kind, { subscriptionId: sub.id, resourceGroup: group.name, name: item.name })!,
    ),
  );
}

/** The VM or scale set an association URL names. */
function associationTarget(context: HandlerContext, resourceUri: string): AssociationTarget {
  const m = /^subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/(virtualMachines|virtualMachineScaleSets)\/([^/]+)$/i.exec(resourceUri);
  if (!m) throw new ArmError(404, "ResourceNotFound", `The simulator has no data collection rule associations for '/${resourceUri}'.`);
  const [, sub, rg, type, name] = m as unknown as [string, string, string, string, string];
  const entry = type.toLowerCase() === "virtualmachines" ? context.state.vm(sub, rg, name) : context.state.scaleSet(sub, rg, name);
  const machine = "vm" in entry ? entry.vm : entry.set;
  return {
    resourceId: entry.id,
    subscriptionId: entry.subscriptionId,
    resourceGroup: entry.group.name,
    dataCollectionRules: machine.dataCollectionRules,
    dataCollectionEndpoint: machine.dataCollectionEndpoint,
  };
}

/** Every VM and scale set in the fleet, as association targets. */
function allTargets(context: HandlerContext): AssociationTarget[] {
  return context.state.data.subscriptions.flatMap((sub) =>
    sub.resourceGroups.flatMap((group) => [
      ...context.state.vmsInGroup(sub.id, group.name).map((e) => ({ resourceId: e.id, subscriptionId: sub.id, resourceGroup: group.name, dataCollectionRules: e.vm.dataCollectionRules, dataCollectionEndpoint: e.vm.dataCollectionEndpoint })),
      ...context.state.scaleSetsInGroup(sub.id, group.name).map((e) => ({ resourceId: e.id, subscriptionId: sub.id, resourceGroup: group.name, dataCollectionRules: e.set.dataCollectionRules, dataCollectionEndpoint: e.set.dataCollectionEndpoint })),
    ]),
  );
}

const read = (name: string, pattern: string, handle: Route["handle"]): Route => ({ method: "GET", pattern, name, kind: "read", api: "arm", handle });

export const monitorRoutes: Route[] = [
  // Log Analytics workspaces (no installed SDK reads them; the fleet code does a raw ARM GET).
  read("workspaces.get", `${rgWorkspaces}/{name}`, (c) => ({ status: 200, body: renderWorkspace(findOne(c, "workspace", c.params.name!)) })),
  read("workspaces.listByResourceGroup", rgWorkspaces, (c) => pageOf(c, listAll(c, "workspace", c.params.rg).map(renderWorkspace))),
  read("workspaces.list", "/subscriptions/{sub}/providers/Microsoft.OperationalInsights/workspaces", (c) => pageOf(c, listAll(c, "workspace").map(renderWorkspace))),
  read("dataCollectionRules.get", `${rgInsights}/dataCollectionRules/{name}`, (c) => ({ status: 200, body: renderDataCollectionRule(c.state.data, findOne(c, "dataCollectionRule", c.params.name!)) })),
  read("dataCollectionRules.listByResourceGroup", `${rgInsights}/dataCollectionRules`, (c) => pageOf(c, listAll(c, "dataCollectionRule", c.params.rg).map((f) => renderDataCollectionRule(c.state.data, f)))),
  read("dataCollectionRules.listBySubscription", `${subInsights}/dataCollectionRules`, (c) => pageOf(c, listAll(c, "dataCollectionRule").map((f) => renderDataCollectionRule(c.state.data, f)))),
  read("dataCollectionRuleAssociations.listByRule", `${rgInsights}/dataCollectionRules/{name}/associations`, (c) => {
    const rule = findOne(c, "dataCollectionRule", c.params.name!);
    const all = allTargets(c).flatMap((t) => renderAssociations(c.state.data, t));
    return pageOf(c, all.filter((a) => "dataCollectionRuleId" in a.properties && a.properties.dataCollectionRuleId === rule.id));
  }),
  read("dataCollectionEndpoints.get", `${rgInsights}/dataCollectionEndpoints/{name}`, (c) => ({ status: 200, body: renderDataCollectionEndpoint(findOne(c, "dataCollectionEndpoint", c.params.name!)) })),
  read("dataCollectionEndpoints.listByResourceGroup", `${rgInsights}/dataCollectionEndpoints`, (c) => pageOf(c, listAll(c, "dataCollectionEndpoint", c.params.rg).map(renderDataCollectionEndpoint))),
  read("dataCollectionEndpoints.listBySubscription", `${subInsights}/dataCollectionEndpoints`, (c) => pageOf(c, listAll(c, "dataCollectionEndpoint").map(renderDataCollectionEndpoint))),
  read("privateLinkScopes.get", `${rgInsights}/privateLinkScopes/{name}`, (c) => ({ status: 200, body: renderPrivateLinkScope(findOne(c, "privateLinkScope", c.params.name!)) })),
  read("privateLinkScopes.listByResourceGroup", `${rgInsights}/privateLinkScopes`, (c) => pageOf(c, listAll(c, "privateLinkScope", c.params.rg).map(renderPrivateLinkScope))),
  read("privateLinkScopes.list", `${subInsights}/privateLinkScopes`, (c) => pageOf(c, listAll(c, "privateLinkScope").map(renderPrivateLinkScope))),
  read("privateLinkScopedResources.listByPrivateLinkScope", `${rgInsights}/privateLinkScopes/{name}/scopedResources`, (c) =>
    pageOf(c, renderScopedResources(c.state.data, findOne(c, "privateLinkScope", c.params.name!))),
  ),
  read("privateLinkScopedResources.get", `${rgInsights}/privateLinkScopes/{name}/scopedResources/{scoped}`, (c) => {
    const scope = findOne(c, "privateLinkScope", c.params.name!);
    const hit = renderScopedResources(c.state.data, scope).find((r) => r.name.toLowerCase() === c.params.scoped!.toLowerCase());
    if (!hit) throw resourceNotFound("microsoft.insights/privateLinkScopes", `${scope.item.name}/scopedResources/${c.params.scoped!}`, scope.group.name);
    return { status: 200, body: hit };
  }),
  read("dataCollectionRuleAssociations.listByResource", "/{...resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations", (c) =>
    pageOf(c, renderAssociations(c.state.data, associationTarget(c, c.params.resourceUri!))),
  ),
  read("dataCollectionRuleAssociations.get", "/{...resourceUri}/providers/Microsoft.Insights/dataCollectionRuleAssociations/{name}", (c) => {
    const target = associationTarget(c, c.params.resourceUri!);
    const hit = renderAssociations(c.state.data, target).find((a) => a.name.toLowerCase() === c.params.name!.toLowerCase());
    if (!hit) throw new ArmError(404, "ResourceNotFound", `The data collection rule association '${c.params.name!}' of '${target.resourceId}' was not found.`);
    return { status: 200, body: hit };
  }),
];
