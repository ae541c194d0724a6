import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kqlString, KqlValueError } from "../../../src/fleet/azure/kql.js";
import { buildHeartbeatQuery } from "../../../src/fleet/azure/heartbeat-query.js";
// The simulator's own reader (internal to src/sim/, imported here on purpose): what the fleet writes
// must be what the simulator reads.
import { readKqlString } from "../../../src/sim/kql-literal.js";

// A reader of KQL double-quoted literals the way Kusto (and the simulator) unescape them:
// a backslash takes the next character literally (or as \n \t \r), an unescaped quote ends the literal.
function readKqlLiteral(text: string): { value: string; rest: string } {
  if (text[0] !== '"') throw new Error("not a string literal");
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\\") {
      const next = text[++i];
      if (next === undefined) throw new Error("dangling backslash");
      value += next === "n" ? "\n" : next === "t" ? "\t" : next === "r" ? "\r" : next;
    } else if (ch === '"') {
      return { value, rest: text.slice(i + 1) };
    } else {
      value += ch;
    }
  }
  throw new Error("unterminated literal");
}

const isControl = (c: number) => c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
const hasControl = (s: string) => [...s].some((ch) => isControl(ch.codePointAt(0)!));
const printable = fc.string({ unit: "binary", maxLength: 60 }).filter((s) => !hasControl(s));

describe("kqlString", () => {
  it("when any printable string is quoted, then reading the literal back gives the same string", () => {
    fc.assert(
      fc.property(printable, (value) => {
        expect(readKqlLiteral(kqlString(value))).toEqual({ value, rest: "" });
      }),
      { numRuns: 2000 },
    );
  });

  it("when the simulator reads the literal, then it gets the same string back and nothing after it", () => {
    fc.assert(
      fc.property(printable, (value) => {
        expect(readKqlString(kqlString(value))).toEqual({ value, rest: "" });
      }),
      { numRuns: 1000 },
    );
  });

  it("when the literal sits inside a query, then nothing of the value escapes past its closing quote", () => {
    fc.assert(
      fc.property(printable, (value) => {
        const query = `Heartbeat | where _ResourceId =~ ${kqlString(value)} | take 1`;
        const literal = query.slice(query.indexOf('"'));
        expect(readKqlLiteral(literal)).toEqual({ value, rest: " | take 1" });
      }),
    );
  });

  it("when a value is built from quotes and backslashes only, then it still round-trips", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('"', "\\", "'", "a"), { maxLength: 30 }), (parts) => {
        const value = parts.join("");
        expect(readKqlLiteral(kqlString(value)).value).toBe(value);
      }),
    );
  });

  it("when a value contains a control character or line break, then it is refused", () => {
    for (const bad of ["a\nb", "a\rb", "\u0000", "x\u001f", "\u007f", "\u0085", "a\u2028b", "tab\there"]) {
      expect(() => kqlString(bad), JSON.stringify(bad)).toThrow(KqlValueError);
    }
    fc.assert(
      fc.property(printable, fc.integer({ min: 0, max: 0x1f }), printable, (before, code, after) => {
        expect(() => kqlString(before + String.fromCharCode(code) + after)).toThrow(KqlValueError);
      }),
    );
  });

  it("when known values are quoted, then quotes and backslashes are backslash-escaped", () => {
    expect(kqlString("plain")).toBe('"plain"');
    expect(kqlString('a"b')).toBe('"a\\"b"');
    expect(kqlString("a\\b")).toBe('"a\\\\b"');
    expect(kqlString('\\"')).toBe('"\\\\\\""');
  });
});

describe("buildHeartbeatQuery", () => {
  it("when built for a resource, then it has the agreed shape with the ID as a quoted literal", () => {
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";
    expect(buildHeartbeatQuery(id)).toBe(
      [
        "Heartbeat",
        `| where _ResourceId =~ "${id}"`,
        "| summarize arg_max(TimeGenerated, Version, Category) by _ResourceId",
      ].join("\n"),
    );
  });

  it("when the resource ID carries a quote, then the query keeps it inside the literal", () => {
    const query = buildHeartbeatQuery('x" or 1==1 //');
    const line = query.split("\n")[1]!;
    const { value, rest } = readKqlLiteral(line.slice(line.indexOf('"')));
    expect(value).toBe('x" or 1==1 //');
    expect(rest).toBe("");
  });
});
