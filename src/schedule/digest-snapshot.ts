// What a digest remembers for the next one: per machine that needed attention, its worst severity.
// Resource IDs are hashed to a short fixed-width key so 10,000s of machines fit the store's value
// limit; machines without such findings are not stored at all (absent = fine).
import { createHash } from "node:crypto";

export interface DigestSnapshot {
  /** ISO time of the digest it belongs to. */
  scheduledAt: string;
  /** Machines checked. */
  resources: number;
  /** snapshotKeyOf(resource id) → severity rank of the worst finding (1 low … 4 critical). */
  attention: Map<string, number>;
}

/** Characters of a key: 10 base64url characters = 60 bits, collision-free in practice for any fleet. */
export const snapshotKeyLength = 10;

/** The key a resource has in snapshots: resource IDs are case-insensitive in Azure. */
export function snapshotKeyOf(resourceId: string): string {
  return createHash("sha256").update(resourceId.toLowerCase()).digest("base64url").slice(0, snapshotKeyLength);
}
