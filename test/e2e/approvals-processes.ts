// Bot processes for the scale-out and crash tests: each one is approvals-child.ts in its own Node
// process (tsx loader), talking to the simulator of the test process over HTTPS.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import type { ChildConfig } from "./approvals-app.js";

const root = resolve(import.meta.dirname, "../..");
const childFile = join(root, "test/e2e/approvals-child.ts");

export interface BotProcess {
  messagesUrl: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the process dies mid-step, nothing is flushed or closed. */
  kill(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once("exit", () => done()));
}

export async function startBotProcess(config: ChildConfig, timeoutMs = 40_000): Promise<BotProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EXTOPS_|MicrosoftApp)/.test(k)));
  // `node --import tsx`, not the tsx shim: a signal must reach the bot itself, not a wrapper process.
  const child = spawn(process.execPath, ["--import", "tsx", childFile], {
    cwd: root,
    env: { ...env, APPROVALS_CHILD: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const messagesUrl = await new Promise<string>((done, fail) => {
    const timer = setInterval(() => {
      const ready = /READY (\S+)/.exec(output);
      if (ready?.[1]) {
        clearInterval(timer);
        done(ready[1]);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        child.kill("SIGKILL");
        fail(new Error(`bot process did not start:\n${output}`));
      }
    }, 50);
    const started = Date.now();
  });
  return {
    messagesUrl,
    child,
    output: () => output,
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
