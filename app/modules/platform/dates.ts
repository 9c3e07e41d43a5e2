// Park dates: the calendar of Asia/Shanghai (UTC+8, no daylight saving), as YYYY-MM-DD strings.
// Pure, so pages, modules and tests share one implementation: one helper per idea.
const PARK_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARK_LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** The park date of an instant ("today in Shanghai" by default). */
export function parkDate(at = new Date()): string {
  return new Date(at.getTime() + PARK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a park date starts (00:00 in Shanghai). */
export function parkMidnight(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - PARK_OFFSET_MS);
}

/** The instant right after a park date ends: the next day's 00:00 in Shanghai. */
export function parkDayEnd(isoDate: string): Date {
  return parkMidnight(addDaysIso(isoDate, 1));
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDaysIso(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one park date to another (negative when `to` is earlier). */
export function daysFromTo(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / DAY_MS);
}

/** Whole days (24 h) elapsed from one instant to another, rounded down, never negative: how old a case is. */
export function wholeDaysSince(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/** The first day of the month `offset` months away from the month of a date: ("2027-01-31", 1) → "2027-02-01". */
export function monthStart(isoDate: string, offset = 0): string {
  const [year, month] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1 + offset, 1)).toISOString().slice(0, 10);
}

/** The last `count` months up to the month of `isoDate`, oldest first, written YYYY-MM. */
export function lastMonths(count: number, isoDate: string): string[] {
  return Array.from({ length: count }, (_, i) => monthStart(isoDate, i - (count - 1)).slice(0, 7));
}

/** Minutes after park midnight of an instant. */
export function parkMinuteOfDay(at: Date): number {
  const shifted = new Date(at.getTime() + PARK_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** The instant a park date and wall-clock time ("HH:MM") stand for; "24:00" is the next midnight. */
export function parkInstant(isoDate: string, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return new Date(parkMidnight(isoDate).getTime() + (hours * 60 + minutes) * 60_000);
}

/** "2026-12-18T09:30" as typed into a datetime-local field, in park time → the instant; null when it is no real date and time. */
export function parkLocalToInstant(value: string): Date | null {
  const match = PARK_LOCAL.exec(value);
  if (!match || !isIsoDate(match[1]) || Number(match[2]) > 23 || Number(match[3]) > 59) return null;
  return parkInstant(match[1], `${match[2]}:${match[3]}`);
}

/** An instant as the park date and time a person reads: { date: "2026-12-18", time: "09:30" }. */
export function parkDayAndTime(at: Date): { date: string; time: string } {
  const shifted = new Date(at.getTime() + PARK_OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}
