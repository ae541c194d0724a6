// The digest source over FleetReader: list the scope, then read and judge machines in bounded-parallel
// batches, the way `drift <scope>` does (same building blocks, same concurrency), yielding as it goes.
import { driftConcurrency } from "../commands/drift.js";
import { fetchLatestVersions } from "../commands/fetch-latest-versions.js";
import { isThrottled } from "../commands/is-throttled.js";
import { mapBounded } from "../commands/map-bounded.js";
import type { Clock } from "../clock.js";
import { findingsForScaleSet, findingsForVm } from "../drift/findings.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { ComputeSummary, FleetReader } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { agentsOf, type DigestItem, type DigestSource } from "./digest-source.js";

export interface FleetDigestSourceDeps {
  fleet: FleetReader;
  catalog: VersionCatalog;
  clock: Clock;
  log: Logger;
  /** Reads in flight (default: the drift command's). */
  concurrency?: number;
  /** Machines judged before they are handed on (bounds memory for big scopes). */
  batchSize?: number;
}

async function judge(deps: FleetDigestSourceDeps, resource: ComputeSummary, now: Date): Promise<DigestItem | undefined> {
  const base = { id: resource.id, kind: resource.kind, subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup, name: resource.name };
  try {
    if (resource.kind === "vm") {
      const vm = await deps.fleet.getVm(resource);
      if (!vm) return undefined;
      const latest = await fetchLatestVersions(deps.catalog, vm.location, vm.extensions);
      // As in the drift summary: one heartbeat query per machine would not scale to a scope.
      return { ...base, agents: agentsOf(vm.extensions), findings: findingsForVm(vm, latest, undefined, now, { heartbeatChecked: false }) };
    }
    const scaleSet = await deps.fleet.getScaleSet(resource);
    if (!scaleSet) return undefined;
    const latest = await fetchLatestVersions(deps.catalog, scaleSet.location, scaleSet.extensions);
    return { ...base, agents: agentsOf(scaleSet.extensions), findings: findingsForScaleSet(scaleSet, latest) };
  } catch (error) {
    if (isThrottled(error)) throw error;
    deps.log.warn({ err: error, resourceId: resource.id }, "digest: resource could not be read");
    return { unreadable: true, id: resource.id };
  }
}

export function createFleetDigestSource(deps: FleetDigestSourceDeps): DigestSource {
  const concurrency = deps.concurrency ?? driftConcurrency;
  const batchSize = deps.batchSize ?? 256;
  return async function* scanScope(scope) {
    const resources = await deps.fleet.listInScope(scope);
    const now = deps.clock.now();
    for (let start = 0; start < resources.length; start += batchSize) {
      const judged = await mapBounded(resources.slice(start, start + batchSize), concurrency, (r) => judge(deps, r, now));
      for (const item of judged) if (item) yield item;
    }
  };
}
