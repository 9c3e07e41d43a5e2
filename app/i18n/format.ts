// Formatting for people in Shanghai: CNY from integer fen without floating point, dates and times
// in Asia/Shanghai whatever the server's or browser's zone.
export const PARK_TIME_ZONE = "Asia/Shanghai";

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions) {
  const key = language + JSON.stringify(options);
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", { timeZone: PARK_TIME_ZONE, ...options });
    dateTimeFormats.set(key, format);
  }
  return format;
}

export function formatDateTime(value: Date | string | null | undefined, language: string) {
  if (!value) return "";
  return dateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function formatDate(value: Date | string | null | undefined, language: string) {
  if (!value) return "";
  return dateTimeFormat(language, { dateStyle: "medium" }).format(new Date(value));
}

/** A month ("2026-11", or any day of it) as "Nov 2026" / "2026年11月"; the 15th at noon, so no zone moves it. */
export function formatMonth(month: string, language: string) {
  return dateTimeFormat(language, { year: "numeric", month: "short" }).format(new Date(`${month.slice(0, 7)}-15T12:00:00+08:00`));
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
  return dateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(value));
}
