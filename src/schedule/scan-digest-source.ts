// The digest source over the Resource Graph scan (all and sub:<id> scopes): the same paged scan and
// judging as `drift all`, handed on machine by machine so the accumulator keeps memory bounded.
// Resource groups keep the FleetReader source (instance view); createDigestBuilderByScope picks.
import type { Clock } from "../clock.js";
import { scanMachines, subscriptionsToScan } from "../commands/scan-machines.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetScanner } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { createDigestBuilder, type BuildDigest } from "./create-digest-builder.js";
import type { DigestLimits } from "./accumulate-digest.js";
import { agentsOf, type DigestSource } from "./digest-source.js";

export interface ScanDigestSourceDeps {
  scanner: FleetScanner;
  /** The subscriptions the deployment watches. */
  subscriptionIds: readonly string[];
  catalog: VersionCatalog;
  clock: Clock;
  log: Logger;
  pageSize?: number;
}

/** Thrown for a subscription the deployment does not watch (the run fails with this code, never scans). */
export class ScopeNotWatchedError extends Error {
  readonly code = "ScopeNotWatched";
  constructor() {
    super("the subscription of this digest is not one the deployment watches");
    this.name = "ScopeNotWatchedError";
  }
}

export function createScanDigestSource(deps: ScanDigestSourceDeps): DigestSource {
  return async function* scanScope(scope) {
    // A resource group is scanned as its subscriptions and filtered: correct, but the FleetReader
    // source reads only the group, which is why createDigestBuilderByScope never sends one here.
    const subscriptions =
      scope.kind === "resourceGroup"
        ? scope.subscriptionId === undefined
          ? [...deps.subscriptionIds]
          : subscriptionsToScan(deps.subscriptionIds, { kind: "subscription", subscriptionId: scope.subscriptionId })
        : subscriptionsToScan(deps.subscriptionIds, scope);
    if (!subscriptions) throw new ScopeNotWatchedError();
    const group = scope.kind === "resourceGroup" ? scope.resourceGroup.toLowerCase() : undefined;
    const scanDeps = { scanner: deps.scanner, catalog: deps.catalog, log: deps.log, ...(deps.pageSize !== undefined && { pageSize: deps.pageSize }) };
    for await (const batch of scanMachines(scanDeps, subscriptions, deps.clock.now())) {
      for (const { resource, extensions, findings } of batch) {
        if (group !== undefined && resource.resourceGroup.toLowerCase() !== group) continue;
        yield {
          id: resource.id,
          kind: resource.kind,
          subscriptionId: resource.subscriptionId,
          resourceGroup: resource.resourceGroup,
          name: resource.name,
          agents: agentsOf(extensions),
          findings,
        };
      }
    }
  };
}

export interface ScopeDigestOptions {
  /** FleetReader source (instance view): resource groups, and every scope when there is no scan. */
  fleet: DigestSource;
  /** Scan source: all and sub:<id>. */
  scan?: DigestSource;
  limits?: DigestLimits;
}

/** What the scheduler calls: scan-wide scopes through the scan (model versions), resource groups VM by VM. */
export function createDigestBuilderByScope(options: ScopeDigestOptions): BuildDigest {
  const limits = options.limits ? { limits: options.limits } : {};
  const fleet = createDigestBuilder({ source: options.fleet, versionSource: "instanceView", ...limits });
  const scan = options.scan ? createDigestBuilder({ source: options.scan, versionSource: "model", ...limits }) : fleet;
  return (request) => (request.subscription.scope.kind === "resourceGroup" ? fleet(request) : scan(request));
}
