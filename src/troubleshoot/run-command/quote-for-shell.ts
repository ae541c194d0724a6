// Quoting for the scripts sent over Run Command. Callers validate first (hostnames, GUIDs); quoting
// is the second fence, so that a value that slipped through still cannot end the string.

/** POSIX sh single quotes: nothing inside is special except the quote itself. */
export function quoteForShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** PowerShell single quotes: a quote is doubled; PowerShell also treats ‘ ’ ‚ ‛ as quotes. */
export function quoteForPowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}
