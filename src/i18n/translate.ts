import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const locales = ["en", "ja"] as const;
export type Locale = (typeof locales)[number];

type Strings = Map<string, string>;

// Each capability owns one file per locale (src/i18n/<locale>/<namespace>.json); a key is
// "<namespace>.<path.inside.file>". Loading the folder keeps capabilities from editing a shared file.
const here = dirname(fileURLToPath(import.meta.url));

function flatten(prefix: string, value: unknown, into: Strings): void {
  if (typeof value === "string") {
    into.set(prefix, value);
    return;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, into);
    return;
  }
  throw new Error(`i18n: ${prefix} must be a string or an object of strings`);
}

function load(locale: Locale): Strings {
  const dir = join(here, locale);
  const strings: Strings = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    flatten(file.replace(/\.json$/, ""), JSON.parse(readFileSync(join(dir, file), "utf8")), strings);
  }
  return strings;
}

const catalogs: Record<Locale, Strings> = { en: load("en"), ja: load("ja") };

/** Every key of a locale: the i18n test checks that en and ja have the same ones. */
export function keysOf(locale: Locale): string[] {
  return [...catalogs[locale].keys()];
}

/** Teams sends "ja-JP", "en-US", ...; anything not Japanese falls back to English. */
export function localeFrom(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function hasKey(locale: Locale, key: string): boolean {
  return catalogs[locale].has(key);
}

/**
 * The string for a key with `{name}` placeholders filled in. A missing key is a bug, not a
 * user error: it throws so that the tests that render every card find it.
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale].get(key) ?? catalogs.en.get(key);
  if (template === undefined) throw new Error(`i18n: missing key ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A translator bound to one locale, handy for card builders. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;
export function translator(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}
