// A scheduler world for tests: memory store, a clock that only moves when told (or when the
// scheduler sleeps), a recording notifier that can be told to fail, and digests built from a list.
import { renderCard } from "../../src/cards/render-card.js";
import type { CardReply, Reply } from "../../src/commands/types.js";
import { silentLogger } from "../../src/log.js";
import { rememberConversation } from "../../src/schedule/conversation-refs.js";
import { createDigestBuilder, type BuildDigest } from "../../src/schedule/create-digest-builder.js";
import type { DigestItem } from "../../src/schedule/digest-source.js";
import type { Notifier } from "../../src/schedule/notifier.js";
import { parseSchedule } from "../../src/schedule/parse-schedule.js";
import { createScheduler, type Scheduler, type SchedulerDeps } from "../../src/schedule/scheduler.js";
import type { Subscription } from "../../src/schedule/subscription.js";
import { addSubscription } from "../../src/schedule/subscription-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import { expectValidCard } from "../support/validate-card.js";
import { machine } from "./digest-fixtures.js";

export interface Sent {
  ref: unknown;
  reply: CardReply;
  at: Date;
}

export class SendError extends Error {
  constructor(readonly statusCode: number, readonly retryAfterMs?: number) {
    super(`send failed with ${statusCode}`);
  }
}

export interface World {
  store: Store;
  now(): Date;
  setTime(iso: string): void;
  advance(ms: number): void;
  sent: Sent[];
  /** Delays the scheduler slept for (pacing and backoff). */
  sleeps: number[];
  /** The next sends throw these errors, in order. */
  failures: Error[];
  items: DigestItem[];
  buildDigest: BuildDigest;
  scheduler(instanceId: string, extra?: Partial<SchedulerDeps>): Scheduler;
  subscribe(text: string, extra?: Partial<Subscription>): Promise<Subscription>;
}

export const conversationId = "19:channel-a@thread.tacv2";

export function createWorld(startIso: string): World {
  const store = createMemoryStore();
  let time = Date.parse(startIso);
  const sent: Sent[] = [];
  const sleeps: number[] = [];
  const failures: Error[] = [];
  const items: DigestItem[] = [machine("vm-db-01", { severities: ["critical"] }), machine("vm-web-02", { severities: ["medium"] }), machine("vm-ok")];
  let ids = 0;

  const notifier: Notifier = {
    async sendCard(ref: unknown, reply: Reply) {
      await Promise.resolve();
      const failure = failures.shift();
      if (failure) throw failure;
      if (reply.kind !== "card") throw new Error("digests are cards");
      // Every digest a test posts is a valid card.
      expectValidCard(renderCard(reply));
      sent.push({ ref, reply, at: new Date(time) });
    },
  };

  const source = async function* () {
    for (const item of items) yield item;
  };
  const buildDigest = createDigestBuilder({ source });

  const world: World = {
    store,
    now: () => new Date(time),
    setTime: (iso) => {
      time = Date.parse(iso);
    },
    advance: (ms) => {
      time += ms;
    },
    sent,
    sleeps,
    failures,
    items,
    buildDigest,
    scheduler(instanceId, extra = {}) {
      return createScheduler({
        store,
        clock: { now: () => new Date(time) },
        notifier,
        buildDigest,
        instanceId,
        log: silentLogger,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
          time += ms;
        },
        ...extra,
      });
    },
    async subscribe(text, extra = {}) {
      const parsed = parseSchedule(text.split(" "));
      if (!parsed.ok) throw new Error(parsed.error.key);
      const conversationKey = extra.conversationKey ?? conversationId;
      await rememberConversation(store, { id: conversationKey }, { conversation: { id: conversationKey }, serviceUrl: "https://smba.example/" }, new Date(time));
      const subscription: Subscription = {
        id: `sub${++ids}`,
        conversationKey,
        kind: "drift",
        scope: { kind: "resourceGroup", resourceGroup: "rg-prod" },
        schedule: parsed.args.schedule,
        locale: "en",
        createdAt: new Date(time).toISOString(),
        createdBy: { name: "Aiko" },
        ...extra,
      };
      await addSubscription(store, subscription);
      return subscription;
    },
  };
  return world;
}
