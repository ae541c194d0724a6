// Two bot processes behind a load balancer share one Azurite table store (issue 3 req 6, 9): Alice
// asks through one, Bob's clicks land on both at once, and the plan still runs exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRequest } from "../../src/approvals/use-cases.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { subscriptionIdsOf } from "../../src/chat/start-embedded-bot.js";
import { t } from "../../src/i18n/translate.js";
import { demoFixture, startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import type { Store } from "../../src/store/port.js";
import { startAzurite, type RunningAzurite } from "../support/azurite.js";
import { startFakeConnector, type FakeConnector } from "../support/fake-connector.js";
import { textOf } from "./e2e-support.js";
import { alice, bob, openStore, talkTo, testSettings, type ChildConfig } from "./approvals-app.js";
import { startBotProcess, type BotProcess } from "./approvals-processes.js";
import { button, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf, waitForUpdate } from "./approvals-support.js";

describe("two bot processes on one Azurite table store", () => {
  let azurite: RunningAzurite;
  let sim: RunningSimulator;
  let connector: FakeConnector;
  let bots: BotProcess[] = [];
  let store: Store;

  beforeAll(async () => {
    [azurite, sim, connector] = await Promise.all([startAzurite(), startSimulator({ fixture: demoFixture, host: "127.0.0.1" }), startFakeConnector()]);
    const config: ChildConfig = {
      sim: { url: sim.url, logsUrl: sim.logsUrl, caPath: sim.caPath },
      subscriptionIds: subscriptionIdsOf(demoFixture),
      store: { kind: "table", connectionString: azurite.connectionString, tablePrefix: "scaleout" },
      settings: testSettings,
      singleProcess: false,
    };
    bots = await Promise.all([startBotProcess(config), startBotProcess(config)]);
    store = openStore(config.store);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await store?.close();
    await Promise.all([azurite?.stop(), sim?.stop(), connector?.close()]);
  });

  it("when 20 approve clicks hit both processes at once, then exactly one of them runs the plan, once", async () => {
    const [first, second] = bots.map((b) => talkTo(b.messagesUrl, connector)) as [ReturnType<typeof talkTo>, ReturnType<typeof talkTo>];
    await second.say(bob, "approvals");
    const exchange = await first.say(alice, "upgrade rg-prod/vm-web-02");
    const card = postedCard(exchange);
    const id = requestIdOf(card);
    const messageId = messageIdOf(connector, exchange);
    // The other process sees the request (and Bob, whom it met) through the shared store.
    expect(refreshOf(card).userIds).toEqual([alice.id, bob.id]);
    const refresh = refreshOf(card);
    const bobsView = invokeCard(await second.press(bob, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
    const approve = button(bobsView, cardVerbs.approvalApprove);

    sim.stats.reset();
    const clicks = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).press(bob, approve, { replyToId: messageId }));
    const texts = (await Promise.all(clicks)).map((answer) => textOf(invokeCard(answer)));
    expect(texts.filter((x) => x.includes(t("en", "approval-card.notice.approved")))).toHaveLength(1);
    expect(texts.filter((x) => /Already approved by Bob \(approver\) at/.test(x))).toHaveLength(19);

    await waitForUpdate(connector, messageId, /reports 1\.33\.2/, 30_000);
    const stored = await getRequest(store, id);
    expect(stored?.state).toBe("succeeded");
    expect(stored?.execution?.attempt).toBe(1);
    expect(sim.stats.byRoute["virtualMachineExtensions.update"]).toBe(1);
    expect(sim.stats.writes).toBe(1);
  });
});
