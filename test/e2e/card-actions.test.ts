import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/i18n/translate.js";
import { startTestApp, type TestApp } from "../support/start-test-app.js";
import { expectValidCard } from "../support/validate-card.js";
import { executeActions, onlyCard, textOf, type ExecuteAction } from "./e2e-support.js";

// Buttons: Action.Execute arrives as an adaptiveCard/action invoke answered in the HTTP response
// (bot-framework.md §5.1); its Action.Submit fallback arrives as a message with value (§5.4).

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

/** The button of the candidates card (status vm-web-01 matches two VMs) that runs `command`. */
async function candidateButton(command: string): Promise<ExecuteAction> {
  const action = executeActions(onlyCard(await app.say("status vm-web-01"))).find((a) => a.data.command === command);
  if (!action) throw new Error(`no button runs ${command}`);
  return action;
}

function invokeBody(body: string): { statusCode: number; type: string; value: unknown } {
  return JSON.parse(body) as { statusCode: number; type: string; value: unknown };
}

describe("card buttons", () => {
  it("when a candidate's Action.Execute button is pressed, then the invoke answers with that VM's status card as the replacement", async () => {
    const action = await candidateButton("status rg-prod/vm-web-01");
    const before = app.connector.calls.length;
    const exchange = await app.press({ verb: action.verb, data: action.data });
    expect(exchange.status).toBe(200);
    const body = invokeBody(exchange.body);
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expectValidCard(body.value);
    const text = textOf(body.value);
    expect(text).toContain(`${t("en", "status.fact.resourceGroup")}: rg-prod`);
    expect(text).toContain(t("en", "drift.level.upToDate"));
    // The answer is the HTTP response: nothing goes through the connector.
    expect(app.connector.calls.length).toBe(before);
  });

  it("when Teams omits the verb on the invoke (as in a real capture), then the verb in the button data is used", async () => {
    const action = await candidateButton("status rg-dev/vm-web-01");
    const exchange = await app.press({ verb: "", data: action.data }, { locale: "ja-JP" });
    const body = invokeBody(exchange.body);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expectValidCard(body.value);
    expect(textOf(body.value)).toContain(`${t("ja", "status.fact.resourceGroup")}: rg-dev`);
  });

  it("when the Action.Submit fallback is pressed, then the status card is sent as a new message", async () => {
    const action = await candidateButton("status rg-prod/vm-web-01");
    expect(action.fallback?.type).toBe("Action.Submit");
    const exchange = await app.submit(action.fallback!.data);
    const text = textOf(onlyCard(exchange));
    expect(text).toContain(`${t("en", "status.fact.resourceGroup")}: rg-prod`);
  });

  it("when a button's command was tampered with, then it is re-validated like typed text and Azure is never called", async () => {
    app.sim.stats.reset();
    const exchange = await app.press({ verb: "runCommand", data: { verb: "runCommand", command: "status ../../subscriptions" } });
    const body = invokeBody(exchange.body);
    expect(body.statusCode).toBe(200);
    expectValidCard(body.value);
    expect(textOf(body.value)).toContain(t("en", "card.usage.title"));
    expect(app.sim.stats.calls).toBe(0);
  });

  it("when the verb is unknown, then the answer is a card saying the button no longer works", async () => {
    const body = invokeBody((await app.press({ verb: "launchMissiles", data: {} })).body);
    expectValidCard(body.value);
    expect(textOf(body.value)).toContain(t("en", "card.action.title"));
  });
});
