// The drift engine: facts about one VM or scale set in, findings out. Pure: time is passed in.
// Rules come from domain.md §1-§3 and §6 (seeds 000, 001, 004).
import type { Extension, Heartbeat, PowerState, ScaleSet, Vm } from "../fleet/port.js";
import { identifyAgent, recommendedAgentFor, type AgentId, type AgentInfo } from "./agents.js";
import { classifyExtension, type ExtensionDrift, type LatestVersions } from "./classify-extension.js";
import { describeLinuxLogAnalyticsError, failureOf } from "./extension-errors.js";
import { compareSeverityWorstFirst, type Severity } from "./severity.js";
import { sameVersion } from "./version.js";

export { classifyExtension, autoUpgradeModeOf } from "./classify-extension.js";
export type { AutoUpgradeMode, DriftLevel, ExtensionDrift, LatestVersions } from "./classify-extension.js";
export { severities, severityRank, worstSeverity, compareSeverityWorstFirst } from "./severity.js";
export type { Severity } from "./severity.js";
export { summarizeFindings, sortWorstFirst } from "./summarize-findings.js";
export type { FindingSummary } from "./summarize-findings.js";

export type FindingParams = Record<string, string | number>;

/** An extra line under a finding's reason, e.g. what an error code means and what to do. */
export interface FindingDetail {
  key: string;
  params?: FindingParams;
}

export interface Finding {
  /** i18n key of the one-line reason, e.g. "drift.reason.frozen". */
  reason: string;
  severity: Severity;
  /** The extension's name on the resource (whatever the deployer chose). */
  extensionName?: string;
  agent?: AgentId;
  /** Placeholders of the reason (and of the details unless they carry their own). */
  params: FindingParams;
  details?: FindingDetail[];
}

export interface VmFindingOptions {
  /** A running machine whose newest heartbeat is older than this is "silent" (default 15). */
  staleAfterMinutes?: number;
  /**
   * False when no heartbeat was looked up (a quick scope scan): heartbeat findings are skipped instead
   * of reporting every machine as silent. Default true: `undefined` then means "none in the window".
   */
  heartbeatChecked?: boolean;
}

/** Healthy agents send a heartbeat every minute (domain.md §3); 15 missed ones is a clear signal. */
export const defaultStaleAfterMinutes = 15;

const notRunningStates: ReadonlySet<PowerState> = new Set(["stopping", "stopped", "deallocating", "deallocated"]);

function finding(reason: string, severity: Severity, params: FindingParams, extra: Partial<Finding> = {}): Finding {
  return { reason, severity, params, ...extra };
}

function behindFinding(drift: ExtensionDrift, agent: AgentInfo, base: Partial<Finding>, params: FindingParams): Finding | undefined {
  switch (drift.level) {
    case "upToDate":
      return undefined;
    case "unknown":
      return drift.unknownBecause === "noLatest"
        ? finding("drift.reason.latestUnknown", "info", params, base)
        : finding("drift.reason.versionUnknown", "info", params, base);
    case "major":
      // Automatic extension upgrade only moves minor versions; a new major needs a manual upgrade.
      return finding("drift.reason.behind.major", "high", params, base);
    case "minor":
    case "patch": {
      if (drift.autoUpgrade === "enabled" && agent.supportsAutomaticUpgrade) {
        // Being behind is normal here: the platform rolls new versions out over weeks (seed 001).
        return finding(`drift.reason.behindWhileAutomatic.${drift.level}`, "info", params, base);
      }
      if (agent.buildsRollOutAutomatically && drift.level === "patch") {
        return finding("drift.reason.behindBuildRollsOut", "info", params, base);
      }
      return finding(`drift.reason.behind.${drift.level}`, drift.level === "minor" ? "medium" : "low", params, base);
    }
  }
}

function failureFinding(extension: Extension, agent: AgentInfo, base: Partial<Finding>, params: FindingParams): Finding | undefined {
  const failure = failureOf(extension);
  if (!failure) return undefined;
  // The error-code table is the Linux Log Analytics extension's own (seed 004).
  const known = agent.id === "omsLinux" && failure.code !== undefined ? describeLinuxLogAnalyticsError(failure.code) : undefined;
  if (known) {
    return finding("drift.reason.failedWithCode", "critical", { ...params, code: known.code }, {
      ...base,
      details: [{ key: known.meaningKey }, { key: known.actionKey }],
    });
  }
  const code = failure.code ?? extension.provisioningState;
  return finding("drift.reason.failed", "critical", { ...params, code }, { ...base, details: [{ key: "drift.reason.failedAction" }] });
}

function autoUpgradeFinding(drift: ExtensionDrift, agent: AgentInfo, base: Partial<Finding>, params: FindingParams): Finding | undefined {
  // Retired agents get "migrate to AMA" instead: tuning the upgrade of an agent that is going away helps no one.
  if (agent.status === "retired" || !agent.supportsAutomaticUpgrade) return undefined;
  if (drift.autoUpgrade === "minorVersionOnly") return finding("drift.reason.frozen", "medium", params, base);
  if (drift.autoUpgrade === "off") return finding("drift.reason.autoUpgradeOff", "medium", params, base);
  return undefined;
}

/** Findings about one monitoring-agent extension; other extensions yield none. */
export function findingsForExtension(extension: Extension, latest: LatestVersions, location: string): Finding[] {
  const agent = identifyAgent(extension.publisher, extension.type);
  if (!agent) return [];
  const drift = classifyExtension(extension, latest);
  const base: Partial<Finding> = { extensionName: extension.name, agent: agent.id };
  const params: FindingParams = {
    extension: extension.name,
    agentName: agent.displayName,
    current: drift.current ?? "?",
    latest: drift.latest ?? "?",
    location,
  };
  const retired =
    agent.status === "retired"
      ? finding("drift.reason.retired", "high", {
          ...params,
          retiredOn: agent.retiredOn ?? "",
          replacement: agent.replacedBy ? recommendedAgentFor(agent.osType).displayName : "",
        }, base)
      : undefined;
  return [
    failureFinding(extension, agent, base, params),
    retired,
    behindFinding(drift, agent, base, params),
    autoUpgradeFinding(drift, agent, base, params),
  ].filter((f): f is Finding => f !== undefined);
}

function noAgentFinding(extensions: Extension[], osType: Vm["osType"]): Finding | undefined {
  const hasAgent = extensions.some((e) => identifyAgent(e.publisher, e.type)?.sendsHeartbeat);
  if (hasAgent) return undefined;
  return finding("drift.reason.noMonitoringAgent", "high", { os: osType, recommended: recommendedAgentFor(osType).displayName });
}

function heartbeatFindings(vm: Vm, heartbeat: Heartbeat | undefined, now: Date, staleAfterMinutes: number): Finding[] {
  const senders = vm.extensions.filter((e) => identifyAgent(e.publisher, e.type)?.sendsHeartbeat);
  if (vm.powerState !== "running" || senders.length === 0) return [];
  if (!heartbeat) return [finding("drift.reason.noHeartbeat", "critical", { threshold: staleAfterMinutes })];

  const found: Finding[] = [];
  const minutes = Math.max(0, Math.floor((now.getTime() - heartbeat.lastSeen.getTime()) / 60_000));
  if (minutes > staleAfterMinutes) {
    found.push(finding("drift.reason.heartbeatStale", "critical", { minutes, threshold: staleAfterMinutes, lastSeen: heartbeat.lastSeen.toISOString() }));
  }
  const reported = heartbeat.version?.trim();
  const category = heartbeat.category?.trim().toLowerCase();
  for (const extension of senders) {
    const agent = identifyAgent(extension.publisher, extension.type);
    const running = extension.runningVersion?.trim();
    if (!agent?.heartbeatReportsExtensionVersion || !reported || !running) continue;
    if (category && category !== agent.heartbeatCategory?.toLowerCase()) continue;
    if (!sameVersion(running, reported)) {
      found.push(finding("drift.reason.heartbeatVersionDiffers", "medium", { extension: extension.name, running, reported }, {
        extensionName: extension.name,
        agent: agent.id,
      }));
    }
  }
  return found;
}

function worstFirst(findings: Finding[]): Finding[] {
  // Array.prototype.sort is stable: equal severities keep the order they were found in.
  return findings.sort((a, b) => compareSeverityWorstFirst(a.severity, b.severity));
}

/**
 * Findings for one VM, worst first. `latest` holds the latest versions for the VM's region; `heartbeat`
 * is the newest one in the look-back window (undefined: none, unless options.heartbeatChecked is false).
 */
export function findingsForVm(
  vm: Vm,
  latest: LatestVersions,
  heartbeat: Heartbeat | undefined,
  now: Date,
  options: VmFindingOptions = {},
): Finding[] {
  const staleAfterMinutes = options.staleAfterMinutes ?? defaultStaleAfterMinutes;
  const found = vm.extensions.flatMap((e) => findingsForExtension(e, latest, vm.location));
  const noAgent = noAgentFinding(vm.extensions, vm.osType);
  if (noAgent) found.push(noAgent);
  if (notRunningStates.has(vm.powerState)) {
    const params: FindingParams = vm.powerStateSince ? { since: vm.powerStateSince.toISOString() } : {};
    found.push(finding(`drift.reason.vmNotRunning.${vm.powerState}`, "low", params));
  }
  if (options.heartbeatChecked !== false) found.push(...heartbeatFindings(vm, heartbeat, now, staleAfterMinutes));
  return worstFirst(found);
}

/** Findings for one scale set (its model's extensions and its instances), worst first. */
export function findingsForScaleSet(scaleSet: ScaleSet, latest: LatestVersions): Finding[] {
  const found = scaleSet.extensions.flatMap((e) => findingsForExtension(e, latest, scaleSet.location));
  const noAgent = noAgentFinding(scaleSet.extensions, scaleSet.osType);
  if (noAgent) found.push(noAgent);

  const total = scaleSet.instances.length;
  const outdated = scaleSet.instances.filter((i) => !i.latestModelApplied).length;
  if (outdated > 0) {
    // With a Manual policy instances keep the old model until each is upgraded (seed 000).
    const manual = scaleSet.upgradePolicy === "Manual";
    found.push(finding(`drift.reason.instancesNotLatest.${manual ? "manual" : "platform"}`, manual ? "medium" : "low", {
      count: outdated,
      total,
      policy: scaleSet.upgradePolicy,
    }));
  }
  const stopped = scaleSet.instances.filter((i) => notRunningStates.has(i.powerState)).length;
  if (stopped > 0) found.push(finding("drift.reason.instancesNotRunning", "low", { count: stopped, total }));
  return worstFirst(found);
}
