import type { CardReply } from "../commands/types.js";
import type { Finding, LatestVersions } from "../drift/findings.js";
import type { Heartbeat, ScaleSet, Vm } from "../fleet/port.js";
import { translator, type Locale, type Translate } from "../i18n/translate.js";
import { commandButton } from "./command-button.js";
import { describeExtension, type ExtensionRow, type Fact } from "./describe-extension.js";
import { describeFinding, describeOverall } from "./describe-finding.js";
import { escapeMarkdown, escapeParams } from "./escape-markdown.js";
import { formatAge, formatUtc } from "./format-time.js";

/** What a VM status card shows. */
export interface VmStatusInput {
  vm: Vm;
  /** The newest heartbeat in the look-back window; undefined when none (or unavailable). */
  heartbeat: Heartbeat | undefined;
  /** True when the heartbeat query failed: the card says so instead of "none". */
  heartbeatUnavailable?: boolean;
  latest: LatestVersions;
  findings: readonly Finding[];
  now: Date;
}

export interface ScaleSetStatusInput {
  scaleSet: ScaleSet;
  latest: LatestVersions;
  findings: readonly Finding[];
}

/** Names of outdated instances listed before "and N more". */
export const maxListedInstances = 20;

function targetOf(resource: { resourceGroup: string; name: string }): string {
  return `${resource.resourceGroup}/${resource.name}`;
}

function osText(tr: Translate, vm: Vm): string {
  const name = [vm.osName, vm.osVersion].filter((p) => p && p.trim() !== "").join(" ");
  return escapeMarkdown(name ? tr("status.value.os", { osType: vm.osType, name }) : vm.osType);
}

function heartbeatFacts(tr: Translate, input: VmStatusInput): Fact[] {
  const { heartbeat, now } = input;
  const last = heartbeat
    ? tr("status.value.heartbeatAt", { age: formatAge(tr, heartbeat.lastSeen, now), time: formatUtc(heartbeat.lastSeen) })
    : tr(input.heartbeatUnavailable ? "status.value.unavailable" : "status.value.noHeartbeat");
  const version = heartbeat?.version?.trim()
    ? escapeMarkdown(heartbeat.version.trim())
    : tr(input.heartbeatUnavailable ? "status.value.unavailable" : "status.value.notReported");
  return [
    { title: tr("status.fact.lastHeartbeat"), value: last },
    { title: tr("status.fact.heartbeatVersion"), value: version },
  ];
}

function buttons(tr: Translate, resource: { resourceGroup: string; name: string }) {
  return [
    commandButton(`status ${targetOf(resource)}`, tr("status.card.refresh")),
    commandButton(`drift ${resource.resourceGroup}`, tr("status.card.driftGroup", { resourceGroup: resource.resourceGroup })),
  ];
}

function rows<T>(items: readonly T[], describe: (item: T) => ExtensionRow | undefined): ExtensionRow[] {
  return items.map(describe).filter((r): r is ExtensionRow => r !== undefined);
}

function summaryLine(tr: Translate, name: string, findings: readonly Finding[]): string {
  return tr("status.card.summary", { name, overall: describeOverall(tr, findings).text, count: findings.length });
}

/** What differs between the status card of a VM and of a scale set. */
interface StatusDetails {
  subtitle: string;
  /** Facts after the resource group and region, which every status card leads with. */
  facts: Fact[];
  agentsHeading: string;
  extensions: ExtensionRow[];
  instances: { heading: string; text: string };
  note: string;
}

function buildStatusReply(
  tr: Translate,
  resource: { resourceGroup: string; name: string; location: string },
  findings: readonly Finding[],
  details: StatusDetails,
): CardReply {
  const summary = summaryLine(tr, targetOf(resource), findings);
  return {
    kind: "card",
    template: "status",
    summary,
    data: {
      summary: escapeMarkdown(summary),
      title: escapeMarkdown(resource.name),
      subtitle: details.subtitle,
      overall: describeOverall(tr, findings),
      facts: [
        { title: tr("status.fact.resourceGroup"), value: escapeMarkdown(resource.resourceGroup) },
        { title: tr("status.fact.region"), value: escapeMarkdown(resource.location) },
        ...details.facts,
      ],
      agentsHeading: details.agentsHeading,
      noAgents: tr("status.card.noAgents"),
      extensions: details.extensions,
      instances: details.instances,
      findingsHeading: tr("status.card.findingsHeading"),
      noFindings: tr("status.card.noFindings"),
      findings: findings.map((f) => describeFinding(tr, f)),
      note: details.note,
      buttons: buttons(tr, resource),
    },
  };
}

/** The `status` card of a VM: header, one row per monitoring-agent extension, findings with reasons. */
export function buildVmStatusCard(locale: Locale, input: VmStatusInput): CardReply {
  const tr = translator(locale);
  const { vm, findings } = input;
  return buildStatusReply(tr, vm, findings, {
    subtitle: tr("status.card.subtitleVm", escapeParams({ resourceGroup: vm.resourceGroup, location: vm.location })),
    facts: [
      { title: tr("status.fact.os"), value: osText(tr, vm) },
      { title: tr("status.fact.powerState"), value: tr(`status.powerState.${vm.powerState}`) },
      ...heartbeatFacts(tr, input),
    ],
    agentsHeading: tr("status.card.agentsHeading"),
    extensions: rows(vm.extensions, (e) => describeExtension(tr, e, input.latest, vm.location, "vm")),
    instances: { heading: "", text: "" },
    note: "",
  });
}

function instancesText(tr: Translate, scaleSet: ScaleSet): { heading: string; text: string } {
  const outdated = scaleSet.instances.filter((i) => !i.latestModelApplied);
  if (outdated.length === 0) return { heading: "", text: "" };
  const names = outdated.slice(0, maxListedInstances).map((i) => i.name || i.instanceId).join(", ");
  const rest = outdated.length - Math.min(outdated.length, maxListedInstances);
  return {
    heading: tr("status.instances.heading", { count: outdated.length, total: scaleSet.instances.length }),
    text: escapeMarkdown(rest > 0 ? tr("status.instances.more", { names, count: rest }) : names),
  };
}

/** The `status` card of a scale set: upgrade policy, instances not on the latest model, model extensions, findings. */
export function buildScaleSetStatusCard(locale: Locale, input: ScaleSetStatusInput): CardReply {
  const tr = translator(locale);
  const { scaleSet, findings } = input;
  const outdated = scaleSet.instances.filter((i) => !i.latestModelApplied).length;
  return buildStatusReply(tr, scaleSet, findings, {
    subtitle: tr("status.card.subtitleScaleSet", escapeParams({ resourceGroup: scaleSet.resourceGroup, location: scaleSet.location })),
    facts: [
      { title: tr("status.fact.os"), value: scaleSet.osType },
      { title: tr("status.fact.upgradePolicy"), value: tr(`status.upgradePolicy.${scaleSet.upgradePolicy}`) },
      { title: tr("status.fact.instances"), value: String(scaleSet.instances.length) },
      {
        title: tr("status.fact.notLatestModel"),
        value: tr("status.value.countOfTotal", { count: outdated, total: scaleSet.instances.length }),
      },
    ],
    agentsHeading: tr("status.card.modelAgentsHeading"),
    extensions: rows(scaleSet.extensions, (e) => describeExtension(tr, e, input.latest, scaleSet.location, "scaleSetModel")),
    instances: instancesText(tr, scaleSet),
    note: tr("status.card.scaleSetNote"),
  });
}
