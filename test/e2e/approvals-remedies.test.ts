// The troubleshooting remedies that are approval commands of their own (issue 4 req 3): start a
// stopped VM, enable a system-assigned identity. Real server, SDK writer and simulator, two people.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRequest } from "../../src/approvals/use-cases.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { expectValidCard } from "../support/validate-card.js";
import { textOf } from "./e2e-support.js";
import { alice, bob, startApprovalApp, type ApprovalApp } from "./approvals-app.js";
import { button, invokeCard, messageIdOf, postedCard, refreshOf, requestIdOf, waitForUpdate } from "./approvals-support.js";

async function requestAndApprove(app: ApprovalApp, text: string) {
  const exchange = await app.say(alice, text);
  const card = postedCard(exchange);
  expectValidCard(card);
  const id = requestIdOf(card);
  await expect.poll(async () => (await app.runtime.messages.get(id))?.messageId).toBeDefined();
  const messageId = messageIdOf(app.connector, exchange);
  const refresh = refreshOf(card);
  const bobsView = invokeCard(await app.press(bob, { verb: refresh.verb, data: refresh.data }, { replyToId: messageId }));
  const approve = button(bobsView, cardVerbs.approvalApprove);
  await app.press(bob, { verb: approve.verb, data: approve.data }, { replyToId: messageId });
  const done = await waitForUpdate(app.connector, messageId, /succeeded|failed/i);
  expectValidCard(done);
  return { id, card, done };
}

describe("remedy commands behind approval", () => {
  let app: ApprovalApp;
  beforeAll(async () => {
    app = await startApprovalApp();
    await app.say(bob, "approvals");
  });
  afterAll(async () => app?.stop());

  it("when start-vm is approved for a stopped VM, then one start call runs and status shows it running", async () => {
    const before = textOf(postedCard(await app.say(alice, "status rg-trouble/vm-ts-power-01")));
    expect(before).toMatch(/Power state: Stopped/i);
    const { id, card } = await requestAndApprove(app, "start-vm rg-trouble/vm-ts-power-01");
    expect(textOf(card)).toContain("Start rg-trouble/vm-ts-power-01");
    await app.runtime.idle();
    expect((await getRequest(app.store, id))?.state).toBe("succeeded");
    expect(app.sim.stats.byRoute["virtualMachines.start"]).toBe(1);
    const after = textOf(postedCard(await app.say(alice, "status rg-trouble/vm-ts-power-01")));
    expect(after).toMatch(/Power state: Running/i);
  });

  it("when enable-identity is approved, then troubleshoot finds the system-assigned identity", async () => {
    const checklist = (exchangeText: string) => exchangeText.split("\n").find((line) => /Managed identity/.test(line)) ?? "";
    const before = textOf(postedCard(await app.say(alice, "troubleshoot rg-trouble/vm-ts-identity-01")));
    expect(checklist(before)).toMatch(/✗/);
    const { id } = await requestAndApprove(app, "enable-identity rg-trouble/vm-ts-identity-01");
    await app.runtime.idle();
    expect((await getRequest(app.store, id))?.state).toBe("succeeded");
    const after = textOf(postedCard(await app.say(alice, "troubleshoot rg-trouble/vm-ts-identity-01")));
    expect(checklist(after)).toMatch(/✓/);
  });
});
