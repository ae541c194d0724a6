import { describe, expect, it } from "vitest";
import { latestRunAtOrBefore, nextRun, nextRuns } from "../../src/schedule/next-runs.js";
import type { Schedule } from "../../src/schedule/schedule.js";

const schedule = (cron: string, timezone: string): Schedule => ({ cron, timezone, description: { key: "schedule.describe.cron", params: { cron } } });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("next runs", () => {
  it("when weekdays 09:00 Tokyo is asked on a Friday evening, then the next runs skip the weekend, at 00:00 UTC", () => {
    // Friday 2026-03-06 12:00 UTC = 21:00 JST.
    const runs = nextRuns(schedule("0 9 * * 1-5", "Asia/Tokyo"), new Date("2026-03-06T12:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2026-03-09T00:00:00.000Z", "2026-03-10T00:00:00.000Z", "2026-03-11T00:00:00.000Z"]);
  });

  it("when the same wall-clock time is in two zones, then the instants differ by the offset", () => {
    const from = new Date("2026-06-01T00:00:00Z");
    expect(nextRun(schedule("0 9 * * *", "UTC"), from)?.toISOString()).toBe("2026-06-01T09:00:00.000Z");
    expect(nextRun(schedule("0 9 * * *", "Europe/Berlin"), from)?.toISOString()).toBe("2026-06-01T07:00:00.000Z");
    expect(nextRun(schedule("0 9 * * *", "America/New_York"), from)?.toISOString()).toBe("2026-06-01T13:00:00.000Z");
    expect(nextRun(schedule("30 9 * * *", "Asia/Kolkata"), from)?.toISOString()).toBe("2026-06-01T04:00:00.000Z");
  });

  it("when daylight saving starts, then 09:00 New York moves from 14:00 to 13:00 UTC", () => {
    // DST starts in the US on 2026-03-08.
    const runs = nextRuns(schedule("0 9 * * *", "America/New_York"), new Date("2026-03-06T15:00:00Z"), 3);
    expect(iso(runs)).toEqual(["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-09T13:00:00.000Z"]);
  });

  it("when the time falls into the spring-forward gap, then it runs once, at the first valid minute", () => {
    const runs = nextRuns(schedule("30 2 * * *", "America/New_York"), new Date("2026-03-07T12:00:00Z"), 2);
    // 02:30 does not exist on 2026-03-08: 03:00 EDT = 07:00 UTC.
    expect(iso(runs)).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("when the latest run is asked exactly at a run time, then that run counts", () => {
    const weekdays = schedule("0 9 * * 1-5", "Asia/Tokyo");
    expect(latestRunAtOrBefore(weekdays, new Date("2026-03-09T00:00:00Z"))?.toISOString()).toBe("2026-03-09T00:00:00.000Z");
    expect(latestRunAtOrBefore(weekdays, new Date("2026-03-08T23:59:59Z"))?.toISOString()).toBe("2026-03-06T00:00:00.000Z");
  });

  it("when asked after the time, then the run is the next one strictly after", () => {
    const daily = schedule("0 9 * * *", "UTC");
    expect(nextRun(daily, new Date("2026-03-09T09:00:00Z"))?.toISOString()).toBe("2026-03-10T09:00:00.000Z");
  });

  it("when a pattern can never fire, then there is no next run", () => {
    expect(nextRun(schedule("0 9 31 2 *", "UTC"), new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
  });
});
