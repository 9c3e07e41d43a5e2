// Park dates: the calendar of Asia/Shanghai (UTC+8, no daylight saving), as YYYY-MM-DD strings.
// Pure, so pages, modules and tests share one implementation.
const PARK_OFFSET_MS = 8 * 3_600_000;

/** The park date of an instant. */
export function parkDate(at = new Date()): string {
  return new Date(at.getTime() + PARK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a park date starts (00:00 in Shanghai). */
export function parkMidnight(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - PARK_OFFSET_MS);
}

export function addDaysIso(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Minutes after park midnight of an instant. */
export function parkMinuteOfDay(at: Date): number {
  const shifted = new Date(at.getTime() + PARK_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** Whole days from one park date to another (negative when `to` is earlier). */
export function daysFromTo(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}
