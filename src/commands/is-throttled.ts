/**
 * Whether Azure refused a call for throttling: HTTP 429 (ARM and Log Analytics), which the SDK
 * retries itself first. Duck-typed so commands stay independent of fleet/azure's error class.
 */
export function isThrottled(error: unknown): boolean {
  const e = error as { statusCode?: unknown; code?: unknown } | null | undefined;
  return e?.statusCode === 429 || e?.code === "TooManyRequests";
}
