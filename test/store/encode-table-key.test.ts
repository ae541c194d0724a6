import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeTableKey, encodeTableKey, splitTableKey, upperBoundOfPrefix } from "../../src/store/encode-table-key.js";

// Characters Table Storage refuses in PartitionKey/RowKey (learn.microsoft.com), plus the ones we avoid.
const isForbidden = (c: string) => c.charCodeAt(0) <= 0x1f || (c >= "\u007f" && c <= "\u009f") || "/\\#?%'".includes(c);

// Strings biased towards the interesting characters: the escaped ones, the escape characters, their neighbours.
const keyChar = fc.oneof(
  fc.constantFrom(..."/\\#?%'!.>]~ \t\n\u0000\u007f\u0085\u009f\u00a0-0=@[^}{(&$\"AZaz09"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
);
const key = fc.array(keyChar, { maxLength: 30 }).map((chars) => chars.join(""));

describe("encodeTableKey", () => {
  it("when a key is encoded, then no forbidden character remains and decoding gives it back", () => {
    fc.assert(
      fc.property(key, (k) => {
        const encoded = encodeTableKey(k);
        expect([...encoded].filter(isForbidden)).toEqual([]);
        expect(decodeTableKey(encoded)).toBe(k);
        expect(encoded.length).toBeLessThanOrEqual(2 * k.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("when two keys compare, then their encodings compare the same way (so server ranges match key order)", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const ea = encodeTableKey(a);
        const eb = encodeTableKey(b);
        expect(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 5000 },
    );
  });

  it("when a key starts with a prefix, then its encoding starts with the prefix's encoding, and only then", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(encodeTableKey(a + b).startsWith(encodeTableKey(a))).toBe(true);
        expect(encodeTableKey(b).startsWith(encodeTableKey(a))).toBe(b.startsWith(a));
      }),
      { numRuns: 2000 },
    );
  });

  it("when keys are plain names, then they stay readable", () => {
    expect(encodeTableKey("approval-123_abc")).toBe("approval-123_abc");
    expect(encodeTableKey("rg/vm")).toBe("rg.1vm");
    expect(encodeTableKey("仮想マシン")).toBe("仮想マシン");
  });

  it("when the text is not an encoding, then decoding refuses it", () => {
    expect(() => decodeTableKey("a!")).toThrow(RangeError);
    expect(() => decodeTableKey(".9")).toThrow(RangeError);
  });
});

describe("splitTableKey", () => {
  it("when an encoded key is longer than 512, then the rest goes to RowKey and (PartitionKey, RowKey) order equals key order", () => {
    const long = "a".repeat(600);
    expect(splitTableKey(long)).toEqual({ partitionKey: "a".repeat(512), rowKey: "a".repeat(88) });
    expect(splitTableKey("short")).toEqual({ partitionKey: "short", rowKey: "" });
    const pairs = ["a".repeat(512), `${"a".repeat(512)}b`, `${"a".repeat(511)}b`, "b"].map(splitTableKey);
    const sorted = [...pairs].sort((x, y) => (x.partitionKey === y.partitionKey ? (x.rowKey < y.rowKey ? -1 : 1) : x.partitionKey < y.partitionKey ? -1 : 1));
    expect(sorted.map((p) => p.partitionKey + p.rowKey)).toEqual(pairs.map((p) => p.partitionKey + p.rowKey).sort());
  });
});

describe("upperBoundOfPrefix", () => {
  it("when a string starts with the prefix, then it sorts below the bound, and the bound does not start with the prefix", () => {
    fc.assert(
      fc.property(key, key, (prefix, rest) => {
        const encoded = encodeTableKey(prefix);
        const bound = upperBoundOfPrefix(encoded);
        if (bound === undefined) return;
        expect(encoded + encodeTableKey(rest) < bound).toBe(true);
        expect(bound.startsWith(encoded)).toBe(false);
      }),
    );
  });

  it("when there is no sendable bound, then it says so", () => {
    expect(upperBoundOfPrefix("")).toBeUndefined();
    expect(upperBoundOfPrefix("\uffff")).toBeUndefined();
    expect(upperBoundOfPrefix("a😀")).toBeUndefined();
    expect(upperBoundOfPrefix("ab")).toBe("ac");
  });
});
