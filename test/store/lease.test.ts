import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLease, readLease, releaseLease, renewLease } from "../../src/store/lease.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import type { Store } from "../../src/store/port.js";
import { createTableStore } from "../../src/store/table-store.js";
import { startAzurite, type RunningAzurite } from "../support/azurite.js";

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

let run = 0;
const backends: [string, () => Store][] = [
  ["memory", () => createMemoryStore()],
  ["Azure Table (Azurite)", () => createTableStore({ connectionString: azurite.connectionString, tablePrefix: `l${++run}x` })],
];

const t0 = new Date("2025-01-06T09:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const ttl = 30_000;

describe.each(backends)("leases on %s", (_name, open) => {
  it("when the lease is free, then the first holder gets it and others do not until it expires", async () => {
    const store = open();
    const lease = await acquireLease(store, "scheduler", "bot-a", ttl, t0);
    expect(lease).toMatchObject({ name: "scheduler", holderId: "bot-a", expiresAt: at(ttl), token: 1 });
    expect(await acquireLease(store, "scheduler", "bot-b", ttl, at(ttl - 1))).toBeUndefined();
    expect(await readLease(store, "scheduler")).toMatchObject({ holderId: "bot-a", token: 1 });
  });

  it("when the holder acquires again or renews, then the lease is extended and keeps its token", async () => {
    const store = open();
    const first = (await acquireLease(store, "scheduler", "bot-a", ttl, t0))!;
    const again = (await acquireLease(store, "scheduler", "bot-a", ttl, at(10_000)))!;
    expect(again).toMatchObject({ expiresAt: at(40_000), token: 1 });
    const renewed = (await renewLease(store, again, ttl, at(20_000)))!;
    expect(renewed).toMatchObject({ expiresAt: at(50_000), token: 1 });
    expect(await renewLease(store, first, ttl, at(20_000))).toBeUndefined(); // stale etag
    expect(await acquireLease(store, "scheduler", "bot-b", ttl, at(45_000))).toBeUndefined();
  });

  it("when a lease expires, then another holder takes it over with a higher token and the old holder cannot renew", async () => {
    const store = open();
    const old = (await acquireLease(store, "approval/req-1", "bot-a", ttl, t0))!;
    const taken = await acquireLease(store, "approval/req-1", "bot-b", ttl, at(ttl));
    expect(taken).toMatchObject({ holderId: "bot-b", token: 2, expiresAt: at(2 * ttl) });
    expect(await renewLease(store, old, ttl, at(ttl + 1))).toBeUndefined();
    await releaseLease(store, old); // no effect on the new holder
    expect(await readLease(store, "approval/req-1")).toMatchObject({ holderId: "bot-b", token: 2 });
  });

  it("when the holder releases, then someone else can take it at once", async () => {
    const store = open();
    const lease = (await acquireLease(store, "scheduler", "bot-a", ttl, t0))!;
    await releaseLease(store, lease);
    expect(await acquireLease(store, "scheduler", "bot-b", ttl, at(1))).toMatchObject({ holderId: "bot-b", token: 2 });
  });

  it("when 20 holders race for a free or an expired lease, then exactly one gets it", async () => {
    const store = open();
    const race = (round: string, now: Date) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => acquireLease(store, "scheduler", `bot-${round}-${i}`, ttl, now)));
    const first = (await race("a", t0)).filter((lease) => lease !== undefined);
    expect(first).toHaveLength(1);
    const second = (await race("b", at(ttl + 1))).filter((lease) => lease !== undefined);
    expect(second).toHaveLength(1);
    expect(second[0]!.token).toBe(2);
  });

  it("when the TTL is not positive, then the call is refused", async () => {
    await expect(acquireLease(open(), "x", "bot-a", 0, t0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe("leases across bot processes", () => {
  it("when two Table store instances race for the leader lease, then exactly one becomes leader", async () => {
    const tablePrefix = `l${++run}x`;
    const a = createTableStore({ connectionString: azurite.connectionString, tablePrefix });
    const b = createTableStore({ connectionString: azurite.connectionString, tablePrefix });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => acquireLease(i % 2 ? a : b, "scheduler", `bot-${i}`, ttl, t0)),
    );
    const leaders = results.filter((lease) => lease !== undefined);
    expect(leaders).toHaveLength(1);
    expect(await readLease(a, "scheduler")).toMatchObject({ holderId: leaders[0]!.holderId });
  });
});
