// Walk-throughs go through the Store port (ARCHITECTURE.md seam 5), one per conversation and VM, so a
// confirm button still works after a restart or on another instance behind the load balancer.
import { createHash } from "node:crypto";
import { StoreConflictError, type Store } from "../store/port.js";
import type { WalkThrough } from "./walkthrough.js";

export const walkThroughTable = "walkthroughs";

export interface StoredWalkThrough {
  walkThrough: WalkThrough;
  etag: string;
}

export interface WalkThroughStore {
  get(conversationId: string, vmId: string): Promise<StoredWalkThrough | undefined>;
  /** Creates or replaces unconditionally: a new `troubleshoot` run supersedes the old walk-through. */
  put(walkThrough: WalkThrough): Promise<string>;
  /** Replaces only if nobody changed it since `etag` was read; undefined when someone did. */
  replace(walkThrough: WalkThrough, etag: string): Promise<string | undefined>;
}

/**
 * Conversation IDs and resource IDs together can exceed a key's 512 characters once encoded, so the
 * key is a digest; the value repeats both and `get` checks them.
 */
export function walkThroughKey(conversationId: string, vmId: string): string {
  return createHash("sha256").update(`${conversationId}\n${vmId.toLowerCase()}`).digest("hex");
}

function belongs(walkThrough: WalkThrough, conversationId: string, vmId: string): boolean {
  return walkThrough.conversationId === conversationId && walkThrough.vm.id.toLowerCase() === vmId.toLowerCase();
}

export function createWalkThroughStore(store: Store): WalkThroughStore {
  return {
    async get(conversationId, vmId) {
      const item = await store.get<WalkThrough>(walkThroughTable, walkThroughKey(conversationId, vmId));
      if (!item || !belongs(item.value, conversationId, vmId)) return undefined;
      return { walkThrough: item.value, etag: item.etag };
    },
    put(walkThrough) {
      return store.upsert(walkThroughTable, walkThroughKey(walkThrough.conversationId, walkThrough.vm.id), walkThrough);
    },
    async replace(walkThrough, etag) {
      try {
        return await store.replace(walkThroughTable, walkThroughKey(walkThrough.conversationId, walkThrough.vm.id), walkThrough, etag);
      } catch (error) {
        if (error instanceof StoreConflictError) return undefined;
        throw error;
      }
    },
  };
}
