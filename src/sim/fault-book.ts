// Programmable faults (contracts.md FaultRule): throttle (429, with or without Retry-After — the
// SDK retries only when it is present; azure-api.md §10), error (default 500) and slow (extra delay).

export interface FaultRule {
  method?: string;
  /** Case-insensitive substring of the decoded path; absent = any. */
  pathIncludes?: string;
  kind: "throttle" | "error" | "slow";
  /** For "error" (default 500); "throttle" is always 429. */
  status?: number;
  /** For "error": the ARM error code (default from the status, e.g. InternalServerError). */
  code?: string;
  /** For "throttle": sets Retry-After; omit to send a 429 WITHOUT it. */
  retryAfterSeconds?: number;
  /** For "slow". */
  delayMs?: number;
  /** How many matching requests it hits (default: unlimited). */
  times?: number;
}

export interface FaultOutcome {
  delayMs: number;
  /** The throttle/error rule that answers this request, if any. */
  failure?: FaultRule;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultBook {
  private rules: ActiveRule[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    rules.forEach((rule) => this.add(rule));
  }

  add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) throw new Error("FaultRule.times must be a positive integer");
    this.rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** Which faults hit this request; consumes one use of each rule that does. */
  take(method: string, path: string): FaultOutcome {
    const outcome: FaultOutcome = { delayMs: 0 };
    const lowerPath = path.toLowerCase();
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.pathIncludes && !lowerPath.includes(rule.pathIncludes.toLowerCase())) continue;
      if (rule.kind === "slow") {
        outcome.delayMs += rule.delayMs ?? 0;
        active.remaining--;
      } else if (!outcome.failure) {
        outcome.failure = rule;
        active.remaining--;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return outcome;
  }
}

const codeByStatus: Record<number, string> = {
  400: "BadRequest",
  404: "NotFound",
  409: "Conflict",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** The response an injected failure produces. */
export function faultResponse(rule: FaultRule): { status: number; headers: Record<string, string>; body: unknown } {
  if (rule.kind === "throttle") {
    return {
      status: 429,
      headers: rule.retryAfterSeconds === undefined ? {} : { "retry-after": String(rule.retryAfterSeconds) },
      body: { error: { code: "TooManyRequests", message: "The request is being throttled (fault injected by the simulator)." } },
    };
  }
  const status = rule.status ?? 500;
  return {
    status,
    headers: {},
    body: { error: { code: rule.code ?? codeByStatus[status] ?? "InjectedFault", message: `Injected fault: HTTP ${status} from the simulator.` } },
  };
}
