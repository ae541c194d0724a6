// startSimulator (contracts.md): an HTTPS server on loopback speaking ARM at the root and the
// Log Analytics API under /v1, over a fleet loaded from a fixture.
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createCertificate } from "./create-certificate.js";
import { demoFixture } from "./demo-fixture.js";
import { FaultBook, type FaultRule } from "./fault-book.js";
import type { Fixture } from "./fixture-schema.js";
import { FleetState } from "./fleet-state.js";
import { GraphQuota, type GraphQuotaSettings } from "./graph-quota.js";
import { ArmThrottle, armDefaultThrottle, type ArmThrottleSettings } from "./token-bucket.js";
import { OperationBook, type LroSettings } from "./operation-book.js";
import { OperationFaultBook, type OperationFaultRule } from "./operation-faults.js";
import { parseFixture } from "./parse-fixture.js";
import { routes } from "./routes.js";
import { serveRequest, type SimCore } from "./serve-request.js";
import { createStats, type SimulatorStats } from "./sim-stats.js";

export interface SimulatorOptions {
  /** Default: the built-in demo fleet. Validated; an invalid one throws FixtureError. */
  fixture?: Fixture;
  /** Default 0 (any free port). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  latencyMs?: number;
  faults?: FaultRule[];
  now?: () => Date;
  /** Items per page of paged lists (default 50). */
  pageSize?: number;
  /** How long-running writes progress (default: 2 InProgress polls, 5 s at most, no Retry-After). */
  lro?: LroSettings;
  operationFaults?: OperationFaultRule[];
  /** ARM token-bucket throttling per subscription; `true` = ARM's documented buckets. Default off. */
  armThrottle?: ArmThrottleSettings | true;
  /** Resource Graph user quota, e.g. 15 queries per 5 s (the documented example). Default off; the CLI turns it on. */
  graphQuota?: GraphQuotaSettings | false;
}

export interface RunningSimulator {
  /** "https://127.0.0.1:<port>": the ARM endpoint. */
  url: string;
  /** url + "/v1": the Log Analytics endpoint (LogsQueryClient's endpoint includes /v1). */
  logsUrl: string;
  /** PEM of the self-signed certificate clients must trust (tlsOptions.ca). */
  caPem: string;
  caPath: string;
  stats: SimulatorStats;
  setLatency(ms: number): void;
  injectFault(rule: FaultRule): void;
  /** Makes matching long-running writes fail with an ARM error code or never finish. */
  injectOperationFault(rule: OperationFaultRule): void;
  /** Clears request faults and operation faults. */
  clearFaults(): void;
  stop(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const fleet = parseFixture(options.fixture ?? demoFixture, "(startSimulator options.fixture)");
  const certificate = await createCertificate();
  let latencyMs = options.latencyMs ?? 0;
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => new Date());
  const operationFaults = new OperationFaultBook();
  options.operationFaults?.forEach((rule) => operationFaults.add(rule));
  const core: SimCore = {
    state: new FleetState(fleet, now),
    stats: createStats(),
    faults: new FaultBook(options.faults),
    routes,
    baseUrl: "",
    pageSize: options.pageSize ?? 50,
    operations: new OperationBook(options.lro ?? {}, now),
    operationFaults,
    graphQuota: new GraphQuota(options.graphQuota ?? false),
    throttle: new ArmThrottle(options.armThrottle === true ? armDefaultThrottle : (options.armThrottle ?? {})),
    latencyMs: () => latencyMs,
  };
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    void serveRequest(core, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  core.baseUrl = `https://${urlHost}:${port}`;
  return {
    url: core.baseUrl,
    logsUrl: `${core.baseUrl}/v1`,
    caPem: certificate.cert,
    caPath: certificate.caPath,
    stats: core.stats,
    setLatency(ms) {
      latencyMs = ms;
    },
    injectFault: (rule) => core.faults.add(rule),
    injectOperationFault: (rule) => core.operationFaults.add(rule),
    clearFaults: () => {
      core.faults.clear();
      core.operationFaults.clear();
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      certificate.remove();
    },
  };
}
