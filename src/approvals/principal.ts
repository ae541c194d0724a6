import type { Conversation, User } from "../commands/types.js";
import { policyGroupIds, type Policy, type Principal } from "./policy.js";

/** Which of the given Entra groups a user belongs to (Teams membership, Microsoft Graph, ...). */
export interface GroupResolver {
  memberOf(user: User, conversation: Conversation, groupIds: readonly string[]): Promise<readonly string[]>;
}

/** Optional stronger approval check: does this Entra object hold a write role on the resource in Azure RBAC? */
export interface RbacChecker {
  hasWriteRole(objectId: string, resourceId: string): Promise<boolean>;
}

/**
 * The caller as authorization sees them, or undefined for anonymous users (no aadObjectId,
 * e.g. meeting guests): they can never request or approve.
 */
export async function resolvePrincipal(
  policy: Policy,
  user: User,
  conversation: Conversation,
  groups?: GroupResolver,
): Promise<Principal | undefined> {
  if (!user.aadObjectId) return undefined;
  const candidates = policyGroupIds(policy);
  const groupIds = groups && candidates.length > 0 ? await groups.memberOf(user, conversation, candidates) : [];
  return { objectId: user.aadObjectId, groupIds, ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}) };
}
