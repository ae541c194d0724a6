import { AsyncLocalStorage } from "node:async_hooks";
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

// The correlation ID of the command being handled follows it through every await, so a log line
// written deep in an Azure call (the fleet's request policy) carries the ID the user sees on cards.
const correlation = new AsyncLocalStorage<{ correlationId: string }>();

/** Marks the rest of the current async flow (a turn and the work it starts) with this correlation ID. */
export function enterCorrelation(correlationId: string): void {
  correlation.enterWith({ correlationId });
}

export function currentCorrelationId(): string | undefined {
  return correlation.getStore()?.correlationId;
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const base = {
    level: options.level ?? "info",
    redact: { paths: redactedPaths, censor: "[redacted]" },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
  return options.destination ? pino(base, options.destination) : pino(base);
}

/** A logger that drops everything: for tests and the chat CLI. */
export const silentLogger: Logger = pino({ level: "silent" });
