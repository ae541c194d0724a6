import type { ManifestOptions } from "./build-manifest.js";

/**
 * The values of the committed manifest/manifest.json: a placeholder bot id, since the real one
 * belongs to each tenant's app registration and is filled in by `npm run package`.
 */
export function committedManifestOptions(version: string): ManifestOptions {
  return { botId: "00000000-0000-0000-0000-000000000000", domain: "extops.example.com", version };
}
