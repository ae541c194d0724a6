// Schedules and run times as people read them, in the subscription's time zone and language.
import { escapeMarkdown } from "../cards/escape-markdown.js";
import type { Locale, Translate } from "../i18n/translate.js";
import type { Schedule } from "./schedule.js";

/** "weekdays at 09:00 (Asia/Tokyo)" / "平日 09:00 (Asia/Tokyo)". */
export function describeSchedule(tr: Translate, schedule: Schedule): string {
  const params = { ...schedule.description.params };
  // "*/5 9 * * 1-5" must not turn into emphasis in a Markdown TextBlock.
  if (params.cron !== undefined) params.cron = escapeMarkdown(params.cron);
  if (params.days !== undefined) {
    params.days = params.days
      .split(",")
      .map((code) => tr(`schedule.day.${code}`))
      .join(tr("schedule.daySeparator"));
  }
  return tr("schedule.describe.withZone", { schedule: tr(schedule.description.key, params), timezone: schedule.timezone });
}

/** "2026-03-03 (Tue) 09:00" / "2026-03-03 (火) 09:00" in the given zone: the wall-clock time people subscribed for. */
export function formatInTimeZone(time: Date, timezone: string, locale: Locale): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", { timeZone: timezone, weekday: "short" }).format(time);
  return `${part("year")}-${part("month")}-${part("day")} (${weekday}) ${part("hour")}:${part("minute")}`;
}
