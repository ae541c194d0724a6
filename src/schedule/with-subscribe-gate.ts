// The deployment's mayRun with the subscribe rule in front: subscribe and unsubscribe (grant
// "subscribe") ask the gate (may-subscribe.ts: whoever holds an approvals grant here); every other
// command keeps the hook it had (absent: every command). Without this, a hook that lets every "read"
// command through would let anyone schedule posts into a channel.
import type { CommandDeps } from "../commands/dispatch.js";
import type { ChatRequest } from "../commands/types.js";
import { subscribeGrant } from "./may-subscribe.js";

export type MayRun = NonNullable<CommandDeps["mayRun"]>;

export function withSubscribeGate(gate: (request: ChatRequest) => Promise<boolean>, mayRun?: MayRun): MayRun {
  return async (spec, request) => {
    if (spec.grant === subscribeGrant) return gate(request);
    return mayRun ? mayRun(spec, request) : true;
  };
}
