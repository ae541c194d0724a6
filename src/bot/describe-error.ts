/**
 * The loggable part of an error. Connector and SDK errors (RestError) carry the request, headers
 * included, several levels deep where the logger's one-level redaction paths do not reach; so only
 * these fields are logged, never the whole object.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  const described: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  if (code !== undefined) described.code = code;
  if (statusCode !== undefined) described.statusCode = statusCode;
  return described;
}
