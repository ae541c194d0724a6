// `npm start` with no settings wires approvals as shipped: the embedded simulator, the demo grants, the
// durable local store under EXTOPS_DATA_DIR and the real writer. A change approved in one run is in
// the audit of the next run on the same directory.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardVerbs } from "../../src/cards/verbs.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";
import { textOf } from "./e2e-support.js";
import { alice, bob, talkTo } from "./approvals-app.js";
import { button, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf, waitForUpdate } from "./approvals-support.js";

const root = resolve(import.meta.dirname, "../..");
// By URL: `--import tsx` would resolve the package from the process's cwd, here a fresh temp directory.
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

interface Started {
  child: ChildProcess;
  messagesUrl: string;
  stop(): Promise<void>;
}

async function startMain(dataDir: string): Promise<Started> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(EXTOPS_|MicrosoftApp|PORT$|LOG_LEVEL$)/.test(k)));
  const env = { ...clean, PORT: "0", LOG_LEVEL: "warn", EXTOPS_DATA_DIR: dataDir, EXTOPS_CARD_UPDATE_INTERVAL_MS: "250", EXTOPS_HEARTBEAT_WATCH_MINUTES: "0" };
  const child = spawn(process.execPath, ["--import", tsxLoader, join(root, "src/main.ts")], { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 40_000;
  for (;;) {
    const match = /listening on (http:\/\/\S+\/api\/messages)/.exec(output);
    if (match?.[1]) {
      return {
        child,
        messagesUrl: match[1],
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start with approvals", () => {
  let connector: FakeConnector;
  let dataDir: string;
  beforeAll(async () => {
    connector = await startFakeConnector();
    dataDir = mkdtempSync(join(tmpdir(), "extops-main-approvals-"));
  });
  afterAll(async () => {
    await connector?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("when Alice asks and Bob approves on the shipped wiring, then the change runs, and after a restart the audit still shows it", async () => {
    const first = await startMain(dataDir);
    let id: string;
    try {
      const talk = talkTo(first.messagesUrl, connector);
      await talk.say(bob, "approvals");
      const exchange = await talk.say(alice, "upgrade rg-prod/vm-web-02");
      const card = postedCard(exchange);
      id = requestIdOf(card);
      const messageId = messageIdOf(connector, exchange);
      const refresh = refreshOf(card);
      const bobsView = invokeCard(await talk.press(bob, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
      invokeCard(await talk.press(bob, button(bobsView, cardVerbs.approvalApprove), { replyToId: messageId }));
      await waitForUpdate(connector, messageId, /Every change succeeded/, 30_000);
      const status = textOf(postedCard(await talk.say(alice, "status rg-prod/vm-web-02")));
      expect(status).toContain("1.33");
    } finally {
      await first.stop();
    }

    const second = await startMain(dataDir);
    try {
      const audit = textOf(postedCard(await talkTo(second.messagesUrl, connector).say(bob, `audit ${id}`)));
      expect(audit).toMatch(/· succeeded/);
      expect(audit).toMatch(/· approved · Bob \(approver\)/);
    } finally {
      await second.stop();
    }
  });
});
