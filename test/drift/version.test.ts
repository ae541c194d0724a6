import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareVersionStrings,
  compareVersions,
  latestOf,
  parseVersion,
  sameVersion,
  toMajorMinor,
  versionGap,
  type Version,
} from "../../src/drift/version.js";

const part = fc.integer({ min: 0, max: 99_999 });
const version = fc.array(part, { minLength: 2, maxLength: 4 });
const sign = (n: number) => Math.sign(n);

describe("parseVersion", () => {
  it.each([
    ["1.16", [1, 16]],
    ["1.17.1", [1, 17, 1]],
    ["1.0.18062.0", [1, 0, 18062, 0]],
    [" 1.33.2 ", [1, 33, 2]],
  ])("when given %j, then it reads the numeric parts", (text, parts) => {
    expect(parseVersion(text)).toEqual(parts);
  });

  it.each(["", "1", "1.2.3.4.5", "v1.2", "1..2", "1.2-beta", "1.13.9-0", "a.b", "1.2.", ".1.2"])(
    "when given %j, then it is not a version",
    (text) => {
      expect(parseVersion(text)).toBeUndefined();
    },
  );

  it("when a version is printed and parsed again, then the parts survive", () => {
    fc.assert(
      fc.property(version, (v) => {
        expect(parseVersion(v.join("."))).toEqual(v);
      }),
    );
  });
});

describe("compareVersions", () => {
  it("when a is compared with b, then the sign is the opposite of b with a (antisymmetry)", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(sign(compareVersions(a, b))).toBe(-sign(compareVersions(b, a)) || 0);
      }),
    );
  });

  it("when a <= b and b <= c, then a <= c (transitivity)", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        fc.pre(compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0);
        expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("when sorting random versions, then every neighbour pair is in order (total order)", () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 30 }), (list) => {
        const sorted = [...list].sort(compareVersions);
        for (let i = 1; i < sorted.length; i++) expect(compareVersions(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("when zero parts are appended (1.16 vs 1.16.0 vs 1.16.0.0), then the versions are equal", () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 2 }), (v, zeros) => {
        const padded: Version = [...v, ...Array<number>(zeros).fill(0)];
        expect(compareVersions(v, padded)).toBe(0);
        expect(sameVersion(v.join("."), padded.join("."))).toBe(true);
      }),
    );
  });

  it("when versions differ only in a later part, then they sort numerically, not as text", () => {
    expect(compareVersionStrings("1.9.0", "1.10.0")).toBeLessThan(0);
    expect(compareVersionStrings("1.0.18064.0", "1.0.18062")).toBeGreaterThan(0);
    expect(compareVersionStrings("1.33.10", "1.33.9")).toBeGreaterThan(0);
  });

  it("when a string is not a version, then compareVersionStrings throws", () => {
    expect(() => compareVersionStrings("1.2", "x")).toThrow(/not a version: x/);
  });
});

describe("latestOf and toMajorMinor", () => {
  it("when the list mixes lengths and junk, then the numerically highest valid one wins", () => {
    expect(latestOf(["1.9.1", "1.10", "junk", "1.10.0.1", "1.2.30"])).toBe("1.10.0.1");
    expect(latestOf([])).toBeUndefined();
  });

  it("when any list is given, then latestOf is at least every valid entry", () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 20 }), (list) => {
        const best = parseVersion(latestOf(list.map((v) => v.join(".")))!)!;
        for (const v of list) expect(compareVersions(best, v)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("when a full version is given, then only major.minor is kept for typeHandlerVersion", () => {
    expect(toMajorMinor("1.31.1")).toBe("1.31");
    expect(toMajorMinor("1.0.18062.0")).toBe("1.0");
    expect(toMajorMinor("1.16")).toBe("1.16");
  });
});

describe("versionGap", () => {
  it.each([
    ["1.33.2", "1.33.2", "none"],
    ["1.33", "1.33.0.0", "none"],
    ["1.34.0", "1.33.2", "none"],
    ["1.33.1", "1.33.2", "patch"],
    ["1.0.18062.0", "1.0.18064.0", "patch"],
    ["1.32.5", "1.33.2", "minor"],
    ["1.33", "1.33.2", "patch"],
    ["0.9.9", "1.0", "major"],
  ])("when %s is compared with latest %s, then the gap is %s", (current, latest, gap) => {
    expect(versionGap(parseVersion(current)!, parseVersion(latest)!)).toBe(gap);
  });

  it("when current < latest, then the gap is never none, and when current >= latest it always is", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const gap = versionGap(a, b);
        expect(gap === "none").toBe(compareVersions(a, b) >= 0);
      }),
    );
  });

  it("when majors differ and current is older, then the gap is major", () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        fc.pre(a[0]! < b[0]!);
        expect(versionGap(a, b)).toBe("major");
      }),
    );
  });

  it("when unreadable text is compared, then sameVersion is false", () => {
    expect(sameVersion("1.13.9-0", "1.13.9")).toBe(false);
    expect(sameVersion("", "")).toBe(false);
  });
});
