import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createLocalFileStore, StoreLockedError } from "../../src/store/local-file-store.js";
import type { Store } from "../../src/store/port.js";
import { describeStoreContract } from "./store-contract.js";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "extops-store-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract("local file", async () => createLocalFileStore({ dir: freshDir() }));

describe("local file store", () => {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
  });
  const openStore = (dir: string) => {
    const store = createLocalFileStore({ dir });
    open.push(store);
    return store;
  };

  it("when the store is closed and opened again, then data and etags survive", async () => {
    const dir = freshDir();
    const first = createLocalFileStore({ dir });
    const etag = await first.insert("approvals", "req/1", { state: "pending", note: "日本語" });
    await first.upsert("audit", "a", 1);
    await first.close();
    const second = openStore(dir);
    expect(await second.get("approvals", "req/1")).toEqual({ key: "req/1", value: { state: "pending", note: "日本語" }, etag });
    const next = await second.replace("approvals", "req/1", { state: "approved" }, etag);
    expect(next).not.toBe(etag);
    expect((await second.list("audit")).map((item) => item.value)).toEqual([1]);
  });

  it("when many writes run concurrently, then every acknowledged one is on disk after reopening", async () => {
    const dir = freshDir();
    const first = createLocalFileStore({ dir });
    await Promise.all(Array.from({ length: 100 }, (_, i) => first.upsert("bulk", `k${String(i).padStart(3, "0")}`, { i })));
    await first.close();
    const items = await openStore(dir).list<{ i: number }>("bulk");
    expect(items.map((item) => item.value.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("when a second store opens the same directory in this process, then it gets a clear StoreLockedError", async () => {
    const dir = freshDir();
    openStore(dir);
    expect(() => createLocalFileStore({ dir })).toThrow(StoreLockedError);
    expect(() => createLocalFileStore({ dir })).toThrow(/in use by process \d+.*Azure Table store/);
  });

  it("when a crash left a temporary file behind, then the store opens the last complete state and removes it", async () => {
    const dir = freshDir();
    const first = createLocalFileStore({ dir });
    await first.insert("approvals", "k", { v: 1 });
    await first.close();
    writeFileSync(join(dir, "approvals.json.tmp-99999-1"), '{"format":1,"epoch":"x","seq":9,"items":{"k":{"etag":"x.9","val');
    const second = openStore(dir);
    expect((await second.get("approvals", "k"))?.value).toEqual({ v: 1 });
    expect(readdirSync(dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("when a write fails on disk, then the change is rejected and later reads show only what is on disk", async () => {
    const dir = freshDir();
    const store = openStore(dir);
    await store.insert("approvals", "kept", 1);
    const file = join(dir, "approvals.json");
    const saved = readFileSync(file, "utf8");
    // A directory where the table file should be makes the rename of the next write fail (EISDIR).
    rmSync(file);
    mkdirSync(file);
    const results = await Promise.allSettled([store.insert("approvals", "lost", 2), store.upsert("approvals", "kept", 3)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    rmSync(file, { recursive: true });
    writeFileSync(file, saved);
    expect(await store.get("approvals", "lost")).toBeUndefined();
    expect((await store.get("approvals", "kept"))?.value).toBe(1);
    expect(readdirSync(dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
    await store.insert("approvals", "later", 4); // and the store keeps working
    expect((await store.list("approvals")).map((item) => item.key)).toEqual(["kept", "later"]);
  });

  it("when a table file was damaged outside extops, then reading it fails with an error naming the file", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "approvals.json"), "{not json");
    const store = openStore(dir);
    await expect(store.get("approvals", "k")).rejects.toThrow(/approvals\.json is unreadable/);
    await expect(store.insert("approvals", "k", 1)).rejects.toThrow(/unreadable/);
    expect(readFileSync(join(dir, "approvals.json"), "utf8")).toBe("{not json");
    await store.insert("other", "k", 1); // other tables are unaffected
  });

  it("when the writing process is killed mid-write, then the files stay valid and no acknowledged write is lost", async () => {
    const dir = freshDir();
    const writer = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));
    for (let round = 0; round < 3; round++) {
      // Same node binary, tsx loaded as an ESM hook so the fixture runs as TypeScript.
      const child = spawn(process.execPath, ["--import", "tsx", writer, dir], { stdio: ["ignore", "pipe", "pipe"] });
      let acked = 0;
      let lockedOut = false;
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const lines = chunk.toString().trim().split("\n");
          acked = Math.max(acked, Number(lines[lines.length - 1]));
          if (!lockedOut) {
            try {
              createLocalFileStore({ dir });
            } catch (err) {
              lockedOut = err instanceof StoreLockedError; // while the writer runs, its lock keeps us out
            }
          }
          // Kill at a different point each round, while the next write is under way.
          if (acked >= 5 + round * 3) setTimeout(resolve, round * 3);
        });
        child.once("exit", (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));

      expect(lockedOut).toBe(true);
      expect(existsSync(join(dir, "store.lock"))).toBe(true); // the dead process could not clean up
      const store = createLocalFileStore({ dir }); // stale lock of a dead process is taken over
      const counter = await store.get<{ i: number; padding: string }>("crash", "counter");
      expect(counter!.value.i).toBeGreaterThanOrEqual(acked);
      expect(counter!.value.padding).toHaveLength(150_000);
      expect((await store.get<{ i: number }>("other", "counter"))!.value.i).toBeGreaterThanOrEqual(acked);
      // The counter and the items of one round share a table file, so they were written together.
      const items = await store.list<{ i: number }>("crash", "item-");
      expect(items.length).toBe(Math.min(20, counter!.value.i));
      expect(Math.max(...items.map((item) => item.value.i))).toBe(counter!.value.i);
      await store.close();
    }
  });
});
