import { describe, expect, it } from "vitest";
import { parseSchedule, parseTimeOfDay } from "../../src/schedule/parse-schedule.js";

const words = (text: string) => text.split(" ").filter(Boolean);

describe("parseSchedule", () => {
  const valid: Array<[string, string, string, string[], string]> = [
    // input, cron, time zone, rest, description key
    ["daily 09:00", "0 9 * * *", "UTC", [], "daily"],
    ["daily at 9:05", "5 9 * * *", "UTC", [], "daily"],
    ["every day 7:15", "15 7 * * *", "UTC", [], "daily"],
    ["weekdays 09:00 Asia/Tokyo rg-prod", "0 9 * * 1-5", "Asia/Tokyo", ["rg-prod"], "weekdays"],
    ["weekends 10:00 Europe/Berlin", "0 10 * * 0,6", "Europe/Berlin", [], "weekends"],
    ["mon 08:30", "30 8 * * 1", "UTC", [], "days"],
    ["Monday 08:30", "30 8 * * 1", "UTC", [], "days"],
    ["mon,thu 08:30", "30 8 * * 1,4", "UTC", [], "days"],
    ["mon, thu 08:30 UTC all", "30 8 * * 1,4", "UTC", ["all"], "days"],
    ["thu,mon 08:30", "30 8 * * 1,4", "UTC", [], "days"],
    ["mon-fri 9am", "0 9 * * 1-5", "UTC", [], "weekdays"],
    ["fri-mon 6pm", "0 18 * * 0,1,5,6", "UTC", [], "days"],
    ["every monday at 8:30", "30 8 * * 1", "UTC", [], "days"],
    ["09:00 weekdays", "0 9 * * 1-5", "UTC", [], "weekdays"],
    ["daily 9:00 america/new_york sub:00000000-0000-4000-8000-000000000001", "0 9 * * *", "America/New_York", ["sub:00000000-0000-4000-8000-000000000001"], "daily"],
    ["daily 09:00 JST", "0 9 * * *", "Asia/Tokyo", [], "daily"],
    ["毎日 09:00", "0 9 * * *", "UTC", [], "daily"],
    ["毎日9時", "0 9 * * *", "UTC", [], "daily"],
    ["平日 9時 Asia/Tokyo rg-prod", "0 9 * * 1-5", "Asia/Tokyo", ["rg-prod"], "weekdays"],
    ["平日9:00 日本時間", "0 9 * * 1-5", "Asia/Tokyo", [], "weekdays"],
    ["週末 10:00", "0 10 * * 0,6", "UTC", [], "weekends"],
    ["土日 10:00", "0 10 * * 0,6", "UTC", [], "weekends"],
    ["月曜 8:30", "30 8 * * 1", "UTC", [], "days"],
    ["月曜日 8:30", "30 8 * * 1", "UTC", [], "days"],
    ["月 08:30", "30 8 * * 1", "UTC", [], "days"],
    ["月,木 08:30", "30 8 * * 1,4", "UTC", [], "days"],
    ["月・木 8時30分", "30 8 * * 1,4", "UTC", [], "days"],
    ["月水金 9時半", "30 9 * * 1,3,5", "UTC", [], "days"],
    ["毎週月曜8:30", "30 8 * * 1", "UTC", [], "days"],
    ["月-金 午後3時", "0 15 * * 1-5", "UTC", [], "weekdays"],
    ["0 9 * * 1-5", "0 9 * * 1-5", "UTC", [], "cron"],
    ["0 9 * * MON-FRI Asia/Tokyo rg-prod", "0 9 * * MON-FRI", "Asia/Tokyo", ["rg-prod"], "cron"],
    ['"30 8 * * 1,4" Europe/London', "30 8 * * 1,4", "Europe/London", [], "cron"],
    ["0 * * * *", "0 * * * *", "UTC", [], "cron"],
  ];

  it.each(valid)("when the schedule is %j, then the cron is %j in %s", (input, cron, timezone, rest, kind) => {
    const parsed = parseSchedule(words(input));
    expect(parsed).toMatchObject({ ok: true, args: { schedule: { cron, timezone, description: { key: `schedule.describe.${kind}` } }, rest } });
  });

  it("when days are listed, then the description keeps them as day codes for either language", () => {
    const parsed = parseSchedule(words("月,木 08:30"));
    expect(parsed.ok && parsed.args.schedule.description.params).toEqual({ days: "mon,thu", time: "08:30" });
  });

  const invalid: Array<[string, string, string[] | undefined]> = [
    // input, error key, suggestions (undefined: none)
    ["", "schedule.parse.missingSchedule", ["weekdays 09:00", "daily 09:00 UTC"]],
    ["daily", "schedule.parse.missingTime", ["daily 09:00"]],
    ["平日 rg-prod", "schedule.parse.missingTime", ["平日 09:00 rg-prod"]],
    ["dialy 09:00 rg-prod", "schedule.parse.unknownPhrase", ["daily 09:00 rg-prod"]],
    ["rg-prod", "schedule.parse.unknownPhrase", ["weekdays 09:00 rg-prod"]],
    ["09:00", "schedule.parse.missingDays", ["daily 09:00", "weekdays 09:00"]],
    ["daily 25:00", "schedule.parse.badTime", undefined],
    ["daily 9:60", "schedule.parse.badTime", undefined],
    ["平日 25時", "schedule.parse.badTime", undefined],
    ["mon,thx 09:00", "schedule.parse.badDay", undefined],
    ["月,火曜X 09:00", "schedule.parse.badDay", undefined],
    ["0 9 * *", "schedule.parse.cronFields", undefined],
    ["0 0 9 * * *", "schedule.parse.cronFields", undefined],
    ["61 9 * * *", "schedule.parse.badCron", undefined],
    ["0 9 * * funday", "schedule.parse.badCron", undefined],
    ["0 9 31 2 *", "schedule.parse.neverRuns", undefined],
    ["*/5 * * * *", "schedule.parse.tooFrequent", undefined],
    ["0,30 9 * * *", "schedule.parse.tooFrequent", undefined],
  ];

  it.each(invalid)("when the schedule is %j, then the usage error is %s", (input, key, suggestions) => {
    const parsed = parseSchedule(words(input));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.key).toBe(key);
    expect(parsed.error.suggestions).toEqual(suggestions);
  });

  it("when the time zone has a typo, then the error suggests the corrected command with the closest zone first", () => {
    const parsed = parseSchedule(words("weekdays 09:00 Asia/Tokio rg-prod"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ key: "schedule.parse.badTimeZone", params: { value: "Asia/Tokio" } });
    expect(parsed.error.suggestions?.[0]).toBe("weekdays 09:00 Asia/Tokyo rg-prod");
  });

  it("when a scope follows without a time zone, then UTC is used and the scope is left for the caller", () => {
    expect(parseSchedule(words("daily 09:00 rg-prod/vm-1"))).toMatchObject({ ok: true, args: { schedule: { timezone: "UTC" }, rest: ["rg-prod/vm-1"] } });
  });

  it("when too frequent, then the error says the interval and the limit", () => {
    const parsed = parseSchedule(words("*/20 * * * *"));
    expect(parsed).toMatchObject({ ok: false, error: { params: { minutes: 20, limit: 60 } } });
  });
});

describe("parseTimeOfDay", () => {
  it.each([
    ["09:00", 9, 0],
    ["9:05", 9, 5],
    ["23:59", 23, 59],
    ["12am", 0, 0],
    ["12pm", 12, 0],
    ["9:30pm", 21, 30],
    ["9時", 9, 0],
    ["9時15分", 9, 15],
    ["9時半", 9, 30],
    ["午前9時", 9, 0],
    ["午後3時", 15, 0],
    ["9時に", 9, 0],
  ])("when the time is %j, then it is %i:%i", (text, hour, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute });
  });

  it.each(["24:00", "9", "13pm", "0am", "午後13時", "9:5", "nine"])("when the time is %j, then it is not a time", (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});
