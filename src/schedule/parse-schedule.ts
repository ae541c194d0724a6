// Schedule phrases to a cron expression and time zone. Pure. English: `daily 09:00`, `weekdays 9:00`,
// `weekends 10:00`, `mon 08:30`, `mon,thu 08:30`, `mon-fri 9am`, `every monday at 8:30`; Japanese:
// `毎日 09:00`, `平日 9時`, `週末 10:00`, `月曜 8:30`, `月 8:30`, `月水金 9時半`, `毎週月曜8:30` (no space needed);
// or a 5-field cron expression `0 9 * * 1-5`. An optional time zone follows (default UTC), then the scope.
import { shown } from "../commands/azure-names.js";
import { didYouMean } from "../commands/did-you-mean.js";
import type { ParseResult, UsageError } from "../commands/types.js";
import { nextRun, shortestGapMinutes, cronFor } from "./next-runs.js";
import { looksLikeTimeZone, resolveTimeZone } from "./resolve-time-zone.js";
import { defaultTimeZone, minMinutesBetweenRuns, type Schedule, type ScheduleDescription } from "./schedule.js";

export interface ParsedSchedule {
  schedule: Schedule;
  /** The words after the schedule and its time zone: the scope, for the caller to parse. */
  rest: string[];
}

/** Day codes in cron order (0 = Sunday): descriptions store these and translate them when shown. */
export const dayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const englishDays: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const japaneseDays: Record<string, number> = { 日: 0, 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6 };

const dailyWords = new Set(["daily", "everyday", "毎日"]);
const weekdayWords = new Set(["weekdays", "weekday", "平日"]);
const weekendWords = new Set(["weekends", "weekend", "週末", "土日"]);

/** What did-you-mean offers for a mistyped phrase word. */
const phraseWords = ["daily", "weekdays", "weekends", ...Object.keys(englishDays), "毎日", "平日", "週末", "月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"];

const exampleTime = "09:00";

interface TimeOfDay {
  hour: number;
  minute: number;
}

interface When {
  cron: string;
  description: ScheduleDescription;
  /** How many input words the schedule took. */
  consumed: number;
}

type Step<T> = { ok: true; value: T } | { ok: false; error: UsageError };

function fail(key: string, params?: Record<string, string | number>, suggestions?: string[]): { ok: false; error: UsageError } {
  const error: UsageError = { key };
  if (params) error.params = params;
  if (suggestions && suggestions.length > 0) error.suggestions = suggestions;
  return { ok: false, error };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `09:00`, `9:00`, `9am`, `9:30pm`, `9時`, `9時30分`, `9時半`, `午後3時` (a trailing に is allowed). */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const word = text.toLowerCase().replace(/に$/u, "");
  const clock = /^(\d{1,2}):(\d{2})$/.exec(word);
  if (clock) return checkedTime(Number(clock[1]), Number(clock[2]));
  const twelve = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/.exec(word);
  if (twelve) {
    const hour = Number(twelve[1]);
    if (hour < 1 || hour > 12) return undefined;
    return checkedTime((hour % 12) + (twelve[3] === "pm" ? 12 : 0), Number(twelve[2] ?? 0));
  }
  const japanese = /^(午前|午後)?(\d{1,2})時(?:(\d{1,2})分|(半))?$/u.exec(word);
  if (japanese) {
    const hour = Number(japanese[2]);
    if (japanese[1] && hour > 12) return undefined;
    const minute = japanese[4] ? 30 : Number(japanese[3] ?? 0);
    return checkedTime(japanese[1] === "午後" && hour < 12 ? hour + 12 : hour, minute);
  }
  return undefined;
}

function checkedTime(hour: number, minute: number): TimeOfDay | undefined {
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function dayOf(text: string): number | undefined {
  return englishDays[text] ?? japaneseDays[text];
}

function expandRange(from: number, to: number): number[] {
  const days: number[] = [];
  // "fri-mon" wraps over the weekend.
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === to) return days;
  }
}

function parseDaySegment(segment: string): number[] | undefined {
  const range = /^(.+?)[-~〜](.+)$/u.exec(segment);
  if (range) {
    const from = parseDaySegment(range[1] ?? "");
    const to = parseDaySegment(range[2] ?? "");
    return from?.length === 1 && to?.length === 1 ? expandRange(from[0] as number, to[0] as number) : undefined;
  }
  const single = dayOf(segment);
  if (single !== undefined) return [single];
  // 月曜, 月曜日, and runs of day characters such as 月水金.
  const bare = segment.replace(/曜日?/gu, "");
  const chars = [...bare];
  if (chars.length === 0 || !chars.every((c) => japaneseDays[c] !== undefined)) return undefined;
  return chars.map((c) => japaneseDays[c] as number);
}

/** `mon`, `mon,thu`, `mon-fri`, `月`, `月曜`, `月,木`, `月・木`, `月水金`, `毎週月曜`: sorted unique days, or the bad part. */
export function parseDays(text: string): Step<number[]> {
  const body = text.toLowerCase().replace(/^毎週/u, "");
  const segments = body.split(/[,、・]/u).filter((s) => s.length > 0);
  if (segments.length === 0) return fail("schedule.parse.badDay", { value: shown(text) });
  const days = new Set<number>();
  for (const segment of segments) {
    const parsed = parseDaySegment(segment);
    if (!parsed) return fail("schedule.parse.badDay", { value: shown(segment) });
    parsed.forEach((d) => days.add(d));
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

const opening = /^["'`\u201c\u2018「『]/u;
const closing = /["'`\u201d\u2019」』]$/u;

/** Undoes what typing does to a schedule: quotes around a cron expression, "平日9:00" without a space. */
function prepareWords(words: readonly string[]): string[] {
  const out = [...words];
  if (out[0] !== undefined && opening.test(out[0])) {
    out[0] = out[0].replace(opening, "");
    const end = out.findIndex((w, i) => i < 6 && closing.test(w));
    if (end >= 0) out[end] = (out[end] as string).replace(closing, "");
  }
  const first = out[0];
  // Japanese needs no space before the time: split at the first digit (or 午前/午後) after a non-ASCII phrase.
  const glued = first === undefined ? null : /^(\D*?[^\p{ASCII}]\D*?)((?:午前|午後)?\d.*)$/u.exec(first);
  if (glued?.[1] && glued[2] && !/(午前|午後)$/u.test(glued[1])) out.splice(0, 1, glued[1], glued[2]);
  return out.filter((w) => w.length > 0);
}

/** Day-list words split by spaces around commas ("mon, thu", "mon , thu") are joined back. */
function joinDayList(words: readonly string[], start: number): { text: string; next: number } {
  let text = words[start] ?? "";
  let next = start + 1;
  while (next < words.length && (/[,、・]$/u.test(text) || /^[,、・]/u.test(words[next] ?? ""))) {
    text += words[next];
    next++;
  }
  return { text, next };
}

function describe(kind: string, params: Record<string, string>): ScheduleDescription {
  return { key: `schedule.describe.${kind}`, params };
}

function whenFromDays(days: number[], time: TimeOfDay, consumed: number): When {
  const minuteHour = `${time.minute} ${time.hour}`;
  const at = `${pad(time.hour)}:${pad(time.minute)}`;
  const list = days.join(",");
  // Lists that are really "daily", "weekdays" or "weekends" are described that way.
  if (days.length === 7) return { cron: `${minuteHour} * * *`, description: describe("daily", { time: at }), consumed };
  if (list === "1,2,3,4,5") return { cron: `${minuteHour} * * 1-5`, description: describe("weekdays", { time: at }), consumed };
  if (list === "0,6") return { cron: `${minuteHour} * * 0,6`, description: describe("weekends", { time: at }), consumed };
  const codes = days.map((d) => dayCodes[d] as string).join(",");
  return { cron: `${minuteHour} * * ${list}`, description: describe("days", { days: codes, time: at }), consumed };
}

function daysOfPhrase(word: string): Step<number[]> | undefined {
  const folded = word.toLowerCase();
  if (dailyWords.has(folded)) return { ok: true, value: [0, 1, 2, 3, 4, 5, 6] };
  if (weekdayWords.has(folded)) return { ok: true, value: [1, 2, 3, 4, 5] };
  if (weekendWords.has(folded)) return { ok: true, value: [0, 6] };
  return undefined;
}

function rebuild(words: readonly string[], from: number, replacement: string[], to: number): string {
  return [...words.slice(0, from), ...replacement, ...words.slice(to)].join(" ");
}

function parsePhrase(words: string[]): Step<When> {
  let start = 0;
  // "every day", "every weekday", "every monday"
  if (words[0]?.toLowerCase() === "every") {
    start = 1;
    if (words[1]?.toLowerCase() === "day") words = [...words.slice(0, 1), "daily", ...words.slice(2)];
  }
  const first = words[start] ?? "";
  // "09:00 weekdays": the time first.
  const leadingTime = parseTimeOfDay(first);
  if (leadingTime) {
    const next = words[start + 1];
    const known = next !== undefined && (daysOfPhrase(next) !== undefined || parseDays(next).ok);
    if (!known) {
      return fail("schedule.parse.missingDays", { time: shown(first) }, [
        rebuild(words, 0, ["daily", first], start + 1),
        rebuild(words, 0, ["weekdays", first], start + 1),
      ]);
    }
    const swapped = [...words.slice(0, start), next as string, first, ...words.slice(start + 2)];
    return parsePhrase(swapped);
  }
  const { text, next } = joinDayList(words, start);
  const named = daysOfPhrase(text);
  const days = named ?? parseDays(text);
  if (!days.ok) {
    // "mon,thx": a day list with one bad day; say which part is wrong.
    const segments = text.toLowerCase().split(/[,、・\-~〜]/u);
    if (segments.length > 1 && segments.some((s) => parseDaySegment(s) !== undefined)) return days;
    const close = didYouMean(text, phraseWords, 3);
    // Nothing close ("rg-prod"): the schedule was probably left out in front of the scope.
    const suggestions = close.length > 0 ? close.map((c) => rebuild(words, 0, [c], next)) : [[`weekdays`, exampleTime, ...words].join(" ")];
    return fail("schedule.parse.unknownPhrase", { value: shown(text) }, suggestions);
  }
  const timeAt = words[next]?.toLowerCase() === "at" ? next + 1 : next;
  const timeWord = words[timeAt];
  const time = timeWord === undefined ? undefined : parseTimeOfDay(timeWord);
  if (!time) {
    // A word with a digit was meant as the time; anything else means the time was left out.
    if (timeWord !== undefined && /\d/u.test(timeWord)) return fail("schedule.parse.badTime", { value: shown(timeWord) });
    return fail("schedule.parse.missingTime", { phrase: shown(text) }, [rebuild(words, 0, [text, exampleTime], next)]);
  }
  return { ok: true, value: whenFromDays(days.value, time, timeAt + 1) };
}

// Minute and hour fields: digits, *, ranges, lists, steps. Later fields may also hold names (JAN, MON), L, W, #, ?.
const numericField = /^[0-9*][0-9*/,-]*$/;
const anyField = /^[0-9A-Za-z*?/,#-]+$/;

function looksLikeCron(word: string): boolean {
  return numericField.test(word) && parseTimeOfDay(word) === undefined;
}

function parseCron(words: string[]): Step<When> {
  const fields = words.slice(0, 5);
  const example = "0 9 * * 1-5";
  if (fields.length < 5 || !fields.every((f) => anyField.test(f)) || !numericField.test(fields[1] ?? "")) {
    return fail("schedule.parse.cronFields", { example });
  }
  // A sixth numeric-looking field: seconds (or a year), which a 5-field expression does not have.
  if (words[5] !== undefined && /^[0-9*?][0-9*?/,-]*$/.test(words[5])) return fail("schedule.parse.cronFields", { example });
  const cron = fields.join(" ");
  try {
    cronFor(cron, defaultTimeZone);
  } catch {
    return fail("schedule.parse.badCron", { cron: shown(cron), example });
  }
  return { ok: true, value: { cron, description: describe("cron", { cron }), consumed: 5 } };
}

// Frequency and "never fires" are judged from a fixed date, so the parser stays pure.
const referenceDate = new Date("2026-01-05T00:00:00Z");

function checkRuns(schedule: Schedule): UsageError | undefined {
  if (!nextRun(schedule, referenceDate)) return { key: "schedule.parse.neverRuns", params: { cron: shown(schedule.cron) } };
  const gap = shortestGapMinutes(schedule, referenceDate);
  if (gap !== undefined && gap < minMinutesBetweenRuns) {
    return { key: "schedule.parse.tooFrequent", params: { minutes: Math.round(gap), limit: minMinutesBetweenRuns } };
  }
  return undefined;
}

/**
 * The schedule at the start of `words` and an optional time zone after it; the remaining words are
 * returned for the caller (the scope). Suggestions in errors are the whole corrected word list.
 */
export function parseSchedule(words: readonly string[]): ParseResult<ParsedSchedule> {
  const input = prepareWords(words);
  if (input.length === 0) {
    return fail("schedule.parse.missingSchedule", { example: "0 9 * * 1-5" }, [`weekdays ${exampleTime}`, `daily ${exampleTime} UTC`]);
  }
  const when = looksLikeCron(input[0] as string) ? parseCron(input) : parsePhrase(input);
  if (!when.ok) return when;
  let rest = input.slice(when.value.consumed);
  let timezone = defaultTimeZone;
  const zoneWord = rest[0];
  if (zoneWord !== undefined && looksLikeTimeZone(zoneWord)) {
    const zone = resolveTimeZone(zoneWord);
    if (!zone.ok) {
      const suggestions = zone.suggestions.map((z) => rebuild(input, 0, [...input.slice(0, when.value.consumed), z], when.value.consumed + 1));
      return fail("schedule.parse.badTimeZone", { value: shown(zoneWord) }, suggestions);
    }
    timezone = zone.timezone;
    rest = rest.slice(1);
  }
  const schedule: Schedule = { cron: when.value.cron, timezone, description: when.value.description };
  const problem = checkRuns(schedule);
  if (problem) return { ok: false, error: problem };
  return { ok: true, args: { schedule, rest } };
}
