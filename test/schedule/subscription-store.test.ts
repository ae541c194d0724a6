import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/approvals/policy.js";
import type { ChatRequest } from "../../src/commands/types.js";
import { conversationRefsTable, loadConversationReference, rememberConversation } from "../../src/schedule/conversation-refs.js";
import { createSubscribeGate } from "../../src/schedule/may-subscribe.js";
import { claimRun, listRuns, pruneRuns, updateRun } from "../../src/schedule/run-records.js";
import { conversationKeyOf, type Subscription } from "../../src/schedule/subscription.js";
import { addSubscription, listSubscriptions, removeSubscription } from "../../src/schedule/subscription-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";

const at = new Date("2026-03-02T09:00:00Z");

function subscription(id: string, conversationKey: string): Subscription {
  return {
    id,
    conversationKey,
    kind: "drift",
    scope: { kind: "all" },
    schedule: { cron: "0 9 * * *", timezone: "UTC", description: { key: "schedule.describe.daily", params: { time: "09:00" } } },
    locale: "en",
    createdAt: at.toISOString(),
    createdBy: { name: "Aiko" },
  };
}

describe("conversations", () => {
  it("when a message comes from a channel thread, then the key is the channel", () => {
    expect(conversationKeyOf({ id: "19:abc@thread.tacv2;messageid=1712345" })).toBe("19:abc@thread.tacv2");
    expect(conversationKeyOf({ id: "a:1personal-chat" })).toBe("a:1personal-chat");
  });

  it("when the same reference arrives again, then it is not rewritten; a changed one replaces it", async () => {
    const store = createMemoryStore();
    const ref = { serviceUrl: "https://smba.trafficmanager.net/jp/", conversation: { id: "19:abc@thread.tacv2" } };
    await rememberConversation(store, { id: "19:abc@thread.tacv2;messageid=1" }, ref, at);
    const etag = (await store.get(conversationRefsTable, "19:abc@thread.tacv2"))?.etag;
    await rememberConversation(store, { id: "19:abc@thread.tacv2;messageid=2" }, ref, at);
    expect((await store.get(conversationRefsTable, "19:abc@thread.tacv2"))?.etag).toBe(etag);
    const moved = { ...ref, serviceUrl: "https://smba.trafficmanager.net/emea/" };
    await rememberConversation(store, { id: "19:abc@thread.tacv2" }, moved, at);
    expect(await loadConversationReference(store, "19:abc@thread.tacv2")).toEqual(moved);
  });
});

describe("subscription store", () => {
  it("when one conversation id is a prefix of another's, then each lists only its own", async () => {
    const store = createMemoryStore();
    await addSubscription(store, subscription("s1", "a"));
    await addSubscription(store, subscription("s2", "a|b"));
    expect((await listSubscriptions(store, "a")).map((s) => s.id)).toEqual(["s1"]);
    expect((await listSubscriptions(store)).map((s) => s.id)).toEqual(["s1", "s2"]);
  });

  it("when removed, then its run records go too", async () => {
    const store = createMemoryStore();
    const s = subscription("s1", "a");
    await addSubscription(store, s);
    await claimRun(store, { subscriptionId: "s1", scheduledAt: at, instanceId: "i", late: false, now: at, staleAfterMs: 1, retryAfterMs: 1, maxAttempts: 3 });
    await removeSubscription(store, s);
    expect(await listRuns(store, "s1")).toEqual([]);
  });
});

describe("run records", () => {
  const input = { subscriptionId: "s1", scheduledAt: at, instanceId: "a", late: false, now: at, staleAfterMs: 60_000, retryAfterMs: 60_000, maxAttempts: 2 };

  it("when a run is claimed twice, then only the first claim wins", async () => {
    const store = createMemoryStore();
    expect((await claimRun(store, input)).ok).toBe(true);
    expect(await claimRun(store, { ...input, instanceId: "b" })).toEqual({ ok: false, status: "claimed" });
  });

  it("when a claim went stale before sending, then it is taken over; once sending, never", async () => {
    const store = createMemoryStore();
    const first = await claimRun(store, input);
    const later = new Date(at.getTime() + 60_000);
    const taken = await claimRun(store, { ...input, instanceId: "b", now: later });
    expect(taken).toMatchObject({ ok: true, run: { record: { instanceId: "b", attempts: 2 } } });
    // The first holder's etag is outdated: it can no longer move the run to sending.
    if (!first.ok || !taken.ok) throw new Error("claims");
    expect(await updateRun(store, first.run, { ...first.run.record, status: "sending" })).toBeUndefined();
    await updateRun(store, taken.run, { ...taken.run.record, status: "sending" });
    expect(await claimRun(store, { ...input, instanceId: "c", now: new Date(later.getTime() + 3_600_000) })).toEqual({ ok: false, status: "sending" });
  });

  it("when old runs are pruned, then the newest stays whatever its age", async () => {
    const store = createMemoryStore();
    for (const day of [1, 2, 3]) await claimRun(store, { ...input, scheduledAt: new Date(`2026-01-0${day}T09:00:00Z`) });
    await pruneRuns(store, "s1", new Date("2026-03-01T00:00:00Z"));
    expect((await listRuns(store, "s1")).map((r) => r.scheduledAt)).toEqual(["2026-01-03T09:00:00.000Z"]);
  });
});

describe("subscribe gate over the approvals policy", () => {
  const alice = "11111111-1111-4111-8111-111111111111";
  const carol = "33333333-3333-4333-8333-333333333333";
  const policy = parsePolicy({ grants: [{ users: [alice], request: ["upgrade"], conversationTypes: ["channel"] }] });
  const request = (aadObjectId: string | undefined, type: "channel" | "personal" = "channel"): ChatRequest => ({
    text: "",
    user: { id: "29:x", name: "x", ...(aadObjectId && { aadObjectId }) },
    conversation: { id: "19:c@thread.tacv2", type },
    locale: "en",
    correlationId: "c",
  });

  it("when the user may request a change here, then they may subscribe; others, anonymous users and other places may not", async () => {
    const gate = createSubscribeGate(policy);
    expect(await gate(request(alice))).toBe(true);
    expect(await gate(request(carol))).toBe(false);
    expect(await gate(request(undefined))).toBe(false);
    expect(await gate(request(alice, "personal"))).toBe(false);
  });
});
