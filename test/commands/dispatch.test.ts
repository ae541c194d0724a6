import { describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/card-to-text.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { t } from "../../src/i18n/translate.js";
import { createHarness } from "../support/command-harness.js";

type Button = { title: string; command: string };

describe("dispatch", () => {
  it("when Teams wraps the text in a mention and HTML, then the command still runs", async () => {
    const r = await createHarness().send("<at>extops</at>&nbsp;<p>status rg-prod/vm-web-02</p>");
    expect(r.reply.data.title).toBe("vm-web-02");
  });

  it("when the verb is mistyped, then help comes back with did-you-mean buttons that keep the arguments, and Azure is not called", async () => {
    const harness = createHarness();
    const r = await harness.send("stauts rg-prod/vm-web-01");
    expect(r.reply.template).toBe("help");
    expect(r.reply.data.notice).toBe(t("en", "help.card.unknownVerbWithSuggestions", { verb: "stauts" }));
    expect(r.reply.data.suggestions).toEqual([{ title: "status rg-prod/vm-web-01", command: "status rg-prod/vm-web-01" }]);
    expect(harness.fleet.stats().calls).toBe(0);
  });

  it("when a Japanese verb is mistyped, then the Japanese alias is suggested", async () => {
    const r = await createHarness().send("ドリフ rg-prod", "ja");
    expect((r.reply.data.suggestions as Button[]).map((s) => s.command)).toEqual(["ドリフト rg-prod"]);
  });

  it("when the verb is unknown and nothing is close, then plain help says so", async () => {
    const r = await createHarness().send("deploy everything");
    expect(r.reply.data.notice).toBe(t("en", "help.card.unknownVerb", { verb: "deploy" }));
    expect(r.reply.data.suggestions).toEqual([]);
  });

  it("when the message is empty, then help is shown", async () => {
    const r = await createHarness().send("<at>extops</at>");
    expect(r.reply.template).toBe("help");
    expect(r.reply.data.notice).toBe("");
  });

  it("when arguments are missing, then the usage-error card says what was wrong and what would be right", async () => {
    const r = await createHarness().send("drift", "ja");
    expect(r.reply.template).toBe("usage-error");
    expect(r.reply.data.problem).toBe(t("ja", "parse.scope.missing"));
    expect(r.reply.data.usages).toEqual([{ line: t("ja", "help.drift.usage") }]);
  });

  it("when a scope is a bare GUID, then the suggested fix is a button running the exact command", async () => {
    const guid = "00000000-0000-4000-8000-000000000001";
    const r = await createHarness().send(`drift ${guid}`);
    expect(r.reply.data.suggestions).toEqual([{ title: `drift sub:${guid}`, command: `drift sub:${guid}` }]);
  });

  it("when a resource group name is invalid, then no Azure call is made", async () => {
    const harness = createHarness();
    const r = await harness.send("drift rg*prod");
    expect(r.reply.template).toBe("usage-error");
    expect(harness.fleet.stats().calls).toBe(0);
  });

  it("when something unexpected fails, then the error card shows the correlation ID, not the error, and the log has both", async () => {
    const harness = createHarness();
    harness.fleet.failNext("findByName", new Error("kaboom at internals.ts:12"));
    const r = await harness.send("status vm-web-02", "ja");
    expect(r.reply.template).toBe("error");
    const text = cardToText(r.card);
    expect(text).toContain("corr-0001");
    expect(text).not.toContain("kaboom");
    const logged = harness.logs.find((l) => l.msg === "command failed");
    expect(logged).toMatchObject({ correlationId: "corr-0001", err: { message: "kaboom at internals.ts:12" } });
  });

  it("when Azure answers 429, then the reply is the friendly throttling message", async () => {
    const harness = createHarness();
    harness.fleet.failNext("findByName", Object.assign(new Error("throttled"), { statusCode: 429 }));
    const r = await harness.send("status vm-web-02");
    expect(r.reply.data.message).toBe(t("en", "common.error.azureThrottled"));
    expect(harness.logs.find((l) => l.msg === "Azure throttled the command")?.level).toBe(40);
  });
});

describe("card actions", () => {
  it("when a runCommand button is pressed, then its command is parsed and validated again like typed text", async () => {
    const harness = createHarness();
    const r = await harness.press(cardVerbs.runCommand, { verb: cardVerbs.runCommand, command: "status rg-prod/bad$name" });
    expect(r.reply.template).toBe("usage-error");
    expect(harness.fleet.stats().calls).toBe(0);
  });

  it("when Teams omits the verb (or the Action.Submit fallback was used), then data.verb routes the press", async () => {
    const r = await createHarness().press("", { verb: cardVerbs.runCommand, command: "status rg-prod/vm-web-02" });
    expect(r.reply.data.title).toBe("vm-web-02");
  });

  it("when an action is unknown or carries no command, then a polite card points to help", async () => {
    const harness = createHarness();
    for (const [verb, data] of [["approve", { id: 1 }], [cardVerbs.runCommand, { command: 42 }], [cardVerbs.runCommand, null]] as const) {
      const r = await harness.press(verb, data);
      expect(r.reply.data.problem).toBe(t("en", "card.action.unknown"));
      expect((r.reply.data.suggestions as Button[]).map((s) => s.command)).toEqual(["help"]);
    }
    expect(harness.fleet.stats().calls).toBe(0);
  });
});
