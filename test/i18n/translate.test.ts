import { describe, expect, it } from "vitest";
import { keysOf, localeFrom, t } from "../../src/i18n/translate.js";

describe("i18n", () => {
  it("when a key exists in English, then Japanese has it too, and the other way round", () => {
    const en = new Set(keysOf("en"));
    const ja = new Set(keysOf("ja"));
    expect([...en].filter((k) => !ja.has(k))).toEqual([]);
    expect([...ja].filter((k) => !en.has(k))).toEqual([]);
  });

  it("when both locales have a string, then they use the same placeholders", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keysOf("en")) {
      expect(placeholders(t("ja", key)), key).toEqual(placeholders(t("en", key)));
    }
  });

  it("when Teams sends a locale tag, then ja-* is Japanese and anything else English", () => {
    expect(localeFrom("ja-JP")).toBe("ja");
    expect(localeFrom("JA")).toBe("ja");
    expect(localeFrom("en-US")).toBe("en");
    expect(localeFrom("fr-FR")).toBe("en");
    expect(localeFrom(undefined)).toBe("en");
  });

  it("when placeholders are given, then they are filled and unknown ones are left visible", () => {
    expect(t("en", "common.error.notFound", { kind: "VM", name: "vm-x" })).toBe("VM vm-x was not found.");
    expect(t("en", "common.error.notFound", { kind: "VM" })).toBe("VM {name} was not found.");
  });

  it("when a key is missing, then it throws instead of showing a raw key to a user", () => {
    expect(() => t("en", "nope.nothing")).toThrow(/missing key/);
  });
});
