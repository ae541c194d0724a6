import type { CardReply } from "../commands/types.js";
import type { AgentId } from "../drift/agents.js";
import {
  severities,
  sortWorstFirst,
  summarizeFindings,
  worstSeverity,
  type Finding,
  type FindingSummary,
  type Severity,
} from "../drift/findings.js";
import type { ComputeSummary, Scope } from "../fleet/port.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import { commandButton } from "./command-button.js";
import { describeOverall, translateReason } from "./describe-finding.js";
import { escapeMarkdown, escapeParams } from "./escape-markdown.js";
import { formatUtc } from "./format-time.js";
import { colorOfSeverity } from "./severity-style.js";

export interface DriftResource {
  resource: ComputeSummary;
  findings: readonly Finding[];
}

export interface DriftCardInput {
  scope: Scope;
  /** Every resource that could be read, findings worst first. */
  resources: readonly DriftResource[];
  /** Resources listed in the scope that could not be read (gone meanwhile, or an error). */
  unreadable: number;
  now: Date;
}

/**
 * Machines listed one by one, worst first; the rest are counted ("and N more"). Keeps a
 * 5,000-VM scope well under the 28 KB card budget (issue 2 req 7).
 */
export const maxListedMachines = 15;
/** "status" buttons for the worst machines; fewer than the 5 actions a set may hold. */
export const maxMachineButtons = 3;

function scopeTitle(tr: Translate, scope: Scope): string {
  switch (scope.kind) {
    case "all":
      return tr("scope.card.title.all");
    case "subscription":
      return tr("scope.card.title.subscription", escapeParams({ subscriptionId: scope.subscriptionId }));
    case "resourceGroup":
      return tr("scope.card.title.resourceGroup", escapeParams({ resourceGroup: scope.resourceGroup }));
  }
}

/** "High 3 · Medium 1": the non-zero counts, worst first (also used by the scan card). */
export function severityCountsText(tr: Translate, counts: Record<Severity, number>): string {
  return severities
    .filter((s) => counts[s] > 0)
    .map((s) => tr("scope.card.severityCount", { severity: tr(`drift.severity.${s}`), count: counts[s] }))
    .join(" · ");
}

function severityRows(tr: Translate, summary: FindingSummary, resources: readonly DriftResource[]) {
  return severities
    .filter((s) => summary.bySeverity[s] > 0)
    .map((s) => ({
      label: tr(`drift.severity.${s}`),
      color: colorOfSeverity(s),
      value: tr("scope.card.severityValue", {
        findings: summary.bySeverity[s],
        machines: resources.filter((r) => r.findings.some((f) => f.severity === s)).length,
      }),
    }));
}

/** One fact per agent, worst first (also used by the scan card). */
export function agentRows(tr: Translate, summary: Pick<FindingSummary, "byAgent">) {
  const entries = Object.entries(summary.byAgent) as Array<[AgentId | "none", Record<Severity, number>]>;
  // Worst first: compare the counts severity by severity, critical first.
  const profile = (counts: Record<Severity, number>) => severities.map((s) => counts[s]);
  entries.sort(([, a], [, b]) => {
    const pa = profile(a);
    const pb = profile(b);
    for (let i = 0; i < pa.length; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
    return 0;
  });
  return entries.map(([agent, counts]) => ({
    label: agent === "none" ? tr("scope.card.machineLevel") : tr(`drift.agent.${agent}`),
    value: severityCountsText(tr, counts),
  }));
}

/** One listed machine: its worst severity and first reason (also used by the scan card). */
export function machineRow(tr: Translate, item: { resource: { resourceGroup: string; name: string }; findings: readonly Finding[] }) {
  const worst = worstSeverity(item.findings) ?? "info";
  const [first] = item.findings;
  const reason = first ? translateReason(tr, first) : "";
  const more = item.findings.length - 1;
  return {
    name: escapeMarkdown(`${item.resource.resourceGroup}/${item.resource.name}`),
    severity: tr(`drift.severity.${worst}`),
    color: colorOfSeverity(worst),
    reason: more > 0 ? tr("scope.card.reasonAndMore", { reason, count: more }) : reason,
  };
}

/** The `drift <scope>` summary: totals by severity and agent, machines worst first, the rest counted. */
export function buildDriftCard(locale: Locale, input: DriftCardInput): CardReply {
  const tr = translator(locale);
  const summary = summarizeFindings(input.resources);
  const withFindings = sortWorstFirst(
    input.resources.filter((r) => r.findings.length > 0),
    (a, b) => `${a.resource.resourceGroup}/${a.resource.name}`.localeCompare(`${b.resource.resourceGroup}/${b.resource.name}`),
  );
  const listed = withFindings.slice(0, maxListedMachines);
  const vms = input.resources.filter((r) => r.resource.kind === "vm").length;
  const title = scopeTitle(tr, input.scope);
  const allFindings = input.resources.flatMap((r) => r.findings);
  const overall = describeOverall(tr, allFindings);
  const plain = tr("scope.card.summary", { title, overall: overall.text, machines: withFindings.length, total: input.resources.length });
  const facts = [
    { title: tr("scope.card.fact.withFindings"), value: tr("scope.card.countOfTotal", { count: withFindings.length, total: input.resources.length }) },
    { title: tr("scope.card.fact.findings"), value: String(summary.findings) },
    ...(input.unreadable > 0 ? [{ title: tr("scope.card.fact.unreadable"), value: String(input.unreadable) }] : []),
  ];
  return {
    kind: "card",
    template: "drift",
    summary: plain,
    data: {
      summary: plain,
      title,
      subtitle: tr("scope.card.subtitle", { vms, scaleSets: input.resources.length - vms, time: formatUtc(input.now) }),
      overall,
      facts,
      severityHeading: tr("scope.card.severityHeading"),
      severities: severityRows(tr, summary, input.resources),
      agentsHeading: tr("scope.card.agentsHeading"),
      agents: agentRows(tr, summary),
      machinesHeading: tr("scope.card.machinesHeading"),
      machines: listed.map((item) => machineRow(tr, item)),
      moreMachines:
        withFindings.length > listed.length ? tr("scope.card.moreMachines", { count: withFindings.length - listed.length }) : "",
      empty:
        input.resources.length === 0
          ? tr("scope.card.emptyScope")
          : withFindings.length === 0
            ? tr("scope.card.allGood", { total: input.resources.length })
            : "",
      note: tr("scope.card.note"),
      buttons: listed
        .slice(0, maxMachineButtons)
        .map((item) => commandButton(`status ${item.resource.resourceGroup}/${item.resource.name}`)),
    },
  };
}
