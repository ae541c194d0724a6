// The optional stronger approval check (issue 3 req 2): does the approver hold a role in Azure RBAC
// that lets them write the extensions of the target VM or scale set? Two plain ARM reads (no
// installed SDK covers Microsoft.Authorization): the role assignments that apply to the principal at
// the resource's scope, then each assigned role definition. Fails closed: any error denies.
import type { RbacChecker } from "../../approvals/principal.js";
import { silentLogger } from "../../log.js";
import { createArmClients } from "./arm-clients.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";

const authorizationApiVersion = "2022-04-01";
// A principal with more assignments than this on one scope is not worth a longer wait: deny.
const maxPages = 20;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const targetPattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/(virtualMachines|virtualMachineScaleSets)\/[^/]+$/i;
// Built-in roles live under the subscription, custom ones may live under a management group.
const roleDefinitionPattern = /^(\/[^/?#]+)*\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i;

/** The action an approval changes, per target type (extension PATCH/PUT; azure-api.md §6). */
const writeActions: Record<string, string> = {
  virtualmachines: "Microsoft.Compute/virtualMachines/extensions/write",
  virtualmachinescalesets: "Microsoft.Compute/virtualMachineScaleSets/extensions/write",
};

interface AssignmentBody {
  properties?: { roleDefinitionId?: unknown; scope?: unknown; condition?: unknown };
}

interface Permission {
  actions?: unknown;
  notActions?: unknown;
}

/** ARM paths are case-insensitive; every segment is escaped so nothing can change the path's shape. */
function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment === "" ? "" : encodeURIComponent(segment)))
    .join("/");
}

// RBAC action patterns: case-insensitive; a star matches any run of characters ("*", "Microsoft.Compute/*", "*" + "/read").
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(action);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** Does a role definition's Actions minus NotActions cover `action`? */
export function grantsAction(permissions: readonly Permission[], action: string): boolean {
  return permissions.some(
    (p) => strings(p.actions).some((a) => actionMatches(a, action)) && !strings(p.notActions).some((n) => actionMatches(n, action)),
  );
}

/**
 * Whether an assignment applies to the resource. ARM's list may also return assignments below the
 * scope (on child resources); those grant nothing on the resource itself. Assignments at a
 * management group are not prefixes of the resource ID but are above it, so they count.
 */
function appliesTo(scope: string, resourceId: string): boolean {
  const s = scope.replace(/\/+$/, "").toLowerCase();
  const r = resourceId.toLowerCase();
  return !(r !== s && s.startsWith(`${r}/`));
}

export function createAzureRbacChecker(options: AzureFleetOptions): RbacChecker {
  const clients = createArmClients(options);
  const log = options.log ?? silentLogger;

  async function listRoleDefinitionIds(objectId: string, resourceId: string): Promise<string[]> {
    const ids = new Set<string>();
    let page = (await clients.getJson(`${encodePath(resourceId)}/providers/Microsoft.Authorization/roleAssignments`, authorizationApiVersion, {
      $filter: `assignedTo('${objectId}')`,
    })) as { value?: unknown; nextLink?: unknown } | undefined;
    for (let pages = 1; ; pages++) {
      if (!page || !Array.isArray(page.value)) throw new Error("the role assignment list has no value array");
      for (const assignment of page.value as AssignmentBody[]) {
        const { roleDefinitionId, scope, condition } = assignment.properties ?? {};
        if (typeof roleDefinitionId !== "string" || typeof scope !== "string") continue;
        // A conditional (ABAC) assignment may not hold for this resource; this check does not evaluate conditions.
        if (typeof condition === "string" && condition.trim() !== "") continue;
        if (appliesTo(scope, resourceId)) ids.add(roleDefinitionId);
      }
      if (typeof page.nextLink !== "string" || page.nextLink === "") return [...ids];
      if (pages >= maxPages) throw new Error(`more than ${maxPages} pages of role assignments`);
      page = (await clients.getNextPage(page.nextLink)) as typeof page;
    }
  }

  async function roleGrants(roleDefinitionId: string, action: string): Promise<boolean> {
    if (!roleDefinitionPattern.test(roleDefinitionId)) throw new Error("a role assignment names a malformed role definition ID");
    const body = (await clients.getJson(encodePath(roleDefinitionId), authorizationApiVersion)) as
      | { properties?: { permissions?: unknown } }
      | undefined;
    // A deleted role definition (404) grants nothing.
    const permissions = body?.properties?.permissions;
    return Array.isArray(permissions) && grantsAction(permissions as Permission[], action);
  }

  return {
    async hasWriteRole(objectId, resourceId) {
      if (!guidPattern.test(objectId)) {
        log.warn({ resourceId }, "RBAC check denied: the approver's object ID is not a GUID");
        return false;
      }
      const target = targetPattern.exec(resourceId);
      if (!target) {
        log.warn({ resourceId }, "RBAC check denied: not a VM or scale set resource ID");
        return false;
      }
      const action = writeActions[target[1]!.toLowerCase()]!;
      try {
        for (const roleDefinitionId of await listRoleDefinitionIds(objectId, resourceId)) {
          if (await roleGrants(roleDefinitionId, action)) return true;
        }
        log.info({ objectId, resourceId, action }, "RBAC check denied: no assigned role grants the write action");
        return false;
      } catch (error) {
        // Fail closed: an RBAC outage must never turn into an approval.
        log.warn({ objectId, resourceId, err: error instanceof Error ? error.message : String(error) }, "RBAC check denied: the role lookup failed");
        return false;
      }
    },
  };
}
