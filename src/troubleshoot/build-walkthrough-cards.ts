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

/** "Run a check on vm-x?" for the requester: Run it / Cancel. */
export function buildProbeConfirmCard(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind): CardReply {
  const tr = translator(locale);
  const vm = escapeMarkdown(walkThrough.vm.name);
  const title = tr("troubleshoot-card.confirm.title", { vm });
  const data = { vm: walkThrough.vm.id, probe: kind };
  return {
    kind: "card",
    template: "troubleshoot-confirm",
    summary: title,
    data: {
      title,
      body: tr(`troubleshoot.probe.${kind}.confirm`, { vm }),
      ...probeDetails(locale, walkThrough, kind),
      note: tr("troubleshoot-card.confirm.who", { name: escapeMarkdown(walkThrough.requester.name) }),
      buttons: [
        verbButton(tr("troubleshoot-card.confirm.run"), troubleshootVerbs.confirm, data),
        verbButton(tr("troubleshoot-card.confirm.cancel"), troubleshootVerbs.cancel, data),
      ],
    },
  };
}

/** The policy wants a second person: anyone but the requester may approve and run it. */
export function buildProbeApprovalCard(locale: Locale, walkThrough: WalkThrough, kind: ProbeKind): CardReply {
  const tr = translator(locale);
  const vm = escapeMarkdown(walkThrough.vm.name);
  const title = tr("troubleshoot-card.approval.title", { vm });
  const data = { vm: walkThrough.vm.id, probe: kind };
  return {
    kind: "card",
    template: "troubleshoot-confirm",
    summary: title,
    data: {
      title,
      body: tr("troubleshoot-card.approval.body", { name: escapeMarkdown(walkThrough.requester.name), vm }),
      ...probeDetails(locale, walkThrough, kind),
      note: "",
      buttons: [
        verbButton(tr("troubleshoot-card.approval.approve"), troubleshootVerbs.approve, data),
        verbButton(tr("troubleshoot-card.approval.cancel"), troubleshootVerbs.cancel, data),
      ],
    },
  };
}

export type NoticeKey =
  | "started"
  | "approvalRequested"
  | "cancelled"
  | "notRequester"
  | "requesterCannotApprove"
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
