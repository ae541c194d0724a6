// The one contract every Store implementation passes (memory, local file, Azure Table via Azurite).
import { afterEach, describe, expect, it } from "vitest";
import { maxValueJsonBytes, StoreConflictError, type Store } from "../../src/store/port.js";

/** Opens a fresh, empty store for one test. */
export type OpenStore = () => Promise<Store>;

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    let opened: Store[] = [];
    const fresh = async () => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      opened = [];
    });

    it("when a key was never written, then get returns undefined and list is empty", async () => {
      const store = await fresh();
      expect(await store.get("approvals", "nope")).toBeUndefined();
      expect(await store.list("approvals")).toEqual([]);
    });

    it("when an item is inserted, then get returns its value and etag, and a second insert conflicts", async () => {
      const store = await fresh();
      const etag = await store.insert("approvals", "req-1", { state: "pending", n: 1 });
      expect(etag).toEqual(expect.any(String));
      expect(await store.get("approvals", "req-1")).toEqual({ key: "req-1", value: { state: "pending", n: 1 }, etag });
      const second = store.insert("approvals", "req-1", { state: "other" });
      await expect(second).rejects.toBeInstanceOf(StoreConflictError);
      await expect(second).rejects.toMatchObject({ table: "approvals", key: "req-1" });
      expect((await store.get("approvals", "req-1"))?.value).toEqual({ state: "pending", n: 1 });
    });

    it("when replace carries the current etag, then it wins and returns a new etag; the old etag then conflicts", async () => {
      const store = await fresh();
      const first = await store.insert("approvals", "req-1", { state: "pending" });
      const second = await store.replace("approvals", "req-1", { state: "approved" }, first);
      expect(second).not.toBe(first);
      expect(await store.get("approvals", "req-1")).toEqual({ key: "req-1", value: { state: "approved" }, etag: second });
      await expect(store.replace("approvals", "req-1", { state: "rejected" }, first)).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.get("approvals", "req-1"))?.value).toEqual({ state: "approved" });
    });

    it("when replace targets a missing key or uses a wildcard etag, then it conflicts", async () => {
      const store = await fresh();
      const etag = await store.insert("approvals", "a", 1);
      await expect(store.replace("approvals", "b", 2, etag)).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store.replace("approvals", "a", 2, "*")).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.get("approvals", "b")).toBeUndefined();
      expect((await store.get("approvals", "a"))?.value).toBe(1);
    });

    it("when upsert runs, then it creates or replaces unconditionally with a fresh etag", async () => {
      const store = await fresh();
      const created = await store.upsert("subs", "chan-1", { cron: "0 9 * * 1-5" });
      const replaced = await store.upsert("subs", "chan-1", { cron: "30 8 * * 1" });
      expect(replaced).not.toBe(created);
      expect(await store.get("subs", "chan-1")).toEqual({ key: "chan-1", value: { cron: "30 8 * * 1" }, etag: replaced });
      await expect(store.replace("subs", "chan-1", {}, created)).rejects.toBeInstanceOf(StoreConflictError);
    });

    it("when deleting, then a stale etag conflicts, the current one deletes, and a missing key is no error", async () => {
      const store = await fresh();
      const first = await store.insert("subs", "k", "v1");
      const second = await store.replace("subs", "k", "v2", first);
      await expect(store.delete("subs", "k", first)).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.get("subs", "k"))?.value).toBe("v2");
      await store.delete("subs", "k", second);
      expect(await store.get("subs", "k")).toBeUndefined();
      await store.delete("subs", "k");
      await store.delete("subs", "k", second);
      await store.insert("subs", "k2", "x");
      await store.delete("subs", "k2");
      expect(await store.get("subs", "k2")).toBeUndefined();
    });

    it("when an item is deleted and inserted again, then etags from before the delete do not match it", async () => {
      const store = await fresh();
      const old = await store.insert("subs", "k", "v1");
      await store.delete("subs", "k");
      const fresher = await store.insert("subs", "k", "v2");
      expect(fresher).not.toBe(old);
      await expect(store.replace("subs", "k", "v3", old)).rejects.toBeInstanceOf(StoreConflictError);
    });

    it("when listing, then only keys with the prefix come back, in key order, cut at the limit", async () => {
      const store = await fresh();
      for (const key of ["b/2", "a/2", "a/10", "a/1", "ab", "c"]) await store.insert("things", key, { key });
      await store.insert("others", "a/3", {});
      const all = await store.list<{ key: string }>("things");
      expect(all.map((item) => item.key)).toEqual(["a/1", "a/10", "a/2", "ab", "b/2", "c"]);
      expect(all.every((item) => item.value.key === item.key && typeof item.etag === "string")).toBe(true);
      expect((await store.list("things", "a/")).map((item) => item.key)).toEqual(["a/1", "a/10", "a/2"]);
      expect((await store.list("things", "a/", { limit: 2 })).map((item) => item.key)).toEqual(["a/1", "a/10"]);
      expect((await store.list("things", "", { limit: 1 })).map((item) => item.key)).toEqual(["a/1"]);
      expect(await store.list("things", "zzz")).toEqual([]);
      await expect(store.list("things", "", { limit: 0 })).rejects.toBeInstanceOf(RangeError);
    });

    it("when 20 replace() calls race with the same etag, then exactly one succeeds and the rest conflict", async () => {
      const store = await fresh();
      const etag = await store.insert("approvals", "req-1", { state: "pending", by: null });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.replace("approvals", "req-1", { state: "approved", by: `user-${i}` }, etag)),
      );
      const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [{ i, etag: r.value }] : []));
      expect(winners).toHaveLength(1);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(losers.every((r) => r.reason instanceof StoreConflictError)).toBe(true);
      expect(await store.get("approvals", "req-1")).toEqual({
        key: "req-1",
        value: { state: "approved", by: `user-${winners[0]!.i}` },
        etag: winners[0]!.etag,
      });
    });

    it("when 20 insert() calls race for one key, then exactly one creates it", async () => {
      const store = await fresh();
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.insert("leases", "leader", { i })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected" && r.reason instanceof StoreConflictError)).toHaveLength(19);
    });

    const oddKeys = [
      "/subscriptions/0000/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-1",
      "back\\slash",
      "hash#tag",
      "what?now",
      "100%",
      "it's",
      "tab\tnew\nline\u0001\u007f\u0085",
      "~tilde]bracket>gt.dot!bang",
      "仮想マシン/拡張機能",
      "emoji 😀 key",
      "conversation:19:abc@thread.tacv2;messageid=1",
      "/".repeat(512),
      "é".repeat(512),
    ];

    it("when keys contain / \\ # ? % ' control characters or Japanese, then they round-trip and list in key order", async () => {
      const store = await fresh();
      for (const [i, key] of oddKeys.entries()) await store.insert("odd", key, { i });
      for (const [i, key] of oddKeys.entries()) expect(await store.get("odd", key), key).toMatchObject({ key, value: { i } });
      const listed = (await store.list("odd")).map((item) => item.key);
      expect(listed).toEqual([...oddKeys].sort());
      expect((await store.list("odd", "/")).map((item) => item.key)).toEqual([oddKeys[0], oddKeys[11]].sort());
      expect((await store.list("odd", "仮想")).map((item) => item.key)).toEqual(["仮想マシン/拡張機能"]);
      expect((await store.list("odd", "/".repeat(300))).map((item) => item.key)).toEqual(["/".repeat(512)]);
      const etag = (await store.get("odd", "hash#tag"))!.etag;
      await store.replace("odd", "hash#tag", "changed", etag);
      await store.delete("odd", "what?now");
      expect(await store.get("odd", "what?now")).toBeUndefined();
      expect((await store.get("odd", "hash#tag"))?.value).toBe("changed");
    });

    it("when keys share a long prefix past 512 encoded characters, then prefix lists still find exactly them", async () => {
      const store = await fresh();
      const stem = "/".repeat(300);
      for (const key of [`${stem}a`, `${stem}b`, `${stem}/x`, "/".repeat(299)]) await store.insert("odd", key, 1);
      expect((await store.list("odd", stem)).map((item) => item.key)).toEqual([`${stem}/x`, `${stem}a`, `${stem}b`]);
      expect((await store.list("odd", `${stem}a`)).map((item) => item.key)).toEqual([`${stem}a`]);
    });

    it("when values are JSON of any shape, then they round-trip, and what get returns is a copy", async () => {
      const store = await fresh();
      const values: unknown[] = [
        { nested: { list: [1, "two", null, true, { deep: ["x"] }] }, n: -1.5e-7, empty: {}, arr: [] },
        "plain string with \"quotes\", \\backslashes\\ and 改行\n",
        42,
        false,
        null,
        [],
        "x".repeat(100_000),
        { big: "日本語".repeat(40_000) },
      ];
      for (const [i, value] of values.entries()) await store.upsert("values", `v${i}`, value);
      for (const [i, value] of values.entries()) {
        // Compared as JSON text so a failure does not print a 100 KB diff.
        expect(JSON.stringify((await store.get("values", `v${i}`))?.value) === JSON.stringify(value), `value ${i}`).toBe(true);
      }
      const got = await store.get<{ nested: { list: unknown[] } }>("values", "v0");
      got!.value.nested.list.push("mutated");
      expect((await store.get("values", "v0"))?.value).toEqual(values[0]);
    });

    it("when a value is too large or not JSON, then the write is refused and nothing is stored", async () => {
      const store = await fresh();
      await expect(store.insert("values", "big", "x".repeat(maxValueJsonBytes - 1))).rejects.toBeInstanceOf(RangeError);
      await expect(store.insert("values", "big", "語".repeat(Math.ceil((maxValueJsonBytes - 1) / 3)))).rejects.toBeInstanceOf(RangeError);
      await expect(store.upsert("values", "undef", undefined)).rejects.toBeInstanceOf(TypeError);
      expect(await store.list("values")).toEqual([]);
      // The largest value that fits, in multi-byte characters: 3 bytes each in UTF-8, plus two quotes.
      const largest = "語".repeat(Math.floor((maxValueJsonBytes - 2) / 3));
      await store.insert("values", "fits", largest);
      expect((await store.get<string>("values", "fits"))?.value === largest).toBe(true);
    });

    it("when table names differ only in case, then they are the same table; invalid names and keys are refused", async () => {
      const store = await fresh();
      await store.insert("Approvals", "k", 1);
      expect((await store.get("approvals", "k"))?.value).toBe(1);
      for (const bad of ["ab", "1abc", "a-b", "tables", "Tables", "x".repeat(64)]) {
        await expect(store.get(bad, "k"), bad).rejects.toBeInstanceOf(RangeError);
      }
      for (const bad of ["", "k".repeat(513), "lone \ud800 surrogate"]) {
        await expect(store.insert("approvals", bad, 1)).rejects.toBeInstanceOf(RangeError);
      }
    });

    it("when the store is reachable, then ping resolves; after close, calls are refused", async () => {
      const store = await fresh();
      await store.ping();
      await store.insert("approvals", "k", 1);
      await store.close();
      await expect(store.get("approvals", "k")).rejects.toThrow(/closed/);
      await expect(store.ping()).rejects.toThrow(/closed/);
    });
  });
}
