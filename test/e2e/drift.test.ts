import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t, type Locale } from "../../src/i18n/translate.js";
import { demoFixture } from "../../src/sim/index.js";
import { startTestApp, type TestApp } from "../support/start-test-app.js";
import { onlyCard, textOf } from "./e2e-support.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

function demoGroup(name: string) {
  const group = demoFixture.subscriptions.flatMap((s) => s.resourceGroups ?? []).find((g) => g.name === name);
  if (!group) throw new Error(`demo fleet has no ${name}`);
  return { vms: group.vms?.length ?? 0, scaleSets: group.scaleSets?.length ?? 0 };
}

describe.each([
  { locale: "en" as Locale, tag: "en-US", verb: "drift" },
  { locale: "ja" as Locale, tag: "ja-JP", verb: "ドリフト" },
])("drift in $locale", ({ locale, tag, verb }) => {
  const tr = (key: string, params?: Record<string, string | number>) => t(locale, key, params);

  it("when drift rg-prod is asked in a channel, then a summary card counts the machines and lists the worst first", async () => {
    const exchange = await app.say(`${verb} rg-prod`, { scope: "channel", locale: tag });
    const card = onlyCard(exchange);
    const text = textOf(card);
    const { vms, scaleSets } = demoGroup("rg-prod");
    expect(text).toContain(tr("scope.card.title.resourceGroup", { resourceGroup: "rg-prod" }));
    // The subtitle counts what the fixture holds; {time} is left as a placeholder by t() and skipped.
    for (const part of tr("scope.card.subtitle", { vms, scaleSets }).split("{time}")) expect(text).toContain(part);
    expect(text).toContain(tr("scope.card.severityHeading"));
    expect(text).toContain(tr("scope.card.agentsHeading"));
    // vm-db-01 (failed with code 53) is the only critical machine: it heads the list.
    const worst = text.split("\n").find((line) => line.includes("rg-prod/vm-"));
    expect(worst).toContain(tr("drift.severity.critical"));
    expect(worst).toContain("rg-prod/vm-db-01");
    expect(text).toContain(`${tr("scope.card.fact.withFindings")}: `);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });

  it("when the resource group does not exist, then the card says there is nothing to summarize", async () => {
    const text = textOf(onlyCard(await app.say(`${verb} rg-nowhere`, { locale: tag })));
    expect(text).toContain(tr("scope.notFound.resourceGroup", { resourceGroup: "rg-nowhere" }));
  });
});
