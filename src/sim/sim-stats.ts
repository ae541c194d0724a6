// Request counters: every request counts in `calls`; reads vs writes by route kind (LRO polls and
// query POSTs are reads), so a dry run can be shown to make no write call.

export interface SimulatorStats {
  calls: number;
  reads: number;
  writes: number;
  byRoute: Record<string, number>;
  /** How often each api-version value was sent (any value is accepted). */
  apiVersions: Record<string, number>;
  reset(): void;
}

export function createStats(): SimulatorStats {
  const stats: SimulatorStats = {
    calls: 0,
    reads: 0,
    writes: 0,
    byRoute: {},
    apiVersions: {},
    reset() {
      stats.calls = 0;
      stats.reads = 0;
      stats.writes = 0;
      stats.byRoute = {};
      stats.apiVersions = {};
    },
  };
  return stats;
}

export function countRequest(stats: SimulatorStats, route: string, kind: "read" | "write", apiVersion: string | undefined): void {
  stats.calls++;
  if (kind === "read") stats.reads++;
  else stats.writes++;
  stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  if (apiVersion !== undefined) stats.apiVersions[apiVersion] = (stats.apiVersions[apiVersion] ?? 0) + 1;
}
