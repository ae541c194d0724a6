import type { Clock } from "../../clock.js";
import type { ComputeSummary } from "../port.js";
import { mapBounded } from "../../concurrency/map-bounded.js";

/** VMs and scale sets by lower-cased name, per subscription, loaded with one listing each. */
export interface NameIndex {
  /** Everything named `name` (case-insensitive); a miss reloads cached subscriptions once. */
  find(name: string): Promise<ComputeSummary[]>;
}

interface Entry {
  loadedAt: number;
  /** Increases with every load, so a lookup can tell which listings started after it did. */
  generation: number;
  byName: Promise<Map<string, ComputeSummary[]>>;
}

export function createNameIndex(options: {
  subscriptionIds: readonly string[];
  load: (subscriptionId: string) => Promise<ComputeSummary[]>;
  ttlMs: number;
  clock: Clock;
  concurrency: number;
}): NameIndex {
  const entries = new Map<string, Entry>();
  let generation = 0;

  // Identical concurrent loads share one promise; a failed load is forgotten so the next call retries.
  function startLoad(subscriptionId: string): Entry {
    const byName = options.load(subscriptionId).then(indexByName);
    const entry = { loadedAt: options.clock.now().getTime(), generation: ++generation, byName };
    entries.set(subscriptionId, entry);
    byName.catch(() => {
      if (entries.get(subscriptionId) === entry) entries.delete(subscriptionId);
    });
    return entry;
  }

  function entryFor(subscriptionId: string): Entry {
    const cached = entries.get(subscriptionId);
    if (cached && options.clock.now().getTime() - cached.loadedAt < options.ttlMs) return cached;
    return startLoad(subscriptionId);
  }

  // `olderThan`: also reload a cached listing whose generation is at most this; a newer one
  // (another call's reload, maybe still in flight) is shared.
  async function lookup(subscriptionIds: readonly string[], key: string, olderThan?: number) {
    return mapBounded(subscriptionIds, options.concurrency, async (subscriptionId) => {
      const current = entries.get(subscriptionId);
      const entry =
        olderThan !== undefined && (!current || current.generation <= olderThan) ? startLoad(subscriptionId) : entryFor(subscriptionId);
      return { subscriptionId, generation: entry.generation, found: (await entry.byName).get(key) ?? [] };
    });
  }

  return {
    async find(name) {
      const key = name.toLowerCase();
      const startedAfter = generation;
      const first = await lookup(options.subscriptionIds, key);
      const found = first.flatMap((r) => r.found);
      if (found.length > 0) return found;
      // A miss may be a VM created since the index was built: reload, once, the listings that
      // were older than this call (those loaded for this call are as fresh as they get).
      const stale = first.filter((r) => r.generation <= startedAfter).map((r) => r.subscriptionId);
      if (stale.length === 0) return [];
      return (await lookup(stale, key, startedAfter)).flatMap((r) => r.found);
    },
  };
}

function indexByName(summaries: readonly ComputeSummary[]): Map<string, ComputeSummary[]> {
  const byName = new Map<string, ComputeSummary[]>();
  for (const summary of summaries) {
    const key = summary.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), summary]);
  }
  return byName;
}
