import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, readConfig, type Env } from "../../src/config.js";

const appId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
const tenantId = "50612dbb-0237-4969-b378-8d42590f9c00";
const sub1 = "00000000-0000-4000-8000-000000000001";
const sub2 = "00000000-0000-4000-8000-000000000002";

function problemsOf(env: Env): { key: string; message: string; hint: string }[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("readConfig accepted the environment");
}

describe("readConfig", () => {
  it("when the environment is empty, then it runs in local simulator mode with the defaults", () => {
    const config = readConfig({});
    expect(config.port).toBe(3978);
    expect(config.logLevel).toBe("info");
    expect(config.bot).toEqual({ appType: "MultiTenant" });
    expect(config.fleet).toEqual({ mode: "simulator", fixturePath: undefined, latencyMs: 0 });
    expect(config.catalogTtlMs).toBe(3_600_000);
    expect(config.nameCacheTtlMs).toBe(300_000);
    expect(config.warnings).toEqual([]);
  });

  it("when values are empty strings, then they count as unset (.env placeholders)", () => {
    const config = readConfig({ PORT: "", MicrosoftAppId: " ", MicrosoftAppPassword: "", EXTOPS_SUBSCRIPTION_IDS: "" });
    expect(config.port).toBe(3978);
    expect(config.bot.appId).toBeUndefined();
    expect(config.fleet.mode).toBe("simulator");
  });

  it("when every setting is valid, then each is parsed into its typed field", () => {
    const config = readConfig({
      PORT: "8080",
      LOG_LEVEL: "DEBUG",
      MicrosoftAppId: appId,
      MicrosoftAppPassword: "s3cret",
      MicrosoftAppType: "singletenant",
      MicrosoftAppTenantId: tenantId,
      EXTOPS_SUBSCRIPTION_IDS: ` ${sub1}, ${sub2.toUpperCase()},${sub1} `,
      EXTOPS_ARM_ENDPOINT: "https://management.chinacloudapi.cn/",
      EXTOPS_LOGS_ENDPOINT: "https://api.loganalytics.azure.cn/v1",
      EXTOPS_CA_FILE: "/etc/ssl/custom.pem",
      EXTOPS_CATALOG_TTL_SECONDS: "60",
      EXTOPS_NAME_CACHE_TTL_SECONDS: "0",
      EXTOPS_DATA_DIR: "/var/lib/extops",
    });
    expect(config).toMatchObject({
      port: 8080,
      logLevel: "debug",
      dataDir: "/var/lib/extops",
      bot: { appId, appPassword: "s3cret", appType: "SingleTenant", tenantId },
      fleet: {
        mode: "azure",
        subscriptionIds: [sub1, sub2],
        armEndpoint: "https://management.chinacloudapi.cn",
        logsEndpoint: "https://api.loganalytics.azure.cn/v1",
        caFile: "/etc/ssl/custom.pem",
      },
      catalogTtlMs: 60_000,
      nameCacheTtlMs: 0,
    });
  });

  it("when the simulator settings are given without subscriptions, then they configure the embedded simulator", () => {
    expect(readConfig({ EXTOPS_SIM_FIXTURE: "fleet.json", EXTOPS_SIM_LATENCY_MS: "50" }).fleet).toEqual({
      mode: "simulator",
      fixturePath: "fleet.json",
      latencyMs: 50,
    });
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["LOG_LEVEL", "loud"],
    ["MicrosoftAppType", "Both"],
    ["EXTOPS_SUBSCRIPTION_IDS", "not-a-guid"],
    ["EXTOPS_SUBSCRIPTION_IDS", ","],
    ["EXTOPS_ARM_ENDPOINT", "http://management.azure.com"],
    ["EXTOPS_LOGS_ENDPOINT", "not a url"],
    ["EXTOPS_SIM_LATENCY_MS", "fast"],
    ["EXTOPS_CATALOG_TTL_SECONDS", "0"],
    ["EXTOPS_NAME_CACHE_TTL_SECONDS", "1.5"],
  ])("when %s is %j, then exactly that key is reported with a fix hint", (key, value) => {
    const env: Env = { [key]: value };
    if (key.startsWith("EXTOPS_ARM") || key.startsWith("EXTOPS_LOGS")) env.EXTOPS_SUBSCRIPTION_IDS = sub1;
    const problems = problemsOf(env);
    expect(problems.map((p) => p.key)).toEqual([key]);
    expect(problems[0]!.hint.length).toBeGreaterThan(10);
  });

  it("when several keys are bad, then one ConfigError lists every one of them", () => {
    let error: unknown;
    try {
      readConfig({ PORT: "x", LOG_LEVEL: "loud", MicrosoftAppId: "not-a-guid", MicrosoftAppPassword: "p", EXTOPS_SIM_LATENCY_MS: "-5" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.key).sort()).toEqual(["EXTOPS_SIM_LATENCY_MS", "LOG_LEVEL", "MicrosoftAppId", "PORT"]);
    expect(message).toContain("4 problems");
    for (const p of problems) expect(message).toContain(`${p.key}: ${p.message} Fix: ${p.hint}`);
  });

  it("when MicrosoftAppId is set without a password, then the password is reported with where to find it", () => {
    const [problem, ...rest] = problemsOf({ MicrosoftAppId: appId });
    expect(rest).toEqual([]);
    expect(problem!.key).toBe("MicrosoftAppPassword");
    expect(problem!.message).toContain("MicrosoftAppId is set");
    expect(problem!.hint).toMatch(/client secret/);
  });

  it("when a password is set without MicrosoftAppId, then MicrosoftAppId is reported", () => {
    expect(problemsOf({ MicrosoftAppPassword: "p" }).map((p) => p.key)).toEqual(["MicrosoftAppId"]);
  });

  it("when MicrosoftAppType is SingleTenant without a tenant id, then the tenant id is reported", () => {
    expect(problemsOf({ MicrosoftAppId: appId, MicrosoftAppPassword: "p", MicrosoftAppType: "SingleTenant" }).map((p) => p.key)).toEqual([
      "MicrosoftAppTenantId",
    ]);
  });

  it("when MicrosoftAppType is UserAssignedMsi, then a password is refused and the tenant is required", () => {
    const problems = problemsOf({ MicrosoftAppId: appId, MicrosoftAppPassword: "p", MicrosoftAppType: "UserAssignedMsi" });
    expect(problems.map((p) => p.key).sort()).toEqual(["MicrosoftAppPassword", "MicrosoftAppTenantId"]);
    const config = readConfig({ MicrosoftAppId: appId, MicrosoftAppType: "UserAssignedMsi", MicrosoftAppTenantId: tenantId });
    expect(config.bot).toEqual({ appId, appPassword: undefined, appType: "UserAssignedMsi", tenantId });
  });

  it("when a MultiTenant bot has a tenant id, then it is accepted with a warning that it is ignored", () => {
    const config = readConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: "p", MicrosoftAppTenantId: tenantId });
    expect(config.warnings.join("\n")).toMatch(/MicrosoftAppTenantId is ignored/);
  });

  it("when simulator settings are combined with subscriptions, then the conflict is reported", () => {
    expect(problemsOf({ EXTOPS_SUBSCRIPTION_IDS: sub1, EXTOPS_SIM_FIXTURE: "f.json", EXTOPS_SIM_LATENCY_MS: "5" }).map((p) => p.key)).toEqual([
      "EXTOPS_SIM_FIXTURE",
      "EXTOPS_SIM_LATENCY_MS",
    ]);
  });

  it("when Azure endpoints are set without subscriptions, then they are reported instead of silently ignored", () => {
    expect(problemsOf({ EXTOPS_ARM_ENDPOINT: "https://management.azure.com", EXTOPS_CA_FILE: "ca.pem" }).map((p) => p.key)).toEqual([
      "EXTOPS_ARM_ENDPOINT",
      "EXTOPS_CA_FILE",
    ]);
  });

  it("when the password is invalid in any way, then its value never appears in the error", () => {
    const secret = "Zx9~super-secret-value";
    let message = "";
    try {
      readConfig({ MicrosoftAppPassword: secret, MicrosoftAppType: "UserAssignedMsi", MicrosoftAppId: appId });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("MicrosoftAppPassword");
    expect(message).not.toContain(secret);
  });

  it("when an EXTOPS_ key is misspelled, then a did-you-mean warning names the right key", () => {
    const config = readConfig({ EXTOPS_SUBSCRIPTION_ID: sub1, HOME: "/root" });
    expect(config.fleet.mode).toBe("simulator");
    expect(config.warnings).toEqual(["EXTOPS_SUBSCRIPTION_ID is not a known setting; did you mean EXTOPS_SUBSCRIPTION_IDS?"]);
  });
});

describe("describeConfig", () => {
  it("when the config holds a password, then the description says it is set but never contains it", () => {
    const config = readConfig({ MicrosoftAppId: appId, MicrosoftAppPassword: "hunter2-secret" });
    const description = describeConfig(config);
    expect(JSON.stringify(description)).not.toContain("hunter2-secret");
    expect(description).toMatchObject({ botMode: "authenticated", appPasswordSet: true });
  });
});

describe("troubleshooting probe confirmation", () => {
  it("when EXTOPS_PROBE_CONFIRMATION is unset, then the requester confirms; second-person asks for a colleague; other values are refused with the choices", () => {
    expect(readConfig({}).approvals.probeConfirmation).toBe("requester");
    expect(readConfig({ EXTOPS_PROBE_CONFIRMATION: "Second-Person" }).approvals.probeConfirmation).toBe("secondPerson");
    expect(() => readConfig({ EXTOPS_PROBE_CONFIRMATION: "anyone" })).toThrow(/EXTOPS_PROBE_CONFIRMATION.*second-person/s);
  });
});
