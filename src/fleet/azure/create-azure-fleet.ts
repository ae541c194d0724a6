import { ComputeManagementClient } from "@azure/arm-compute";
import type { VirtualMachineExtensionsListResult } from "@azure/arm-compute";
import type { TokenCredential } from "@azure/core-auth";
import { LogsQueryClient, LogsQueryResultStatus } from "@azure/monitor-query-logs";
import { systemClock, type Clock } from "../../clock.js";
import { silentLogger, type Logger } from "../../log.js";
import type { ComputeSummary, FleetReader, ResourceRef, Scope } from "../port.js";
import { AzureError, statusCodeOf, toAzureError } from "./azure-error.js";
import { convertScaleSet } from "./convert-scale-set.js";
import { summarizeScaleSet, summarizeVm } from "./convert-summary.js";
import { convertVm } from "./convert-vm.js";
import { buildHeartbeatQuery, readHeartbeat } from "./heartbeat-query.js";
import { mapBounded } from "../../concurrency/map-bounded.js";
import { createNameIndex } from "./name-index.js";
import { createObserveRequestsPolicy } from "./observe-requests-policy.js";
import { requireResourceId } from "./resource-id.js";

export interface AzureFleetOptions {
  subscriptionIds: string[];
  /** DefaultAzureCredential in production, createSimulatorCredential() for the simulator. */
  credential: TokenCredential;
  /** Default https://management.azure.com */
  armEndpoint?: string;
  /** Default https://api.loganalytics.io/v1 — the Logs client uses it as given, so it must include /v1. */
  logsEndpoint?: string;
  /** Trusted CA (PEM) for a custom endpoint such as the simulator; nothing global is disabled. */
  caPem?: string;
  /** SDK retry policy: 429/503 with Retry-After are retried after exactly that delay; 5xx with backoff from retryDelayInMs. */
  retry?: { maxRetries?: number; retryDelayInMs?: number };
  /** How long the VM/scale-set name index of a subscription is reused (default 5 minutes). */
  nameCacheTtlMs?: number;
  clock?: Clock;
  /** Bound for fan-outs over many resources or subscriptions (default 8). */
  concurrency?: number;
  /** Benchmark baseline only: every fan-out runs one call at a time. */
  sequential?: boolean;
  log?: Logger;
  /** Look-back window of the heartbeat query, ISO-8601 duration (default P7D, so a VM stopped for days still shows when it was last seen). */
  heartbeatLookback?: string;
}

export interface AzureFleet extends FleetReader {
  /** HTTP requests sent so far (every page and every retry counts). */
  stats(): { calls: number };
}

const defaults = {
  armEndpoint: "https://management.azure.com",
  logsEndpoint: "https://api.loganalytics.io/v1",
  nameCacheTtlMs: 5 * 60_000,
  concurrency: 8,
  heartbeatLookback: "P7D",
};

// Azure names are letters, digits and ._()- (resource groups also allow Unicode letters).
// A ref outside that cannot name an existing resource, so it is answered without a call.
const namePattern = /^[\p{L}\p{N}._()-]{1,90}$/u;

/** FleetReader over the real Azure SDK clients (ARM compute + Log Analytics). */
export function createAzureFleet(options: AzureFleetOptions): AzureFleet {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const limit = options.sequential ? 1 : Math.max(1, options.concurrency ?? defaults.concurrency);
  let calls = 0;
  const policy = createObserveRequestsPolicy({ log, onRequest: () => void calls++ });
  const clientOptions = {
    ...(options.caPem !== undefined && { tlsOptions: { ca: options.caPem } }),
    retryOptions: { ...options.retry },
    userAgentOptions: { userAgentPrefix: "extops" },
  };

  const computeClients = new Map<string, ComputeManagementClient>();
  function compute(subscriptionId: string): ComputeManagementClient {
    const key = subscriptionId.toLowerCase();
    let client = computeClients.get(key);
    if (!client) {
      client = new ComputeManagementClient(options.credential, subscriptionId, {
        ...clientOptions,
        endpoint: options.armEndpoint ?? defaults.armEndpoint,
      });
      // After the retry policy, so every attempt is counted and logged.
      client.pipeline.addPolicy(policy, { afterPhase: "Retry" });
      computeClients.set(key, client);
    }
    return client;
  }

  let logsClient: LogsQueryClient | undefined;
  function logs(): LogsQueryClient {
    if (!logsClient) {
      logsClient = new LogsQueryClient(options.credential, { ...clientOptions, endpoint: options.logsEndpoint ?? defaults.logsEndpoint });
      logsClient.pipeline.addPolicy(policy, { afterPhase: "Retry" });
    }
    return logsClient;
  }

  // Runs independent calls together, or one after another for the sequential baseline.
  async function fanOut<T extends unknown[]>(...calls: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    if (!options.sequential) return (await Promise.all(calls.map((call) => call()))) as T;
    const results: unknown[] = [];
    for (const call of calls) results.push(await call());
    return results as T;
  }

  async function listSubscription(subscriptionId: string): Promise<ComputeSummary[]> {
    const client = compute(subscriptionId);
    const [vms, sets] = await fanOut(
      () => collect(client.virtualMachines.listAll(), summarizeVm),
      () => collect(client.virtualMachineScaleSets.listAll(), summarizeScaleSet),
    );
    return [...vms, ...sets];
  }

  async function listResourceGroup(subscriptionId: string, resourceGroup: string): Promise<ComputeSummary[]> {
    const client = compute(subscriptionId);
    const [vms, sets] = await fanOut(
      () => notFoundAsUndefined(collect(client.virtualMachines.list(resourceGroup), summarizeVm)),
      () => notFoundAsUndefined(collect(client.virtualMachineScaleSets.list(resourceGroup), summarizeScaleSet)),
    );
    // A resource group missing from one of several subscriptions is simply empty there.
    return [...(vms ?? []), ...(sets ?? [])];
  }

  const nameIndex = createNameIndex({
    subscriptionIds: options.subscriptionIds,
    load: listSubscription,
    ttlMs: options.nameCacheTtlMs ?? defaults.nameCacheTtlMs,
    clock,
    concurrency: limit,
  });

  return {
    stats: () => ({ calls }),

    async findByName(name) {
      if (!isValidName(name)) return [];
      return guard(() => nameIndex.find(name));
    },

    async getVm(ref) {
      if (!isValidRef(ref)) return undefined;
      const client = compute(ref.subscriptionId);
      const [vm, extensions] = await fanOut(
        () => notFoundAsUndefined(client.virtualMachines.get(ref.resourceGroup, ref.name, { expand: "instanceView" })),
        () =>
          notFoundAsUndefined<VirtualMachineExtensionsListResult>(
            client.virtualMachineExtensions.list(ref.resourceGroup, ref.name, { expand: "instanceView" }),
          ),
      );
      return vm ? convertVm(vm, extensions?.value, ref) : undefined;
    },

    async getScaleSet(ref) {
      if (!isValidRef(ref)) return undefined;
      const client = compute(ref.subscriptionId);
      const [set, extensions, instances] = await fanOut(
        () => notFoundAsUndefined(client.virtualMachineScaleSets.get(ref.resourceGroup, ref.name)),
        () => notFoundAsUndefined(collect(client.virtualMachineScaleSetExtensions.list(ref.resourceGroup, ref.name), (e) => e)),
        () =>
          notFoundAsUndefined(
            collect(client.virtualMachineScaleSetVMs.list(ref.resourceGroup, ref.name, { expand: "instanceView" }), (vm) => vm),
          ),
      );
      return set ? convertScaleSet(set, extensions, instances ?? [], ref) : undefined;
    },

    async listInScope(scope: Scope) {
      if (scope.kind === "resourceGroup" && !isValidName(scope.resourceGroup)) return [];
      const lists = await mapBounded(subscriptionsOf(scope, options.subscriptionIds), limit, (subscriptionId) =>
        guard(() =>
          scope.kind === "resourceGroup" ? listResourceGroup(subscriptionId, scope.resourceGroup) : listSubscription(subscriptionId),
        ),
      );
      return lists.flat();
    },

    async listExtensionVersions(key) {
      const subscriptionId = options.subscriptionIds[0];
      if (subscriptionId === undefined) throw new AzureError("NoSubscription", "no subscription is configured");
      const images = await notFoundAsUndefined(
        compute(subscriptionId).virtualMachineExtensionImages.listVersions(key.location, key.publisher, key.type),
      );
      // Each image's name is its version string (azure-api.md §4); a region that lists none answers 404.
      return (images ?? []).flatMap((image) => (image.name ? [image.name] : []));
    },

    async lastHeartbeat(resourceId) {
      requireResourceId(resourceId);
      // monitor-query-logs 1.0.0 no longer strips the leading "/" (it would send /v1//subscriptions/...),
      // and a bare-string timespan throws: it must be an object (azure-api.md §9.2).
      const result = await notFoundAsUndefined(
        logs().queryResource(resourceId.replace(/^\/+/, ""), buildHeartbeatQuery(resourceId), {
          duration: options.heartbeatLookback ?? defaults.heartbeatLookback,
        }),
      );
      if (!result) return undefined;
      if (result.status === LogsQueryResultStatus.Success) return readHeartbeat(result.tables[0], resourceId);
      const partial = readHeartbeat(result.partialTables[0], resourceId);
      if (partial) {
        log.warn({ code: result.partialError.code }, "heartbeat query returned a partial result");
        return partial;
      }
      throw new AzureError(result.partialError.code ?? "PartialError", result.partialError.message ?? "partial query failure");
    },
  };
}

function subscriptionsOf(scope: Scope, configured: readonly string[]): readonly string[] {
  const chosen = scope.kind === "all" || scope.subscriptionId === undefined ? configured : [scope.subscriptionId];
  return chosen.filter(isValidName);
}

function isValidName(part: string): boolean {
  return namePattern.test(part) && part !== "." && part !== "..";
}

function isValidRef(ref: ResourceRef): boolean {
  return [ref.subscriptionId, ref.resourceGroup, ref.name].every(isValidName);
}

async function collect<T, R>(pages: AsyncIterable<T>, convert: (item: T) => R | undefined): Promise<R[]> {
  const items: R[] = [];
  for await (const item of pages) {
    const converted = convert(item);
    if (converted !== undefined) items.push(converted);
  }
  return items;
}

/** Awaits an SDK call: 404 becomes undefined, any other failure an AzureError. */
async function notFoundAsUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw toAzureError(error);
  }
}

async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAzureError(error);
  }
}
