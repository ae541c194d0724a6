import { describe, expect, it } from "vitest";
import { findCardProblems, maxCardBytes } from "../support/validate-card.js";

const card = (body: unknown[], extra: Record<string, unknown> = {}) => ({ type: "AdaptiveCard", version: "1.5", body, ...extra });
const text = (t: string) => ({ type: "TextBlock", text: t, wrap: true });
const execute = (data: Record<string, unknown>, fallbackData: Record<string, unknown> = data) => ({
  type: "Action.Execute",
  verb: "runCommand",
  title: "go",
  data,
  fallback: { type: "Action.Submit", title: "go", data: fallbackData },
});

describe("validate-card", () => {
  it("when a card uses only 1.5 elements correctly, then it has no problems", () => {
    const good = card([text("hello"), { type: "FactSet", facts: [{ title: "a", value: "b" }] }, { type: "ActionSet", actions: [execute({ command: "help" })] }]);
    expect(findCardProblems(good)).toEqual([]);
  });

  it("when the root carries Teams' msteams key, then the schema check ignores it", () => {
    expect(findCardProblems(card([text("x")], { msteams: { width: "Full" } }))).toEqual([]);
  });

  it("when an element type is not in 1.5 (Badge), then the schema and the SDK both complain", () => {
    const problems = findCardProblems(card([{ type: "Badge", text: "new" }]));
    expect(problems.some((p) => p.startsWith("schema:"))).toBe(true);
    expect(problems.some((p) => p.includes("UnknownElementType"))).toBe(true);
  });

  it("when a TextBlock has no text, then the schema catches what the SDK misses", () => {
    expect(findCardProblems(card([{ type: "TextBlock" }])).some((p) => p.startsWith("schema:"))).toBe(true);
  });

  it("when a number stands where a string belongs, then the schema complains", () => {
    expect(findCardProblems(card([{ type: "TextBlock", text: 2 }])).some((p) => p.startsWith("schema:"))).toBe(true);
  });

  it("when two elements share an id, then the SDK reports DuplicateId", () => {
    const problems = findCardProblems(card([{ ...text("a"), id: "x" }, { ...text("b"), id: "x" }]));
    expect(problems.some((p) => p.includes("DuplicateId"))).toBe(true);
  });

  it("when a card has six top-level actions, then the SDK reports TooManyActions", () => {
    const submit = (i: number) => ({ type: "Action.Submit", title: `a${i}`, data: { i } });
    const problems = findCardProblems(card([text("x")], { actions: [0, 1, 2, 3, 4, 5].map(submit) }));
    expect(problems.some((p) => p.includes("TooManyActions"))).toBe(true);
  });

  it("when a template binding survived, then it is reported", () => {
    expect(findCardProblems(card([text("Hello ${name}")])).some((p) => p.includes("unexpanded"))).toBe(true);
  });

  it("when the version is not 1.5, then it is reported", () => {
    expect(findCardProblems({ ...card([text("x")]), version: "1.6" })).toContain('extops: version must be "1.5", not 1.6');
  });

  it("when the card is over the size budget, then it is reported", () => {
    const big = card(Array.from({ length: 400 }, (_, i) => text(`${i} ${"x".repeat(100)}`)));
    expect(findCardProblems(big).some((p) => p.includes(`${maxCardBytes}-byte budget`))).toBe(true);
  });

  it("when Action.Execute has no Action.Submit fallback with the same data, then it is reported", () => {
    const noFallback = { type: "Action.Execute", verb: "runCommand", title: "go", data: { command: "help" } };
    expect(findCardProblems(card([{ type: "ActionSet", actions: [noFallback] }])).some((p) => p.includes("without an Action.Submit fallback"))).toBe(true);
    const otherData = execute({ command: "help" }, { command: "status x" });
    expect(findCardProblems(card([{ type: "ActionSet", actions: [otherData] }])).some((p) => p.includes("same data"))).toBe(true);
  });

  it("when Action.Execute sits in the root actions instead of an ActionSet, then it is reported", () => {
    const problems = findCardProblems(card([text("x")], { actions: [execute({ command: "help" })] }));
    expect(problems.some((p) => p.includes("inside an ActionSet"))).toBe(true);
  });
});
