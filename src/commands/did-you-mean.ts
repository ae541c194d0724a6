// "Did you mean …?" for mistyped verbs: edit distance with a threshold that grows with the word,
// so "stauts" finds "status" while "x" finds nothing.
import { distance } from "fastest-levenshtein";
import type { CommandSpec } from "./types.js";

export const defaultMaxSuggestions = 3;

/** Share of the longer word that may differ (0.4: two edits in "status", one in "状態"). */
const relativeThreshold = 0.4;

function fold(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}

interface Scored {
  candidate: string;
  distance: number;
  prefix: boolean;
}

function score(input: string, candidate: string): Scored | undefined {
  const a = fold(input);
  const b = fold(candidate);
  if (a.length === 0 || b.length === 0) return undefined;
  const d = distance(a, b);
  // A started word ("stat", "ドリ") is a strong hint even when many letters are missing.
  const prefix = a.length >= 2 && b.startsWith(a);
  const threshold = Math.max(1, Math.round(Math.max([...a].length, [...b].length) * relativeThreshold));
  // Replacing every character is no hint at all ("x" -> "?").
  const close = d <= threshold && d < Math.min([...a].length, [...b].length);
  return close || prefix ? { candidate, distance: d, prefix } : undefined;
}

function compareScored(x: Scored, y: Scored): number {
  if (x.distance !== y.distance) return x.distance - y.distance;
  if (x.prefix !== y.prefix) return x.prefix ? -1 : 1;
  return x.candidate.length - y.candidate.length || x.candidate.localeCompare(y.candidate);
}

/** Candidates close to `input`, best first, at most `max`; case and full-width letters do not matter. */
export function didYouMean(input: string, candidates: Iterable<string>, max = defaultMaxSuggestions): string[] {
  const seen = new Set<string>();
  const scored: Scored[] = [];
  for (const candidate of candidates) {
    const key = fold(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    const s = score(input, candidate);
    if (s) scored.push(s);
  }
  return scored.sort(compareScored).slice(0, Math.max(0, max)).map((s) => s.candidate);
}

/**
 * Verbs close to a mistyped one: at most one spelling per command (the closest of its verb and
 * aliases, so a Japanese typo gets the Japanese alias back), best first.
 */
export function suggestVerbs(input: string, specs: readonly Pick<CommandSpec, "verb" | "aliases">[], max = defaultMaxSuggestions): string[] {
  const best: Scored[] = [];
  for (const spec of specs) {
    const own = [spec.verb, ...spec.aliases].map((c) => score(input, c)).filter((s): s is Scored => s !== undefined);
    const top = own.sort(compareScored)[0];
    if (top) best.push(top);
  }
  return best.sort(compareScored).slice(0, Math.max(0, max)).map((s) => s.candidate);
}
