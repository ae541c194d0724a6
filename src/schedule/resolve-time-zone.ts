// Time zones people type after a schedule: IANA names (any case), UTC/GMT, and the two ways Japanese
// users say Japan time. Intl is the authority (what it accepts, croner accepts too); typos get
// did-you-mean against Intl.supportedValuesOf("timeZone").
import { didYouMean } from "../commands/did-you-mean.js";

// "JST" is what people in Japan write; Intl does accept it but only as an ICU alias.
const aliases: ReadonlyMap<string, string> = new Map([
  ["utc", "UTC"],
  ["gmt", "UTC"],
  ["z", "UTC"],
  ["jst", "Asia/Tokyo"],
  ["日本時間", "Asia/Tokyo"],
]);

let zones: string[] | undefined;

/** Every IANA zone this runtime knows, plus UTC (Node 20's list leaves it out). */
export function knownTimeZones(): string[] {
  zones ??= [...new Set(["UTC", ...Intl.supportedValuesOf("timeZone")])];
  return zones;
}

let areas: Set<string> | undefined;

// The first part of every zone name ("asia", "america", ...) plus legacy areas Intl still accepts.
function zoneAreas(): Set<string> {
  areas ??= new Set([...knownTimeZones().map((z) => (z.split("/")[0] ?? "").toLowerCase()), "etc", "us", "canada", "brazil", "mexico", "chile"]);
  return areas;
}

const zoneShape = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/;

/**
 * Whether a word was meant as a time zone rather than a scope: an alias, or area/city where the area
 * is (nearly) an IANA area, so "Aisa/Tokyo" still counts while "rg-prod/vm-1" does not.
 */
export function looksLikeTimeZone(word: string): boolean {
  if (aliases.has(word.toLowerCase())) return true;
  if (!zoneShape.test(word)) return false;
  const area = (word.split("/")[0] ?? "").toLowerCase();
  return zoneAreas().has(area) || didYouMean(area, zoneAreas(), 1).length > 0;
}

/** The canonical name Intl resolves a zone to, or undefined when Intl rejects it. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export type TimeZoneResult = { ok: true; timezone: string } | { ok: false; suggestions: string[] };

/** A typed zone to its canonical name, or up to three close names. */
export function resolveTimeZone(word: string): TimeZoneResult {
  const alias = aliases.get(word.toLowerCase());
  const timezone = canonicalTimeZone(alias ?? word);
  if (timezone) return { ok: true, timezone };
  return { ok: false, suggestions: didYouMean(word, knownTimeZones(), 3) };
}
