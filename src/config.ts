import { distance } from "fastest-levenshtein";
import { z } from "zod";

// The environment -> one typed, validated Config (STYLE §2). Nothing else in extops reads
// process.env: entry points call readConfig(process.env), tests call readConfig({...}).

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export type AppType = "MultiTenant" | "SingleTenant" | "UserAssignedMsi";

/** Bot Framework identity. No appId = local mode: no JWT check in, no token out (bot-framework.md §2.2). */
export interface BotAuthConfig {
  appId?: string;
  appPassword?: string;
  appType: AppType;
  tenantId?: string;
}

export type FleetConfig =
  /** No subscription IDs: an embedded ARM simulator with the demo fleet or a fixture file. */
  | { mode: "simulator"; fixturePath?: string; latencyMs: number }
  | { mode: "azure"; subscriptionIds: string[]; armEndpoint?: string; logsEndpoint?: string; caFile?: string };

/** Where state lives (approvals, audit, walk-throughs): one local process, or Table Storage shared by several. */
export type StoreConfig =
  | { kind: "local"; dir: string }
  | { kind: "table"; connectionString: string; tablePrefix?: string }
  | { kind: "table"; endpoint: string; tablePrefix?: string };

export interface ApprovalConfig {
  /** Who may request and approve: a grants file, the demo grants (simulator only) or nobody. */
  grants: { kind: "file"; path: string } | { kind: "demo" } | { kind: "denyAll" };
  leaseMs: number;
  cardUpdateIntervalMs: number;
  heartbeatWatchMs: number;
  wavePollMs: number;
  waves: { canary: number; maxBatchPercent: number };
  /** Who must confirm a troubleshooting check that runs on the machine (Run Command). */
  probeConfirmation: "requester" | "secondPerson";
}

export interface Config {
  port: number;
  logLevel: LogLevel;
  dataDir: string;
  bot: BotAuthConfig;
  fleet: FleetConfig;
  store: StoreConfig;
  approvals: ApprovalConfig;
  catalogTtlMs: number;
  nameCacheTtlMs: number;
  /** Non-fatal remarks (an ignored setting, a likely typo) for main.ts to log once. */
  warnings: string[];
}

export interface ConfigProblem {
  key: string;
  message: string;
  hint: string;
}

/** Every bad setting at once, each with how to fix it, so an operator fixes them in one go. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.key}: ${p.message} Fix: ${p.hint}`);
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Configuration has ${count}:\n${lines.join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const logLevels: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const appTypes: readonly AppType[] = ["MultiTenant", "SingleTenant", "UserAssignedMsi"];

/** Every key readConfig understands: used to spot typos such as EXTOPS_SUBSCRIPTION_ID. */
export const knownKeys = [
  "PORT",
  "LOG_LEVEL",
  "MicrosoftAppId",
  "MicrosoftAppPassword",
  "MicrosoftAppType",
  "MicrosoftAppTenantId",
  "EXTOPS_SUBSCRIPTION_IDS",
  "EXTOPS_ARM_ENDPOINT",
  "EXTOPS_LOGS_ENDPOINT",
  "EXTOPS_CA_FILE",
  "EXTOPS_SIM_FIXTURE",
  "EXTOPS_SIM_LATENCY_MS",
  "EXTOPS_CATALOG_TTL_SECONDS",
  "EXTOPS_NAME_CACHE_TTL_SECONDS",
  "EXTOPS_DATA_DIR",
  "EXTOPS_STORE",
  "EXTOPS_TABLE_CONNECTION_STRING",
  "EXTOPS_TABLE_ENDPOINT",
  "EXTOPS_TABLE_PREFIX",
  "EXTOPS_GRANTS_FILE",
  "EXTOPS_APPROVAL_LEASE_SECONDS",
  "EXTOPS_CARD_UPDATE_INTERVAL_MS",
  "EXTOPS_HEARTBEAT_WATCH_MINUTES",
  "EXTOPS_WAVE_POLL_SECONDS",
  "EXTOPS_WAVE_CANARY",
  "EXTOPS_WAVE_MAX_PERCENT",
  "EXTOPS_PROBE_CONFIRMATION",
  // Read by the chat CLI, not the server; listed so it is not reported as a typo.
  "EXTOPS_BOT_URL",
] as const;

const defaults = {
  port: 3978,
  catalogTtlSeconds: 3600,
  nameCacheTtlSeconds: 300,
  dataDir: ".data",
  logLevel: "info" as LogLevel,
  leaseSeconds: 120,
  cardUpdateIntervalMs: 3000,
  heartbeatWatchMinutes: 15,
  wavePollSeconds: 10,
  canary: 1,
  maxBatchPercent: 20,
};

function integer(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `is below ${min}`).max(max, `is above ${max}`));
}

function httpsUrl() {
  return z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https$/, error: "is not an https:// URL" }))
    .transform((u) => u.replace(/\/+$/, ""));
}

// One schema per key, each with the hint shown when it fails.
const fields = {
  PORT: {
    schema: integer(0, 65535),
    hint: `set PORT to a TCP port between 0 and 65535, or remove it for the default ${defaults.port}.`,
  },
  LOG_LEVEL: {
    schema: z.string().trim().toLowerCase().pipe(z.enum(logLevels as [LogLevel, ...LogLevel[]], { error: "is not a log level" })),
    hint: `use one of ${logLevels.join(", ")} (default ${defaults.logLevel}).`,
  },
  MicrosoftAppId: {
    schema: z.string().trim().regex(guid, "is not a GUID"),
    hint: "copy the Microsoft App ID (a GUID) from the Azure Bot resource, Configuration blade; remove it to run in local mode.",
  },
  MicrosoftAppPassword: {
    schema: z.string(),
    hint: "copy the client secret of the bot's Entra app registration.",
  },
  MicrosoftAppType: {
    schema: z
      .string()
      .trim()
      .transform((v) => appTypes.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v)
      .pipe(z.enum(appTypes as [AppType, ...AppType[]], { error: "is not an app type" })),
    hint: `use ${appTypes.join(", ")} as shown on the Azure Bot resource (default MultiTenant).`,
  },
  MicrosoftAppTenantId: {
    schema: z.string().trim().regex(guid, "is not a GUID"),
    hint: "copy the Directory (tenant) ID, a GUID, from the bot's Entra app registration overview.",
  },
  EXTOPS_SUBSCRIPTION_IDS: {
    schema: z
      .string()
      .transform((v) => v.split(",").map((s) => s.trim()).filter((s) => s.length > 0))
      .pipe(z.array(z.string().regex(guid, "must contain only subscription GUIDs")).min(1, "lists no subscription ID")),
    hint: "give subscription IDs (GUIDs) separated by commas, e.g. 00000000-0000-0000-0000-000000000000,11111111-...; remove it to use the simulator.",
  },
  EXTOPS_ARM_ENDPOINT: {
    schema: httpsUrl(),
    hint: "give an https:// URL such as https://management.azure.com (or your sovereign cloud's Resource Manager endpoint).",
  },
  EXTOPS_LOGS_ENDPOINT: {
    schema: httpsUrl(),
    hint: "give an https:// URL including /v1, such as https://api.loganalytics.io/v1.",
  },
  EXTOPS_CA_FILE: {
    schema: z.string().trim().min(1),
    hint: "give the path of a PEM file with the CA certificate the custom endpoint uses.",
  },
  EXTOPS_SIM_FIXTURE: {
    schema: z.string().trim().min(1),
    hint: "give the path of a simulator fixture JSON file, or remove it for the demo fleet.",
  },
  EXTOPS_SIM_LATENCY_MS: {
    schema: integer(0, 60_000),
    hint: "give the simulated latency per Azure call in milliseconds (0-60000), e.g. 50.",
  },
  EXTOPS_CATALOG_TTL_SECONDS: {
    schema: integer(1, 7 * 24 * 3600),
    hint: `give how long the latest-version catalogue is cached, in seconds (1-604800, default ${defaults.catalogTtlSeconds}).`,
  },
  EXTOPS_NAME_CACHE_TTL_SECONDS: {
    schema: integer(0, 24 * 3600),
    hint: `give how long VM names are cached, in seconds (0-86400, default ${defaults.nameCacheTtlSeconds}; 0 turns the cache off).`,
  },
  EXTOPS_DATA_DIR: {
    schema: z.string().trim().min(1),
    hint: `give a writable directory for local state (default ${defaults.dataDir}).`,
  },
  EXTOPS_STORE: {
    schema: z.string().trim().toLowerCase().pipe(z.enum(["local", "table"], { error: "is not a store kind" })),
    hint: "use local (one bot process, files under EXTOPS_DATA_DIR; the default) or table (Azure Table Storage, for several bot instances).",
  },
  EXTOPS_TABLE_CONNECTION_STRING: {
    schema: z.string().trim().regex(/(^|;)\s*(TableEndpoint|AccountName|UseDevelopmentStorage)\s*=/i, "is not a storage connection string"),
    hint: "copy the storage account's connection string (Access keys blade), or use EXTOPS_TABLE_ENDPOINT with a managed identity instead.",
  },
  EXTOPS_TABLE_ENDPOINT: {
    schema: httpsUrl(),
    hint: "give the table endpoint, e.g. https://<account>.table.core.windows.net; the bot signs in with its managed identity (Storage Table Data Contributor).",
  },
  EXTOPS_TABLE_PREFIX: {
    schema: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, "must be a letter followed by up to 19 letters or digits"),
    hint: "give a short prefix such as extops, so several deployments can share one storage account.",
  },
  EXTOPS_GRANTS_FILE: {
    schema: z.string().trim().min(1),
    hint: "give the path of the approvals grants JSON file (see src/approvals/demo-grants.json for the format).",
  },
  EXTOPS_APPROVAL_LEASE_SECONDS: {
    schema: integer(10, 3600),
    hint: `give how long a silent bot instance keeps a running change before another takes it over, in seconds (10-3600, default ${defaults.leaseSeconds}).`,
  },
  EXTOPS_CARD_UPDATE_INTERVAL_MS: {
    schema: integer(250, 60_000),
    hint: `give the least time between two updates of one approval card, in milliseconds (250-60000, default ${defaults.cardUpdateIntervalMs}).`,
  },
  EXTOPS_HEARTBEAT_WATCH_MINUTES: {
    schema: integer(0, 24 * 60),
    hint: `give how long heartbeats are watched after a change, in minutes (0-1440, default ${defaults.heartbeatWatchMinutes}; 0 turns the watch off).`,
  },
  EXTOPS_WAVE_POLL_SECONDS: {
    schema: integer(1, 600),
    hint: `give how often a scale-set wave's instances are checked, in seconds (1-600, default ${defaults.wavePollSeconds}).`,
  },
  EXTOPS_WAVE_CANARY: {
    schema: integer(0, 100),
    hint: `give how many instances the first (canary) wave upgrades (0-100, default ${defaults.canary}).`,
  },
  EXTOPS_WAVE_MAX_PERCENT: {
    schema: integer(1, 100),
    hint: `give the largest later wave as a percentage of the scale set (1-100, default ${defaults.maxBatchPercent}).`,
  },
  EXTOPS_PROBE_CONFIRMATION: {
    schema: z.string().trim().toLowerCase().pipe(z.enum(["requester", "second-person"], { error: "is not a confirmation mode" })),
    hint: "give requester (the person who ran troubleshoot confirms checks on the machine; the default) or second-person (another person with the restart-agent approval grant must approve them).",
  },
} satisfies Record<string, { schema: z.ZodType; hint: string }>;

type FieldKey = keyof typeof fields;
type Parsed = { [K in FieldKey]?: z.output<(typeof fields)[K]["schema"]> };

/** Secrets are never echoed back, even in an error message. */
const secretKeys = new Set<string>(["MicrosoftAppPassword", "EXTOPS_TABLE_CONNECTION_STRING"]);

function show(key: string, raw: string): string {
  if (secretKeys.has(key)) return "The value";
  const clipped = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
  return JSON.stringify(clipped);
}

/** Empty values count as unset: `.env` files often carry `KEY=` placeholders. */
function present(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value.trim() === "" ? undefined : value;
}

function parseFields(env: Env, problems: ConfigProblem[]): Parsed {
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields) as [FieldKey, (typeof fields)[FieldKey]][]) {
    const raw = present(env, key);
    if (raw === undefined) continue;
    const result = field.schema.safeParse(raw);
    if (result.success) parsed[key] = result.data;
    else problems.push({ key, message: `${show(key, raw)} ${result.error.issues[0]?.message ?? "is invalid"}.`, hint: field.hint });
  }
  return parsed as Parsed;
}

function checkBotAuth(env: Env, p: Parsed, problems: ConfigProblem[]): BotAuthConfig {
  const appType = p.MicrosoftAppType ?? "MultiTenant";
  const hasId = present(env, "MicrosoftAppId") !== undefined;
  const hasPassword = present(env, "MicrosoftAppPassword") !== undefined;
  const hasTenant = present(env, "MicrosoftAppTenantId") !== undefined;
  if (!hasId) {
    if (hasPassword)
      problems.push({
        key: "MicrosoftAppId",
        message: "is empty but MicrosoftAppPassword is set.",
        hint: "copy the Microsoft App ID from the Azure Bot resource, or remove MicrosoftAppPassword to run in local mode.",
      });
    if (present(env, "MicrosoftAppType") !== undefined && appType !== "MultiTenant")
      problems.push({
        key: "MicrosoftAppId",
        message: `is empty but MicrosoftAppType is ${appType}.`,
        hint: "set MicrosoftAppId as well, or remove MicrosoftAppType to run in local mode.",
      });
    return { appType };
  }
  if (appType === "UserAssignedMsi") {
    if (hasPassword)
      problems.push({
        key: "MicrosoftAppPassword",
        message: "must be empty when MicrosoftAppType is UserAssignedMsi.",
        hint: "remove MicrosoftAppPassword: a user-assigned managed identity has no secret.",
      });
  } else if (!hasPassword) {
    problems.push({
      key: "MicrosoftAppPassword",
      message: "is empty but MicrosoftAppId is set.",
      hint: "copy the client secret from the bot's Entra app registration (Certificates & secrets), or remove MicrosoftAppId to run in local mode.",
    });
  }
  if (appType !== "MultiTenant" && !hasTenant)
    problems.push({
      key: "MicrosoftAppTenantId",
      message: `is required when MicrosoftAppType is ${appType}.`,
      hint: "copy the Directory (tenant) ID from the bot's Entra app registration overview.",
    });
  return {
    appId: p.MicrosoftAppId,
    appPassword: appType === "UserAssignedMsi" ? undefined : p.MicrosoftAppPassword,
    appType,
    tenantId: p.MicrosoftAppTenantId,
  };
}

function checkFleet(env: Env, p: Parsed, problems: ConfigProblem[]): FleetConfig {
  const azureMode = present(env, "EXTOPS_SUBSCRIPTION_IDS") !== undefined;
  if (azureMode) {
    for (const key of ["EXTOPS_SIM_FIXTURE", "EXTOPS_SIM_LATENCY_MS"] as const) {
      if (present(env, key) !== undefined)
        problems.push({
          key,
          message: "only applies to the simulator, but EXTOPS_SUBSCRIPTION_IDS is set.",
          hint: `remove ${key}, or remove EXTOPS_SUBSCRIPTION_IDS to run on the simulator.`,
        });
    }
    return {
      mode: "azure",
      subscriptionIds: [...new Set((p.EXTOPS_SUBSCRIPTION_IDS ?? []).map((s) => s.toLowerCase()))],
      armEndpoint: p.EXTOPS_ARM_ENDPOINT,
      logsEndpoint: p.EXTOPS_LOGS_ENDPOINT,
      caFile: p.EXTOPS_CA_FILE,
    };
  }
  for (const key of ["EXTOPS_ARM_ENDPOINT", "EXTOPS_LOGS_ENDPOINT", "EXTOPS_CA_FILE"] as const) {
    if (present(env, key) !== undefined)
      problems.push({
        key,
        message: "is set but EXTOPS_SUBSCRIPTION_IDS is empty, so the embedded simulator is used and this would be ignored.",
        hint: `set EXTOPS_SUBSCRIPTION_IDS to the subscriptions to watch, or remove ${key}.`,
      });
  }
  return { mode: "simulator", fixturePath: p.EXTOPS_SIM_FIXTURE, latencyMs: p.EXTOPS_SIM_LATENCY_MS ?? 0 };
}

function checkStore(env: Env, p: Parsed, problems: ConfigProblem[]): StoreConfig {
  const dir = p.EXTOPS_DATA_DIR ?? defaults.dataDir;
  const hasConnection = present(env, "EXTOPS_TABLE_CONNECTION_STRING") !== undefined;
  const hasEndpoint = present(env, "EXTOPS_TABLE_ENDPOINT") !== undefined;
  const tablePrefix = p.EXTOPS_TABLE_PREFIX;
  // An unreadable EXTOPS_STORE is already reported: the other store keys cannot be judged against it.
  if (present(env, "EXTOPS_STORE") !== undefined && p.EXTOPS_STORE === undefined) return { kind: "local", dir };
  if ((p.EXTOPS_STORE ?? "local") === "local") {
    for (const key of ["EXTOPS_TABLE_CONNECTION_STRING", "EXTOPS_TABLE_ENDPOINT", "EXTOPS_TABLE_PREFIX"] as const) {
      if (present(env, key) !== undefined)
        problems.push({ key, message: "is set but EXTOPS_STORE is local, so it would be ignored.", hint: `set EXTOPS_STORE=table to use Table Storage, or remove ${key}.` });
    }
    return { kind: "local", dir };
  }
  if (hasConnection === hasEndpoint) {
    problems.push({
      key: "EXTOPS_STORE",
      message: hasConnection ? "is table, and both EXTOPS_TABLE_CONNECTION_STRING and EXTOPS_TABLE_ENDPOINT are set." : "is table, but neither EXTOPS_TABLE_CONNECTION_STRING nor EXTOPS_TABLE_ENDPOINT is set.",
      hint: "set exactly one: a connection string (Azurite, account keys) or the table endpoint (managed identity).",
    });
    return { kind: "local", dir };
  }
  const prefix = tablePrefix ? { tablePrefix } : {};
  return p.EXTOPS_TABLE_CONNECTION_STRING
    ? { kind: "table", connectionString: p.EXTOPS_TABLE_CONNECTION_STRING, ...prefix }
    : { kind: "table", endpoint: p.EXTOPS_TABLE_ENDPOINT ?? "", ...prefix };
}

function checkApprovals(p: Parsed, fleet: FleetConfig): ApprovalConfig {
  const grants: ApprovalConfig["grants"] = p.EXTOPS_GRANTS_FILE
    ? { kind: "file", path: p.EXTOPS_GRANTS_FILE }
    : fleet.mode === "simulator"
      ? { kind: "demo" }
      : { kind: "denyAll" };
  return {
    grants,
    leaseMs: (p.EXTOPS_APPROVAL_LEASE_SECONDS ?? defaults.leaseSeconds) * 1000,
    cardUpdateIntervalMs: p.EXTOPS_CARD_UPDATE_INTERVAL_MS ?? defaults.cardUpdateIntervalMs,
    heartbeatWatchMs: (p.EXTOPS_HEARTBEAT_WATCH_MINUTES ?? defaults.heartbeatWatchMinutes) * 60_000,
    wavePollMs: (p.EXTOPS_WAVE_POLL_SECONDS ?? defaults.wavePollSeconds) * 1000,
    waves: { canary: p.EXTOPS_WAVE_CANARY ?? defaults.canary, maxBatchPercent: p.EXTOPS_WAVE_MAX_PERCENT ?? defaults.maxBatchPercent },
    probeConfirmation: p.EXTOPS_PROBE_CONFIRMATION === "second-person" ? "secondPerson" : "requester",
  };
}

/** What main.ts logs about the grants once at start (not in Config.warnings: it is about policy, not a mistake). */
export function describeGrants(approvals: ApprovalConfig): string[] {
  if (approvals.grants.kind === "demo") {
    return ["EXTOPS_GRANTS_FILE is not set: the simulator uses the demo grants (Alice requests, Bob approves). Never use them with real Azure."];
  }
  if (approvals.grants.kind === "denyAll") {
    return [
      "EXTOPS_GRANTS_FILE is not set: nobody may request or approve changes (deny all), so upgrade, reinstall and the other changes are refused. Give a grants file to allow them.",
    ];
  }
  return [];
}

function collectWarnings(env: Env, bot: BotAuthConfig): string[] {
  const warnings: string[] = [];
  if (bot.appId && bot.appType === "MultiTenant" && bot.tenantId)
    warnings.push("MicrosoftAppTenantId is ignored when MicrosoftAppType is MultiTenant (botbuilder uses no tenant then).");
  for (const key of Object.keys(env)) {
    if (!/^(EXTOPS_|MICROSOFTAPP)/i.test(key) || (knownKeys as readonly string[]).includes(key)) continue;
    const nearest = [...knownKeys].sort((a, b) => distance(key.toUpperCase(), a.toUpperCase()) - distance(key.toUpperCase(), b.toUpperCase()))[0];
    warnings.push(`${key} is not a known setting${nearest ? `; did you mean ${nearest}?` : "."}`);
  }
  return warnings;
}

/** Parses the environment once. Throws one ConfigError listing every bad key with a fix hint. */
export function readConfig(env: Env): Config {
  const problems: ConfigProblem[] = [];
  const parsed = parseFields(env, problems);
  const bot = checkBotAuth(env, parsed, problems);
  const fleet = checkFleet(env, parsed, problems);
  const store = checkStore(env, parsed, problems);
  const approvals = checkApprovals(parsed, fleet);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: parsed.PORT ?? defaults.port,
    logLevel: parsed.LOG_LEVEL ?? defaults.logLevel,
    dataDir: parsed.EXTOPS_DATA_DIR ?? defaults.dataDir,
    bot,
    fleet,
    store,
    approvals,
    catalogTtlMs: (parsed.EXTOPS_CATALOG_TTL_SECONDS ?? defaults.catalogTtlSeconds) * 1000,
    nameCacheTtlMs: (parsed.EXTOPS_NAME_CACHE_TTL_SECONDS ?? defaults.nameCacheTtlSeconds) * 1000,
    warnings: collectWarnings(env, bot),
  };
}

/** What is safe to log about a config: no secrets, only whether they are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    logLevel: config.logLevel,
    dataDir: config.dataDir,
    botMode: config.bot.appId ? "authenticated" : "local",
    appId: config.bot.appId,
    appType: config.bot.appType,
    appPasswordSet: config.bot.appPassword !== undefined,
    fleet: config.fleet,
    // The connection string carries the account key: only say which kind of store it is.
    store: config.store.kind === "local" ? config.store : { kind: "table", endpoint: "endpoint" in config.store ? config.store.endpoint : "(connection string)" },
    approvals: config.approvals,
    catalogTtlMs: config.catalogTtlMs,
    nameCacheTtlMs: config.nameCacheTtlMs,
  };
}
