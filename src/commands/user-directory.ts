// Teams MRIs (29:...) of the people the bot has met, by Entra object ID. Grants name object IDs,
// but an Adaptive Card's refresh.userIds wants MRIs (bot-framework.md §5.3), and Teams only tells
// a bot someone's MRI when they talk to it: so approvers are "known" from their first message on.
import type { User } from "./types.js";
import type { Store } from "../store/port.js";

export const usersTable = "approvalUsers";

export interface KnownUser {
  objectId: string;
  /** Teams MRI. */
  userId: string;
  name: string;
}

export interface UserDirectory {
  /** Notes a user's MRI; only writes when it is new or changed. Never throws. */
  remember(user: User): Promise<void>;
  /** Everyone known, at most `limit`. */
  list(limit?: number): Promise<KnownUser[]>;
}

const keyOf = (objectId: string) => objectId.toLowerCase();
const listTtlMs = 5_000;

export function createUserDirectory(store: Store, onError?: (error: unknown) => void): UserDirectory {
  const seen = new Map<string, string>();
  let cached: { at: number; users: KnownUser[] } | undefined;
  return {
    async remember(user) {
      if (!user.aadObjectId || !user.id) return;
      const key = keyOf(user.aadObjectId);
      const stamp = `${user.id}\u0000${user.name}`;
      if (seen.get(key) === stamp) return;
      // Marked before the write: help asks once per command, concurrently, and one write is enough.
      seen.set(key, stamp);
      try {
        await store.upsert<KnownUser>(usersTable, key, { objectId: user.aadObjectId, userId: user.id, name: user.name });
        cached = undefined;
      } catch (error) {
        seen.delete(key);
        onError?.(error);
      }
    },
    async list(limit = 500) {
      if (!cached || Date.now() - cached.at > listTtlMs) {
        cached = { at: Date.now(), users: (await store.list<KnownUser>(usersTable, "", { limit: 500 })).map((i) => i.value) };
      }
      return cached.users.slice(0, limit);
    },
  };
}
