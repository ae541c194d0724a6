// How bad a finding is. Ordered so cards and digests can show the worst first.

export const severities = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof severities)[number];

const ranks: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** Higher is worse: critical 4 … info 0. */
export function severityRank(severity: Severity): number {
  return ranks[severity];
}

/** Sort comparator that puts the worse severity first. */
export function compareSeverityWorstFirst(a: Severity, b: Severity): number {
  return ranks[b] - ranks[a];
}

/** The worst severity among findings (or bare severities); undefined for none. */
export function worstSeverity(items: Iterable<Severity | { severity: Severity }>): Severity | undefined {
  let worst: Severity | undefined;
  for (const item of items) {
    const severity = typeof item === "string" ? item : item.severity;
    if (worst === undefined || ranks[severity] > ranks[worst]) worst = severity;
  }
  return worst;
}
