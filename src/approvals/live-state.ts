import { identifyAgent } from "../drift/agents.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { ExtensionImageKey, FleetReader, ResourceRef, ScaleSet, Vm } from "../fleet/port.js";
import { mapBounded } from "../concurrency/map-bounded.js";
import type { LatestLookup, Plan } from "./plan.js";
import type { LiveState } from "./revalidate.js";

/** A resolved target: what the command found for the words the user typed. */
export interface ChangeTarget extends ResourceRef {
  kind: "vm" | "scaleSet";
}

const fanOut = 8;

function imageKey(key: ExtensionImageKey): string {
  return `${key.location}|${key.publisher}|${key.type}`.toLowerCase();
}

/** Reads the targets' live state; targets that no longer exist are returned in `missing`. */
export async function readLiveState(fleet: FleetReader, targets: readonly ChangeTarget[]): Promise<LiveState & { missing: ChangeTarget[] }> {
  const vms: Vm[] = [];
  const scaleSets: ScaleSet[] = [];
  const missing: ChangeTarget[] = [];
  await mapBounded(targets, fanOut, async (target) => {
    const ref = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.name };
    const found = target.kind === "vm" ? await fleet.getVm(ref) : await fleet.getScaleSet(ref);
    if (!found) missing.push(target);
    else if (target.kind === "vm") vms.push(found as Vm);
    else scaleSets.push(found as ScaleSet);
  });
  return { vms, scaleSets, missing };
}

/** The latest version of every monitoring agent on these resources, looked up once per (region, publisher, type). */
export async function readLatestVersions(catalog: VersionCatalog, live: LiveState): Promise<LatestLookup> {
  const keys = new Map<string, ExtensionImageKey>();
  for (const resource of [...live.vms, ...live.scaleSets]) {
    for (const ext of resource.extensions) {
      if (!identifyAgent(ext.publisher, ext.type)) continue;
      const key = { location: resource.location, publisher: ext.publisher, type: ext.type };
      keys.set(imageKey(key), key);
    }
  }
  const entries = await mapBounded([...keys.entries()], fanOut, async ([id, key]) => [id, await catalog.latest(key)] as const);
  const latest = new Map(entries);
  return (key) => latest.get(imageKey(key));
}

/** The resources a plan touches, as targets to read again before it runs. */
export function planTargets(plan: Plan): ChangeTarget[] {
  const seen = new Map<string, ChangeTarget>();
  for (const { resource } of plan.items) {
    const id = resource.id.toLowerCase();
    if (!seen.has(id)) {
      seen.set(id, { kind: resource.kind, subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup, name: resource.name });
    }
  }
  return [...seen.values()];
}
