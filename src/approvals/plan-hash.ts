// The content hash that freezes a plan: computed server-side, stored with the request, compared
// before execution. Canonical JSON (sorted keys) makes it independent of property order.
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level; undefined properties are dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** "sha256:<hex>" of the canonical JSON. */
export function hashContent(value: unknown): string {
  return `sha256:${createHash("sha256").update(canonicalJson(value), "utf8").digest("hex")}`;
}
