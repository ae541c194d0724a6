import { describe, expect, it } from "vitest";
import { renderCard } from "../../src/cards/render-card.js";
import { parseCommandLine } from "../../src/commands/parse.js";
import { commandSpecs } from "../../src/commands/registry.js";
import { t, type Locale } from "../../src/i18n/translate.js";
import { createDigestAccumulator, type DigestAggregate } from "../../src/schedule/accumulate-digest.js";
import { buildDigestCard, type DigestCardInput } from "../../src/schedule/build-digest-card.js";
import type { DigestItem } from "../../src/schedule/digest-source.js";
import { parseSchedule } from "../../src/schedule/parse-schedule.js";
import type { Schedule } from "../../src/schedule/schedule.js";
import { expectValidCard, maxCardBytes } from "../support/validate-card.js";
import { renderAndValidate } from "../support/command-harness.js";
import { generateFleet, machine, subA } from "./digest-fixtures.js";

const at = new Date("2026-03-02T00:00:00Z");

function scheduleOf(text: string): Schedule {
  const parsed = parseSchedule(text.split(" "));
  if (!parsed.ok) throw new Error(parsed.error.key);
  return parsed.args.schedule;
}

function aggregateOf(items: DigestItem[], previousItems?: DigestItem[]): DigestAggregate {
  let previous;
  if (previousItems) {
    const first = createDigestAccumulator(undefined);
    previousItems.forEach((i) => first.add(i));
    previous = first.finish(new Date("2026-02-27T00:00:00Z")).snapshot;
  }
  const accumulator = createDigestAccumulator(previous);
  items.forEach((i) => accumulator.add(i));
  return accumulator.finish(at);
}

function input(aggregate: DigestAggregate, extra: Partial<DigestCardInput> = {}): DigestCardInput {
  return {
    scope: { kind: "resourceGroup", resourceGroup: "rg-prod" },
    schedule: scheduleOf("weekdays 09:00 Asia/Tokyo"),
    aggregate,
    scheduledAt: at,
    late: false,
    versionSource: "instanceView",
    ...extra,
  };
}

describe.each(["en", "ja"] as Locale[])("digest card in %s", (locale) => {
  it("when there is a previous digest, then the card shows totals, changes, worst offenders and the buttons", () => {
    const aggregate = aggregateOf(
      [machine("vm-db-01", { severities: ["critical"] }), machine("vm-web-02", { severities: ["medium"] }), machine("vm-ok", {})],
      [machine("vm-web-02", { severities: ["medium"] }), machine("vm-ok", { severities: ["high"] })],
    );
    const r = renderAndValidate(buildDigestCard(locale, input(aggregate)));
    expect(r.reply.template).toBe("digest");
    expect(r.text).toContain(t(locale, "schedule.digest.title", { scope: t(locale, "schedule.scope.resourceGroup", { resourceGroup: "rg-prod" }) }));
    // Due 09:00 in Tokyo, not 00:00 UTC.
    expect(r.text).toContain("2026-03-02");
    expect(r.text).toContain("09:00 Asia/Tokyo");
    expect(r.text).toContain(t(locale, "schedule.digest.change.newlyDrifted"));
    expect(r.text).toContain(t(locale, "schedule.digest.change.fixed"));
    expect(r.text).toContain("rg-prod/vm-db-01");
    const buttons = r.reply.data.buttons as Array<{ command: string }>;
    expect(buttons.map((b) => b.command)).toEqual(["drift rg-prod", "upgrade rg:rg-prod"]);
    // The buttons run real commands: the upgrade one names the resource group, not a machine called rg-prod.
    const parsed = buttons.map((b) => parseCommandLine(b.command, commandSpecs));
    expect(parsed.every((p) => p.ok)).toBe(true);
    expect(JSON.stringify(parsed[1]?.ok && parsed[1].args)).toContain('"by":"resourceGroup"');
    expect(r.reply.data.late).toBe("");
  });

  it("when it is the first digest and posted late, then it says both", () => {
    const r = renderAndValidate(buildDigestCard(locale, input(aggregateOf([machine("vm-a", { severities: ["low"] })]), { late: true })));
    expect(r.text).toContain(t(locale, "schedule.digest.firstDigest"));
    expect(r.reply.data.late).not.toBe("");
    expect(r.reply.summary.startsWith(t(locale, "schedule.digest.latePrefix", { summary: "" }).trim())).toBe(true);
  });

  it("when the scope is empty or healthy, then the card says so instead of empty sections", () => {
    expect(renderAndValidate(buildDigestCard(locale, input(aggregateOf([]), { scope: { kind: "all" } }))).text).toContain(t(locale, "schedule.digest.emptyScope"));
    const healthy = renderAndValidate(buildDigestCard(locale, input(aggregateOf([machine("vm-a"), machine("vm-b", { severities: ["info"] })]))));
    expect(healthy.text).toContain(t(locale, "schedule.digest.allGood", { total: 2 }));
  });

  it("when the versions come from a Resource Graph scan, then the note says they are the model's", () => {
    const r = renderAndValidate(buildDigestCard(locale, input(aggregateOf([machine("vm-a")]), { versionSource: "model" })));
    expect(r.text).toContain(t(locale, "schedule.digest.note.model"));
  });
});

describe("digest card size", () => {
  it("when the fleet has 10,000 machines that all changed, then the card stays under 28 KB and counts the rest", () => {
    const fleet = generateFleet(10_000);
    const before = fleet.map((item) => ("unreadable" in item ? item : { ...item, findings: [] }));
    const aggregate = aggregateOf(fleet, before);
    const reply = buildDigestCard("ja", input(aggregate, { scope: { kind: "subscription", subscriptionId: subA }, late: true }));
    const card = renderCard(reply);
    expectValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(maxCardBytes);
    expect(aggregate.attention).toBeGreaterThan(5_000);
    expect(reply.data.moreWorst).toBe(t("ja", "schedule.digest.moreWorst", { count: aggregate.attention - 10 }));
    expect((reply.data.buttons as unknown[]).length).toBe(4);
  });

  it("when a resource group name exists in two subscriptions, then its upgrade button names the subscription", () => {
    const other = "00000000-0000-4000-8000-000000000002";
    const aggregate = aggregateOf([
      machine("a", { severities: ["medium"] }),
      machine("b", { severities: ["medium"], subscriptionId: other }),
      machine("c", { severities: ["medium"], subscriptionId: other }),
    ]);
    const commands = (buildDigestCard("en", input(aggregate)).data.buttons as Array<{ command: string }>).map((b) => b.command);
    expect(commands).toContain(`upgrade /subscriptions/${other}/resourceGroups/rg-prod`);
    expect(commands).toContain(`upgrade /subscriptions/${subA}/resourceGroups/rg-prod`);
  });
});
