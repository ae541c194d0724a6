// The approval card (cards/approval.json) and its relatives, built from the stored request only: what
// a person sees after any click, on any device, in any bot process, is rendered from stored state.
// Buttons carry nothing but the request ID and the plan hash the card showed (issue 3 req 3).
import { describeItem, describeSkipped, describeState, stateLabel } from "../approvals/describe-request.js";
import { describeHeartbeat, heartbeatsSettled, type MachineHeartbeat } from "../approvals/heartbeat-check.js";
import type { ChangeTarget } from "../approvals/live-state.js";
import type { MessageRef } from "../approvals/message-ref.js";
import type { ArmCall, Plan, PlanItem } from "../approvals/plan.js";
import type { ViewerRole } from "../approvals/policy.js";
import { describeProgress, type ItemStatus } from "../approvals/progress.js";
import { describeRefusal, type Refusal } from "../approvals/refusal.js";
import { isFinal, type ApprovalRequest, type RequestState } from "../approvals/request.js";
import type { ApprovalVerb } from "../approvals/verbs.js";
import { commandButton, maxButtonsPerSet, type CommandButton } from "../cards/command-button.js";
import { escapeMarkdown, escapeParams, neutralizeTemplate } from "../cards/escape-markdown.js";
import { formatUtc } from "../cards/format-time.js";
import { cardVerbs } from "../cards/verbs.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import type { CardReply } from "./types.js";

/** base: the message everyone sees; the roles: what one person's refresh (or click) returns. */
export type CardView = "base" | ViewerRole;

export type Tone = "Default" | "Accent" | "Good" | "Warning" | "Attention";

export interface Notice {
  text: string;
  tone: Tone;
}

export interface ApprovalCardInput {
  request: ApprovalRequest;
  view: CardView;
  /** Teams MRIs whose clients fetch their own view (refresh.userIds, ≤ 60). */
  userIds: readonly string[];
  /** A line above everything else for this viewer: why a click was refused, what it did. */
  notice?: Notice;
  /** Heartbeats are still being watched after the change. */
  watchingHeartbeats?: boolean;
}

/** Longer lists would outgrow the 28 KB card budget; the rest is counted. */
export const maxLines = 20;
export const maxRefreshUsers = 60;

const verbKeys: Record<ApprovalVerb, string> = {
  upgrade: "upgrade",
  autoupgrade: "autoupgrade",
  reinstall: "reinstall",
  "restart-agent": "restartAgent",
  "start-vm": "startVm",
  "enable-identity": "enableIdentity",
};

const stateTones: Record<RequestState, Tone> = {
  pending: "Accent",
  approved: "Accent",
  executing: "Accent",
  succeeded: "Good",
  "partially-succeeded": "Warning",
  failed: "Attention",
  interrupted: "Attention",
  voided: "Attention",
  rejected: "Default",
  cancelled: "Default",
  expired: "Default",
};

const progressTones: Record<ItemStatus, Tone> = {
  pending: "Default",
  running: "Accent",
  succeeded: "Good",
  failed: "Attention",
  skipped: "Warning",
  blocked: "Warning",
};

/** A domain message in the reader's language, with names in it escaped for Markdown. */
export function renderMessage(tr: Translate, ref: MessageRef): string {
  return tr(ref.key, escapeParams(ref.params ?? {}));
}

export function refusalNotice(locale: Locale, refusal: Refusal): Notice {
  return { text: renderMessage(translator(locale), describeRefusal(refusal, (iso) => formatUtc(new Date(iso)))), tone: "Warning" };
}

function titleOf(tr: Translate, verb: ApprovalVerb, target: string): string {
  return tr(`approval-card.title.${verbKeys[verb]}`, { target: escapeMarkdown(target) });
}

function capped<T>(tr: Translate, items: readonly T[], line: (item: T) => { text: string; color?: Tone }): { lines: { text: string; color: Tone }[]; more: string } {
  const lines = items.slice(0, maxLines).map((item) => ({ color: "Default" as Tone, ...line(item) }));
  const more = items.length > maxLines ? tr("approval-card.more", { count: items.length - maxLines }) : "";
  return { lines, more };
}

function waveSizes(item: PlanItem): string | undefined {
  if (item.action.kind !== "rolloutModel") return undefined;
  return item.action.waves.map((w) => w.length).join(" + ");
}

/** Plan lines: each resource's change, and for rollouts the wave sizes. */
function planLines(tr: Translate, plan: Plan): { text: string }[] {
  return plan.items.flatMap((item) => {
    const lines = [{ text: renderMessage(tr, describeItem(item)) }];
    const sizes = waveSizes(item);
    if (sizes) lines.push({ text: tr("approval-card.plan.waveSizes", { sizes }) });
    return lines;
  });
}

function upgradePolicies(plan: Plan): string {
  const seen = new Map<string, string>();
  for (const item of plan.items) {
    if (item.resource.kind === "scaleSet" && item.basis.upgradePolicy) seen.set(item.resource.name, item.basis.upgradePolicy);
  }
  return [...seen].map(([name, policy]) => `${escapeMarkdown(name)}: ${policy}`).join(", ");
}

function planFacts(tr: Translate, plan: Plan): { title: string; value: string }[] {
  const policies = upgradePolicies(plan);
  return policies ? [{ title: tr("approval-card.fact.upgradePolicy"), value: policies }] : [];
}

function notesOf(tr: Translate, request: ApprovalRequest): { text: string }[] {
  const refs: MessageRef[] = [];
  const execution = request.execution;
  for (const at of execution?.resumedAt ?? []) refs.push({ key: "approval-card.note.resumed", params: { time: formatUtc(new Date(at)) } });
  if (execution?.interruption) {
    refs.push({ key: "approval-card.note.interrupted", params: { time: formatUtc(new Date(execution.interruption.at)) } });
    refs.push(...execution.interruption.live);
  }
  refs.push(...(request.voided?.reasons ?? []), ...(execution?.notes ?? []));
  return refs.map((ref) => ({ text: renderMessage(tr, ref) }));
}

const heartbeatTones: Record<MachineHeartbeat["verdict"], Tone> = { newVersion: "Good", reporting: "Good", oldVersion: "Warning", silent: "Attention" };

function troubleshootButtons(tr: Translate, request: ApprovalRequest, machines: readonly MachineHeartbeat[]): CommandButton[] {
  const resources = new Map(request.plan.items.map((item) => [item.resource.id.toLowerCase(), item.resource]));
  return machines
    .filter((m) => m.verdict === "silent" || m.verdict === "oldVersion")
    .map((m) => resources.get(m.resourceId.toLowerCase()))
    .filter((r) => r !== undefined)
    .slice(0, maxButtonsPerSet)
    .map((r) => commandButton(`troubleshoot ${r.resourceGroup}/${r.name}`, tr("approval-card.button.troubleshoot", { name: r.name })));
}

interface CardAction {
  title: string;
  verb: string;
  requestId: string;
  planHash: string;
}

function actionsFor(tr: Translate, request: ApprovalRequest, view: CardView): CardAction[] {
  if (request.state !== "pending") return [];
  const action = (verb: string, key: string): CardAction => ({ title: tr(key), verb, requestId: request.id, planHash: request.planHash });
  switch (view) {
    case "approver":
      return [action(cardVerbs.approvalApprove, "approval-card.button.approve"), action(cardVerbs.approvalReject, "approval-card.button.reject")];
    case "requester":
      return [action(cardVerbs.approvalCancel, "approval-card.button.cancel")];
    case "base":
      // Teams auto-refreshes only for refresh.userIds; anyone else (an approver the bot has not met yet) asks here.
      return [action(cardVerbs.approvalRefresh, "approval-card.button.showMine")];
    case "viewer":
      return [];
  }
}

function approvalsLine(tr: Translate, request: ApprovalRequest): string {
  const names = request.approvals.map((a) => tr("approval-card.fact.approvedBy", { name: escapeMarkdown(a.by.name), time: formatUtc(new Date(a.at)) }));
  return names.length > 0 ? names.join("; ") : tr("approval-card.fact.noApprovals", { required: request.approvalsRequired });
}

function heartbeatSection(tr: Translate, request: ApprovalRequest, watching: boolean) {
  const machines = request.heartbeats?.machines ?? [];
  const heading = request.heartbeats
    ? tr("approval-card.heartbeat.heading", { time: formatUtc(new Date(request.heartbeats.checkedAt)) })
    : watching && isFinal(request.state)
      ? tr("approval-card.heartbeat.waiting")
      : "";
  const still = watching && request.heartbeats && !heartbeatsSettled(machines) ? tr("approval-card.heartbeat.stillWatching") : "";
  return {
    heading,
    lines: machines.slice(0, maxLines).map((m) => ({ text: renderMessage(tr, describeHeartbeat(m)), color: heartbeatTones[m.verdict] })),
    still,
  };
}

/** The approval card: who asked, the exact plan, impact, expiry; progress, results and heartbeats as they come. */
export function buildApprovalCard(locale: Locale, input: ApprovalCardInput): CardReply {
  const tr = translator(locale);
  const { request, view } = input;
  const title = titleOf(tr, request.verb, request.target);
  const state = renderMessage(tr, stateLabel(request));
  const stateLine = renderMessage(tr, describeState(request, (iso) => formatUtc(new Date(iso))));
  const facts = [
    { title: tr("approval-card.fact.requestedBy"), value: tr("approval-card.fact.byAt", { name: escapeMarkdown(request.requester.name), time: formatUtc(new Date(request.createdAt)) }) },
    { title: tr("approval-card.fact.target"), value: escapeMarkdown(request.target) },
    ...planFacts(tr, request.plan),
    { title: tr("approval-card.fact.approvals"), value: approvalsLine(tr, request) },
    ...(request.state === "pending" ? [{ title: tr("approval-card.fact.expires"), value: formatUtc(new Date(request.expiresAt)) }] : []),
    { title: tr("approval-card.fact.request"), value: tr("approval-card.fact.requestValue", { id: request.id, hash: request.planHash.replace(/^sha256:/, "").slice(0, 12) }) },
  ];
  const plan = capped(tr, planLines(tr, request.plan), (l) => l);
  const skipped = capped(tr, request.plan.skipped.map(describeSkipped), (s) => ({ text: `${escapeMarkdown(s.name)}: ${renderMessage(tr, s.reason)}` }));
  const impact = request.plan.impact.map((ref) => ({ text: renderMessage(tr, ref) }));
  const execution = request.execution;
  const progressRefs = execution ? describeProgress(request.plan, execution.progress) : [];
  const statuses = new Map(execution?.progress.items.map((p, i) => [i, p.status]) ?? []);
  const progress = capped(tr, progressRefs.map((ref, i) => ({ ref, status: statuses.get(i) ?? "pending" })), (p) => ({ text: renderMessage(tr, p.ref), color: progressTones[p.status] }));
  const heartbeats = heartbeatSection(tr, request, input.watchingHeartbeats ?? false);
  const userIds = [...new Set(input.userIds)].slice(0, maxRefreshUsers).map(neutralizeTemplate);
  const summary = tr("approval-card.summary", { title, state });
  return {
    kind: "card",
    template: "approval",
    summary,
    data: {
      summary: escapeMarkdown(summary),
      title,
      state: { text: state, color: stateTones[request.state] },
      stateLine,
      notice: input.notice ?? { text: "", tone: "Default" },
      facts,
      planHeading: tr("approval-card.heading.plan"),
      plan: plan.lines,
      planMore: plan.more,
      skippedHeading: skipped.lines.length > 0 ? tr("approval-card.heading.skipped") : "",
      skipped: skipped.lines,
      skippedMore: skipped.more,
      impactHeading: impact.length > 0 ? tr("approval-card.heading.impact") : "",
      impact,
      progressHeading: progress.lines.length > 0 ? tr("approval-card.heading.progress") : "",
      progress: progress.lines,
      progressMore: progress.more,
      notes: notesOf(tr, request),
      heartbeatHeading: heartbeats.heading,
      heartbeats: heartbeats.lines,
      heartbeatStill: heartbeats.still,
      actions: actionsFor(tr, request, view),
      commands: heartbeats.lines.length > 0 ? troubleshootButtons(tr, request, request.heartbeats?.machines ?? []) : [],
      // Refresh only matters while roles see different buttons; afterwards everyone shares the base card.
      refresh: { verb: cardVerbs.approvalRefresh, requestId: request.id, planHash: request.planHash, userIds: request.state === "pending" ? userIds : [] },
    },
  };
}

/** One ARM request as a monospace line: method, path, body. */
function describeCall(call: ArmCall): string {
  return `${call.method} ${call.path}${call.body ? ` ${JSON.stringify(call.body)}` : ""}`;
}

export interface DryRunInput {
  verb: ApprovalVerb;
  target: string;
  /** The exact command without --dry-run, for the "request it" button. */
  command: string;
  plan: Plan;
  planHash: string;
  missing: readonly ChangeTarget[];
  notice?: Notice;
  /** Not a dry run: a request that would change nothing (every resource skipped), shown with its reasons. */
  nothingToDo?: boolean;
}

/** `--dry-run`: the plan and every ARM call it would make; nothing is stored or changed. */
export function buildDryRunCard(locale: Locale, input: DryRunInput): CardReply {
  const tr = translator(locale);
  const plain = titleOf(tr, input.verb, input.target);
  const title = input.nothingToDo ? plain : tr("approval-card.dryRun.title", { title: plain });
  const calls = input.plan.items.flatMap((item) => item.calls);
  const lines = capped(tr, calls, (call) => ({ text: escapeMarkdown(describeCall(call)) }));
  const plan = capped(tr, planLines(tr, input.plan), (l) => l);
  const skipped = capped(
    tr,
    [
      ...input.plan.skipped.map(describeSkipped).map((s) => `${escapeMarkdown(s.name)}: ${renderMessage(tr, s.reason)}`),
      ...input.missing.map((m) => tr("approval-card.dryRun.missing", { name: escapeMarkdown(m.name) })),
    ],
    (text) => ({ text }),
  );
  const subtitle = input.plan.items.length > 0 ? tr("approval-card.dryRun.subtitle", { count: calls.length }) : tr("approval-card.dryRun.nothing");
  return {
    kind: "card",
    template: "approval-dry-run",
    summary: `${title}: ${subtitle}`,
    data: {
      summary: escapeMarkdown(`${title}: ${subtitle}`),
      title,
      subtitle,
      notice: input.notice ?? { text: "", tone: "Default" },
      facts: [
        ...planFacts(tr, input.plan),
        ...(input.planHash ? [{ title: tr("approval-card.fact.planHash"), value: input.planHash.replace(/^sha256:/, "").slice(0, 12) }] : []),
      ],
      planHeading: plan.lines.length > 0 ? tr("approval-card.heading.plan") : "",
      plan: plan.lines,
      planMore: plan.more,
      skippedHeading: skipped.lines.length > 0 ? tr("approval-card.heading.skipped") : "",
      skipped: skipped.lines,
      skippedMore: skipped.more,
      impactHeading: input.plan.impact.length > 0 ? tr("approval-card.heading.impact") : "",
      impact: input.plan.impact.map((ref) => ({ text: renderMessage(tr, ref) })),
      callsHeading: lines.lines.length > 0 ? tr("approval-card.heading.calls") : "",
      calls: lines.lines,
      callsMore: lines.more,
      commands: input.plan.items.length > 0 ? [commandButton(input.command, tr("approval-card.button.request"))] : [],
    },
  };
}

/** A short answer without a request to show (unknown ID, approvals not set up, a refusal before any request existed). */
export function buildApprovalNotice(locale: Locale, notice: Notice, commands: CommandButton[] = []): CardReply {
  const tr = translator(locale);
  const title = tr("approval-card.notice.title");
  return {
    kind: "card",
    template: "approval-notice",
    summary: `${title}: ${notice.text}`,
    data: { title, text: notice.text, color: notice.tone, commands: commands.slice(0, maxButtonsPerSet) },
  };
}

/** `approvals`: the requests waiting in this conversation, each with a button for the viewer's own view. */
export function buildApprovalListCard(locale: Locale, requests: readonly ApprovalRequest[]): CardReply {
  const tr = translator(locale);
  const title = tr("approval-card.list.title", { count: requests.length });
  const shown = requests.slice(0, 10);
  return {
    kind: "card",
    template: "approvals-list",
    summary: title,
    data: {
      title,
      empty: requests.length === 0 ? tr("approval-card.list.empty") : "",
      items: shown.map((r) => ({
        heading: `${r.id} · ${titleOf(tr, r.verb, r.target)}`,
        details: tr("approval-card.list.details", {
          name: escapeMarkdown(r.requester.name),
          time: formatUtc(new Date(r.createdAt)),
          expires: formatUtc(new Date(r.expiresAt)),
          count: r.approvals.length,
          required: r.approvalsRequired,
        }),
        title: tr("approval-card.button.open"),
        verb: cardVerbs.approvalRefresh,
        requestId: r.id,
        planHash: r.planHash,
      })),
      more: requests.length > shown.length ? tr("approval-card.more", { count: requests.length - shown.length }) : "",
    },
  };
}
