import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { didYouMean, suggestVerbs } from "../../src/commands/did-you-mean.js";

const specs = [
  { verb: "help", aliases: ["ヘルプ", "?"] },
  { verb: "status", aliases: ["状態", "st"] },
  { verb: "drift", aliases: ["ドリフト"] },
  { verb: "upgrade", aliases: ["アップグレード"] },
  { verb: "troubleshoot", aliases: ["ts", "調査"] },
];

describe("suggestVerbs", () => {
  it.each([
    ["stauts", ["status"]],
    ["STATSU", ["status"]],
    ["statu", ["status"]],
    ["drfit", ["drift"]],
    ["dirft", ["drift"]],
    ["hlep", ["help"]],
    ["hello", ["help"]],
    ["upgarde", ["upgrade"]],
    ["troubleshot", ["troubleshoot"]],
    ["状熊", ["状態"]],
    ["ドリフ", ["ドリフト"]],
    ["ｓｔａｔｕｓｅｓ", ["status"]],
  ])("when %j is typed, then %j is suggested", (input, expected) => {
    expect(suggestVerbs(input, specs)).toEqual(expected);
  });

  it.each(["x", "banana", "kubectl", "", "   "])("when %j is typed, then nothing is suggested", (input) => {
    expect(suggestVerbs(input, specs)).toEqual([]);
  });

  it("when several commands are close, then at most 3 come back, closest first", () => {
    const many = ["sat", "set", "sit", "sot", "sut"].map((verb) => ({ verb, aliases: [] }));
    const result = suggestVerbs("sxt", [...many, { verb: "st", aliases: [] }]);
    expect(result).toHaveLength(3);
    expect(result[0]).toBe("st");
  });

  it("when one command matches through both verb and alias, then it is suggested once", () => {
    expect(suggestVerbs("sta", specs)).toEqual(["st"]);
  });
});

describe("didYouMean", () => {
  it("when candidates repeat in other cases, then each is considered once", () => {
    expect(didYouMean("rg-prd", ["rg-prod", "RG-PROD", "rg-prod2", "rg-dev"])).toEqual(["rg-prod", "rg-prod2"]);
  });

  it("when max is 1, then only the best is returned", () => {
    expect(didYouMean("vm-web-0", ["vm-web-01", "vm-web-02", "vm-api-01"], 1)).toEqual(["vm-web-01"]);
  });

  it("when the input is itself a candidate, then it is the first suggestion", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 10 }), fc.nat(), (list, i) => {
        const input = list[i % list.length]!;
        fc.pre(input.normalize("NFKC").trim().length > 0);
        const first = didYouMean(input, list)[0]!;
        expect(first.normalize("NFKC").trim().toLowerCase()).toBe(input.normalize("NFKC").trim().toLowerCase());
      }),
    );
  });

  it("when any input is given, then never more than max suggestions come back", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 20 }), fc.integer({ min: 0, max: 5 }), (input, list, max) => {
        expect(didYouMean(input, list, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
