import type { Translate } from "../i18n/translate.js";

/** "2025-06-01 10:04 UTC": the same in every locale, so people in different time zones can compare. */
export function formatUtc(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "3 min ago", "2 h ago", "4 days ago" relative to `now`; future times count as just now. */
export function formatAge(tr: Translate, time: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - time.getTime()) / 60_000);
  if (minutes < 1) return tr("status.age.justNow");
  if (minutes < 120) return tr("status.age.minutes", { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return tr("status.age.hours", { count: hours });
  return tr("status.age.days", { count: Math.floor(hours / 24) });
}
