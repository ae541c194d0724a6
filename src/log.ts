import { pino, type Logger } from "pino";

export type { Logger };

// Secrets must never reach logs (README "Security"): redact by key wherever they appear.
export const redactedPaths = [
  "*.workspaceKey",
  "*.protectedSettings",
  "*.password",
  "*.MicrosoftAppPassword",
  "*.authorization",
  "*.Authorization",
  "*.token",
  "*.accessToken",
  "*.connectionString",
  "headers.authorization",
  "req.headers.authorization",
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const base = { level: options.level ?? "info", redact: { paths: redactedPaths, censor: "[redacted]" } };
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that drops everything: for tests and the chat CLI. */
export const silentLogger: Logger = pino({ level: "silent" });
