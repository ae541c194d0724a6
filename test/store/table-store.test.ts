import { AzureNamedKeyCredential } from "@azure/core-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreConflictError, type Store } from "../../src/store/port.js";
import { createTableStore } from "../../src/store/table-store.js";
import { azuriteAccountKey, azuriteAccountName, startAzurite, type RunningAzurite } from "../support/azurite.js";
import { describeStoreContract } from "./store-contract.js";

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

// One Azurite per file; a fresh table prefix per test keeps tests apart.
let run = 0;
const nextPrefix = () => `t${++run}x`;

describeStoreContract("Azure Table (Azurite)", async () =>
  createTableStore({ connectionString: azurite.connectionString, tablePrefix: nextPrefix() }),
);

describe("Azure Table store", () => {
  it("when two store instances (two bot processes) race to replace with the same etag, then exactly one wins", async () => {
    const tablePrefix = nextPrefix();
    const a = createTableStore({ connectionString: azurite.connectionString, tablePrefix });
    const b = createTableStore({ connectionString: azurite.connectionString, tablePrefix });
    const etag = await a.insert("approvals", "req-7", { state: "pending" });
    expect((await b.get("approvals", "req-7"))?.etag).toBe(etag);
    const stores: Store[] = [a, b];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.replace("approvals", "req-7", { state: "executing", by: i }, etag)),
    );
    const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(results.every((r) => r.status === "fulfilled" || r.reason instanceof StoreConflictError)).toBe(true);
    expect((await a.get("approvals", "req-7"))?.value).toEqual({ state: "executing", by: winners[0] });
    await Promise.all([a.close(), b.close()]);
  });

  it("when given an endpoint and a named-key credential instead of a connection string, then it works the same", async () => {
    const tablePrefix = nextPrefix();
    const store = createTableStore({
      endpoint: azurite.tableEndpoint,
      credential: new AzureNamedKeyCredential(azuriteAccountName, azuriteAccountKey),
      tablePrefix,
    });
    await store.ping();
    const etag = await store.insert("approvals", "k/1", { ok: true });
    const other = createTableStore({ connectionString: azurite.connectionString, tablePrefix });
    expect(await other.get("approvals", "k/1")).toEqual({ key: "k/1", value: { ok: true }, etag });
    await Promise.all([store.close(), other.close()]);
  });

  it("when the prefix makes a table name too long, then the call is refused", async () => {
    const store = createTableStore({ connectionString: azurite.connectionString, tablePrefix: "p".repeat(60) });
    await expect(store.get("approvals", "k")).rejects.toBeInstanceOf(RangeError);
  });

  it("when the service is unreachable, then ping rejects", async () => {
    const store = createTableStore({
      connectionString: azurite.connectionString.replace(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+/, "TableEndpoint=http://127.0.0.1:9"),
    });
    await expect(store.ping()).rejects.toThrow();
  });
});
