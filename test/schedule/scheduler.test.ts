import { describe, expect, it } from "vitest";
import { t } from "../../src/i18n/translate.js";
import { listRuns } from "../../src/schedule/run-records.js";
import { startScheduler } from "../../src/schedule/scheduler.js";
import { loadSnapshot } from "../../src/schedule/snapshot-store.js";
import { removeSubscription } from "../../src/schedule/subscription-store.js";
import { readLease } from "../../src/store/lease.js";
import { silentLogger } from "../../src/log.js";
import { conversationId, createWorld, SendError } from "./scheduler-harness.js";
import { machine } from "./digest-fixtures.js";

const second = 1_000;
const minute = 60 * second;

describe("scheduler: posting on time", () => {
  it("when the scheduled time comes, then the digest is posted once, to the stored conversation, not late", async () => {
    const world = createWorld("2026-03-02T08:00:00Z"); // a Monday
    await world.subscribe("daily 09:00 UTC");
    const scheduler = world.scheduler("bot-1");

    world.setTime("2026-03-02T08:59:30Z");
    expect((await scheduler.tick()).runs).toEqual([]);
    expect(world.sent).toHaveLength(0);

    world.setTime("2026-03-02T09:00:10Z");
    const report = await scheduler.tick();
    expect(report).toMatchObject({ leader: true, runs: [{ outcome: "sent", late: false, scheduledAt: "2026-03-02T09:00:00.000Z" }] });
    expect(world.sent).toHaveLength(1);
    expect(world.sent[0]?.ref).toMatchObject({ conversation: { id: conversationId } });
    expect(world.sent[0]?.reply.data.late).toBe("");
    expect(world.sent[0]?.reply.data.changesNote).toBe(t("en", "schedule.digest.firstDigest"));

    world.advance(30 * second);
    await scheduler.tick();
    expect(world.sent).toHaveLength(1);
  });

  it("when the next digest is posted, then it compares with the snapshot of the previous one", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    const subscription = await world.subscribe("daily 09:00 UTC");
    const scheduler = world.scheduler("bot-1");
    world.setTime("2026-03-02T09:00:00Z");
    await scheduler.tick();
    expect((await loadSnapshot(world.store, subscription.id))?.attention.size).toBe(2);

    world.items.splice(0, world.items.length, machine("vm-db-01", { severities: ["critical"] }), machine("vm-web-02"), machine("vm-ok", { severities: ["high"] }));
    world.setTime("2026-03-03T09:00:05Z");
    await scheduler.tick();
    expect(world.sent).toHaveLength(2);
    const changes = world.sent[1]?.reply.data.changes as Array<{ title: string; value: string }>;
    expect(changes.map((c) => c.title)).toEqual([t("en", "schedule.digest.change.newlyDrifted"), t("en", "schedule.digest.change.fixed")]);
    expect(changes[0]?.value).toContain("rg-prod/vm-ok");
    expect(changes[1]?.value).toContain("rg-prod/vm-web-02");
  });

  it("when a subscription was created after today's time, then today's run is not posted", async () => {
    const world = createWorld("2026-03-02T10:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    await world.scheduler("bot-1").tick();
    expect(world.sent).toHaveLength(0);
  });

  it("when the schedule is in Tokyo time, then it posts at 09:00 JST (00:00 UTC) on weekdays only", async () => {
    const world = createWorld("2026-03-06T12:00:00Z"); // Friday 21:00 JST
    await world.subscribe("weekdays 09:00 Asia/Tokyo");
    const scheduler = world.scheduler("bot-1");
    for (const iso of ["2026-03-07T00:00:30Z", "2026-03-08T00:00:30Z"]) {
      world.setTime(iso);
      await scheduler.tick();
    }
    expect(world.sent).toHaveLength(0);
    world.setTime("2026-03-09T00:00:30Z");
    await scheduler.tick();
    expect(world.sent.map((s) => s.at.toISOString())).toEqual(["2026-03-09T00:00:30.000Z"]);
  });
});

describe("scheduler: never twice", () => {
  it("when the bot restarts after posting, then the new scheduler on the same store does not post again", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    const first = world.scheduler("bot-1");
    world.setTime("2026-03-02T09:00:00Z");
    await first.tick();
    await first.stop();

    const restarted = world.scheduler("bot-1");
    world.advance(minute);
    expect((await restarted.tick()).runs).toEqual([]);
    const other = world.scheduler("bot-2");
    world.advance(10 * minute);
    expect(await other.tick()).toMatchObject({ leader: true, runs: [] });
    expect(world.sent).toHaveLength(1);
  });

  it("when two instances tick at the same moment, then exactly one posts", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    await world.subscribe("weekdays 09:00 UTC", { conversationKey: "19:channel-b@thread.tacv2" });
    const a = world.scheduler("bot-a");
    const b = world.scheduler("bot-b");
    world.setTime("2026-03-02T09:00:00Z");
    const reports = await Promise.all([a.tick(), b.tick()]);
    expect(reports.filter((r) => r.leader)).toHaveLength(1);
    expect(world.sent).toHaveLength(2);
    await Promise.all([a.tick(), b.tick()]);
    expect(world.sent).toHaveLength(2);
  });

  it("when the leader loses its lease while building, then the run is posted exactly once, by the new leader, late", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let building = false;
    const slow = world.scheduler("bot-a", {
      leaseTtlMs: 90 * second,
      buildDigest: async (request) => {
        building = true;
        await gate;
        return world.buildDigest(request);
      },
    });
    const b = world.scheduler("bot-b", { leaseTtlMs: 90 * second, staleClaimMs: 15 * minute });
    world.setTime("2026-03-02T09:00:00Z");
    const slowTick = slow.tick();
    await expect.poll(() => building).toBe(true);

    // bot-a hangs past its lease; bot-b takes over but the run is claimed and not stale yet.
    world.advance(2 * minute);
    expect(await b.tick()).toMatchObject({ leader: true, runs: [] });
    release();
    expect((await slowTick).runs).toMatchObject([{ outcome: "abandoned", reason: "notLeader" }]);
    expect(world.sent).toHaveLength(0);

    // The abandoned claim goes stale; the leader retakes it and posts, once, marked late.
    world.advance(15 * minute);
    expect((await b.tick()).runs).toMatchObject([{ outcome: "sent", late: true }]);
    await b.tick();
    expect(world.sent).toHaveLength(1);
    expect(world.sent[0]?.reply.data.late).not.toBe("");
  });
});

describe("scheduler: missed runs", () => {
  it("when the bot was down at the scheduled time, then the most recent missed run is posted once on start, marked late", async () => {
    const world = createWorld("2026-03-01T12:00:00Z"); // Sunday
    await world.subscribe("weekdays 09:00 UTC");
    // Down from Sunday until Thursday 11:00: Monday to Thursday were missed.
    world.setTime("2026-03-05T11:00:00Z");
    const scheduler = world.scheduler("bot-1");
    const report = await scheduler.tick();
    expect(report.runs).toMatchObject([{ outcome: "sent", late: true, scheduledAt: "2026-03-05T09:00:00.000Z" }]);
    expect(world.sent).toHaveLength(1);
    expect(String(world.sent[0]?.reply.data.late)).toContain("2026-03-05");
    expect(world.sent[0]?.reply.summary.startsWith("(late)")).toBe(true);
    await scheduler.tick();
    expect(world.sent).toHaveLength(1);
  });

  it("when started, then startScheduler ticks right away and stops cleanly, giving the lease up", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    world.setTime("2026-03-02T09:30:00Z");
    const scheduler = startScheduler({
      store: world.store,
      clock: { now: () => world.now() },
      notifier: { sendCard: async (ref, reply) => void world.sent.push({ ref, reply: reply as never, at: world.now() }) },
      buildDigest: world.buildDigest,
      instanceId: "bot-1",
      log: silentLogger,
      tickMs: 3_600_000,
    });
    await expect.poll(() => world.sent.length).toBe(1);
    await scheduler.stop();
    expect((await readLease(world.store, "digest-scheduler"))?.expiresAt.getTime()).toBe(0);
  });
});

describe("scheduler: send limits", () => {
  it("when Teams answers 429 twice, then the send backs off exponentially with jitter and then succeeds", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    const subscription = await world.subscribe("daily 09:00 UTC");
    world.failures.push(new SendError(429), new SendError(429));
    world.setTime("2026-03-02T09:00:00Z");
    const report = await world.scheduler("bot-1").tick();
    expect(report.runs).toMatchObject([{ outcome: "sent" }]);
    expect(world.sent).toHaveLength(1);
    // random() = 0.5: half of the ceiling fixed, a quarter from jitter (1 s, then 2 s ceilings); the
    // first wait is topped up to the one-send-per-second pace of the conversation.
    expect(world.sleeps).toEqual([750, 250, 1500]);
    expect((await listRuns(world.store, subscription.id)).map((r) => r.status)).toEqual(["sent"]);
  });

  it("when Teams says how long to wait, then the retry waits at least that long", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    world.failures.push(new SendError(429, 7_000), new SendError(502));
    world.setTime("2026-03-02T09:00:00Z");
    await world.scheduler("bot-1").tick();
    expect(world.sleeps).toEqual([7_000, 1_500]);
    expect(world.sent).toHaveLength(1);
  });

  it("when a send fails for good, then the run is recorded as failed, not retried, and no snapshot is kept", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    const subscription = await world.subscribe("daily 09:00 UTC");
    world.failures.push(new SendError(403));
    world.setTime("2026-03-02T09:00:00Z");
    const scheduler = world.scheduler("bot-1");
    expect((await scheduler.tick()).runs).toMatchObject([{ outcome: "failed", reason: "status403" }]);
    world.advance(30 * minute);
    await scheduler.tick();
    expect(world.sent).toHaveLength(0);
    expect(await loadSnapshot(world.store, subscription.id)).toBeUndefined();
  });

  it("when two digests go to the same conversation at once, then they are sent at least a second apart", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    await world.subscribe("weekdays 09:00 UTC");
    world.setTime("2026-03-02T09:00:00Z");
    await world.scheduler("bot-1").tick();
    expect(world.sent).toHaveLength(2);
    const [first, next] = world.sent.map((s) => s.at.getTime());
    expect((next ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_000);
  });
});

describe("scheduler: failures before posting", () => {
  it("when the digest cannot be built, then the run is retried later and posted once it can", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    let calls = 0;
    const scheduler = world.scheduler("bot-1", {
      retryAfterMs: 5 * minute,
      buildDigest: async (request) => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error("throttled"), { statusCode: 429 });
        return world.buildDigest(request);
      },
    });
    world.setTime("2026-03-02T09:00:00Z");
    expect((await scheduler.tick()).runs).toMatchObject([{ outcome: "retry", reason: "status429" }]);
    world.advance(minute);
    expect((await scheduler.tick()).runs).toEqual([]);
    world.advance(5 * minute);
    expect((await scheduler.tick()).runs).toMatchObject([{ outcome: "sent", late: true }]);
    expect(world.sent).toHaveLength(1);
  });

  it("when the subscription is removed while its digest is built, then nothing is posted", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    const subscription = await world.subscribe("daily 09:00 UTC");
    const scheduler = world.scheduler("bot-1", {
      buildDigest: async (request) => {
        await removeSubscription(world.store, subscription);
        return world.buildDigest(request);
      },
    });
    world.setTime("2026-03-02T09:00:00Z");
    await scheduler.tick();
    expect(world.sent).toHaveLength(0);
  });

  it("when the conversation reference is missing, then the run fails with that reason", async () => {
    const world = createWorld("2026-03-02T08:00:00Z");
    await world.subscribe("daily 09:00 UTC");
    await world.store.delete("conversationRefs", conversationId);
    world.setTime("2026-03-02T09:00:00Z");
    expect((await world.scheduler("bot-1").tick()).runs).toMatchObject([{ outcome: "failed", reason: "noConversationReference" }]);
  });
});
