// The park calendar (Asia/Shanghai, UTC+8, no daylight saving) as tables: every module that needs
// a park date, a month or a park time reads it from platform/dates.
import { describe, expect, it } from "vitest";
import {
  addDaysIso,
  daysFromTo,
  isIsoDate,
  lastMonths,
  monthStart,
  parkDate,
  parkDayAndTime,
  parkDayEnd,
  parkInstant,
  parkLocalToInstant,
  parkMidnight,
  parkMinuteOfDay,
  wholeDaysSince,
} from "~/modules/platform/dates";

const at = (iso: string) => new Date(iso);

describe("the park date of an instant changes at 16:00 UTC", () => {
  it.each([
    { instant: "2026-12-07T15:59:59.999Z", date: "2026-12-07" },
    { instant: "2026-12-07T16:00:00.000Z", date: "2026-12-08" },
    { instant: "2026-12-31T16:00:00.000Z", date: "2027-01-01" },
    { instant: "2028-02-28T16:30:00.000Z", date: "2028-02-29" },
  ])("$instant is $date in Shanghai", ({ instant, date }) => {
    expect(parkDate(at(instant))).toBe(date);
  });

  it.each([
    { date: "2026-12-08", midnight: "2026-12-07T16:00:00.000Z", end: "2026-12-08T16:00:00.000Z" },
    { date: "2027-01-01", midnight: "2026-12-31T16:00:00.000Z", end: "2027-01-01T16:00:00.000Z" },
  ])("$date starts at $midnight and ends at $end", ({ date, midnight, end }) => {
    expect(parkMidnight(date).toISOString()).toBe(midnight);
    expect(parkDayEnd(date).toISOString()).toBe(end);
    expect(parkDate(parkMidnight(date))).toBe(date);
    expect(parkDate(new Date(parkDayEnd(date).getTime() - 1))).toBe(date);
  });

  it.each([
    { instant: "2026-12-07T16:00:00Z", minute: 0 },
    { instant: "2026-12-08T01:30:00Z", minute: 9 * 60 + 30 },
    { instant: "2026-12-08T15:59:00Z", minute: 23 * 60 + 59 },
  ])("$instant is minute $minute of its park day", ({ instant, minute }) => {
    expect(parkMinuteOfDay(at(instant))).toBe(minute);
  });
});

describe("a real calendar date written YYYY-MM-DD", () => {
  it.each([
    { value: "2026-12-07", real: true },
    { value: "2028-02-29", real: true }, // leap year
    { value: "2026-02-29", real: false },
    { value: "2026-02-30", real: false }, // Date.parse alone rolls this over to 2 March
    { value: "2026-04-31", real: false },
    { value: "2026-13-01", real: false }, // an invalid Date: toISOString would throw
    { value: "2026-00-10", real: false },
    { value: "2026-1-5", real: false },
    { value: "2026-12-07T00:00", real: false },
    { value: " 2026-12-07", real: false },
    { value: "", real: false },
  ])("'$value' → $real", ({ value, real }) => {
    expect(isIsoDate(value)).toBe(real);
  });
});

describe("counting park days", () => {
  it.each([
    { date: "2026-12-07", days: 0, result: "2026-12-07" },
    { date: "2026-12-31", days: 1, result: "2027-01-01" },
    { date: "2028-02-28", days: 1, result: "2028-02-29" },
    { date: "2027-02-28", days: 1, result: "2027-03-01" },
    { date: "2026-03-01", days: -1, result: "2026-02-28" },
    { date: "2026-12-07", days: 90, result: "2027-03-07" },
  ])("$date + $days days = $result", ({ date, days, result }) => {
    expect(addDaysIso(date, days)).toBe(result);
    expect(daysFromTo(date, result)).toBe(days);
  });

  it.each([
    { from: "2026-12-07T10:00:00+08:00", to: "2026-12-07T10:00:00+08:00", days: 0 },
    { from: "2026-12-07T10:00:00+08:00", to: "2026-12-08T09:59:59+08:00", days: 0 },
    { from: "2026-12-07T10:00:00+08:00", to: "2026-12-08T10:00:00+08:00", days: 1 },
    { from: "2026-12-07T10:00:00+08:00", to: "2026-12-17T10:00:00+08:00", days: 10 },
    { from: "2026-12-08T10:00:00+08:00", to: "2026-12-07T10:00:00+08:00", days: 0 }, // never negative
  ])("$from → $to: $days whole days", ({ from, to, days }) => {
    expect(wholeDaysSince(at(from), at(to))).toBe(days);
  });
});

describe("months", () => {
  it.each([
    { date: "2027-02-17", offset: 0, start: "2027-02-01" },
    { date: "2027-02-01", offset: 1, start: "2027-03-01" },
    { date: "2027-01-31", offset: 1, start: "2027-02-01" }, // never 3 March
    { date: "2026-12-15", offset: 1, start: "2027-01-01" },
    { date: "2027-01-01", offset: -1, start: "2026-12-01" },
    { date: "2026-12-07", offset: -11, start: "2026-01-01" },
    { date: "2026-12-07", offset: -12, start: "2025-12-01" },
  ])("$offset month(s) from the month of $date starts $start", ({ date, offset, start }) => {
    expect(monthStart(date, offset)).toBe(start);
  });

  it.each([
    { count: 1, date: "2026-12-07", months: ["2026-12"] },
    { count: 3, date: "2027-01-31", months: ["2026-11", "2026-12", "2027-01"] },
    { count: 12, date: "2026-12-07", months: ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"] },
  ])("the last $count month(s) up to $date", ({ count, date, months }) => {
    expect(lastMonths(count, date)).toEqual(months);
  });
});

describe("park wall-clock times", () => {
  it.each([
    { date: "2026-12-08", time: "00:00", instant: "2026-12-07T16:00:00.000Z" },
    { date: "2026-12-08", time: "09:30", instant: "2026-12-08T01:30:00.000Z" },
    { date: "2026-12-08", time: "23:59", instant: "2026-12-08T15:59:00.000Z" },
    { date: "2026-12-08", time: "24:00", instant: "2026-12-08T16:00:00.000Z" }, // the next midnight
  ])("$date $time is $instant", ({ date, time, instant }) => {
    expect(parkInstant(date, time).toISOString()).toBe(instant);
  });

  it.each([
    { value: "2026-12-18T09:30", instant: "2026-12-18T01:30:00.000Z" },
    { value: "2026-12-18T00:00", instant: "2026-12-17T16:00:00.000Z" },
    { value: "2026-12-18T23:59", instant: "2026-12-18T15:59:00.000Z" },
    { value: "2026-12-18T24:00", instant: null },
    { value: "2026-12-18T09:60", instant: null },
    { value: "2026-02-30T09:30", instant: null },
    { value: "2026-12-18 09:30", instant: null },
    { value: "2026-12-18T9:30", instant: null },
    { value: "", instant: null },
  ])("a datetime-local '$value' → $instant", ({ value, instant }) => {
    expect(parkLocalToInstant(value)?.toISOString() ?? null).toBe(instant);
  });

  it.each([
    { instant: "2026-12-18T01:30:00Z", date: "2026-12-18", time: "09:30" },
    { instant: "2026-12-17T16:00:00Z", date: "2026-12-18", time: "00:00" },
    { instant: "2026-12-17T15:59:59Z", date: "2026-12-17", time: "23:59" },
  ])("$instant reads $date $time", ({ instant, date, time }) => {
    expect(parkDayAndTime(at(instant))).toEqual({ date, time });
    expect(parkLocalToInstant(`${date}T${time}`)?.getTime()).toBe(Math.floor(at(instant).getTime() / 60_000) * 60_000);
  });
});
