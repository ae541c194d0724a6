// Resource Graph's per-user quota (azure-api.md §7, "Guidance for throttled requests"): a number of
// queries per window (documented example: 15 per 5 seconds). Every answer carries
// x-ms-user-quota-remaining and x-ms-user-quota-resets-after (hh:mm:ss); past the quota, 429.

export interface GraphQuotaSettings {
  limit: number;
  windowMs: number;
}

export class GraphQuota {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly settings: GraphQuotaSettings | false,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** Uses one query; says whether it is allowed and what the headers should say. */
  take(): { allowed: boolean; headers: Record<string, string>; retryAfterSeconds: number } {
    if (!this.settings) return { allowed: true, headers: {}, retryAfterSeconds: 0 };
    const now = this.monotonicMs();
    if (now - this.windowStart >= this.settings.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.settings.limit;
    if (allowed) this.used++;
    const resetsAfterMs = Math.max(0, this.settings.windowMs - (now - this.windowStart));
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(resetsAfterMs / 1000)),
      headers: { "x-ms-user-quota-remaining": String(this.settings.limit - this.used), "x-ms-user-quota-resets-after": formatDuration(resetsAfterMs) },
    };
  }
}

function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}
