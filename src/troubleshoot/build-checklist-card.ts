// The checklist card (cards/troubleshoot.json): one row per step with ✓ ✗ ? – and its evidence, the
// first failing step opened with its remedy and buttons, probe buttons where only the machine can
// answer, Re-check, and the support request text. Builds data only; the template lays it out.
import { escapeMarkdown, escapeParams } from "../cards/escape-markdown.js";
import type { CardReply } from "../commands/types.js";
import type { Vm } from "../fleet/port.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import { runCommandButton, verbButton, type CardButton } from "./card-button.js";
import { draftSupportRequest } from "./draft-support-request.js";
import type { TroubleshootFacts } from "./facts.js";
import { formatUtc } from "./format-evidence-time.js";
import { isActionRemedy, type ActionRemedyKey } from "./remedies.js";
import type { ChecklistOutcome } from "./run-checklist.js";
import type { Evidence, ProbeKind, Remedy, StepId, StepResult, StepStatus } from "./step-result.js";
import { troubleshootVerbs } from "./troubleshoot-verbs.js";

/** The step a probe's result belongs to: it shows "running…" while the probe runs. */
export const probeStep: Record<ProbeKind, StepId> = { network: "network", omsCertificate: "legacyAgent" };

/** An action remedy's command and whether the registry has the approval command that runs it. */
export interface RemedyAction {
  command: string;
  available: boolean;
}

export interface ChecklistCardInput {
  facts: TroubleshootFacts;
  outcome: ChecklistOutcome;
  /** When the checks ran. */
  now: Date;
  /** Probes running on the machine now: their step shows "running…". */
  running?: readonly ProbeKind[];
  /** Probes waiting for a second person's approval. */
  awaitingApproval?: readonly ProbeKind[];
  /** When each finished probe ran. */
  probedAt?: Partial<Record<ProbeKind, Date>>;
  /** False when no store or no Run Command is wired: probe buttons would not work. */
  probesAvailable: boolean;
  remedyAction(key: ActionRemedyKey, vm: Vm): RemedyAction;
}

const colors: Record<StepStatus | "running", string> = {
  pass: "Good",
  fail: "Attention",
  unknown: "Warning",
  skipped: "Default",
  running: "Accent",
};

interface StepRow {
  mark: string;
  color: string;
  name: string;
  status: string;
  evidence: Array<{ text: string }>;
  style: string;
  remedy: RemedyView;
  notes: Array<{ text: string }>;
  buttons: CardButton[];
}

interface RemedyView {
  heading: string;
  title: string;
  body: string;
  lists: Array<{ heading: string; items: Array<{ text: string }> }>;
  note: string;
}

const noRemedy: RemedyView = { heading: "", title: "", body: "", lists: [], note: "" };

function target(vm: Vm): string {
  return `${vm.resourceGroup}/${vm.name}`;
}

function evidenceText(tr: Translate, e: Evidence): string {
  return tr(e.key, escapeParams(e.params));
}

function listOf(value: string | number | undefined): Array<{ text: string }> {
  if (value === undefined || value === "") return [];
  return String(value)
    .split(/,\s*/)
    .filter(Boolean)
    .map((text) => ({ text: escapeMarkdown(text) }));
}

/** Informational remedies name the exact hosts or zones; they are also listed one per line to copy. */
function remedyLists(tr: Translate, remedy: Remedy): RemedyView["lists"] {
  const lists: RemedyView["lists"] = [];
  if (remedy.key === "openFirewall") lists.push({ heading: tr("troubleshoot-card.remedy.hosts"), items: listOf(remedy.params.hosts) });
  if (remedy.key === "fixDns") lists.push({ heading: tr("troubleshoot-card.remedy.dnsHosts"), items: listOf(remedy.params.hosts) });
  if (remedy.key === "amplsDnsZones") lists.push({ heading: tr("troubleshoot-card.remedy.zones"), items: listOf(remedy.params.zones) });
  return lists.filter((l) => l.items.length > 0);
}

function remedyView(tr: Translate, input: ChecklistCardInput, remedy: Remedy): { view: RemedyView; buttons: CardButton[] } {
  const title = tr(`troubleshoot.remedy.${remedy.key}.title`);
  const view: RemedyView = {
    heading: tr("troubleshoot-card.remedy.heading"),
    title,
    body: tr(`troubleshoot.remedy.${remedy.key}.body`, escapeParams(remedy.params)),
    lists: remedyLists(tr, remedy),
    note: "",
  };
  if (!isActionRemedy(remedy.key)) return { view, buttons: [] };
  const action = input.remedyAction(remedy.key, input.facts.vm);
  if (!action.available) {
    return { view: { ...view, note: tr("troubleshoot-card.remedy.actionUnavailable", { command: escapeMarkdown(action.command) }) }, buttons: [] };
  }
  return {
    view: { ...view, note: tr("troubleshoot-card.remedy.approvalNote") },
    buttons: [runCommandButton(tr("troubleshoot-card.remedy.actionButton", { title }), action.command)],
  };
}

/** A probe's button goes on the first step that asks for it (network and AMPLS both use the reachability probe). */
function probeOf(kind: ProbeKind | undefined, seen: Set<ProbeKind>): ProbeKind | undefined {
  if (!kind || seen.has(kind)) return undefined;
  seen.add(kind);
  return kind;
}

function stepRow(tr: Translate, input: ChecklistCardInput, result: StepResult, seenProbes: Set<ProbeKind>): StepRow {
  const vm = input.facts.vm;
  const runningKind = (input.running ?? []).find((kind) => probeStep[kind] === result.step);
  const name = tr(`troubleshoot.step.${result.step}`);
  if (runningKind) {
    seenProbes.add(runningKind);
    return {
      mark: tr("troubleshoot-card.mark.running"),
      color: colors.running,
      name,
      status: tr("troubleshoot-card.running"),
      evidence: [{ text: tr(`troubleshoot.probe.${runningKind}.running`, { vm: escapeMarkdown(vm.name) }) }],
      style: "default",
      remedy: noRemedy,
      notes: [],
      buttons: [],
    };
  }
  const opened = input.outcome.firstFailure?.step === result.step;
  const { view, buttons } = opened && result.remedy ? remedyView(tr, input, result.remedy) : { view: noRemedy, buttons: [] as CardButton[] };
  const notes: Array<{ text: string }> = [];
  const probedKind = (Object.keys(probeStep) as ProbeKind[]).find((kind) => probeStep[kind] === result.step && input.probedAt?.[kind]);
  if (probedKind) notes.push({ text: tr("troubleshoot-card.probedAt", { time: formatUtc(input.probedAt![probedKind]!) }) });
  // A step the probe already answered can have it run again (after the firewall or DNS was fixed).
  const probe = probeOf(result.probe ?? probedKind, seenProbes);
  if (probe) {
    const title = tr(`troubleshoot-card.probe.${input.probedAt?.[probe] ? "again" : "button"}.${probe}`);
    if (!input.probesAvailable) notes.push({ text: tr("troubleshoot-card.probe.unavailable") });
    else if (input.awaitingApproval?.includes(probe)) notes.push({ text: tr("troubleshoot-card.probe.awaitingApproval") });
    else buttons.push(verbButton(title, troubleshootVerbs.probe, { vm: vm.id, probe }));
  }
  return {
    mark: tr(`troubleshoot-card.mark.${result.status}`),
    color: colors[result.status],
    name,
    status: tr(`troubleshoot.status.${result.status}`),
    evidence: result.evidence.map((e) => ({ text: evidenceText(tr, e) })),
    style: opened ? "emphasis" : "default",
    remedy: view,
    notes,
    buttons,
  };
}

function overallOf(outcome: ChecklistOutcome): "fail" | "unknown" | "pass" {
  if (outcome.firstFailure) return "fail";
  return outcome.results.some((r) => r.status === "unknown") ? "unknown" : "pass";
}

/** The support request text as lines: RichTextBlock runs are plain text, so nothing is Markdown-mangled. */
function supportLines(draftText: string): Array<{ text: string; spacing: string }> {
  const lines: Array<{ text: string; spacing: string }> = [];
  let gap = false;
  for (const line of draftText.split("\n")) {
    if (line.trim() === "") {
      gap = true;
      continue;
    }
    lines.push({ text: line, spacing: gap ? "Medium" : "None" });
    gap = false;
  }
  return lines;
}

export function buildChecklistCard(locale: Locale, input: ChecklistCardInput): CardReply {
  const tr = translator(locale);
  const { facts, outcome, now } = input;
  const vm = facts.vm;
  const overall = overallOf(outcome);
  const seenProbes = new Set<ProbeKind>();
  const steps = outcome.results.map((result) => stepRow(tr, input, result, seenProbes));
  const summaryParams = { vm: target(vm), step: outcome.firstFailure ? tr(`troubleshoot.step.${outcome.firstFailure.step}`) : "" };
  const summary = tr(`troubleshoot-card.summary.${overall}`, summaryParams);
  const draft = draftSupportRequest(outcome.results, facts, locale, { checkedAt: now });
  return {
    kind: "card",
    template: "troubleshoot",
    summary,
    data: {
      summary: escapeMarkdown(summary),
      title: tr("troubleshoot.title", { vm: escapeMarkdown(vm.name) }),
      subtitle: tr("troubleshoot-card.subtitle", escapeParams({ resourceGroup: vm.resourceGroup, location: vm.location, time: formatUtc(now) })),
      overall: { text: tr(`troubleshoot-card.overall.${overall}`), color: overall === "fail" ? "Attention" : overall === "unknown" ? "Warning" : "Good" },
      steps,
      buttons: [runCommandButton(tr("troubleshoot-card.recheck"), `troubleshoot ${target(vm)}`)],
      supportHeading: tr("troubleshoot-card.supportHeading"),
      supportLines: supportLines(draft.text),
    },
  };
}
