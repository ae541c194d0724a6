// Azure SDK errors (RestError) carry the request, and with it the Authorization header; the SDK
// error is therefore not kept as `cause` either.
// AzureError keeps only what is safe to log or show: code, HTTP status, message, correlation ID.

const maxMessageLength = 500;

export class AzureError extends Error {
  override readonly name = "AzureError";
  /** ARM `error.code` (e.g. "TooManyRequests", "ResourceNotFound"), a Node error code, or "Unknown". */
  readonly code: string;
  readonly statusCode?: number;
  /** ARM `x-ms-correlation-request-id` of the failed response, for support requests. */
  readonly correlationId?: string;

  constructor(code: string, message: string, options: { statusCode?: number; correlationId?: string } = {}) {
    super(message.length > maxMessageLength ? `${message.slice(0, maxMessageLength)}…` : message);
    this.code = code;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
    if (options.correlationId !== undefined) this.correlationId = options.correlationId;
  }
}

interface RestErrorLike {
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** The HTTP status of an SDK error, if it has one. */
export function statusCodeOf(error: unknown): number | undefined {
  const status = (error as RestErrorLike | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** Converts whatever an SDK call threw into an AzureError without request details. */
export function toAzureError(error: unknown): AzureError {
  if (error instanceof AzureError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as RestErrorLike;
  const code = typeof e.code === "string" && e.code !== "" ? e.code : "Unknown";
  const statusCode = statusCodeOf(error);
  const message = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const correlationId = readHeader(e, "x-ms-correlation-request-id");
  return new AzureError(code, message, {
    ...(statusCode !== undefined && { statusCode }),
    ...(correlationId !== undefined && { correlationId }),
  });
}

function readHeader(error: RestErrorLike, name: string): string | undefined {
  try {
    return error.response?.headers?.get?.(name) ?? undefined;
  } catch {
    return undefined;
  }
}
