// The identity block beside `properties` (azure-api.md §2). Absent when the resource has none.
import { stableGuid, userIdentityId } from "./arm-ids.js";
import type { IdentityData } from "./fixture-schema.js";

const simTenantId = "00000000-0000-4000-8000-0000000000aa";

export function renderIdentity(resourceId: string, subscriptionId: string, rg: string, identity: IdentityData | undefined) {
  if (!identity || (!identity.systemAssigned && identity.userAssigned.length === 0)) return undefined;
  const type = identity.systemAssigned
    ? identity.userAssigned.length > 0
      ? "SystemAssigned, UserAssigned"
      : "SystemAssigned"
    : "UserAssigned";
  const userAssignedIdentities = Object.fromEntries(
    identity.userAssigned.map((nameOrId) => {
      const id = userIdentityId(subscriptionId, rg, nameOrId);
      return [id, { principalId: stableGuid(`${id}#principal`), clientId: stableGuid(`${id}#client`) }];
    }),
  );
  return {
    type,
    ...(identity.systemAssigned ? { principalId: stableGuid(`${resourceId}#principal`), tenantId: simTenantId } : {}),
    ...(identity.userAssigned.length > 0 ? { userAssignedIdentities } : {}),
  };
}
