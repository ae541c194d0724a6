import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// `npm start` as a user runs it: a real process, configured only by the environment and .env.
const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const mainFile = join(root, "src/main.ts");

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGTERM");
  child = undefined;
});

function start(env: Record<string, string>, cwd: string): { output: () => string; exited: Promise<number | null> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EXTOPS_|MicrosoftApp|PORT$|LOG_LEVEL$)/.test(k)));
  let output = "";
  child = spawn(tsx, [mainFile], { cwd, env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child!.on("exit", (code) => done(code)));
  return { output: () => output, exited };
}

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output:\n${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start", () => {
  it("when no Azure settings are given, then it serves the demo fleet on the simulator and prints where to talk to it", async () => {
    const app = start({ PORT: "0" }, mkdtempSync(join(tmpdir(), "extops-main-")));
    const [, url] = await waitFor(app.output, /listening on (http:\/\/[^\s]+)\/api\/messages/);
    expect(app.output()).toContain('npm run chat -- --url');
    expect(app.output()).toContain("demo fleet");
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    child!.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  });

  it("when .env holds bad settings, then it exits 1 listing every bad key with its fix", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "extops-main-"));
    writeFileSync(join(cwd, ".env"), "PORT=not-a-port\nEXTOPS_SIM_LATENCY_MS=slow\n");
    const app = start({}, cwd);
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("Configuration has 2 problems");
    expect(app.output()).toContain("PORT:");
    expect(app.output()).toContain("EXTOPS_SIM_LATENCY_MS:");
    expect(app.output()).not.toMatch(/\n\s+at /); // no stack trace for a configuration error
  });
});
