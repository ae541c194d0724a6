import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildErrorCard } from "../../src/cards/build-error-card.js";
import { buildUsageErrorCard } from "../../src/cards/build-usage-error-card.js";
import { cardToText } from "../../src/cards/card-to-text.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { renderCard } from "../../src/cards/render-card.js";
import { cardVerbs } from "../../src/cards/verbs.js";
import { expectValidCard } from "../support/validate-card.js";

describe("renderCard", () => {
  it("when data holds numbers, then they reach the card as strings (a bare ${n} would insert a number)", () => {
    const card = renderCard({ kind: "card", template: "error", summary: "", data: { title: 7, message: 42, correlationLabel: "id", correlationId: 3 } });
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('"text":"7"');
  });

  it("when echoed user text contains ${…}, then it is shown but no binding survives", () => {
    const card = renderCard(buildUsageErrorCard("en", { problem: "bad ${x}", usages: [], suggestions: [] }));
    expectValidCard(card);
    expect(cardToText(card)).toContain("bad ${x}");
  });

  it("when the template refers to data that is missing, then rendering throws instead of showing ${…}", () => {
    expect(() => renderCard({ kind: "card", template: "error", summary: "", data: { title: "t" } })).toThrow(/unexpanded binding/);
  });

  it("when the template name is not a plain file name, then it is refused", () => {
    expect(() => renderCard({ kind: "card", template: "../package", summary: "", data: {} })).toThrow(/invalid template name/);
  });

  it("when a button is rendered, then it is Action.Execute runCommand with an Action.Submit fallback carrying the same data", () => {
    const card = renderCard(buildUsageErrorCard("en", { problem: "p", usages: [], suggestions: [{ title: "status vm-1", command: "status vm-1" }] }));
    const json = JSON.stringify(card);
    const data = { verb: cardVerbs.runCommand, command: "status vm-1" };
    expect(json).toContain(JSON.stringify({ type: "Action.Execute", verb: "runCommand", title: "status vm-1", data, fallback: { type: "Action.Submit", title: "status vm-1", data } }));
  });

  it("when every template in cards/ is listed, then each is one this suite's builders render", () => {
    const templates = readdirSync(new URL("../../cards/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(templates).toEqual(["approval", "approval-dry-run", "approval-notice", "approvals-list", "audit", "candidates", "digest", "digest-subscriptions", "drift", "error", "faq", "help", "status", "troubleshoot", "troubleshoot-confirm", "troubleshoot-notice", "usage-error"]);
  });
});

describe("error card", () => {
  it("when a command fails, then the card is polite, shows the correlation ID and no stack trace, in both locales", () => {
    for (const locale of ["en", "ja"] as const) {
      const card = renderCard(buildErrorCard(locale, "corr-42"));
      expectValidCard(card);
      const text = cardToText(card);
      expect(text).toContain("corr-42");
      expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it("when Azure throttled, then the card says so in the user's language", () => {
    expect(cardToText(renderCard(buildErrorCard("ja", "c", "throttled")))).toContain("HTTP 429");
    expect(cardToText(renderCard(buildErrorCard("en", "c", "throttled")))).toContain("throttling");
  });
});

describe("escapeMarkdown", () => {
  it("when text has Markdown specials, then they are backslash-escaped and cardToText shows them plain", () => {
    const escaped = escapeMarkdown("*bold* _it_ [link](x) `code` ${y}");
    expect(escaped).not.toMatch(/(^|[^\\])[*[\]`]/);
    expect(escaped).toContain("\\_it\\_");
    expect(escapeMarkdown("vm_web_01")).toBe("vm_web_01");
    expect(escaped).not.toContain("${");
    const card = renderCard(buildUsageErrorCard("en", { problem: escaped, usages: [], suggestions: [] }));
    expect(cardToText(card)).toContain("*bold* _it_ [link](x) `code` ${y}");
  });
});
