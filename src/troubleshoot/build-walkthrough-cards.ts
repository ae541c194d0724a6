// The small cards of the walk-through around a machine probe: the requester's confirmation, a second
// person's approval, and notices (started, refused, expired). Data only; cards/troubleshoot-*.json lay out.
import { escapeMarkdown } from "../cards/escape-markdown.js";
import type { CardReply } from "../commands/types.js";
import { translator, type Locale } from "../i18n/translate.js";
import { runCommandButton, verbButton, type CardButton } from "./card-button.js";
import type { ProbeKind } from "./step-result.js";
import { troubleshootVerbs } from "./troubleshoot-verbs.js";
import type { WalkThrough } from "./walkthrough.js";

function probeDetails(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind): { heading: string; items: Array<{ text: string }> } {
  const tr = translator(locale);
  if (kind === "network") {
    return { heading: tr("troubleshoot-card.confirm.hostsHeading"), items: walkThrough.networkHosts.map((host) => ({ text: escapeMarkdown(host) })) };
  }
  return { heading: tr("troubleshoot-card.confirm.certificate"), items: [] };
}

/** What differs between the requester's confirmation and the second person's approval of a probe. */
interface ProbeDecision {
  title: string;
  body: string;
  note: string;
  go: { label: string; verb: string };
  cancelLabel: string;
}

function buildProbeDecisionCard(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind, decision: ProbeDecision): CardReply {
  const data = { vm: walkThrough.vm.id, probe: kind };
  return {
    kind: "card",
    template: "troubleshoot-confirm",
    summary: decision.title,
    data: {
      title: decision.title,
      body: decision.body,
      ...probeDetails(locale, walkThrough, kind),
      note: decision.note,
      buttons: [verbButton(decision.go.label, decision.go.verb, data), verbButton(decision.cancelLabel, troubleshootVerbs.cancel, data)],
    },
  };
}

/** "Run a check on vm-x?" for the requester: Run it / Cancel. */
export function buildProbeConfirmCard(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind): CardReply {
  const tr = translator(locale);
  const vm = escapeMarkdown(walkThrough.vm.name);
  return buildProbeDecisionCard(locale, walkThrough, kind, {
    title: tr("troubleshoot-card.confirm.title", { vm }),
    body: tr(`troubleshoot.probe.${kind}.confirm`, { vm }),
    note: tr("troubleshoot-card.confirm.who", { name: escapeMarkdown(walkThrough.requester.name) }),
    go: { label: tr("troubleshoot-card.confirm.run"), verb: troubleshootVerbs.confirm },
    cancelLabel: tr("troubleshoot-card.confirm.cancel"),
  });
}

/** The policy wants a second person: anyone but the requester may approve and run it. */
export function buildProbeApprovalCard(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind): CardReply {
  const tr = translator(locale);
  const vm = escapeMarkdown(walkThrough.vm.name);
  return buildProbeDecisionCard(locale, walkThrough, kind, {
    title: tr("troubleshoot-card.approval.title", { vm }),
    body: tr("troubleshoot-card.approval.body", { name: escapeMarkdown(walkThrough.requester.name), vm }),
    note: "",
    go: { label: tr("troubleshoot-card.approval.approve"), verb: troubleshootVerbs.approve },
    cancelLabel: tr("troubleshoot-card.approval.cancel"),
  });
}

export type NoticeKey =
  | "started"
  | "approvalRequested"
  | "cancelled"
  | "notRequester"
  | "requesterCannotApprove"
  | "notApprover"
  | "anonymous"
  | "alreadyRunning"
  | "notAsked"
  | "expired"
  | "noStore"
  | "noRunner"
  | "notProbeable";

const good: ReadonlySet<NoticeKey> = new Set(["started", "approvalRequested", "cancelled"]);

/** A one-message card about the walk-through, with Re-check to get back to the checklist. */
export function buildWalkThroughNotice(
  locale: Locale,
  key: NoticeKey,
  vm: { resourceGroup: string; name: string },
  params: { name?: string } = {},
): CardReply {
  const tr = translator(locale);
  const title = tr("troubleshoot-card.notice.title", { vm: escapeMarkdown(vm.name) });
  const message = tr(`troubleshoot-card.notice.${key}`, { vm: escapeMarkdown(vm.name), name: escapeMarkdown(params.name ?? "") });
  const buttons: CardButton[] = key === "started" || key === "approvalRequested" ? [] : [runCommandButton(tr("troubleshoot-card.recheck"), `troubleshoot ${vm.resourceGroup}/${vm.name}`)];
  return {
    kind: "card",
    template: "troubleshoot-notice",
    summary: message,
    data: { title, message, color: good.has(key) ? "Good" : "Warning", buttons },
  };
}
