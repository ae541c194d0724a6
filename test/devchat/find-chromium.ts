import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Debian's Chromium (/usr/bin/chromium, what .ci/run installs), else `chromium` on PATH. */
export function findChromium(): string | undefined {
  const candidates = ["/usr/bin/chromium", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, "chromium"))];
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The flags the machine notes ask for: no GPU, and nothing that phones home (the network is closed). */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
