// The last digest's snapshot per subscription. Entries are packed as fixed-width text (key + one
// rank digit) in chunks, because one store value holds at most maxValueJsonBytes (Table Storage's
// entity limit): a head record names the generation whose chunks are current, so a half-written
// new snapshot is never read.
import type { Store } from "../store/port.js";
import { snapshotKeyLength, type DigestSnapshot } from "./digest-snapshot.js";

export const digestSnapshotsTable = "digestSnapshots";

/** 50,000 entries × 11 characters ≈ 550 KB, under the 700 KB value limit. */
export const entriesPerChunk = 50_000;

interface SnapshotHead {
  scheduledAt: string;
  resources: number;
  generation: string;
  chunks: number;
}

interface SnapshotChunk {
  entries: string;
}

const entryLength = snapshotKeyLength + 1;

function encode(attention: ReadonlyMap<string, number>): string[] {
  const entries = [...attention].map(([key, rank]) => `${key}${rank}`).sort();
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += entriesPerChunk) chunks.push(entries.slice(i, i + entriesPerChunk).join(""));
  return chunks;
}

function decodeInto(text: string, into: Map<string, number>): void {
  for (let i = 0; i + entryLength <= text.length; i += entryLength) {
    into.set(text.slice(i, i + snapshotKeyLength), Number(text[i + snapshotKeyLength]));
  }
}

const chunkKey = (subscriptionId: string, generation: string, index: number) => `${subscriptionId}|${generation}|${index}`;

export async function saveSnapshot(store: Store, subscriptionId: string, snapshot: DigestSnapshot): Promise<void> {
  const generation = snapshot.scheduledAt;
  const chunks = encode(snapshot.attention);
  for (const [i, entries] of chunks.entries()) await store.upsert<SnapshotChunk>(digestSnapshotsTable, chunkKey(subscriptionId, generation, i), { entries });
  const head: SnapshotHead = { scheduledAt: snapshot.scheduledAt, resources: snapshot.resources, generation, chunks: chunks.length };
  await store.upsert(digestSnapshotsTable, subscriptionId, head);
  // Older generations go only after the head points at the new one.
  for (const item of await store.list(digestSnapshotsTable, `${subscriptionId}|`)) {
    if (!item.key.startsWith(`${subscriptionId}|${generation}|`)) await store.delete(digestSnapshotsTable, item.key);
  }
}

/** The last snapshot; undefined when there is none (first digest) or it is incomplete. */
export async function loadSnapshot(store: Store, subscriptionId: string): Promise<DigestSnapshot | undefined> {
  const head = await store.get<SnapshotHead>(digestSnapshotsTable, subscriptionId);
  if (!head) return undefined;
  const attention = new Map<string, number>();
  for (let i = 0; i < head.value.chunks; i++) {
    const chunk = await store.get<SnapshotChunk>(digestSnapshotsTable, chunkKey(subscriptionId, head.value.generation, i));
    if (!chunk) return undefined;
    decodeInto(chunk.value.entries, attention);
  }
  return { scheduledAt: head.value.scheduledAt, resources: head.value.resources, attention };
}

export async function deleteSnapshot(store: Store, subscriptionId: string): Promise<void> {
  for (const item of await store.list(digestSnapshotsTable, `${subscriptionId}|`)) await store.delete(digestSnapshotsTable, item.key);
  await store.delete(digestSnapshotsTable, subscriptionId);
}
