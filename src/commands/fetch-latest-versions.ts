import { extensionKey, identifyAgent } from "../drift/agents.js";
import type { LatestVersions } from "../drift/findings.js";
import type { VersionCatalog } from "../fleet/catalog.js";

export interface ExtensionType {
  publisher: string;
  type: string;
}

/**
 * Latest versions in a region for the given extension types (duplicates and non-agents skipped),
 * looked up in parallel through the catalogue, which caches and shares identical in-flight calls.
 */
export async function fetchLatestVersions(catalog: VersionCatalog, location: string, types: Iterable<ExtensionType>): Promise<Map<string, string | undefined>> {
  const wanted = new Map<string, ExtensionType>();
  for (const t of types) {
    const agent = identifyAgent(t.publisher, t.type);
    if (agent) wanted.set(extensionKey(agent.publisher, agent.type), agent);
  }
  const entries = await Promise.all(
    [...wanted].map(async ([key, t]) => [key, await catalog.latest({ location, publisher: t.publisher, type: t.type })] as const),
  );
  return new Map(entries);
}

/** Adds what `more` needs and `known` lacks (an agent the OS prefetch did not guess). */
export async function completeLatestVersions(
  catalog: VersionCatalog,
  location: string,
  known: Map<string, string | undefined>,
  more: Iterable<ExtensionType>,
): Promise<LatestVersions> {
  const missing = [...more].filter((t) => !known.has(extensionKey(t.publisher, t.type)));
  if (missing.length === 0) return known;
  const extra = await fetchLatestVersions(catalog, location, missing);
  return new Map([...known, ...extra]);
}
