// One place that builds the ARM SDK clients for the writer, the diagnostics and the scanner, with
// the same options as createAzureFleet: custom endpoint + trusted CA (simulator), retry settings,
// and the request-observing policy (counts calls, logs correlation IDs) after the retry policy.
import { ComputeManagementClient } from "@azure/arm-compute";
import { MonitorClient } from "@azure/arm-monitor";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
// A transitive dependency of every ARM client (their `pipeline` is its Pipeline type); used only to
// send the one GET no installed SDK covers (OperationalInsights workspaces).
import { createDefaultHttpClient, createPipelineRequest, type HttpClient } from "@azure/core-rest-pipeline";
import { silentLogger } from "../../log.js";
import { AzureError } from "./azure-error.js";
import type { AzureFleetOptions } from "./create-azure-fleet.js";
import { createObserveRequestsPolicy } from "./observe-requests-policy.js";

export const defaultArmEndpoint = "https://management.azure.com";

export interface ArmClients {
  compute(subscriptionId: string): ComputeManagementClient;
  monitor(subscriptionId: string): MonitorClient;
  resourceGraph(): ResourceGraphClient;
  /**
   * GET of an ARM path ("/subscriptions/...") through a client pipeline (bearer token, TLS, retries):
   * the parsed body, undefined on 404, an AzureError otherwise.
   */
  getJson(path: string, apiVersion: string, query?: Readonly<Record<string, string>>): Promise<unknown>;
  /**
   * GET of a list's absolute `nextLink` through the same pipeline. Only links on the ARM endpoint
   * are followed (the bearer token must never go to another host); anything else is an AzureError.
   */
  getNextPage(nextLink: string): Promise<unknown>;
  /** HTTP requests sent so far (every page, poll and retry counts). */
  calls(): number;
}

export function createArmClients(options: AzureFleetOptions): ArmClients {
  const log = options.log ?? silentLogger;
  const endpoint = (options.armEndpoint ?? defaultArmEndpoint).replace(/\/+$/, "");
  let calls = 0;
  const policy = createObserveRequestsPolicy({ log, onRequest: () => void calls++ });
  const clientOptions = {
    endpoint,
    ...(options.caPem !== undefined && { tlsOptions: { ca: options.caPem } }),
    retryOptions: { ...options.retry },
    userAgentOptions: { userAgentPrefix: "extops" },
  };

  function perSubscription<C extends { pipeline: ComputeManagementClient["pipeline"] }>(build: (subscriptionId: string) => C) {
    const clients = new Map<string, C>();
    return (subscriptionId: string): C => {
      const key = subscriptionId.toLowerCase();
      let client = clients.get(key);
      if (!client) {
        client = build(subscriptionId);
        // After the retry policy, so every attempt is counted and logged.
        client.pipeline.addPolicy(policy, { afterPhase: "Retry" });
        clients.set(key, client);
      }
      return client;
    };
  }

  const compute = perSubscription((subscriptionId) => new ComputeManagementClient(options.credential, subscriptionId, clientOptions));
  const monitor = perSubscription((subscriptionId) => new MonitorClient(options.credential, subscriptionId, clientOptions));
  const graph = perSubscription(() => new ResourceGraphClient(options.credential, clientOptions));
  let httpClient: HttpClient | undefined;

  return {
    compute,
    monitor,
    resourceGraph: () => graph("tenant"),
    calls: () => calls,

    async getJson(path, apiVersion, query = {}) {
      const search = new URLSearchParams({ "api-version": apiVersion, ...query });
      return send(`${endpoint}${path}?${search.toString()}`, path);
    },

    async getNextPage(nextLink) {
      let url: URL;
      try {
        url = new URL(nextLink);
      } catch {
        throw new AzureError("InvalidNextLink", "the list answered with a nextLink that is not a URL");
      }
      if (url.origin !== new URL(endpoint).origin) {
        throw new AzureError("InvalidNextLink", `the list answered with a nextLink outside ${endpoint}`);
      }
      return send(url.toString(), url.pathname);
    },
  };

  async function send(url: string, path: string): Promise<unknown> {
    // Any ARM client's pipeline will do: the token scope is management.azure.com for all of them.
    const pipeline = graph("tenant").pipeline;
    httpClient ??= createDefaultHttpClient();
    const request = createPipelineRequest({ url, method: "GET" });
    request.headers.set("accept", "application/json");
    let response;
    try {
      response = await pipeline.sendRequest(httpClient, request);
    } catch (error) {
      throw new AzureError("RequestFailed", error instanceof Error ? error.message : String(error));
    }
    if (response.status === 404) return undefined;
    const body = parseJson(response.bodyAsText);
    if (response.status >= 200 && response.status < 300) return body;
    const armError = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const correlationId = response.headers.get("x-ms-correlation-request-id");
    throw new AzureError(
      typeof armError?.code === "string" ? armError.code : `HTTP${response.status}`,
      typeof armError?.message === "string" ? armError.message : `GET ${path} answered ${response.status}`,
      { statusCode: response.status, ...(correlationId !== undefined && { correlationId }) },
    );
  }
}

function parseJson(text: string | undefined | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
