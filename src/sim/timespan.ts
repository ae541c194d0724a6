// The Logs API `timespan`: an ISO-8601 duration ("P1D", "PT1H") or an interval "start/end",
// "start/duration", "duration/end" (azure-api.md §9.1).

export interface TimeWindow {
  start: Date;
  end: Date;
}

const durationPattern = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds in an ISO-8601 duration, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = durationPattern.exec(text.trim());
  if (!m || text.trim() === "P" || text.trim().endsWith("T")) return undefined;
  const [, w, d, h, min, s] = m;
  return ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
}

/** The window a timespan selects, relative to `now`; undefined when it is not valid. */
export function parseTimespan(text: string, now: Date): TimeWindow | undefined {
  const parts = text.split("/");
  if (parts.length === 1) {
    const ms = parseDuration(parts[0]!);
    return ms === undefined ? undefined : { start: new Date(now.getTime() - ms), end: now };
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  const startDate = Date.parse(a);
  const endDate = Date.parse(b);
  if (!Number.isNaN(startDate) && !Number.isNaN(endDate)) return { start: new Date(startDate), end: new Date(endDate) };
  if (!Number.isNaN(startDate)) {
    const ms = parseDuration(b);
    return ms === undefined ? undefined : { start: new Date(startDate), end: new Date(startDate + ms) };
  }
  const ms = parseDuration(a);
  if (ms === undefined || Number.isNaN(endDate)) return undefined;
  return { start: new Date(endDate - ms), end: new Date(endDate) };
}
