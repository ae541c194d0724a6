import { classifyExtension, type DriftLevel, type LatestVersions } from "../drift/findings.js";
import { describeLinuxLogAnalyticsError, failureOf } from "../drift/extension-errors.js";
import { identifyAgent } from "../drift/agents.js";
import type { Extension } from "../fleet/port.js";
import type { Translate } from "../i18n/translate.js";
import { escapeMarkdown, escapeParams } from "./escape-markdown.js";
import type { TextColor } from "./severity-style.js";

export interface Fact {
  title: string;
  value: string;
}

/** One monitoring-agent extension as a card row: agent, versions, drift badge, flags, provisioning, failure. */
export interface ExtensionRow {
  agent: string;
  extension: string;
  badge: { text: string; color: TextColor };
  facts: Fact[];
  /** Empty strings when the extension did not fail. */
  failure: { meaning: string; action: string };
}

const levelColors: Record<DriftLevel, TextColor> = {
  upToDate: "Good",
  patch: "Warning",
  minor: "Warning",
  major: "Attention",
  unknown: "Default",
};

function describeFailure(tr: Translate, extension: Extension, isLinuxLogAnalytics: boolean): ExtensionRow["failure"] {
  const failure = failureOf(extension);
  if (!failure) return { meaning: "", action: "" };
  // The error-code table belongs to the Linux Log Analytics extension only (seed 004).
  const known = isLinuxLogAnalytics && failure.code !== undefined ? describeLinuxLogAnalyticsError(failure.code) : undefined;
  if (known) {
    return {
      meaning: tr("status.failure.meaning", { code: known.code, meaning: tr(known.meaningKey) }),
      action: tr("status.failure.action", { action: tr(known.actionKey) }),
    };
  }
  return {
    meaning: tr("status.failure.unknownCode", escapeParams({ code: failure.code ?? extension.provisioningState })),
    action: tr("status.failure.action", { action: tr("drift.reason.failedAction") }),
  };
}

function flag(tr: Translate, on: boolean): string {
  return tr(on ? "status.flag.on" : "status.flag.off");
}

/**
 * The row for a monitoring-agent extension, or undefined for any other extension. `where` says
 * which version is shown: the running one (VM) or the model's requested major.minor (scale set).
 */
export function describeExtension(
  tr: Translate,
  extension: Extension,
  latest: LatestVersions,
  location: string,
  where: "vm" | "scaleSetModel",
): ExtensionRow | undefined {
  const agent = identifyAgent(extension.publisher, extension.type);
  if (!agent) return undefined;
  const drift = classifyExtension(extension, latest);
  const failed = failureOf(extension) !== undefined;
  const badge: ExtensionRow["badge"] = failed
    ? { text: tr("status.badge.failed"), color: "Attention" }
    : agent.status === "retired"
      ? { text: tr("status.badge.retired"), color: "Attention" }
      : { text: tr(`drift.level.${drift.level}`), color: levelColors[drift.level] };
  const notReported = tr("status.value.notReported");
  const versionFact: Fact =
    where === "vm"
      ? { title: tr("status.ext.running"), value: escapeMarkdown(extension.runningVersion?.trim() || notReported) }
      : { title: tr("status.ext.model"), value: escapeMarkdown(extension.typeHandlerVersion.trim() || notReported) };
  return {
    agent: tr(agent.labelKey),
    extension: tr("status.ext.name", escapeParams({ name: extension.name, publisher: extension.publisher, type: extension.type })),
    badge,
    facts: [
      versionFact,
      { title: tr("status.ext.latest", escapeParams({ location })), value: escapeMarkdown(drift.latest ?? tr("status.value.noneListed")) },
      {
        title: tr("status.ext.autoUpgrade"),
        value: tr("status.ext.autoUpgradeValue", {
          mode: tr(`drift.autoUpgrade.${drift.autoUpgrade}`),
          enable: flag(tr, extension.enableAutomaticUpgrade),
          minor: flag(tr, extension.autoUpgradeMinorVersion),
        }),
      },
      { title: tr("status.ext.provisioning"), value: escapeMarkdown(extension.provisioningState || notReported) },
    ],
    failure: describeFailure(tr, extension, agent.id === "omsLinux"),
  };
}
