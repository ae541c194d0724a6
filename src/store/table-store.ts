// The scale-out Store: Azure Table Storage through @azure/data-tables (tested against Azurite). Several
// bot processes share it; the service's ETags give the optimistic concurrency the port promises.
// Layout: one Azure table per store table (created on first use), keys encoded by encode-table-key.ts
// into PartitionKey (+ RowKey for long keys), the value's JSON text as UTF-8 bytes split into binary
// properties v0..v{n-1}, because one property holds at most 64 KiB.
// Binary rather than string properties: Azurite 3.37 decodes the request body 64 KiB chunk by chunk
// (generated/utils/serializer.js readRequestIntoText joins Buffers as strings), so a multi-byte
// character on a chunk boundary comes back as U+FFFD; base64 is ASCII and cannot be split that way.
import {
  isNamedKeyCredential,
  isSASCredential,
  type NamedKeyCredential,
  type SASCredential,
  type TokenCredential,
} from "@azure/core-auth";
import { odata, TableClient, TableServiceClient, type TableEntityResult } from "@azure/data-tables";
import { checkKey, checkLimit, checkPrefix, checkTableName, serializeValue } from "./check-store-input.js";
import { decodeTableKey, encodeTableKey, maxKeyFieldLength, splitTableKey, upperBoundOfPrefix } from "./encode-table-key.js";
import { StoreConflictError, type ListOptions, type Store, type StoredItem } from "./port.js";

export type TableStoreOptions = (
  | { connectionString: string }
  | { endpoint: string; credential: TokenCredential | NamedKeyCredential | SASCredential }
) & {
  /** Prepended to every table name so several deployments can share one storage account. */
  tablePrefix?: string;
};

// Table Storage limits a binary property to 64 KiB (Azurite checks the same in TableHandler.checkProperties).
const chunkBytes = 64_000;

interface ValueProperties {
  n: number;
  [chunk: `v${number}`]: Uint8Array;
}

type Credential = TokenCredential | NamedKeyCredential | SASCredential;

export function createTableStore(options: TableStoreOptions): Store {
  const prefix = options.tablePrefix ?? "";
  const endpoint = "endpoint" in options ? options.endpoint : tableEndpointOf(options.connectionString);
  // The SDK refuses plain HTTP unless told; allow it only for a local emulator such as Azurite.
  const clientOptions = { allowInsecureConnection: isLoopbackHttp(endpoint) };
  const service =
    "endpoint" in options
      ? createServiceClient(options.endpoint, options.credential, clientOptions)
      : TableServiceClient.fromConnectionString(options.connectionString, clientOptions);
  const clients = new Map<string, { client: TableClient; ready: Promise<void> }>();
  let closed = false;

  async function clientFor(table: string): Promise<TableClient> {
    if (closed) throw new Error("store is closed");
    const name = prefix + checkTableName(table);
    if (prefix) checkTableName(name);
    let entry = clients.get(name);
    if (!entry) {
      const client =
        "endpoint" in options
          ? createTableClient(options.endpoint, name, options.credential, clientOptions)
          : TableClient.fromConnectionString(options.connectionString, name, clientOptions);
      // createTable treats "already exists" as success.
      const ready = client.createTable();
      entry = { client, ready };
      clients.set(name, entry);
      ready.catch(() => clients.delete(name)); // retry on the next call
    }
    await entry.ready;
    return entry.client;
  }

  return {
    async get<T>(table: string, key: string) {
      checkKey(key);
      const client = await clientFor(table);
      const { partitionKey, rowKey } = splitTableKey(encodeTableKey(key));
      try {
        return toItem<T>(key, await client.getEntity<ValueProperties>(partitionKey, rowKey));
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
    },
    async insert<T>(table: string, key: string, value: T) {
      checkKey(key);
      const entity = toEntity(key, serializeValue(value));
      const client = await clientFor(table);
      try {
        return requireEtag(await client.createEntity(entity));
      } catch (err) {
        if (statusOf(err) === 409) throw new StoreConflictError(table, key);
        throw err;
      }
    },
    async replace<T>(table: string, key: string, value: T, etag: string) {
      checkKey(key);
      const entity = toEntity(key, serializeValue(value));
      // "*" would make the service skip the check; no item ever has that etag.
      if (!etag || etag === "*") throw new StoreConflictError(table, key);
      const client = await clientFor(table);
      try {
        return requireEtag(await client.updateEntity(entity, "Replace", { etag }));
      } catch (err) {
        // 412: someone changed it; 404: someone deleted it. Either way the caller's etag is stale.
        const status = statusOf(err);
        if (status === 412 || status === 404) throw new StoreConflictError(table, key);
        throw err;
      }
    },
    async upsert<T>(table: string, key: string, value: T) {
      checkKey(key);
      const entity = toEntity(key, serializeValue(value));
      const client = await clientFor(table);
      return requireEtag(await client.upsertEntity(entity, "Replace"));
    },
    async delete(table: string, key: string, etag?: string) {
      checkKey(key);
      if (etag === "*") throw new StoreConflictError(table, key);
      const client = await clientFor(table);
      const { partitionKey, rowKey } = splitTableKey(encodeTableKey(key));
      try {
        await client.deleteEntity(partitionKey, rowKey, etag === undefined ? {} : { etag });
      } catch (err) {
        const status = statusOf(err);
        if (status === 404) return;
        if (status === 412) throw new StoreConflictError(table, key);
        throw err;
      }
    },
    async list<T>(table: string, keyPrefix = "", listOptions: ListOptions = {}) {
      checkPrefix(keyPrefix);
      checkLimit(listOptions.limit);
      const client = await clientFor(table);
      const items: StoredItem<T>[] = [];
      const entities = client.listEntities<ValueProperties>({ queryOptions: { filter: prefixFilter(keyPrefix) } });
      for await (const entity of entities) {
        const key = decodeTableKey((entity.partitionKey ?? "") + (entity.rowKey ?? ""));
        // The filter is a range; the check also covers prefixes that have no sendable upper bound.
        if (!key.startsWith(keyPrefix)) continue;
        items.push(toItem<T>(key, entity));
        if (items.length === listOptions.limit) break;
      }
      return items.sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    async ping() {
      if (closed) throw new Error("store is closed");
      // Query Tables is allowed by the data-plane roles (Storage Table Data Reader), unlike service properties.
      await service.listTables().byPage({ maxPageSize: 1 }).next();
    },
    async close() {
      closed = true;
    },
  };
}

function toEntity(key: string, json: string): ValueProperties & { partitionKey: string; rowKey: string } {
  const bytes = Buffer.from(json, "utf8");
  const entity: ValueProperties & { partitionKey: string; rowKey: string } = { ...splitTableKey(encodeTableKey(key)), n: 0 };
  for (let i = 0; i * chunkBytes < bytes.length; i++) {
    entity[`v${i}`] = bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes);
    entity.n = i + 1;
  }
  return entity;
}

function toItem<T>(key: string, entity: TableEntityResult<ValueProperties>): StoredItem<T> {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < entity.n; i++) {
    const chunk = entity[`v${i}`];
    if (!(chunk instanceof Uint8Array)) throw new Error(`store entity for key ${JSON.stringify(key)} lacks value chunk v${i}`);
    chunks.push(chunk);
  }
  // Join the bytes before decoding: a chunk boundary may split a multi-byte character.
  return { key, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) as T, etag: requireEtag(entity) };
}

function requireEtag(response: { etag?: string }): string {
  if (!response.etag) throw new Error("Table Storage answered without an ETag");
  return response.etag;
}

function prefixFilter(keyPrefix: string): string | undefined {
  const encoded = encodeTableKey(keyPrefix);
  if (encoded === "") return undefined;
  // splitTableKey puts the first 512 characters in PartitionKey, so a prefix up to that length is a
  // PartitionKey range and a longer one pins the PartitionKey and ranges over RowKey.
  const [field, low, pinned] =
    encoded.length <= maxKeyFieldLength
      ? ["PartitionKey", encoded, undefined]
      : ["RowKey", encoded.slice(maxKeyFieldLength), encoded.slice(0, maxKeyFieldLength)];
  const high = upperBoundOfPrefix(low);
  const clauses = [
    pinned === undefined ? undefined : odata`PartitionKey eq ${pinned}`,
    field === "PartitionKey" ? odata`PartitionKey ge ${low}` : odata`RowKey ge ${low}`,
    high === undefined ? undefined : field === "PartitionKey" ? odata`PartitionKey lt ${high}` : odata`RowKey lt ${high}`,
  ];
  return clauses.filter((clause) => clause !== undefined).join(" and ");
}

function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && "statusCode" in err ? Number(err.statusCode) : undefined;
}

function tableEndpointOf(connectionString: string): string {
  const explicit = /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(connectionString)?.[1];
  if (explicit) return explicit;
  // The SDK's development-storage shortcut (UseDevelopmentStorage=true) means Azurite's default port.
  if (/(?:^|;)\s*UseDevelopmentStorage=true/i.test(connectionString)) return "http://127.0.0.1:10002";
  return "https://table.core.windows.net";
}

function isLoopbackHttp(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

function createTableClient(url: string, table: string, credential: Credential, options: { allowInsecureConnection: boolean }) {
  // The constructor is overloaded per credential kind, so a union cannot be passed straight through.
  if (isNamedKeyCredential(credential)) return new TableClient(url, table, credential, options);
  if (isSASCredential(credential)) return new TableClient(url, table, credential, options);
  return new TableClient(url, table, credential, options);
}

function createServiceClient(url: string, credential: Credential, options: { allowInsecureConnection: boolean }) {
  if (isNamedKeyCredential(credential)) return new TableServiceClient(url, credential, options);
  if (isSASCredential(credential)) return new TableServiceClient(url, credential, options);
  return new TableServiceClient(url, credential, options);
}
