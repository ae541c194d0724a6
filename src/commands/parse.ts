// Chat text -> command. Pure. Teams delivers the text as HTML with the bot's mention in <at>…</at>
// (bot-framework.md); people type in any case, with full-width letters and spaces, and in Japanese.
import { suggestVerbs } from "./did-you-mean.js";
import { shown } from "./azure-names.js";
import type { CommandSpec, ParseResult, UsageError } from "./types.js";

/** Longer text is refused before any work: no command needs it. */
export const maxCommandLength = 2000;

const entities: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntity(whole: string, body: string): string {
  if (body.startsWith("#")) {
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  }
  return entities[body.toLowerCase()] ?? whole;
}

// Block-level tags separate words; inline ones (<b>, <span>, <a>) may sit inside a word.
// [^<>]* and [^<]* keep these linear on hostile input ("<a<a<a…"): a tag never holds another "<",
// and a mention holds a display name, never markup.
const blockTag = /<\/?(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|hr)\b[^<>]*>/gi;
const anyTag = /<\/?[a-z][^<>]*>/gi;
const mention = /<at\b[^<>]*>[^<]*<\/at>/gi;
const invisible = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * The text a person meant: mentions and HTML removed, entities decoded, NFKC-normalised (full-width
 * letters, digits, slashes and spaces become ASCII), whitespace collapsed, trimmed.
 */
export function normalizeText(raw: string): string {
  const withoutMarkup = raw.replace(mention, " ").replace(blockTag, " ").replace(anyTag, "");
  // Decoded after the tags are gone, so a typed "&lt;at&gt;" stays text instead of becoming markup.
  const decoded = withoutMarkup.replace(/&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]{1,8});/gi, decodeEntity);
  return decoded.replace(invisible, "").normalize("NFKC").replace(/\s+/g, " ").trim();
}

const wrappingPairs: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["`", "`"],
  ["「", "」"],
  ["『", "』"],
  ["\u201c", "\u201d"],
  ["\u2018", "\u2019"],
];

function unwrap(word: string): string {
  for (const [open, close] of wrappingPairs) {
    if (word.length > open.length + close.length && word.startsWith(open) && word.endsWith(close)) {
      return word.slice(open.length, word.length - close.length);
    }
  }
  return word;
}

// Office and phone keyboards turn "--" into an en or em dash; a leading dash of any kind means an option.
const leadingDashes = /^[\u2012\u2013\u2014\u2015\u2212]+(?=\p{L})/u;

/** An option such as "--dry-run" (or "--wave-size=5"); "--/x" or a bare "--" is not one. */
export function isFlag(word: string): boolean {
  return /^--\p{L}[\p{L}\p{N}-]*(=\S*)?$/u.test(word);
}

function normalizeWord(word: string): string {
  const w = unwrap(word).replace(leadingDashes, "--");
  return isFlag(w) ? w.toLowerCase() : w;
}

/** Words of normalized text: quotes around a word dropped, option dashes made "--". */
export function tokenize(text: string): string[] {
  return text
    .split(" ")
    .filter((w) => w.length > 0)
    .map(normalizeWord)
    .filter((w) => w.length > 0);
}

/** Separates the options a command knows from its other words; an unknown option is a usage error. */
export function splitFlags(words: readonly string[], allowed: readonly string[]): ParseResult<{ words: string[]; flags: string[] }> {
  const known = new Set(allowed.map((f) => f.toLowerCase()));
  const flags: string[] = [];
  const rest: string[] = [];
  for (const word of words) {
    if (!isFlag(word)) {
      rest.push(word);
      continue;
    }
    const flag = word.toLowerCase();
    if (!known.has(flag)) return { ok: false, error: { key: "parse.unknownFlag", params: { flag: shown(word) } } };
    if (!flags.includes(flag)) flags.push(flag);
  }
  return { ok: true, args: { words: rest, flags } };
}

export type CommandLineSpec = Pick<CommandSpec, "verb" | "aliases" | "parse">;

export type CommandLine<S extends CommandLineSpec> =
  | {
      ok: true;
      spec: S;
      /** What spec.parse returned. */
      args: unknown;
      /** The words after the verb, options included, exactly as given to spec.parse. */
      words: string[];
      /** The options among them ("--dry-run"), lower-cased. */
      flags: string[];
    }
  | {
      ok: false;
      error: UsageError;
      /** The command whose arguments were wrong, so its usage line can be shown; absent for an unknown verb. */
      spec?: S;
    };

function fold(word: string): string {
  return word.normalize("NFKC").toLowerCase();
}

function spellings(spec: CommandLineSpec): string[] {
  return [spec.verb, ...spec.aliases].map(fold);
}

/** The command a word names (verb or alias, any case, full-width letters too, an optional leading "/"). */
export function matchVerb<S extends CommandLineSpec>(word: string, specs: readonly S[]): S | undefined {
  const folded = fold(word);
  const bare = folded.startsWith("/") ? folded.slice(1) : folded;
  return specs.find((spec) => spellings(spec).some((s) => s === folded || s === bare));
}

// Japanese needs no space after a word: "状態vm-web-01" is "状態 vm-web-01". Only non-ASCII aliases
// are split off this way; "statusvm" stays an unknown verb.
function splitGluedAlias<S extends CommandLineSpec>(word: string, specs: readonly S[]): { spec: S; rest: string } | undefined {
  const folded = fold(word);
  const candidates = specs
    .flatMap((spec) => spellings(spec).filter((s) => /[^\p{ASCII}]/u.test(s)).map((s) => ({ spec, alias: s })))
    .sort((a, b) => b.alias.length - a.alias.length);
  const hit = candidates.find((c) => folded.startsWith(c.alias) && folded.length > c.alias.length);
  return hit ? { spec: hit.spec, rest: word.slice(hit.alias.length) } : undefined;
}

function run<S extends CommandLineSpec>(spec: S, words: string[]): CommandLine<S> {
  const parsed = spec.parse(words);
  if (!parsed.ok) return { ok: false, error: parsed.error, spec };
  return { ok: true, spec, args: parsed.args, words, flags: words.filter(isFlag) };
}

/**
 * Raw chat text (or already normalized text) to a command and its parsed arguments. Empty text asks
 * for help; an unknown verb is a usage error with did-you-mean suggestions. Nothing here calls Azure.
 */
export function parseCommandLine<S extends CommandLineSpec>(text: string, specs: readonly S[]): CommandLine<S> {
  const tooLong = { ok: false, error: { key: "parse.tooLong", params: { max: maxCommandLength } } } as const;
  // Markup may triple the length of what was typed; anything far beyond that is not a command.
  if (text.length > maxCommandLength * 10) return tooLong;
  const normalized = normalizeText(text);
  if (normalized.length > maxCommandLength) return tooLong;
  const [first, ...rest] = tokenize(normalized);
  if (first === undefined) {
    const help = matchVerb("help", specs);
    return help ? run(help, []) : { ok: false, error: { key: "parse.empty" } };
  }
  const spec = matchVerb(first, specs);
  if (spec) return run(spec, rest);
  const glued = splitGluedAlias(first, specs);
  if (glued) return run(glued.spec, [normalizeWord(glued.rest), ...rest]);
  return {
    ok: false,
    error: { key: "parse.unknownVerb", params: { verb: shown(first) }, suggestions: suggestVerbs(first, specs) },
  };
}
