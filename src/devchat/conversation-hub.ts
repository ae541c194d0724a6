import type { ActivityJson } from "./build-teams-activity.js";

// The dev chat's memory of its conversations: what the user typed and what the bot sent or changed,
// in order, plus the open pages listening. In memory only: it is a local try-out, not a store.

export type HubEvent =
  | { kind: "activity"; activity: ActivityJson }
  | { kind: "update"; activity: ActivityJson }
  | { kind: "delete"; conversationId: string; id: string };

export type HubListener = (event: HubEvent) => void;

export interface ConversationHub {
  /** A fresh message id in Teams' style (epoch milliseconds), strictly increasing. */
  nextId(): string;
  /** Records an activity (it has `id` and `conversation.id`) and tells the listeners. */
  add(activity: ActivityJson): void;
  /** Replaces a recorded activity's content; undefined when there is none with that id in that conversation. */
  update(conversationId: string, id: string, activity: ActivityJson): ActivityJson | undefined;
  remove(conversationId: string, id: string): boolean;
  /** A recorded activity by message id, in any conversation. */
  find(id: string): ActivityJson | undefined;
  /** What a page opening `key` shows: the conversation, and for a channel every thread in it. */
  history(key: string): ActivityJson[];
  subscribe(key: string, listener: HubListener): () => void;
}

/** A channel id covers its threads (<channel>;messageid=<post>); any other key covers itself. */
export function coversConversation(key: string, conversationId: string): boolean {
  return conversationId === key || conversationId.startsWith(`${key};`);
}

export function conversationIdOf(activity: ActivityJson): string {
  const conversation = activity.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === "string" ? conversation.id : "";
}

export function createConversationHub(options: { now?: () => number; capacity?: number } = {}): ConversationHub {
  const now = options.now ?? Date.now;
  const capacity = options.capacity ?? 2000;
  const activities: ActivityJson[] = [];
  const listeners = new Set<{ key: string; listener: HubListener }>();
  let lastId = 0;

  function publish(conversationId: string, event: HubEvent): void {
    for (const entry of [...listeners]) {
      if (coversConversation(entry.key, conversationId)) entry.listener(event);
    }
  }

  function indexOf(conversationId: string, id: string): number {
    return activities.findIndex((a) => a.id === id && conversationIdOf(a) === conversationId);
  }

  return {
    nextId() {
      lastId = Math.max(now(), lastId + 1);
      return String(lastId);
    },
    add(activity) {
      activities.push(activity);
      if (activities.length > capacity) activities.splice(0, activities.length - capacity);
      publish(conversationIdOf(activity), { kind: "activity", activity });
    },
    update(conversationId, id, activity) {
      const index = indexOf(conversationId, id);
      if (index < 0) return undefined;
      // An update replaces the message's content (Teams shows only the new version); where and by
      // whom it was posted stays.
      const old = activities[index]!;
      const updated: ActivityJson = { ...activity, id, conversation: old.conversation, from: activity.from ?? old.from, timestamp: old.timestamp };
      activities[index] = updated;
      publish(conversationId, { kind: "update", activity: updated });
      return updated;
    },
    remove(conversationId, id) {
      const index = indexOf(conversationId, id);
      if (index < 0) return false;
      activities.splice(index, 1);
      publish(conversationId, { kind: "delete", conversationId, id });
      return true;
    },
    find(id) {
      return activities.find((a) => a.id === id);
    },
    history(key) {
      return activities.filter((a) => coversConversation(key, conversationIdOf(a)));
    },
    subscribe(key, listener) {
      const entry = { key, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
