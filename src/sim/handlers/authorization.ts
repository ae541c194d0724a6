// Azure RBAC reads (Microsoft.Authorization, api-version 2022-04-01): role assignments listed at any
// scope and built-in role definitions by ID. An assignment at a subscription or resource group
// applies to everything under it; with `assignedTo('<objectId>')` the list holds that principal's
// assignments at, above and below the scope (as ARM does for principal filters; a caller checking
// one resource must ignore the ones below it). Group membership is not simulated.
import { createHash } from "node:crypto";
import { ArmError } from "../arm-error.js";
import type { RoleAssignmentData } from "../fixture-schema.js";
import { pageOf } from "../paging.js";
import { builtInRoleById, builtInRoleByName, renderRoleDefinition, roleDefinitionId } from "../role-definitions.js";
import type { HandlerContext, Route } from "../route.js";
import { queryParam } from "../sim-request.js";

const assignedToFilter = /^\s*assignedTo\(\s*'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'\s*\)\s*$/i;

/** "/subscriptions/x/resourceGroups/y" from the route's rest parameter, the subscription checked. */
function scopeOf(context: HandlerContext): { scope: string; subscriptionId: string } {
  const scope = `/${context.params.scope!}`;
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (!m) throw new ArmError(400, "InvalidRoleAssignmentScope", `The simulator serves role assignments under a subscription, not at '${scope}'.`);
  const subscriptionId = context.state.subscription(m[1]!).id;
  return { scope, subscriptionId };
}

const within = (inner: string, outer: string) => {
  const a = inner.toLowerCase();
  const b = outer.toLowerCase();
  return a === b || a.startsWith(`${b}/`);
};

/** A stable assignment name (ARM uses a GUID chosen at creation; the simulator has no randomness). */
function assignmentName(assignment: RoleAssignmentData): string {
  const hex = createHash("sha256").update(`${assignment.principalId}|${assignment.roleDefinitionName}|${assignment.scope}`.toLowerCase()).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function renderAssignment(assignment: RoleAssignmentData, subscriptionId: string): unknown {
  const name = assignmentName(assignment);
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(builtInRoleByName(assignment.roleDefinitionName), subscriptionId),
      principalId: assignment.principalId,
      principalType: "User",
      scope: assignment.scope,
      condition: null,
      conditionVersion: null,
      createdOn: "2024-01-01T00:00:00.0000000Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: "Microsoft.Authorization/roleAssignments",
    name,
  };
}

function listAssignments(context: HandlerContext) {
  const { scope, subscriptionId } = scopeOf(context);
  const filter = queryParam(context.request, "$filter");
  let principalId: string | undefined;
  if (filter !== undefined) {
    const m = assignedToFilter.exec(filter);
    if (!m) throw new ArmError(400, "UnsupportedQuery", `The simulator supports only $filter=assignedTo('<objectId>'), not '${filter}'.`);
    principalId = m[1]!.toLowerCase();
  }
  const matching = context.state.data.roleAssignments.filter(
    (a) =>
      (principalId === undefined || a.principalId.toLowerCase() === principalId) &&
      // Without a principal filter: at or above the scope (what atScope() returns).
      (within(scope, a.scope) || (principalId !== undefined && within(a.scope, scope))),
  );
  return pageOf(context, matching.map((a) => renderAssignment(a, subscriptionId)));
}

function getRoleDefinition(context: HandlerContext, subscriptionId?: string) {
  const role = builtInRoleById(context.params.id!);
  if (!role) throw new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${context.params.id!}' does not exist.`);
  return { status: 200, body: renderRoleDefinition(role, subscriptionId) };
}

const read = (name: string, pattern: string, handle: Route["handle"]): Route => ({ method: "GET", pattern, name, kind: "read", api: "arm", handle });

export const authorizationRoutes: Route[] = [
  read("roleDefinitions.getAtTenant", "/providers/Microsoft.Authorization/roleDefinitions/{id}", (c) => getRoleDefinition(c)),
  read("roleDefinitions.get", "/{...scope}/providers/Microsoft.Authorization/roleDefinitions/{id}", (c) => getRoleDefinition(c, scopeOf(c).subscriptionId)),
  read("roleAssignments.listForScope", "/{...scope}/providers/Microsoft.Authorization/roleAssignments", listAssignments),
];
