import { execFile } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedBot, type EmbeddedBot } from "../../src/chat/start-embedded-bot.js";
import { t } from "../../src/i18n/translate.js";

// The CLI as a user runs it: a real process through tsx, printing the card as text.
const run = promisify(execFile);

/** A port nothing listens on: bind one, then let it go. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const tsx = "node_modules/.bin/tsx";

function cli(args: string[], env: Record<string, string> = {}) {
  // No EXTOPS_* from the developer's shell may steer the test.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("EXTOPS_") && !k.startsWith("MicrosoftApp")));
  return run(tsx, ["src/chat/cli.ts", ...args], { env: { ...clean, ...env }, timeout: 60_000 });
}

describe("npm run chat", () => {
  it("when a command is given without --url, then an embedded bot answers, the card is printed as text, and the process exits", async () => {
    const { stdout } = await cli(["--locale", "ja", "状態 rg-prod/vm-web-02"]);
    expect(stdout).toContain("vm-web-02");
    expect(stdout).toContain(t("ja", "drift.level.minor"));
    expect(stdout).toContain("→ status rg-prod/vm-web-02");
  });

  describe("against a running bot", () => {
    let bot: EmbeddedBot;
    beforeAll(async () => {
      bot = await startEmbeddedBot();
    });
    afterAll(async () => {
      await bot?.stop();
    });

    it("when EXTOPS_BOT_URL points at it, then the reply comes from that bot", async () => {
      bot.simulator.stats.reset();
      const { stdout } = await cli(["status rg-prod/vm-web-01"], { EXTOPS_BOT_URL: bot.url });
      expect(stdout).toContain(t("en", "drift.level.upToDate"));
      expect(bot.simulator.stats.calls).toBeGreaterThan(0);
    });
  });

  it("when nothing listens at --url, then it says how to start a bot and exits non-zero", async () => {
    const port = await freePort();
    const failure = await cli(["--url", `http://127.0.0.1:${port}`, "help"]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("npm start");
  });
});
