// Which full version an extension runs after a write asks for major.minor: the highest version the
// region lists for that major.minor, or — with autoUpgradeMinorVersion, which picks the newest minor
// "when the extension is deployed" (azure-api.md §12) — the highest of the same major at or above it.
import type { ExtensionImageData } from "./fixture-schema.js";

const parts = (v: string) => v.split(".").map(Number);

function compare(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type RunningVersionResult = { version: string } | { missing: true };

export function resolveRunningVersion(
  images: readonly ExtensionImageData[],
  key: { location: string; publisher: string; type: string },
  typeHandlerVersion: string,
  autoUpgradeMinorVersion: boolean,
): RunningVersionResult {
  const image = images.find(
    (i) => i.location === key.location.toLowerCase() && i.publisher.toLowerCase() === key.publisher.toLowerCase() && i.type.toLowerCase() === key.type.toLowerCase(),
  );
  // No catalogue for this extension in the fixture: assume the ".0" release exists.
  if (!image) return { version: `${typeHandlerVersion}.0` };
  const [major, minor] = parts(typeHandlerVersion) as [number, number];
  const candidates = image.versions.filter((v) => {
    const [vMajor, vMinor] = parts(v) as [number, number];
    return vMajor === major && (autoUpgradeMinorVersion ? vMinor >= minor : vMinor === minor);
  });
  if (candidates.length === 0) return { missing: true };
  return { version: candidates.reduce((best, v) => (compare(v, best) > 0 ? v : best)) };
}
