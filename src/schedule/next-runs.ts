// When a schedule fires, computed with croner in the schedule's own time zone (DST included: a
// time in a spring-forward gap runs at the first valid minute after it, a repeated hour runs once).
// Pure: the reference time is always passed in; croner is only asked for dates, never for timers.
import { Cron } from "croner";
import type { Schedule } from "./schedule.js";

const cache = new Map<string, Cron>();
const maxCached = 500;

/** A paused croner job for the pattern (throws croner's error for a bad pattern or time zone). */
export function cronFor(cron: string, timezone: string): Cron {
  const key = `${timezone} ${cron}`;
  let job = cache.get(key);
  if (!job) {
    // mode "5-part": a seconds field would make "0 0 9 * * *" mean something else than people expect.
    job = new Cron(cron, { timezone, mode: "5-part", paused: true });
    if (cache.size >= maxCached) cache.clear();
    cache.set(key, job);
  }
  return job;
}

/** The next `count` run times strictly after `after`. */
export function nextRuns(schedule: Schedule, after: Date, count = 1): Date[] {
  return cronFor(schedule.cron, schedule.timezone).nextRuns(count, after);
}

/** The next run strictly after `after`; undefined for a pattern that never fires (Feb 31). */
export function nextRun(schedule: Schedule, after: Date): Date | undefined {
  return nextRuns(schedule, after, 1)[0];
}

/** The most recent run at or before `at` (a run exactly at `at` counts: that is when it is due). */
export function latestRunAtOrBefore(schedule: Schedule, at: Date): Date | undefined {
  // previousRuns excludes its reference; runs fall on whole minutes, so 1 ms later includes `at`.
  return cronFor(schedule.cron, schedule.timezone).previousRuns(1, new Date(at.getTime() + 1))[0];
}

/**
 * The shortest gap between consecutive runs among the first `sample` after `from`, in minutes;
 * undefined when fewer than two runs exist. Bursts ("*\/5 * 1 * *") always show as adjacent runs.
 */
export function shortestGapMinutes(schedule: Schedule, from: Date, sample = 48): number | undefined {
  const runs = nextRuns(schedule, from, sample);
  let shortest: number | undefined;
  for (let i = 1; i < runs.length; i++) {
    const gap = ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime()) / 60_000;
    if (shortest === undefined || gap < shortest) shortest = gap;
  }
  return shortest;
}
