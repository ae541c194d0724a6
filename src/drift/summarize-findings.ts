// Totals for a scope (resource group, subscription, all): what the drift summary card and digests show.
// Built incrementally so a fleet scan can stream resources through it in bounded memory.
import type { AgentId } from "./agents.js";
import type { Finding } from "./findings.js";
import { severities, severityRank, worstSeverity, type Severity } from "./severity.js";

export type SeverityCounts = Record<Severity, number>;

export interface FindingSummary {
  /** Resources looked at, including those without findings. */
  resources: number;
  findings: number;
  /** Findings per severity. */
  bySeverity: SeverityCounts;
  /** Resources per their worst finding; "none" = no finding at all. */
  resourcesByWorst: SeverityCounts & { none: number };
  /** Findings per agent and severity; findings about no agent (no agent at all, power state, heartbeat) under "none". */
  byAgent: Partial<Record<AgentId | "none", SeverityCounts>>;
  /** Findings per reason key. */
  byReason: Record<string, number>;
}

function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export function emptySummary(): FindingSummary {
  return { resources: 0, findings: 0, bySeverity: zeroCounts(), resourcesByWorst: { ...zeroCounts(), none: 0 }, byAgent: {}, byReason: {} };
}

/** Adds one resource's findings to a summary (mutates and returns it). */
export function addToSummary(summary: FindingSummary, findings: readonly Finding[]): FindingSummary {
  summary.resources += 1;
  summary.resourcesByWorst[worstSeverity(findings) ?? "none"] += 1;
  for (const f of findings) {
    summary.findings += 1;
    summary.bySeverity[f.severity] += 1;
    const agent = f.agent ?? "none";
    const counts = (summary.byAgent[agent] ??= zeroCounts());
    counts[f.severity] += 1;
    summary.byReason[f.reason] = (summary.byReason[f.reason] ?? 0) + 1;
  }
  return summary;
}

/** Totals over resources, each given as its findings. */
export function summarizeFindings(resources: Iterable<{ findings: readonly Finding[] }>): FindingSummary {
  const summary = emptySummary();
  for (const resource of resources) addToSummary(summary, resource.findings);
  return summary;
}

function severityProfile(findings: readonly Finding[]): number[] {
  const counts = zeroCounts();
  for (const f of findings) counts[f.severity] += 1;
  return severities.map((s) => counts[s]);
}

/**
 * Resources ordered worst first: by worst severity, then by how many findings of each severity
 * (critical count first), then by the given tie-breaker (e.g. name) so the order is stable for cards.
 */
export function sortWorstFirst<T extends { findings: readonly Finding[] }>(resources: readonly T[], tieBreak?: (a: T, b: T) => number): T[] {
  const keyed = resources.map((r) => ({ r, worst: worstSeverity(r.findings), profile: severityProfile(r.findings) }));
  keyed.sort((a, b) => {
    const wa = a.worst === undefined ? -1 : severityRank(a.worst);
    const wb = b.worst === undefined ? -1 : severityRank(b.worst);
    if (wa !== wb) return wb - wa;
    for (let i = 0; i < a.profile.length; i++) {
      const diff = (b.profile[i] ?? 0) - (a.profile[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return tieBreak ? tieBreak(a.r, b.r) : 0;
  });
  return keyed.map((k) => k.r);
}
