// Who may make the bot post into a conversation on a schedule. One place for the rule, so it can
// change without touching the commands. Default deny: without a grant system nobody may.
import { resolvePrincipal, type GroupResolver } from "../approvals/principal.js";
import { visibleVerbs, type Policy } from "../approvals/policy.js";
import type { ChatRequest, CommandContext, CommandSpec } from "../commands/types.js";

/** The grant subscribe and unsubscribe declare (CommandSpec.grant). */
export const subscribeGrant = "subscribe";

/**
 * Whether the requester may subscribe or unsubscribe this conversation. Dispatch asks mayRun before
 * a command runs, but treats a missing hook as "everyone": here a missing hook means no one.
 */
export async function maySubscribe(ctx: Pick<CommandContext, "mayRun">, spec: CommandSpec): Promise<boolean> {
  return ctx.mayRun ? ctx.mayRun(spec) : false;
}

/**
 * The subscribe check over the approvals policy, for the deployment's mayRun hook: whoever may
 * request some change from this conversation may also schedule digests into it. The policy has no
 * "subscribe" verb (yet): its grant schema only knows the mutating verbs.
 */
export function createSubscribeGate(policy: Policy, groups?: GroupResolver): (request: ChatRequest) => Promise<boolean> {
  return async (request) => {
    const principal = await resolvePrincipal(policy, request.user, request.conversation, groups);
    return principal !== undefined && visibleVerbs(policy, principal, request.conversation).length > 0;
  };
}
