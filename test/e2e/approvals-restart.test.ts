// The bot dies (SIGKILL) in the middle of a slow scale-set rollout and a new process starts on the
// same durable local store (issue 3 req 7): the request must not stay "executing"; it is resumed from
// its recorded progress or marked interrupted with the live state, and the card says which.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFinal } from "../../src/approvals/request.js";
import { getRequest } from "../../src/approvals/use-cases.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { subscriptionIdsOf } from "../../src/chat/start-embedded-bot.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";
import { textOf } from "./e2e-support.js";
import { alice, bob, openStore, talkTo, testSettings, type ChildConfig } from "./approvals-app.js";
import { fleetWithScaleSet } from "./approvals-fixtures.js";
import { startBotProcess, type BotProcess } from "./approvals-processes.js";
import { button, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf, updatesOf, waitForUpdate } from "./approvals-support.js";

describe("a bot killed during an execution", () => {
  const fixture = fleetWithScaleSet("vmss-slow", 6);
  let sim: RunningSimulator;
  let connector: FakeConnector;
  let dir: string;
  const running: BotProcess[] = [];
  let config: ChildConfig;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "extops-restart-"));
    // Every write takes about 700 ms in the simulator (it finishes even when nobody polls, as ARM does).
    [sim, connector] = await Promise.all([startSimulator({ fixture, host: "127.0.0.1", lro: { polls: 10_000, maxDurationMs: 700 } }), startFakeConnector()]);
    config = {
      sim: { url: sim.url, logsUrl: sim.logsUrl, caPath: sim.caPath },
      subscriptionIds: subscriptionIdsOf(fixture),
      store: { kind: "local", dir },
      settings: testSettings,
    };
  });

  afterAll(async () => {
    await Promise.all(running.map((b) => b.stop()));
    await Promise.all([sim?.stop(), connector?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("when the process is SIGKILLed mid-rollout and a new one starts on the same store, then the request ends terminal and the card says the bot restarted", async () => {
    const first = await startBotProcess(config);
    running.push(first);
    const talk = talkTo(first.messagesUrl, connector);
    await talk.say(bob, "approvals");
    const exchange = await talk.say(alice, "upgrade rg-prod/vmss-slow");
    const card = postedCard(exchange);
    const id = requestIdOf(card);
    const messageId = messageIdOf(connector, exchange);
    const refresh = refreshOf(card);
    const approve = button(invokeCard(await talk.press(bob, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId })), cardVerbs.approvalApprove);
    invokeCard(await talk.press(bob, approve, { replyToId: messageId }));

    await waitForUpdate(connector, messageId, /vmss-slow: wave [2-5]\/6/, 30_000);
    await first.kill();
    running.splice(running.indexOf(first), 1);
    const killedAt = performance.now();

    const second = await startBotProcess(config);
    running.push(second);
    const after = await waitForUpdate(connector, messageId, /bot restarted/, 30_000);
    // Written by the new process: the first one never got to say it restarted.
    expect(updatesOf(connector, messageId).find((u) => /bot restarted/.test(textOf(u.card)))!.call.at).toBeGreaterThan(killedAt);
    expect(textOf(after)).toMatch(/resumed at|Interrupted at/);
    const final = await waitForUpdate(connector, messageId, /Every change succeeded|The change failed|Some changes succeeded|Interrupted —/, 30_000);
    expect(textOf(final)).toMatch(/bot restarted/);

    await second.stop();
    running.splice(running.indexOf(second), 1);
    const store = openStore(config.store);
    try {
      const stored = await getRequest(store, id);
      expect(stored && isFinal(stored.state)).toBe(true);
      expect((stored?.execution?.resumedAt ?? []).length + (stored?.execution?.interruption ? 1 : 0)).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
