// The scheduled digest card: totals, coverage, legacy agents, changes since the last digest, the worst
// offenders (top N, the rest counted) and buttons for the full list and upgrade requests. Its size
// depends on the limits, never on the fleet: 10,000 machines render as small as 10 (issue 5 req 4).
import { commandButton, maxButtonsPerSet, type CommandButton } from "../cards/command-button.js";
import { translateReason } from "../cards/describe-finding.js";
import { escapeMarkdown } from "../cards/escape-markdown.js";
import { colorOfSeverity } from "../cards/severity-style.js";
import { formatScope } from "../commands/targets.js";
import type { CardReply } from "../commands/types.js";
import type { AgentId } from "../drift/agents.js";
import { severities, type Severity } from "../drift/findings.js";
import type { Scope } from "../fleet/port.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import type { ChangeList, DigestAggregate, DigestMachine, UpgradeGroup } from "./accumulate-digest.js";
import { describeSchedule, formatInTimeZone } from "./describe-schedule.js";
import { describeScope } from "./describe-scope.js";
import type { Schedule } from "./schedule.js";

/** Where a digest's versions came from: the instance view (FleetReader) or the model (Resource Graph scan). */
export type VersionSource = "instanceView" | "model";

export interface DigestCardInput {
  scope: Scope;
  schedule: Schedule;
  aggregate: DigestAggregate;
  scheduledAt: Date;
  /** Posted after its time (the bot was down then). */
  late: boolean;
  versionSource: VersionSource;
}

function machineName(m: Pick<DigestMachine, "resourceGroup" | "name">): string {
  return escapeMarkdown(`${m.resourceGroup}/${m.name}`);
}

function when(tr: Translate, time: Date | string, schedule: Schedule, locale: Locale): string {
  return tr("schedule.digest.at", { time: formatInTimeZone(new Date(time), schedule.timezone, locale), timezone: schedule.timezone });
}

function severityRows(tr: Translate, aggregate: DigestAggregate) {
  const { summary } = aggregate;
  return severities
    .filter((s) => summary.resourcesByWorst[s] > 0)
    .map((s) => ({
      label: tr(`drift.severity.${s}`),
      color: colorOfSeverity(s),
      value: tr("schedule.digest.severityValue", { machines: summary.resourcesByWorst[s], findings: summary.bySeverity[s] }),
    }));
}

function agentRows(tr: Translate, aggregate: DigestAggregate) {
  const entries = Object.entries(aggregate.summary.byAgent) as Array<[AgentId | "none", Record<Severity, number>]>;
  const profile = (counts: Record<Severity, number>) => severities.map((s) => counts[s]);
  entries.sort(([, a], [, b]) => {
    const [pa, pb] = [profile(a), profile(b)];
    for (let i = 0; i < pa.length; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
    return 0;
  });
  return entries.map(([agent, counts]) => ({
    label: agent === "none" ? tr("schedule.digest.machineLevel") : tr(`drift.agent.${agent}`),
    value: severities
      .filter((s) => counts[s] > 0)
      .map((s) => tr("schedule.digest.severityCount", { severity: tr(`drift.severity.${s}`), count: counts[s] }))
      .join(" · "),
  }));
}

function coverageText(tr: Translate, aggregate: DigestAggregate): string {
  const { enabled, total } = aggregate.coverage;
  if (total === 0) return tr("schedule.digest.coverageNone");
  // Floor, so 99.6% never shows as a reassuring 100%.
  return tr("schedule.digest.coverageValue", { percent: Math.floor((enabled / total) * 100), enabled, total });
}

function legacyText(tr: Translate, aggregate: DigestAggregate): string {
  if (aggregate.legacy.length === 0) return tr("schedule.digest.legacyNone");
  return aggregate.legacy.map((l) => tr("schedule.digest.legacyEntry", { agent: tr(`drift.agent.${l.agent}`), machines: l.machines })).join(" · ");
}

function namesOf(tr: Translate, list: ChangeList): string {
  const names = list.sample.map(machineName).join(", ");
  const more = list.count - list.sample.length;
  return more > 0 ? tr("schedule.digest.namesAndMore", { names, count: more }) : names;
}

function changeRows(tr: Translate, aggregate: DigestAggregate) {
  const changes = aggregate.changes;
  if (!changes) return [];
  const listed = (["newlyDrifted", "worse", "fixed", "better"] as const)
    .filter((k) => changes[k].count > 0)
    .map((k) => ({ title: tr(`schedule.digest.change.${k}`), value: tr("schedule.digest.changeValue", { count: changes[k].count, names: namesOf(tr, changes[k]) }) }));
  return changes.gone > 0 ? [...listed, { title: tr("schedule.digest.change.gone"), value: String(changes.gone) }] : listed;
}

function worstRow(tr: Translate, m: DigestMachine) {
  const reason = m.first ? translateReason(tr, m.first) : "";
  return {
    name: machineName(m),
    severity: tr(`drift.severity.${m.worst}`),
    color: colorOfSeverity(m.worst),
    reason: m.findings > 1 ? tr("schedule.digest.reasonAndMore", { reason, count: m.findings - 1 }) : reason,
  };
}

// `upgrade` reads a bare word as a machine name: a group is "rg:<name>", and a group name shared by two
// subscriptions needs the resource ID form to mean one of them. The approval flow takes it from there.
function upgradeButtons(tr: Translate, groups: readonly UpgradeGroup[]): CommandButton[] {
  return groups.map((g) => {
    const shared = groups.some((o) => o !== g && o.resourceGroup.toLowerCase() === g.resourceGroup.toLowerCase());
    const target = shared ? formatScope({ kind: "resourceGroup", resourceGroup: g.resourceGroup, subscriptionId: g.subscriptionId }) : `rg:${g.resourceGroup}`;
    return commandButton(`upgrade ${target}`, tr("schedule.digest.upgradeButton", { resourceGroup: g.resourceGroup, machines: g.machines }));
  });
}

function overallOf(tr: Translate, aggregate: DigestAggregate) {
  const worst = severities.find((s) => aggregate.summary.bySeverity[s] > 0);
  return worst ? { text: tr(`drift.severity.${worst}`), color: colorOfSeverity(worst) } : { text: tr("schedule.digest.healthy"), color: "Good" };
}

function emptyText(tr: Translate, aggregate: DigestAggregate): string {
  const total = aggregate.summary.resources;
  if (total === 0) return aggregate.unreadable > 0 ? "" : tr("schedule.digest.emptyScope");
  return aggregate.attention === 0 ? tr("schedule.digest.allGood", { total }) : "";
}

export function buildDigestCard(locale: Locale, input: DigestCardInput): CardReply {
  const tr = translator(locale);
  const { aggregate, schedule } = input;
  const total = aggregate.summary.resources;
  const title = tr("schedule.digest.title", { scope: describeScope(tr, input.scope) });
  const overall = overallOf(tr, aggregate);
  const changes = aggregate.changes;
  const facts = [
    { title: tr("schedule.digest.fact.attention"), value: tr("schedule.digest.countOfTotal", { count: aggregate.attention, total }) },
    { title: tr("schedule.digest.fact.findings"), value: String(aggregate.summary.findings) },
    { title: tr("schedule.digest.fact.coverage"), value: coverageText(tr, aggregate) },
    { title: tr("schedule.digest.fact.legacy"), value: legacyText(tr, aggregate) },
    ...(aggregate.unreadable > 0 ? [{ title: tr("schedule.digest.fact.unreadable"), value: String(aggregate.unreadable) }] : []),
  ];
  const changeFacts = changeRows(tr, aggregate);
  const more = aggregate.attention - aggregate.worst.length;
  const summaryParams = { title, overall: overall.text, count: aggregate.attention, total };
  const plain = changes
    ? tr("schedule.digest.summaryWithChanges", { ...summaryParams, newlyDrifted: changes.newlyDrifted.count, fixed: changes.fixed.count })
    : tr("schedule.digest.summary", summaryParams);
  const buttons = [commandButton(`drift ${formatScope(input.scope)}`, tr("schedule.digest.fullListButton")), ...upgradeButtons(tr, aggregate.groups)];
  return {
    kind: "card",
    template: "digest",
    summary: input.late ? tr("schedule.digest.latePrefix", { summary: plain }) : plain,
    data: {
      summary: plain,
      title,
      subtitle: tr("schedule.digest.subtitle", { schedule: describeSchedule(tr, schedule), due: when(tr, input.scheduledAt, schedule, locale) }),
      late: input.late ? tr("schedule.digest.late", { due: when(tr, input.scheduledAt, schedule, locale) }) : "",
      overall,
      facts,
      changesHeading: changes ? tr("schedule.digest.changesHeading", { previous: when(tr, changes.previousAt, schedule, locale) }) : tr("schedule.digest.changesHeadingFirst"),
      changes: changeFacts,
      changesNote: !changes ? tr("schedule.digest.firstDigest") : changeFacts.length === 0 ? tr("schedule.digest.noChanges") : "",
      severityHeading: tr("schedule.digest.severityHeading"),
      severities: severityRows(tr, aggregate),
      agentsHeading: tr("schedule.digest.agentsHeading"),
      agents: agentRows(tr, aggregate),
      worstHeading: tr("schedule.digest.worstHeading"),
      worst: aggregate.worst.map((m) => worstRow(tr, m)),
      moreWorst: more > 0 ? tr("schedule.digest.moreWorst", { count: more }) : "",
      empty: emptyText(tr, aggregate),
      note: tr(`schedule.digest.note.${input.versionSource}`),
      buttons: buttons.slice(0, maxButtonsPerSet),
    },
  };
}
