// The fleet scan as machines: Resource Graph rows (one per extension, ordered by ID) are grouped
// into their VM or scale set, the latest versions of each page's agents are looked up once per
// region/publisher/type (the catalogue caches them), and each machine is judged by the drift engine.
// Yields one batch per page: memory holds a page and one open machine, never the estate.
import { createHash } from "node:crypto";
import { extensionKey, identifyAgent } from "../drift/agents.js";
import { findingsForScaleSet, findingsForVm, type Finding, type LatestVersions } from "../drift/findings.js";
import type { VersionCatalog } from "../fleet/catalog.js";
import type { Extension, ExtensionImageKey, FleetScanner, OsType, ScannedExtension, ScannedResource, Scope } from "../fleet/port.js";
import type { Logger } from "../log.js";
import { isThrottled } from "./is-throttled.js";

export interface ScanMachinesDeps {
  scanner: FleetScanner;
  catalog: VersionCatalog;
  log: Logger;
  /** Rows per Resource Graph page (default: the scanner's, 1000). */
  pageSize?: number;
}

/** One VM or scale set as the scan sees it: model extensions only (Resource Graph has no instance view). */
export interface ScannedMachine {
  resource: ScannedResource;
  extensions: Extension[];
  /** Worst first. No heartbeat and no scale-set instance findings: the scan has neither. */
  findings: Finding[];
}

export interface ScanProgress {
  /** Pages (batches of rows) received so far. */
  pages: number;
  /** Machines whose rows were not contiguous (split across the order): judged in parts, each part counted. */
  split: number;
}

/**
 * The subscriptions a scope scans: every configured one for `all`, the named one when it is configured
 * (in its configured spelling), undefined when it is not. Resource groups are not scanned (per-VM path).
 */
export function subscriptionsToScan(configured: readonly string[], scope: Scope): string[] | undefined {
  if (scope.kind === "all") return [...configured];
  if (scope.kind !== "subscription") return undefined;
  const match = configured.find((s) => s.toLowerCase() === scope.subscriptionId.toLowerCase());
  return match === undefined ? undefined : [match];
}

function machineKey(resource: ScannedResource): string {
  return `${resource.kind}|${resource.id.toLowerCase()}`;
}

// Resource Graph may miss the OS (no row for the parent); an agent's own OS is the best guess left,
// and Linux the default (it only picks which agent "no monitoring agent" recommends).
function osTypeOf(resource: ScannedResource, extensions: readonly Extension[]): OsType {
  if (resource.osType) return resource.osType;
  for (const e of extensions) {
    const os = identifyAgent(e.publisher, e.type)?.osType;
    if (os) return os;
  }
  return "Linux";
}

/** The drift engine on one scanned machine. Pure. */
export function judgeScannedMachine(resource: ScannedResource, extensions: Extension[], latest: LatestVersions, now: Date): Finding[] {
  const base = { id: resource.id, subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup, name: resource.name, location: resource.location };
  const osType = osTypeOf(resource, extensions);
  if (resource.kind === "scaleSet") {
    // No instances: latestModelApplied lives in the instance list, which the scan does not read.
    return findingsForScaleSet({ ...base, osType, upgradePolicy: resource.upgradePolicy ?? "Manual", extensions, instances: [] }, latest);
  }
  const vm = {
    ...base,
    osType,
    powerState: resource.powerState ?? "unknown",
    provisioningState: "Unknown",
    identity: { systemAssigned: false, userAssignedIds: [] },
    extensions,
  };
  return findingsForVm(vm, latest, undefined, now, { heartbeatChecked: false });
}

interface OpenMachine {
  key: string;
  resource: ScannedResource;
  extensions: Extension[];
}

/** Rows (ordered by ID, so a machine's rows are contiguous) to complete machines; the last one stays open. */
function createGrouper() {
  let open: OpenMachine | undefined;
  return {
    push(rows: readonly ScannedExtension[]): OpenMachine[] {
      const done: OpenMachine[] = [];
      for (const row of rows) {
        const key = machineKey(row.resource);
        if (open?.key !== key) {
          if (open) done.push(open);
          open = { key, resource: row.resource, extensions: [] };
        }
        open.extensions.push(row.extension);
      }
      return done;
    },
    flush(): OpenMachine[] {
      const last = open ? [open] : [];
      open = undefined;
      return last;
    },
  };
}

function imageKeyId(key: ExtensionImageKey): string {
  return `${key.location}|${extensionKey(key.publisher, key.type)}`.toLowerCase();
}

/** Latest versions for the agents of a batch: each unknown region/publisher/type once, in parallel. */
async function lookUpLatest(deps: ScanMachinesDeps, machines: readonly OpenMachine[], known: Map<string, string | undefined>): Promise<void> {
  const wanted = new Map<string, ExtensionImageKey>();
  for (const m of machines) {
    for (const e of m.extensions) {
      const agent = identifyAgent(e.publisher, e.type);
      if (!agent) continue;
      const key = { location: m.resource.location, publisher: agent.publisher, type: agent.type };
      const id = imageKeyId(key);
      if (!known.has(id)) wanted.set(id, key);
    }
  }
  await Promise.all(
    [...wanted].map(async ([id, key]) => {
      try {
        known.set(id, await deps.catalog.latest(key));
      } catch (error) {
        if (isThrottled(error)) throw error;
        // Unknown latest → "latest unknown" findings for that agent, rather than no summary at all.
        deps.log.warn({ err: error, location: key.location, type: key.type }, "scan: latest version could not be listed");
        known.set(id, undefined);
      }
    }),
  );
}

function latestFor(location: string, extensions: readonly Extension[], known: ReadonlyMap<string, string | undefined>): LatestVersions {
  const latest = new Map<string, string | undefined>();
  for (const e of extensions) {
    const agent = identifyAgent(e.publisher, e.type);
    if (agent) latest.set(extensionKey(agent.publisher, agent.type), known.get(imageKeyId({ location, publisher: agent.publisher, type: agent.type })));
  }
  return latest;
}

/**
 * Scans the subscriptions and yields the judged machines page by page. Throttling ends the stream
 * with the error (a summary that silently misses machines would be worse). `progress` is updated
 * as pages arrive.
 */
export async function* scanMachines(
  deps: ScanMachinesDeps,
  subscriptionIds: readonly string[],
  now: Date,
  progress: ScanProgress = { pages: 0, split: 0 },
): AsyncGenerator<ScannedMachine[]> {
  const grouper = createGrouper();
  const known = new Map<string, string | undefined>();
  // 12-character hashes of the machines already judged (~0.5 MB per 10,000): only to notice rows that break the ID order.
  const judged = new Set<string>();
  const judge = async (machines: OpenMachine[]): Promise<ScannedMachine[]> => {
    await lookUpLatest(deps, machines, known);
    return machines.map((m) => {
      const short = createHash("sha256").update(m.key).digest("base64url").slice(0, 12);
      if (judged.has(short)) progress.split += 1;
      judged.add(short);
      return { resource: m.resource, extensions: m.extensions, findings: judgeScannedMachine(m.resource, m.extensions, latestFor(m.resource.location, m.extensions, known), now) };
    });
  };
  const options = deps.pageSize === undefined ? {} : { pageSize: deps.pageSize };
  const pages = deps.scanner.scanExtensions(subscriptionIds, options)[Symbol.asyncIterator]();
  // Read one page ahead: the next page is on the wire while this one is judged and handed on
  // (pages are sequential by $skipToken, so this is the only overlap there is). At most two pages in memory.
  let ahead = pages.next();
  try {
    for (;;) {
      const page = await ahead;
      if (page.done) break;
      ahead = pages.next();
      // A consumer that stops early must not leave the read-ahead's failure unhandled.
      ahead.catch(() => undefined);
      progress.pages += 1;
      const done = grouper.push(page.value);
      if (done.length > 0) yield await judge(done);
    }
  } finally {
    await pages.return?.(undefined);
  }
  const last = grouper.flush();
  if (last.length > 0) yield await judge(last);
  if (progress.split > 0) deps.log.warn({ split: progress.split }, "scan: rows of a machine were not contiguous; it was counted more than once");
}
