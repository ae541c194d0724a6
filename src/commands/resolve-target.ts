import type { ComputeSummary, FleetReader } from "../fleet/port.js";
import type { Target } from "./targets.js";

/** Where a target leads after the name look-up. */
export type Resolution =
  | { kind: "found"; summary: ComputeSummary }
  /** A resource ID: the kind and place are known, location and OS only after the GET. */
  | { kind: "byId"; resource: { id: string; kind: "vm" | "scaleSet"; subscriptionId: string; resourceGroup: string; name: string } }
  | { kind: "ambiguous"; candidates: ComputeSummary[] }
  /** `elsewhere`: machines with the same name in other resource groups (for did-you-mean). */
  | { kind: "notFound"; elsewhere: ComputeSummary[] };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A bare name or rg/name is looked up by name: FleetReader refs need the subscription, which only
 * the look-up knows, and it also tells VM from scale set and gives the region for the version prefetch.
 */
export async function resolveTarget(fleet: Pick<FleetReader, "findByName">, target: Target): Promise<Resolution> {
  if (target.by === "resourceId") {
    const { resourceId, kind, subscriptionId, resourceGroup, name } = target;
    return { kind: "byId", resource: { id: resourceId, kind, subscriptionId, resourceGroup, name } };
  }
  const matches = await fleet.findByName(target.name);
  const inGroup = target.by === "resourceGroup" ? matches.filter((m) => same(m.resourceGroup, target.resourceGroup)) : matches;
  const [only, ...others] = inGroup;
  if (!only) return { kind: "notFound", elsewhere: matches };
  if (others.length > 0) return { kind: "ambiguous", candidates: inGroup };
  return { kind: "found", summary: only };
}
