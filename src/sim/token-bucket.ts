// ARM's request throttling (azure-api.md §10): a token bucket per subscription and operation kind
// (reads: 250 tokens refilled at 25/s; writes 200 at 10/s), answering 429 with Retry-After when
// empty and reporting what is left in x-ms-ratelimit-remaining-subscription-reads/-writes.

export interface BucketSettings {
  capacity: number;
  refillPerSecond: number;
}

export interface ArmThrottleSettings {
  reads?: BucketSettings;
  writes?: BucketSettings;
}

export const armDefaultThrottle: Required<ArmThrottleSettings> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class ArmThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: ArmThrottleSettings,
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** Takes a token from the bucket of (scope, kind); undefined when that kind is not throttled. */
  take(scope: string, kind: "read" | "write"): { allowed: boolean; remaining: number; retryAfterSeconds: number } | undefined {
    const config = kind === "read" ? this.settings.reads : this.settings.writes;
    if (!config) return undefined;
    const key = `${scope.toLowerCase()}|${kind}`;
    const now = this.monotonicMs();
    const bucket = this.buckets.get(key) ?? { tokens: config.capacity, updatedMs: now };
    bucket.tokens = Math.min(config.capacity, bucket.tokens + ((now - bucket.updatedMs) / 1000) * config.refillPerSecond);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / config.refillPerSecond)) };
    }
    bucket.tokens -= 1;
    return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
  }
}
