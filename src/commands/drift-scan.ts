// `drift all` and `drift sub:<id>` over the Resource Graph scan: machines stream in page by page and
// are folded into totals plus the worst few, so 10,000 VMs cost a handful of calls and constant
// memory. Versions are the model's (typeHandlerVersion); the card says so, and its buttons run
// `status`, which reads the instance view (the running version) of one machine.
import { buildUsageErrorCard } from "../cards/build-usage-error-card.js";
import { commandButton } from "../cards/command-button.js";
import { escapeParams } from "../cards/escape-markdown.js";
import { formatUtc } from "../cards/format-time.js";
import { colorOfSeverity } from "../cards/severity-style.js";
import { severities, severityRank, worstSeverity, type Finding, type Severity } from "../drift/findings.js";
import { addToSummary, emptySummary, type FindingSummary } from "../drift/summarize-findings.js";
import type { ScannedResource, Scope } from "../fleet/port.js";
import { t, translator, type Locale, type Translate } from "../i18n/translate.js";
import { scanMachines, subscriptionsToScan, type ScanProgress } from "./scan-machines.js";
import { formatScope } from "./targets.js";
import type { CardReply, CommandContext, Reply } from "./types.js";
import { agentRows, machineRow } from "../cards/build-drift-card.js";

/** Machines listed by name, worst first (as the per-VM drift card); the rest are counted. */
export const maxScanListed = 15;
/** `status` buttons for the worst machines. */
export const maxScanButtons = 3;

interface ListedMachine {
  resource: ScannedResource;
  findings: readonly Finding[];
  worst: number;
  profile: number[];
  sortName: string;
}

export interface ScanDriftAggregate {
  summary: FindingSummary;
  vms: number;
  scaleSets: number;
  withFindings: number;
  /** Machines with at least one finding of each severity. */
  machinesBySeverity: Record<Severity, number>;
  /** The worst machines with findings, worst first, at most `limit`. */
  worst: ListedMachine[];
}

function compareWorstFirst(a: ListedMachine, b: ListedMachine): number {
  if (a.worst !== b.worst) return b.worst - a.worst;
  for (let i = 0; i < a.profile.length; i++) {
    const diff = (b.profile[i] ?? 0) - (a.profile[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
}

/** Folds scanned machines into what the card shows. Pure; memory bounded by `limit`. */
export function createScanDriftAggregate(limit = maxScanListed) {
  const aggregate: ScanDriftAggregate = {
    summary: emptySummary(),
    vms: 0,
    scaleSets: 0,
    withFindings: 0,
    machinesBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    worst: [],
  };
  return {
    aggregate,
    add(machine: { resource: ScannedResource; findings: readonly Finding[] }): void {
      addToSummary(aggregate.summary, machine.findings);
      if (machine.resource.kind === "vm") aggregate.vms += 1;
      else aggregate.scaleSets += 1;
      const worst = worstSeverity(machine.findings);
      if (worst === undefined) return;
      aggregate.withFindings += 1;
      for (const s of severities) if (machine.findings.some((f) => f.severity === s)) aggregate.machinesBySeverity[s] += 1;
      const listed: ListedMachine = {
        resource: machine.resource,
        findings: machine.findings,
        worst: severityRank(worst),
        profile: severities.map((s) => machine.findings.filter((f) => f.severity === s).length),
        sortName: `${machine.resource.resourceGroup}/${machine.resource.name}`.toLowerCase(),
      };
      const list = aggregate.worst;
      if (list.length >= limit && compareWorstFirst(listed, list[list.length - 1]!) >= 0) return;
      const at = list.findIndex((x) => compareWorstFirst(listed, x) < 0);
      list.splice(at < 0 ? list.length : at, 0, listed);
      if (list.length > limit) list.pop();
    },
  };
}

function scopeTitle(tr: Translate, scope: Scope): string {
  if (scope.kind === "subscription") return tr("scope.card.title.subscription", escapeParams({ subscriptionId: scope.subscriptionId }));
  if (scope.kind === "resourceGroup") return tr("scope.card.title.resourceGroup", escapeParams({ resourceGroup: scope.resourceGroup }));
  return tr("scope.card.title.all");
}




export interface ScanDriftCardInput {
  scope: Scope;
  aggregate: ScanDriftAggregate;
  /** Subscriptions scanned and pages read: shown as the card's source. */
  subscriptions: number;
  pages: number;
  now: Date;
}

/** The summary card of a scan, on the drift template: its size depends on the limits, never on the fleet. */
export function buildScanDriftCard(locale: Locale, input: ScanDriftCardInput): CardReply {
  const tr = translator(locale);
  const { aggregate } = input;
  const { summary } = aggregate;
  const total = aggregate.vms + aggregate.scaleSets;
  const title = scopeTitle(tr, input.scope);
  const worst = severities.find((s) => summary.bySeverity[s] > 0);
  const overall = worst ? { text: tr(`drift.severity.${worst}`), color: colorOfSeverity(worst) } : { text: tr("status.card.healthy"), color: "Good" };
  const plain = tr("scope.card.summary", { title, overall: overall.text, machines: aggregate.withFindings, total });
  const listed = aggregate.worst;
  return {
    kind: "card",
    template: "drift",
    summary: plain,
    data: {
      summary: plain,
      title,
      subtitle: tr("scope.card.subtitle", { vms: aggregate.vms, scaleSets: aggregate.scaleSets, time: formatUtc(input.now) }),
      overall,
      facts: [
        { title: tr("scope.card.fact.withFindings"), value: tr("scope.card.countOfTotal", { count: aggregate.withFindings, total }) },
        { title: tr("scope.card.fact.findings"), value: String(summary.findings) },
        { title: tr("scan.card.fact.source"), value: tr("scan.card.fact.sourceValue", { subscriptions: input.subscriptions, pages: input.pages }) },
      ],
      severityHeading: tr("scope.card.severityHeading"),
      severities: severities
        .filter((s) => summary.bySeverity[s] > 0)
        .map((s) => ({
          label: tr(`drift.severity.${s}`),
          color: colorOfSeverity(s),
          value: tr("scope.card.severityValue", { findings: summary.bySeverity[s], machines: aggregate.machinesBySeverity[s] }),
        })),
      agentsHeading: tr("scope.card.agentsHeading"),
      agents: agentRows(tr, summary),
      machinesHeading: tr("scope.card.machinesHeading"),
      machines: listed.map((m) => machineRow(tr, m)),
      moreMachines: aggregate.withFindings > listed.length ? tr("scope.card.moreMachines", { count: aggregate.withFindings - listed.length }) : "",
      empty: total === 0 ? tr("scope.card.emptyScope") : aggregate.withFindings === 0 ? tr("scope.card.allGood", { total }) : "",
      note: tr("scan.card.note"),
      // Drill-down reads the instance view: the running version the scan cannot see. The resource ID
      // is exact even when a name repeats across groups or subscriptions.
      buttons: listed
        .slice(0, maxScanButtons)
        .map((m) => commandButton(`status ${m.resource.id}`, tr("scan.card.statusButton", { machine: `${m.resource.resourceGroup}/${m.resource.name}` }))),
    },
  };
}

function notWatched(ctx: CommandContext, scope: Scope, watched: readonly string[]): Reply {
  const locale = ctx.request.locale;
  const subscriptionId = scope.kind === "subscription" ? scope.subscriptionId : "";
  return buildUsageErrorCard(locale, {
    titleKey: "scan.notWatched.title",
    problem: t(locale, "scan.notWatched.body", escapeParams({ subscriptionId, watched: watched.join(", ") })),
    usages: [],
    suggestions: [...watched.slice(0, 4).map((id) => commandButton(`drift ${formatScope({ kind: "subscription", subscriptionId: id })}`)), commandButton("drift all")],
  });
}

/** Whether `drift <scope>` goes through the scan: a scanner is wired and the scope is not a resource group. */
export function usesScan(ctx: Pick<CommandContext, "scanner" | "subscriptionIds">, scope: Scope): boolean {
  return scope.kind !== "resourceGroup" && ctx.scanner !== undefined && (ctx.subscriptionIds?.length ?? 0) > 0;
}

/** `drift all` / `drift sub:<id>` through the scan. */
export async function showScannedDrift(ctx: CommandContext, scope: Scope): Promise<Reply> {
  const watched = ctx.subscriptionIds ?? [];
  const subscriptions = subscriptionsToScan(watched, scope);
  if (!ctx.scanner || !subscriptions) return notWatched(ctx, scope, watched);
  const now = ctx.clock.now();
  const { aggregate, add } = createScanDriftAggregate();
  const progress: ScanProgress = { pages: 0, split: 0 };
  const startedAt = performance.now();
  for await (const batch of scanMachines({ scanner: ctx.scanner, catalog: ctx.catalog, log: ctx.log }, subscriptions, now, progress)) {
    for (const machine of batch) add(machine);
  }
  ctx.log.info(
    { correlationId: ctx.request.correlationId, pages: progress.pages, machines: aggregate.vms + aggregate.scaleSets, durationMs: Math.round(performance.now() - startedAt) },
    "drift scan done",
  );
  return buildScanDriftCard(ctx.request.locale, { scope, aggregate, subscriptions: subscriptions.length, pages: progress.pages, now });
}
