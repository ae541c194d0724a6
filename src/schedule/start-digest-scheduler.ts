// The digest scheduler as main.ts and the embedded bot wire it: resource groups read VM by VM, all
// and sub:<id> through the Resource Graph scan, posts through the bot's Notifier, one leader per store.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { FleetReader, FleetScanner } from "../fleet/port.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/port.js";
import { createFleetDigestSource } from "./fleet-digest-source.js";
import type { Notifier } from "./notifier.js";
import { createDigestBuilderByScope, createScanDigestSource } from "./scan-digest-source.js";
import { createScheduler, startScheduler, type Scheduler, type SchedulerDeps } from "./scheduler.js";

export interface DigestSchedulerOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  notifier: Notifier;
  fleet: FleetReader;
  catalog: VersionCatalog;
  /** With the subscriptions the fleet was built with; absent: every scope reads VM by VM. */
  scan?: { scanner: FleetScanner; subscriptionIds: readonly string[] };
  /** Unique per process; default host/pid/random (two bots in one process differ too). */
  instanceId?: string;
  /** Tick period; false = no timer, the caller ticks (tests). Default: the scheduler's (30 s). */
  tickMs?: number | false;
  /** Anything else the scheduler takes (lease TTL, send policy, sleep, ...). */
  scheduler?: Partial<Omit<SchedulerDeps, "store" | "clock" | "log" | "notifier" | "buildDigest" | "instanceId" | "tickMs">>;
}

export function defaultInstanceId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

export function startDigestScheduler(options: DigestSchedulerOptions): Scheduler {
  const { store, clock, catalog } = options;
  const log = options.log.child({ component: "digests" });
  const fleet = createFleetDigestSource({ fleet: options.fleet, catalog, clock, log });
  const scan = options.scan && options.scan.subscriptionIds.length > 0 ? createScanDigestSource({ ...options.scan, catalog, clock, log }) : undefined;
  const deps: SchedulerDeps = {
    store,
    clock,
    log,
    notifier: options.notifier,
    buildDigest: createDigestBuilderByScope({ fleet, ...(scan && { scan }) }),
    instanceId: options.instanceId ?? defaultInstanceId(),
    ...options.scheduler,
  };
  if (options.tickMs === false) return createScheduler(deps);
  return startScheduler({ ...deps, ...(options.tickMs !== undefined && { tickMs: options.tickMs }) });
}
