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

export interface Config {
  port: number;
  logLevel: LogLevel;
  dataDir: string;
  bot: BotAuthConfig;
  fleet: FleetConfig;
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
  // Read by the chat CLI, not the server; listed so it is not reported as a typo.
  "EXTOPS_BOT_URL",
] as const;

const defaults = {
  port: 3978,
  catalogTtlSeconds: 3600,
  nameCacheTtlSeconds: 300,
  dataDir: ".data",
  logLevel: "info" as LogLevel,
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
} satisfies Record<string, { schema: z.ZodType; hint: string }>;

type FieldKey = keyof typeof fields;
type Parsed = { [K in FieldKey]?: z.output<(typeof fields)[K]["schema"]> };

/** Secrets are never echoed back, even in an error message. */
const secretKeys = new Set<string>(["MicrosoftAppPassword"]);

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
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: parsed.PORT ?? defaults.port,
    logLevel: parsed.LOG_LEVEL ?? defaults.logLevel,
    dataDir: parsed.EXTOPS_DATA_DIR ?? defaults.dataDir,
    bot,
    fleet,
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
    catalogTtlMs: config.catalogTtlMs,
    nameCacheTtlMs: config.nameCacheTtlMs,
  };
}
