import { describe, expect, it } from "vitest";
import { commandSpecs } from "../../src/commands/registry.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { createHarness } from "../support/command-harness.js";

type HelpEntry = { verb: string; heading: string; usage: string; description: string; examples: string };

describe.each(["en", "ja"] as Locale[])("help in %s", (locale) => {
  it("when help is asked, then every registry entry is listed with aliases, usage, description and examples", async () => {
    const r = await createHarness().send(locale === "ja" ? "ヘルプ" : "help", locale);
    expect(r.reply.template).toBe("help");
    const entries = r.reply.data.commands as HelpEntry[];
    expect(entries.map((e) => e.verb)).toEqual(commandSpecs.map((s) => s.verb));
    for (const spec of commandSpecs) {
      const entry = entries.find((e) => e.verb === spec.verb)!;
      for (const alias of spec.aliases) expect(entry.heading).toContain(alias);
      expect(entry.description).toBe(t(locale, spec.descriptionKey));
      expect(r.text).toContain(entry.usage);
      for (const example of spec.examples) expect(entry.examples).toContain(example);
    }
  });
});

describe("help filtering", () => {
  it("when the caller may not run a command, then help leaves it out and running it is refused without a fleet call", async () => {
    const harness = createHarness({ mayRun: (spec) => spec.verb !== "drift" });
    const help = await harness.send("help");
    expect((help.reply.data.commands as HelpEntry[]).map((e) => e.verb)).toEqual(commandSpecs.map((s) => s.verb).filter((v) => v !== "drift"));
    const refused = await harness.send("drift rg-prod");
    expect(refused.reply.data.title).toBe(t("en", "card.forbidden.title"));
    expect(harness.fleet.stats().calls).toBe(0);
  });

  it("when help names one command, then only that command is shown", async () => {
    const r = await createHarness().send("help drift");
    expect((r.reply.data.commands as HelpEntry[]).map((e) => e.verb)).toEqual(["drift"]);
  });

  it("when a mistyped verb is close to one the caller may not run, then it is not suggested", async () => {
    const r = await createHarness({ mayRun: (spec) => spec.verb !== "drift" }).send("drfit rg-prod");
    expect(r.reply.data.suggestions).toEqual([]);
    expect(r.reply.data.notice).toBe(t("en", "help.card.unknownVerb", { verb: "drfit" }));
  });
});
