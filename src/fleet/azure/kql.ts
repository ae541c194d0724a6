// The resource ID reaches KQL only through kqlString (README "Security"; issue 2 req 4).
// KQL double-quoted string literals use backslash escapes (Kusto docs, "The string data type").

/** Thrown when a value cannot be written as a single-line KQL string literal. */
export class KqlValueError extends Error {
  override readonly name = "KqlValueError";
}

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators could end or split
// a query line; no resource ID or name contains them, so refusing is safer than escaping.
function isForbidden(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** `value` as a KQL double-quoted string literal: backslash and double quote escaped. */
export function kqlString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (isForbidden(value.charCodeAt(i))) throw new KqlValueError("value contains a control character or line break");
  }
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
