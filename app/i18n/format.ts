// Formatting for people in Shanghai: CNY from integer fen without floating point, dates and times
// in Asia/Shanghai whatever the server's or browser's zone.
export const PARK_TIME_ZONE = "Asia/Shanghai";

/** The ways a date or time is written here; each formatter is made once per language and kind. */
const DATE_TIME_KINDS = {
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  date: { dateStyle: "medium" },
  month: { year: "numeric", month: "short" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** Making an Intl.DateTimeFormat costs far more than using one, and a list formats a date per row: one per language and kind (keyed without serialising options on every call). */
function dateTimeFormat(language: string, kind: keyof typeof DATE_TIME_KINDS) {
  const key = `${language}\u0000${kind}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", { timeZone: PARK_TIME_ZONE, ...DATE_TIME_KINDS[kind] });
    dateTimeFormats.set(key, format);
  }
  return format;
}

export function formatDateTime(value: Date | string | null | undefined, language: string) {
  if (!value) return "";
  return dateTimeFormat(language, "dateTime").format(new Date(value));
}

export function formatDate(value: Date | string | null | undefined, language: string) {
  if (!value) return "";
  return dateTimeFormat(language, "date").format(new Date(value));
}

/** A month ("2026-11", or any day of it) as "Nov 2026" / "2026年11月"; the 15th at noon, so no zone moves it. */
export function formatMonth(month: string, language: string) {
  return dateTimeFormat(language, "month").format(new Date(`${month.slice(0, 7)}-15T12:00:00+08:00`));
}

/** "12345" fen → "¥123.45". Accepts bigint, integer number or digit string; never divides a float. */
export function formatCny(fen: bigint | number | string, language: string) {
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const decimal = `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  // Intl formats a decimal string exactly (no conversion to a double).
  return cnyFormat(language).format(decimal as unknown as number);
}

/** One formatter per language: making an Intl.NumberFormat is far dearer than using it, and a page formats hundreds of amounts. */
const cnyFormats = new Map<string, Intl.NumberFormat>();
function cnyFormat(language: string) {
  const locale = language === "en" ? "en-US" : "zh-CN";
  let format = cnyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" });
    cnyFormats.set(locale, format);
  }
  return format;
}

/** Hours and minutes in park time ("14:05"), as a door list shows them. */
export function formatTime(value: Date | string | null | undefined, language: string) {
  if (!value) return "";
  return dateTimeFormat(language, "time").format(new Date(value));
}
