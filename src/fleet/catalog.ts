import type { Clock } from "../clock.js";
import { latestOf } from "../drift/version.js";
import type { ExtensionImageKey, FleetReader } from "./port.js";

/** Latest extension versions per (region, publisher, type), cached; identical in-flight look-ups share one call. */
export interface VersionCatalog {
  /** The highest version listed for the region, or undefined when the region lists none. */
  latest(key: ExtensionImageKey): Promise<string | undefined>;
}

interface Entry {
  expiresAt: number;
  value: Promise<string | undefined>;
}

function cacheKey(key: ExtensionImageKey): string {
  // Regions, publishers and types are case-insensitive in ARM.
  return `${key.location}|${key.publisher}|${key.type}`.toLowerCase();
}

export function createVersionCatalog(
  fleet: Pick<FleetReader, "listExtensionVersions">,
  options: { clock: Clock; ttlMs: number },
): VersionCatalog {
  const entries = new Map<string, Entry>();
  return {
    latest(key) {
      const id = cacheKey(key);
      const now = options.clock.now().getTime();
      const cached = entries.get(id);
      if (cached && cached.expiresAt > now) return cached.value;
      const value = fleet.listExtensionVersions(key).then(latestOf);
      entries.set(id, { expiresAt: now + options.ttlMs, value });
      // A failed look-up must not be cached: the next caller tries again.
      value.catch(() => {
        if (entries.get(id)?.value === value) entries.delete(id);
      });
      return value;
    },
  };
}
