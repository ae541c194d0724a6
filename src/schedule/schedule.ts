// A digest schedule as stored: a 5-field cron expression in an IANA time zone, plus how to say it
// back to people (an i18n key and its parameters, so the same subscription reads well in en and ja).

/** How a schedule is described in cards: "schedule.describe.<kind>" with its placeholders. */
export interface ScheduleDescription {
  key: string;
  params: Record<string, string>;
}

export interface Schedule {
  /** minute hour day-of-month month day-of-week, evaluated in `timezone` (croner, 5-part mode). */
  cron: string;
  /** Canonical IANA name as Intl resolves it ("Asia/Tokyo", "UTC"). */
  timezone: string;
  description: ScheduleDescription;
}

/** Digests are summaries, not alerts: more often than this would flood a channel (and Teams' send limits). */
export const minMinutesBetweenRuns = 60;

export const defaultTimeZone = "UTC";
