// Where one extension stands against the latest version listed for its region.
import type { Extension } from "../fleet/port.js";
import { extensionKey, identifyAgent, type AgentInfo } from "./agents.js";
import { parseVersion, toMajorMinor, versionGap } from "./version.js";

export type DriftLevel = "upToDate" | "patch" | "minor" | "major" | "unknown";

/** What the upgrade flags amount to (seed 000: autoUpgradeMinorVersion alone no longer upgrades anything). */
export type AutoUpgradeMode = "enabled" | "minorVersionOnly" | "off";

/** Latest version per lower-cased "publisher/type" (see extensionKey), for the resource's region. */
export type LatestVersions = ReadonlyMap<string, string | undefined>;

export interface ExtensionDrift {
  agent?: AgentInfo;
  level: DriftLevel;
  /** Why the level is unknown: the region lists no version, or the extension's own version is unreadable. */
  unknownBecause?: "noLatest" | "noVersion";
  /** The version compared: the running one, or the model's typeHandlerVersion when nothing runs (yet). */
  current?: string;
  source: "running" | "model";
  latest?: string;
  autoUpgrade: AutoUpgradeMode;
}

export function autoUpgradeModeOf(extension: Pick<Extension, "enableAutomaticUpgrade" | "autoUpgradeMinorVersion">): AutoUpgradeMode {
  if (extension.enableAutomaticUpgrade) return "enabled";
  return extension.autoUpgradeMinorVersion ? "minorVersionOnly" : "off";
}

function usable(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && parseVersion(trimmed) ? trimmed : undefined;
}

/**
 * Compares the running version (instance view) with the latest; without one (scale-set models,
 * unreported) it falls back to typeHandlerVersion. That is only the requested major.minor, so the
 * comparison is then made at major.minor precision: "1.33" is up to date against "1.33.2".
 */
export function classifyExtension(extension: Extension, latest: LatestVersions): ExtensionDrift {
  const agent = identifyAgent(extension.publisher, extension.type);
  const running = usable(extension.runningVersion);
  const model = usable(extension.typeHandlerVersion);
  const current = running ?? model ?? (extension.runningVersion?.trim() || extension.typeHandlerVersion.trim() || undefined);
  const latestText = usable(latest.get(extensionKey(extension.publisher, extension.type)));
  const base = {
    source: running ? "running" : "model",
    autoUpgrade: autoUpgradeModeOf(extension),
    ...(agent && { agent }),
    ...(current && { current }),
    ...(latestText && { latest: latestText }),
  } as const;

  const compared = running ?? (model && toMajorMinor(model));
  if (!compared) return { ...base, level: "unknown", unknownBecause: "noVersion" };
  if (!latestText) return { ...base, level: "unknown", unknownBecause: "noLatest" };
  const a = parseVersion(compared);
  const b = parseVersion(running ? latestText : toMajorMinor(latestText));
  if (!a || !b) return { ...base, level: "unknown", unknownBecause: "noVersion" };
  const gap = versionGap(a, b);
  return { ...base, level: gap === "none" ? "upToDate" : gap };
}
