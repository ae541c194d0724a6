import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFlag, matchVerb, maxCommandLength, normalizeText, parseCommandLine, splitFlags, tokenize, type CommandLineSpec } from "../../src/commands/parse.js";
import { parseScope, parseTarget } from "../../src/commands/targets.js";
import type { ParseResult } from "../../src/commands/types.js";

// The shape of the real registry's entries, with the real target/scope parsers.
const help: CommandLineSpec = {
  verb: "help",
  aliases: ["ヘルプ", "?"],
  parse: (words): ParseResult<unknown> =>
    words.length <= 1 ? { ok: true, args: { topic: words[0] } } : { ok: false, error: { key: "parse.extraWords", params: { extra: words.slice(1).join(" ") } } },
};
const status: CommandLineSpec = { verb: "status", aliases: ["状態", "st"], parse: parseTarget };
const drift: CommandLineSpec = { verb: "drift", aliases: ["ドリフト"], parse: parseScope };
const upgrade: CommandLineSpec = {
  verb: "upgrade",
  aliases: ["アップグレード"],
  parse: (words) => {
    const split = splitFlags(words, ["--dry-run"]);
    if (!split.ok) return split;
    const target = parseTarget(split.args.words);
    return target.ok ? { ok: true, args: { target: target.args, dryRun: split.args.flags.includes("--dry-run") } } : target;
  },
};
const specs = [help, status, drift, upgrade];

describe("normalizeText", () => {
  it.each([
    ["<at>extops</at> status vm-web-01", "status vm-web-01"],
    ['<at id="0">extops</at>&nbsp;status vm-web-01', "status vm-web-01"],
    ["<AT>ExtOps Bot</AT> status", "status"],
    ["status <at>extops</at> vm-web-01", "status vm-web-01"],
    ["<at>a</at><at>b</at>drift all", "drift all"],
    ["<p>status vm-web-01</p>", "status vm-web-01"],
    ["<div>status</div><div>vm-web-01</div>", "status vm-web-01"],
    ["status<br>vm-web-01", "status vm-web-01"],
    ["status <b>vm</b>-web-01", "status vm-web-01"],
    ['status <a href="https://x">vm-web-01</a>', "status vm-web-01"],
    ["status&nbsp;&nbsp;vm", "status vm"],
    ["a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x41; &#65;", "a & b <c> \"d\" 'e' A A"],
    ["&lt;at&gt;bot&lt;/at&gt; status", "<at>bot</at> status"],
    ["&unknown; &#0; &#xZZ; &#xD800;", "&unknown; &#0; &#xZZ; &#xD800;"],
    ["  status \t\n vm  ", "status vm"],
    ["状態\u3000vm-web-01", "状態 vm-web-01"],
    ["ｓｔａｔｕｓ　ｖｍ－ｗｅｂ－０１", "status vm-web-01"],
    ["ﾍﾙﾌﾟ", "ヘルプ"],
    ["status\u200bvm\ufeff", "statusvm"],
    ["", ""],
    ["<at>extops</at>", ""],
  ])("when the raw text is %j, then it reads %j", (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it("when text is normalized twice, then nothing more changes for plain words (idempotent)", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[\p{L}\p{N}_./:-]{1,12}$/u), { maxLength: 6 }), (words) => {
        const once = normalizeText(words.join("  "));
        expect(normalizeText(once)).toBe(once);
      }),
    );
  });

  it.each([
    ["unclosed mentions", "<at>x".repeat(40_000)],
    ["unclosed tags", "<a".repeat(100_000)],
    ["unterminated entities", "&amp".repeat(50_000)],
  ])("when the text is huge and full of %s, then it is still handled quickly", (_, raw) => {
    const started = performance.now();
    normalizeText(raw);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("when raw text is far beyond any command, then it is refused without normalizing", () => {
    expect(parseCommandLine("<a".repeat(maxCommandLength * 10), specs)).toMatchObject({ ok: false, error: { key: "parse.tooLong" } });
  });
});

describe("tokenize and flags", () => {
  it.each([
    ["status vm", ["status", "vm"]],
    ['status "vm-web-01"', ["status", "vm-web-01"]],
    ["状態 「vm-web-01」", ["状態", "vm-web-01"]],
    ["status `vm-web-01`", ["status", "vm-web-01"]],
    ["upgrade vm —dry-run", ["upgrade", "vm", "--dry-run"]],
    ["upgrade vm –DRY-RUN", ["upgrade", "vm", "--dry-run"]],
    ["upgrade vm --Dry-Run", ["upgrade", "vm", "--dry-run"]],
    ['status ""', ["status", '""']],
  ])("when the text is %j, then the words are %j", (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it.each([
    ["--dry-run", true],
    ["--wave-size=5", true],
    ["--", false],
    ["--/vm", false],
    ["-x", false],
    ["vm--x", false],
  ])("when the word is %j, then isFlag is %s", (word, flag) => {
    expect(isFlag(word)).toBe(flag);
  });

  it("when known and unknown options are split, then known ones are kept once and unknown ones are an error", () => {
    expect(splitFlags(["vm", "--dry-run", "--DRY-RUN"], ["--dry-run"])).toEqual({ ok: true, args: { words: ["vm"], flags: ["--dry-run"] } });
    expect(splitFlags(["vm", "--force"], ["--dry-run"])).toEqual({ ok: false, error: { key: "parse.unknownFlag", params: { flag: "--force" } } });
  });
});

describe("parseCommandLine: verbs", () => {
  it.each([
    ["status vm-web-01", "status"],
    ["STATUS vm-web-01", "status"],
    ["Status vm-web-01", "status"],
    ["/status vm-web-01", "status"],
    ["st vm-web-01", "status"],
    ["状態 vm-web-01", "status"],
    ["状態vm-web-01", "status"],
    ["ｓｔａｔｕｓ vm-web-01", "status"],
    ["<at>extops</at> status vm-web-01", "status"],
    ["<at>extops</at>&nbsp;ドリフト rg-prod", "drift"],
    ["drift rg-prod", "drift"],
    ["DRIFT all", "drift"],
    ["ドリフトall", "drift"],
    ["help", "help"],
    ["ヘルプ", "help"],
    ["?", "help"],
    ["HELP status", "help"],
    ["", "help"],
    ["   ", "help"],
    ["<at>extops</at>", "help"],
    ["upgrade vm-web-01 --dry-run", "upgrade"],
    ["アップグレード rg-prod/vmss-web", "upgrade"],
  ])("when the text is %j, then the command is %s", (text, verb) => {
    const line = parseCommandLine(text, specs);
    expect(line.ok && line.spec.verb).toBe(verb);
  });

  it("when the text is a status command, then the target is parsed and the words are kept", () => {
    expect(parseCommandLine("<at>extops</at> status rg-prod/vm-web-01", specs)).toEqual({
      ok: true,
      spec: status,
      args: { by: "resourceGroup", resourceGroup: "rg-prod", name: "vm-web-01" },
      words: ["rg-prod/vm-web-01"],
      flags: [],
    });
  });

  it("when a Japanese alias is glued to a full-width name, then both are understood", () => {
    expect(parseCommandLine("状態ｖｍ－ｗｅｂ－０１", specs)).toMatchObject({ ok: true, args: { by: "name", name: "vm-web-01" } });
  });

  it("when --dry-run is given, then it reaches the command's parser and is reported among the flags", () => {
    expect(parseCommandLine("upgrade vm-web-01 —dry-run", specs)).toMatchObject({
      ok: true,
      args: { target: { by: "name", name: "vm-web-01" }, dryRun: true },
      words: ["vm-web-01", "--dry-run"],
      flags: ["--dry-run"],
    });
  });

  it("when a command does not know a flag, then it is a usage error naming the flag, with the spec for its usage line", () => {
    const line = parseCommandLine("status vm-web-01 --dry-run", specs);
    expect(line).toEqual({ ok: false, error: { key: "parse.unknownFlag", params: { flag: "--dry-run" } }, spec: status });
  });

  it("when there is no help command, then empty text is a usage error", () => {
    expect(parseCommandLine("", [status])).toEqual({ ok: false, error: { key: "parse.empty" } });
  });

  it("when the text is longer than the limit, then it is refused before parsing", () => {
    expect(parseCommandLine(`status ${"x".repeat(maxCommandLength)}`, specs)).toEqual({
      ok: false,
      error: { key: "parse.tooLong", params: { max: maxCommandLength } },
    });
  });

  it("when a word only starts like an ASCII verb, then it is not split (statusvm is unknown)", () => {
    expect(parseCommandLine("statusvm", specs)).toMatchObject({ ok: false, error: { key: "parse.unknownVerb" } });
  });
});

describe("parseCommandLine: unknown verbs", () => {
  it.each([
    ["stauts vm-web-01", "stauts", ["status"]],
    ["drfit rg-prod", "drfit", ["drift"]],
    ["hlep", "hlep", ["help"]],
    ["状熊 vm", "状熊", ["状態"]],
    ["ドリフ rg-prod", "ドリフ", ["ドリフト"]],
    ["kubectl get pods", "kubectl", []],
    ["<at>extops</at> restart vm", "restart", []],
  ])("when the text is %j, then %s is unknown and %j is suggested", (text, verb, suggestions) => {
    expect(parseCommandLine(text, specs)).toEqual({ ok: false, error: { key: "parse.unknownVerb", params: { verb }, suggestions } });
  });
});

describe("parseCommandLine: bad names never reach a command", () => {
  it.each([
    ["status vm web", "parse.extraWords"],
    ["status", "parse.target.missing"],
    ["status vm;rm -rf", "parse.extraWords"],
    ["status vm;rm", "parse.badName.compute.badChar"],
    ['status vm"', "parse.badName.compute.badChar"],
    ["status vm&lt;script&gt;", "parse.badName.compute.badChar"],
    ["status _vm", "parse.badName.compute.badStart"],
    ["status vm-", "parse.badName.compute.badEnd"],
    [`status ${"v".repeat(65)}`, "parse.badName.compute.tooLong"],
    ["status rg./vm", "parse.badName.resourceGroup.badEnd"],
    ["status a/b/c", "parse.target.badShape"],
    ["status /subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm", "parse.badSubscriptionId"],
    ["drift", "parse.scope.missing"],
    ["drift rg prod", "parse.extraWords"],
    ["drift sub:123", "parse.badSubscriptionId"],
    ["drift rg|prod", "parse.badName.resourceGroup.badChar"],
    ["help a b", "parse.extraWords"],
  ])("when the text is %j, then the usage error is %s", (text, key) => {
    const line = parseCommandLine(text, specs);
    expect(line.ok).toBe(false);
    if (!line.ok) {
      expect(line.error.key).toBe(key);
      expect(line.spec).toBeDefined();
    }
  });

  it("when any text is parsed, then it never throws and an accepted status target is always a valid name", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (tail) => {
        const line = parseCommandLine(`status ${tail}`, specs);
        if (line.ok && line.spec === status) {
          const target = line.args as { by: string; name: string };
          expect(target.name).toMatch(/^[\p{L}\p{Nd}][\p{L}\p{Nd}_.-]*$/u);
        }
      }),
    );
  });
});

describe("matchVerb", () => {
  it("when a verb is matched, then case and full-width letters do not matter and unknown words give undefined", () => {
    expect(matchVerb("DRIFT", specs)).toBe(drift);
    expect(matchVerb("ＤＲＩＦＴ", specs)).toBe(drift);
    expect(matchVerb("drifts", specs)).toBeUndefined();
  });
});
