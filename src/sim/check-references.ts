// Fixture rule: references between monitoring resources point at ones that exist. Associations
// of a VM or scale set may dangle (Azure keeps an association when its rule is deleted), but must
// still be well-formed references.
import type { FleetData } from "./fixture-schema.js";
import { followReference, resolveReference, type MonitorKind } from "./monitor-refs.js";

export function checkReferences(data: FleetData): string[] {
  const problems: string[] = [];
  data.subscriptions.forEach((sub, si) => {
    sub.resourceGroups.forEach((group, gi) => {
      const from = { subscriptionId: sub.id, resourceGroup: group.name };
      const base = `subscriptions[${si}].resourceGroups[${gi}]`;
      const check = (kind: MonitorKind, ref: string | undefined, path: string) => {
        if (ref !== undefined && !followReference(data, kind, ref, from)) problems.push(`${path}: no ${kind} "${ref}" in the fixture`);
      };
      group.dataCollectionRules.forEach((rule, i) => {
        rule.workspaces.forEach((ref, j) => check("workspace", ref, `${base}.dataCollectionRules[${i}].workspaces[${j}]`));
        check("dataCollectionEndpoint", rule.dataCollectionEndpoint, `${base}.dataCollectionRules[${i}].dataCollectionEndpoint`);
      });
      group.privateLinkScopes.forEach((scope, i) => {
        scope.workspaces.forEach((ref, j) => check("workspace", ref, `${base}.privateLinkScopes[${i}].workspaces[${j}]`));
        scope.dataCollectionEndpoints.forEach((ref, j) => check("dataCollectionEndpoint", ref, `${base}.privateLinkScopes[${i}].dataCollectionEndpoints[${j}]`));
      });
      const machines = [...group.vms.map((m, i) => ({ m, path: `${base}.vms[${i}]` })), ...group.scaleSets.map((m, i) => ({ m, path: `${base}.scaleSets[${i}]` }))];
      const wellFormed = (kind: MonitorKind, ref: string | undefined, path: string) => {
        if (ref !== undefined && !resolveReference(ref, from, kind)) problems.push(`${path}: "${ref}" is not a ${kind} reference (name, rg/name or resource ID)`);
      };
      for (const { m, path } of machines) {
        m.dataCollectionRules.forEach((ref, j) => wellFormed("dataCollectionRule", ref, `${path}.dataCollectionRules[${j}]`));
        wellFormed("dataCollectionEndpoint", m.dataCollectionEndpoint, `${path}.dataCollectionEndpoint`);
      }
    });
  });
  return problems;
}
