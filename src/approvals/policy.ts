// Who may request and who may approve which change, where. Default deny: nothing is allowed
// unless a grant says so. Grants are keyed on Entra object IDs (users) and Entra group IDs,
// never on display names, which anyone can change.
import { z } from "zod";
import type { Conversation } from "../commands/types.js";
import { allowed, refuse, type Decision } from "./refusal.js";
import { approvalVerbs, type ApprovalVerb } from "./verbs.js";

const guid = z.guid("expected an Entra object ID (GUID)");
const verb = z.enum([...approvalVerbs, "*"], { error: `expected one of ${[...approvalVerbs, "*"].join(", ")}` });

const scopeSchema = z
  .object({ subscriptionId: guid, resourceGroup: z.string().min(1).max(90).optional() })
  .strict();

const grantSchema = z
  .object({
    /** Shown in logs and audit only. */
    name: z.string().max(100).optional(),
    users: z.array(guid).default([]),
    groups: z.array(guid).default([]),
    request: z.array(verb).default([]),
    approve: z.array(verb).default([]),
    /** Where the grant applies; each list absent = anywhere. */
    teams: z.array(z.string().min(1)).optional(),
    channels: z.array(z.string().min(1)).optional(),
    conversationTypes: z.array(z.enum(["personal", "groupChat", "channel"])).optional(),
    /** Which Azure resources; absent = any the bot can see. */
    scopes: z.array(scopeSchema).optional(),
  })
  .strict()
  .refine((g) => g.users.length + g.groups.length > 0, { message: "a grant needs at least one user or group" })
  .refine((g) => g.request.length + g.approve.length > 0, { message: "a grant needs request or approve verbs" });

const policySchema = z
  .object({
    /** Free text for the operator; ignored. */
    description: z.string().optional(),
    /** Requests and clicks from any other tenant are refused. */
    tenantId: guid.optional(),
    approvalsRequired: z.number().int().min(1).max(10).default(1),
    requestTtlMinutes: z.number().int().min(1).max(24 * 60).default(30),
    /** The approver must also hold a write role on every target in Azure RBAC (RbacChecker). */
    requireRbacWriteRole: z.boolean().default(false),
    grants: z.array(grantSchema).default([]),
  })
  .strict();

export type Grant = z.infer<typeof grantSchema>;
export type Policy = z.infer<typeof policySchema>;
export type GrantScope = z.infer<typeof scopeSchema>;

/** A bad grants configuration: one line per bad field, with its path ("grants[0].users[1]: ..."). */
export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid approvals policy:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PolicyError";
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
  return out || "(root)";
}

// The two-person rule is not a setting (issue 3): say so instead of "unrecognized key".
const forbiddenKeys = ["allowSelfApproval", "twoPersonRule", "selfApproval"];

/** Validates a grants configuration (parsed JSON); throws PolicyError listing every bad field. */
export function parsePolicy(input: unknown): Policy {
  const problems: string[] = [];
  if (input && typeof input === "object") {
    for (const key of forbiddenKeys) {
      if (key in input) problems.push(`${key}: the two-person rule cannot be turned off; remove this key`);
    }
  }
  const result = policySchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys" && issue.keys.every((k) => forbiddenKeys.includes(k))) continue;
      problems.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new PolicyError(problems);
  return result.data;
}

/** The policy that allows nothing: what runs when no grants are configured. */
export const denyAllPolicy: Policy = parsePolicy({});

/** A caller resolved for authorization: object ID and the policy's groups they belong to. */
export interface Principal {
  objectId: string;
  groupIds: readonly string[];
  tenantId?: string;
}

/** The subscription and resource group a change touches. */
export interface TargetScope {
  subscriptionId: string;
  resourceGroup: string;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

function holds(grant: Grant, principal: Principal): boolean {
  return (
    grant.users.some((id) => same(id, principal.objectId)) ||
    grant.groups.some((id) => principal.groupIds.some((member) => same(id, member)))
  );
}

function appliesIn(grant: Grant, conversation: Conversation): boolean {
  if (grant.conversationTypes && !grant.conversationTypes.includes(conversation.type)) return false;
  if (grant.teams && !grant.teams.some((team) => same(team, conversation.teamId))) return false;
  if (grant.channels && !grant.channels.some((channel) => same(channel, conversation.channelId))) return false;
  return true;
}

function covers(grant: Grant, target: TargetScope): boolean {
  if (!grant.scopes) return true;
  return grant.scopes.some(
    (scope) =>
      same(scope.subscriptionId, target.subscriptionId) &&
      (scope.resourceGroup === undefined || same(scope.resourceGroup, target.resourceGroup)),
  );
}

function names(verbs: readonly string[], wanted: string): boolean {
  return verbs.includes("*") || verbs.includes(wanted);
}

function tenantMatches(policy: Policy, tenantId: string | undefined): boolean {
  return policy.tenantId === undefined || same(policy.tenantId, tenantId);
}

/** May this caller ask for `verb` on these targets from this conversation? Every target must be covered. */
export function mayRequest(
  policy: Policy,
  principal: Principal,
  verb: ApprovalVerb,
  conversation: Conversation,
  targets: TargetScope | readonly TargetScope[],
): Decision {
  if (!tenantMatches(policy, conversation.tenantId) || !tenantMatches(policy, principal.tenantId)) {
    return refuse({ code: "wrongTenant" });
  }
  const list = Array.isArray(targets) ? (targets as readonly TargetScope[]) : [targets as TargetScope];
  const grants = policy.grants.filter((g) => holds(g, principal) && names(g.request, verb) && appliesIn(g, conversation));
  const coveredAll = list.every((target) => grants.some((g) => covers(g, target)));
  return grants.length > 0 && coveredAll ? allowed : refuse({ code: "notGranted", verb });
}

/** What mayApprove needs to know about a request. */
export interface ApprovalSubject {
  verb: ApprovalVerb;
  requesterObjectId: string;
  tenantId?: string;
  conversation: Conversation;
  targets: readonly TargetScope[];
}

/**
 * May this caller approve (or reject) the request? Two-person rule first: the requester never
 * approves their own request, whatever the grants say.
 */
export function mayApprove(policy: Policy, subject: ApprovalSubject, approver: Principal): Decision {
  if (!same(subject.tenantId, approver.tenantId) || !tenantMatches(policy, approver.tenantId)) {
    return refuse({ code: "wrongTenant" });
  }
  if (same(subject.requesterObjectId, approver.objectId)) return refuse({ code: "selfApproval" });
  const grants = policy.grants.filter(
    (g) => holds(g, approver) && names(g.approve, subject.verb) && appliesIn(g, subject.conversation),
  );
  const coveredAll = subject.targets.every((target) => grants.some((g) => covers(g, target)));
  return grants.length > 0 && coveredAll ? allowed : refuse({ code: "notApprover" });
}

/** The mutating verbs this caller may request somewhere from this conversation: help lists only these. */
export function visibleVerbs(policy: Policy, principal: Principal, conversation: Conversation): ApprovalVerb[] {
  if (!tenantMatches(policy, conversation.tenantId)) return [];
  const grants = policy.grants.filter((g) => holds(g, principal) && appliesIn(g, conversation));
  return approvalVerbs.filter((v) => grants.some((g) => names(g.request, v)));
}

/** Every group ID the policy mentions: the only groups worth asking a GroupResolver about. */
export function policyGroupIds(policy: Policy): string[] {
  return [...new Set(policy.grants.flatMap((g) => g.groups.map((id) => id.toLowerCase())))];
}

export type ViewerRole = "requester" | "approver" | "viewer";

/** Which buttons a card shows this viewer: Cancel for the requester, Approve/Reject for approvers. */
export function roleOf(policy: Policy, subject: ApprovalSubject, viewer: Principal): ViewerRole {
  if (same(subject.requesterObjectId, viewer.objectId)) return "requester";
  return mayApprove(policy, subject, viewer).ok ? "approver" : "viewer";
}
