// Where a digest's facts come from: a stream of machines with their findings, so a paged fleet scan
// can feed it in bounded memory. Today: FleetReader (fleet-digest-source.ts); the Resource Graph
// scan can implement the same port.
import { identifyAgent, type AgentId } from "../drift/agents.js";
import { autoUpgradeModeOf, type AutoUpgradeMode, type Finding } from "../drift/findings.js";
import type { Extension, Scope } from "../fleet/port.js";

/** A monitoring-agent extension on a machine, whatever its findings (for coverage and legacy counts). */
export interface DigestAgent {
  agent: AgentId;
  autoUpgrade: AutoUpgradeMode;
}

export interface DigestResource {
  id: string;
  kind: "vm" | "scaleSet";
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  agents: readonly DigestAgent[];
  /** Worst first, as the drift engine returns them. */
  findings: readonly Finding[];
}

/** A machine listed in the scope that could not be read (an error other than throttling). */
export interface UnreadableResource {
  unreadable: true;
  id: string;
}

export type DigestItem = DigestResource | UnreadableResource;

/**
 * The machines of a scope with their findings, streamed. Throttling should end the stream with an
 * error (the run fails and says so) rather than a digest that silently misses machines.
 */
export type DigestSource = (scope: Scope) => AsyncIterable<DigestItem>;

export function isUnreadable(item: DigestItem): item is UnreadableResource {
  return "unreadable" in item;
}

/** The monitoring agents among a machine's extensions (other extensions are ignored). */
export function agentsOf(extensions: readonly Pick<Extension, "publisher" | "type" | "enableAutomaticUpgrade" | "autoUpgradeMinorVersion">[]): DigestAgent[] {
  return extensions.flatMap((extension) => {
    const agent = identifyAgent(extension.publisher, extension.type);
    return agent ? [{ agent: agent.id, autoUpgrade: autoUpgradeModeOf(extension) }] : [];
  });
}
