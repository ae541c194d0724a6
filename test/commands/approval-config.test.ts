// The approval settings of readConfig: the store (local by default, Table Storage for scale-out),
// the grants (demo on the simulator, deny-all on Azure, a file when given) and the timing knobs.
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, describeGrants, readConfig } from "../../src/config.js";

const sub = "00000000-0000-4000-8000-000000000001";
const azurite =
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleS1ub3QtdG8tbGVhaw==;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

function problemsOf(env: Record<string, string>): { key: string; message: string; hint: string }[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("approval configuration", () => {
  it("when nothing is set, then the local store in .data, the demo grants on the simulator and the documented defaults apply", () => {
    const config = readConfig({});
    expect(config.store).toEqual({ kind: "local", dir: ".data" });
    expect(config.approvals).toEqual({
      grants: { kind: "demo" },
      leaseMs: 120_000,
      cardUpdateIntervalMs: 3000,
      heartbeatWatchMs: 15 * 60_000,
      wavePollMs: 10_000,
      waves: { canary: 1, maxBatchPercent: 20 },
      probeConfirmation: "requester",
    });
    expect(describeGrants(config.approvals).join(" ")).toContain("demo grants");
  });

  it("when Azure is configured without a grants file, then nobody may change anything and a clear warning says so", () => {
    const config = readConfig({ EXTOPS_SUBSCRIPTION_IDS: sub });
    expect(config.approvals.grants).toEqual({ kind: "denyAll" });
    expect(describeGrants(config.approvals).join(" ")).toMatch(/deny all/);
    expect(readConfig({ EXTOPS_SUBSCRIPTION_IDS: sub, EXTOPS_GRANTS_FILE: "/etc/extops/grants.json" }).approvals.grants).toEqual({ kind: "file", path: "/etc/extops/grants.json" });
    expect(describeGrants(readConfig({ EXTOPS_GRANTS_FILE: "g.json" }).approvals)).toEqual([]);
  });

  it("when the table store is chosen with a connection string, then it is used, and the key never shows in the description", () => {
    const config = readConfig({ EXTOPS_STORE: "Table", EXTOPS_TABLE_CONNECTION_STRING: azurite, EXTOPS_TABLE_PREFIX: "extops" });
    expect(config.store).toEqual({ kind: "table", connectionString: azurite, tablePrefix: "extops" });
    expect(JSON.stringify(describeConfig(config))).not.toContain("c2VjcmV0");
    const endpoint = readConfig({ EXTOPS_STORE: "table", EXTOPS_TABLE_ENDPOINT: "https://acct.table.core.windows.net/" });
    expect(endpoint.store).toEqual({ kind: "table", endpoint: "https://acct.table.core.windows.net" });
  });

  it("when the store settings contradict each other, then every problem is listed with a fix, and a bad connection string is not echoed", () => {
    expect(problemsOf({ EXTOPS_STORE: "table" }).map((p) => p.key)).toEqual(["EXTOPS_STORE"]);
    expect(problemsOf({ EXTOPS_STORE: "table", EXTOPS_TABLE_CONNECTION_STRING: azurite, EXTOPS_TABLE_ENDPOINT: "https://a.table.core.windows.net" }).map((p) => p.key)).toEqual([
      "EXTOPS_STORE",
    ]);
    expect(problemsOf({ EXTOPS_TABLE_CONNECTION_STRING: azurite }).map((p) => p.key)).toEqual(["EXTOPS_TABLE_CONNECTION_STRING"]);
    const bad = problemsOf({ EXTOPS_STORE: "sql", EXTOPS_TABLE_CONNECTION_STRING: "AccountKey=secret-value-123" });
    expect(bad.map((p) => p.key).sort()).toEqual(["EXTOPS_STORE", "EXTOPS_TABLE_CONNECTION_STRING"]);
    expect(JSON.stringify(bad)).not.toContain("secret-value-123");
  });

  it("when the timing knobs are set, then they are used, and out-of-range values are refused with their range", () => {
    const config = readConfig({
      EXTOPS_APPROVAL_LEASE_SECONDS: "30",
      EXTOPS_CARD_UPDATE_INTERVAL_MS: "5000",
      EXTOPS_HEARTBEAT_WATCH_MINUTES: "0",
      EXTOPS_WAVE_POLL_SECONDS: "5",
      EXTOPS_WAVE_CANARY: "2",
      EXTOPS_WAVE_MAX_PERCENT: "10",
    });
    expect(config.approvals).toMatchObject({ leaseMs: 30_000, cardUpdateIntervalMs: 5000, heartbeatWatchMs: 0, wavePollMs: 5000, waves: { canary: 2, maxBatchPercent: 10 } });
    const problems = problemsOf({ EXTOPS_CARD_UPDATE_INTERVAL_MS: "10", EXTOPS_WAVE_MAX_PERCENT: "0" });
    expect(problems.map((p) => p.key)).toEqual(["EXTOPS_CARD_UPDATE_INTERVAL_MS", "EXTOPS_WAVE_MAX_PERCENT"]);
    expect(problems[0]!.hint).toContain("250-60000");
  });
});
