// Extension versions are dotted numbers with 2 to 4 parts ("1.16", "1.33.2", "1.0.18062.0").
// They sort numerically, one part at a time, never as strings (azure-api.md §4).

export type Version = readonly number[];

const versionPattern = /^\d{1,9}(\.\d{1,9}){1,3}$/;

/** The numeric parts of a version string, or undefined when it is not one. */
export function parseVersion(text: string): Version | undefined {
  const trimmed = text.trim();
  if (!versionPattern.test(trimmed)) return undefined;
  return trimmed.split(".").map(Number);
}

/** Negative, zero or positive like a sort comparator; missing parts count as 0 ("1.16" == "1.16.0"). */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function compareVersionStrings(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) throw new Error(`not a version: ${pa ? b : a}`);
  return compareVersions(pa, pb);
}

/** The highest valid version in a list; invalid entries are ignored. */
export function latestOf(versions: Iterable<string>): string | undefined {
  let best: { text: string; parts: Version } | undefined;
  for (const text of versions) {
    const parts = parseVersion(text);
    if (parts && (!best || compareVersions(parts, best.parts) > 0)) best = { text: text.trim(), parts };
  }
  return best?.text;
}

/** typeHandlerVersion accepts major.minor only; "1.31.1" is rejected by ARM (seed 002). */
export function toMajorMinor(text: string): string {
  const parts = parseVersion(text);
  if (!parts) throw new Error(`not a version: ${text}`);
  return `${parts[0]}.${parts[1] ?? 0}`;
}

/** How far one version is behind another: which part differs first (2-, 3- and 4-part versions mix freely). */
export type VersionGap = "none" | "patch" | "minor" | "major";

/**
 * "none" when `current` is the same as or newer than `latest`; otherwise the first part that is lower.
 * Every part after major.minor counts as "patch": 1.0.18062.0 -> 1.0.18064.0 is a build bump (seed 000).
 */
export function versionGap(current: Version, latest: Version): VersionGap {
  if (compareVersions(current, latest) >= 0) return "none";
  if ((current[0] ?? 0) !== (latest[0] ?? 0)) return "major";
  if ((current[1] ?? 0) !== (latest[1] ?? 0)) return "minor";
  return "patch";
}

/** Equal as versions: "1.16" == "1.16.0" == "1.16.0.0". Unparseable text never equals anything. */
export function sameVersion(a: string, b: string): boolean {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  return pa !== undefined && pb !== undefined && compareVersions(pa, pb) === 0;
}
