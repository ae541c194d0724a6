// Folds a stream of judged machines into what a digest shows, in memory bounded by the top-N lists
// (plus one short key per machine that needs attention, for the next snapshot). Pure.
import { agentById, type AgentId } from "../drift/agents.js";
import { severities, severityRank, worstSeverity, type Finding, type Severity } from "../drift/findings.js";
import { addToSummary, emptySummary, type FindingSummary } from "../drift/summarize-findings.js";
import { snapshotKeyOf, type DigestSnapshot } from "./digest-snapshot.js";
import { isUnreadable, type DigestItem, type DigestResource } from "./digest-source.js";

/** One machine as a digest lists it. */
export interface DigestMachine {
  kind: DigestResource["kind"];
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  worst: Severity;
  /** Findings per severity, critical first (the order worst offenders are ranked by). */
  profile: number[];
  /** The worst finding: its reason is the line shown under the name. */
  first?: Finding;
  findings: number;
}

export interface ChangeList {
  count: number;
  /** The first few, worst first (fixed: worst-before first). */
  sample: DigestMachine[];
}

export interface DigestChanges {
  /** ISO time of the previous digest. */
  previousAt: string;
  /** Needed attention now, did not before (or is new in the scope). */
  newlyDrifted: ChangeList;
  /** Needed attention before and now does not. */
  fixed: ChangeList;
  worse: ChangeList;
  better: ChangeList;
  /** Needed attention before and is no longer in the scope (deleted or moved). */
  gone: number;
}

export interface UpgradeGroup {
  subscriptionId: string;
  resourceGroup: string;
  /** Machines in the group with an agent behind that `upgrade` would move. */
  machines: number;
}

export interface DigestAggregate {
  summary: FindingSummary;
  unreadable: number;
  /** Machines whose worst finding is low or worse: what "needs attention" means in a digest. */
  attention: number;
  /** Current agents that honour enableAutomaticUpgrade, and how many have it on. */
  coverage: { enabled: number; total: number };
  /** Machines per retired agent still installed, most first. */
  legacy: Array<{ agent: AgentId; machines: number }>;
  worst: DigestMachine[];
  groups: UpgradeGroup[];
  /** Undefined for the first digest of a subscription. */
  changes?: DigestChanges;
  /** What the next digest compares against. */
  snapshot: DigestSnapshot;
}

export interface DigestLimits {
  /** Worst offenders listed. */
  topN: number;
  /** Names shown per change list. */
  sampleN: number;
  /** Resource groups offered for an upgrade request. */
  groupN: number;
}

export const defaultDigestLimits: DigestLimits = { topN: 10, sampleN: 5, groupN: 3 };

// Info findings describe normal states (e.g. behind while automatic upgrade rolls out): nothing to do.
const attentionRank = severityRank("low");

function profileOf(findings: readonly Finding[]): number[] {
  return severities.map((s) => findings.filter((f) => f.severity === s).length);
}

function nameOf(m: Pick<DigestMachine, "resourceGroup" | "name">): string {
  return `${m.resourceGroup}/${m.name}`.toLowerCase();
}

/** Worst first: worst severity, then counts per severity (critical first), then name for a stable order. */
export function compareMachines(a: DigestMachine, b: DigestMachine): number {
  const rank = severityRank(b.worst) - severityRank(a.worst);
  if (rank !== 0) return rank;
  for (let i = 0; i < a.profile.length; i++) {
    const diff = (b.profile[i] ?? 0) - (a.profile[i] ?? 0);
    if (diff !== 0) return diff;
  }
  const x = nameOf(a);
  const y = nameOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Inserts into a list kept sorted and at most `max` long. */
function keepTop<T>(list: T[], item: T, max: number, compare: (a: T, b: T) => number): void {
  if (max <= 0) return;
  if (list.length >= max && compare(item, list[list.length - 1] as T) >= 0) return;
  let at = list.findIndex((x) => compare(item, x) < 0);
  if (at < 0) at = list.length;
  list.splice(at, 0, item);
  if (list.length > max) list.pop();
}

function machineOf(resource: DigestResource): Omit<DigestMachine, "worst"> {
  const [first] = resource.findings;
  return {
    kind: resource.kind,
    subscriptionId: resource.subscriptionId,
    resourceGroup: resource.resourceGroup,
    name: resource.name,
    profile: profileOf(resource.findings),
    findings: resource.findings.length,
    ...(first && { first }),
  };
}

function severityAt(rank: number): Severity {
  return severities.find((s) => severityRank(s) === rank) ?? "low";
}

function compareGroups(a: UpgradeGroup, b: UpgradeGroup): number {
  const x = `${a.resourceGroup}/${a.subscriptionId}`.toLowerCase();
  const y = `${b.resourceGroup}/${b.subscriptionId}`.toLowerCase();
  return b.machines - a.machines || (x < y ? -1 : x > y ? 1 : 0);
}

function emptyList(): ChangeList {
  return { count: 0, sample: [] };
}

// An agent is behind and `upgrade` would move it: not while automatic upgrade rolls it out (seed 001).
function isUpgradeable(finding: Finding): boolean {
  return finding.reason.startsWith("drift.reason.behind.");
}

export interface DigestAccumulator {
  add(item: DigestItem): void;
  finish(scheduledAt: Date): DigestAggregate;
}

export function createDigestAccumulator(previous: DigestSnapshot | undefined, limits: DigestLimits = defaultDigestLimits): DigestAccumulator {
  const summary = emptySummary();
  const attention = new Map<string, number>();
  const worst: DigestMachine[] = [];
  const legacy = new Map<AgentId, number>();
  const groups = new Map<string, UpgradeGroup>();
  const coverage = { enabled: 0, total: 0 };
  const changes = { newlyDrifted: emptyList(), fixed: emptyList(), worse: emptyList(), better: emptyList() };
  let unreadable = 0;
  let previousSeen = 0;
  // "fixed" is ordered by how bad the machine was before, so its sample keeps that rank.
  const fixedRank = new Map<DigestMachine, number>();
  const compareFixed = (a: DigestMachine, b: DigestMachine) => (fixedRank.get(b) ?? 0) - (fixedRank.get(a) ?? 0) || compareMachines(a, b);

  function note(list: ChangeList, machine: DigestMachine, compare = compareMachines): void {
    list.count += 1;
    keepTop(list.sample, machine, limits.sampleN, compare);
  }

  function countAgents(resource: DigestResource): void {
    const retired = new Set<AgentId>();
    for (const { agent, autoUpgrade } of resource.agents) {
      const info = agentById(agent);
      if (info.status === "retired") retired.add(agent);
      else if (info.supportsAutomaticUpgrade) {
        coverage.total += 1;
        if (autoUpgrade === "enabled") coverage.enabled += 1;
      }
    }
    for (const agent of retired) legacy.set(agent, (legacy.get(agent) ?? 0) + 1);
  }

  function countGroup(resource: DigestResource): void {
    if (!resource.findings.some(isUpgradeable)) return;
    const key = `${resource.subscriptionId}/${resource.resourceGroup}`.toLowerCase();
    const group = groups.get(key) ?? { subscriptionId: resource.subscriptionId, resourceGroup: resource.resourceGroup, machines: 0 };
    group.machines += 1;
    groups.set(key, group);
  }

  function compare(resource: DigestResource, machine: DigestMachine | undefined, rank: number | undefined): void {
    if (!previous) return;
    const before = previous.attention.get(snapshotKeyOf(resource.id));
    if (before !== undefined) previousSeen += 1;
    if (rank === undefined || !machine) {
      if (before === undefined) return;
      // Listed with its severity from before: that is what got fixed.
      const fixed = { ...machineOf(resource), worst: severityAt(before) };
      fixedRank.set(fixed, before);
      note(changes.fixed, fixed, compareFixed);
      return;
    }
    if (before === undefined) note(changes.newlyDrifted, machine);
    else if (rank > before) note(changes.worse, machine);
    else if (rank < before) note(changes.better, machine);
  }

  return {
    add(item) {
      if (isUnreadable(item)) {
        unreadable += 1;
        // Not read this time is neither fixed nor gone: it is simply not compared.
        if (previous?.attention.has(snapshotKeyOf(item.id))) previousSeen += 1;
        return;
      }
      addToSummary(summary, item.findings);
      countAgents(item);
      countGroup(item);
      const severity = worstSeverity(item.findings);
      const rank = severity === undefined ? undefined : severityRank(severity);
      const needsAttention = rank !== undefined && rank >= attentionRank;
      const machine = severity === undefined ? undefined : { ...machineOf(item), worst: severity };
      if (needsAttention && machine) {
        attention.set(snapshotKeyOf(item.id), rank);
        keepTop(worst, machine, limits.topN, compareMachines);
      }
      compare(item, needsAttention ? machine : undefined, needsAttention ? rank : undefined);
    },

    finish(scheduledAt) {
      const aggregate: DigestAggregate = {
        summary,
        unreadable,
        attention: attention.size,
        coverage,
        legacy: [...legacy].map(([agent, machines]) => ({ agent, machines })).sort((a, b) => b.machines - a.machines || a.agent.localeCompare(b.agent)),
        worst,
        groups: [...groups.values()].sort(compareGroups).slice(0, limits.groupN),
        snapshot: { scheduledAt: scheduledAt.toISOString(), resources: summary.resources, attention },
      };
      if (previous) aggregate.changes = { previousAt: previous.scheduledAt, ...changes, gone: Math.max(0, previous.attention.size - previousSeen) };
      return aggregate;
    },
  };
}
