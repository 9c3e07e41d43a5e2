// Showing credits and usage to people, in the page and in CSV files alike: statement lines as
// plain JSON (bigints as digit strings), their descriptions, GPU-hours and token counts. Integer
// arithmetic throughout; `creditsForChart` is the one place a number of credits becomes a float,
// and only for drawing.
import { formatDate, formatDateTime } from "~/i18n/format";
import type { StatementLine } from "./statements.server";
import { formatCredits } from "./units";

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A credit pack as a page shows it: its names, and its credits, bonus and price as digit strings. */
export function packFigures(pack: { id: string; nameZh: string; nameEn: string; creditsMilli: bigint; bonusMilli: bigint; priceFen: bigint }) {
  return {
    id: pack.id,
    nameZh: pack.nameZh,
    nameEn: pack.nameEn,
    creditsMilli: String(pack.creditsMilli),
    bonusMilli: String(pack.bonusMilli),
    priceFen: String(pack.priceFen),
  };
}

/** Milli-credits as a plain decimal without grouping, for CSV and inputs: 1234500n → "1234.5". */
export function creditsPlain(milli: bigint | string): string {
  return formatCredits(milli).replace(/,/g, "");
}

/** A signed change: "+1,000", "-12.5", "0". */
export function signedCredits(milli: bigint | string): string {
  const value = BigInt(milli);
  return value > 0n ? `+${formatCredits(value)}` : formatCredits(value);
}

/** For charts only: milli-credits as a number of credits. */
export function creditsForChart(milli: bigint | string): number {
  return Number(BigInt(milli)) / 1000;
}

/** GPU-seconds as GPU-hours to one decimal, rounded half up: 5400n → "1.5", 7200n → "2". */
export function gpuHours(seconds: bigint | string): string {
  const tenths = (BigInt(seconds) * 10n + 1800n) / 3600n;
  const whole = (tenths / 10n).toLocaleString("en-US");
  return tenths % 10n === 0n ? whole : `${whole}.${tenths % 10n}`;
}

/** A usage period in Shanghai time: "2026/11/22 09:00–21:00" within a day, both ends in full otherwise. */
function usagePeriod(fromIso: string, toIso: string, language: string): string {
  const day = (iso: string) => formatDate(iso, language);
  const time = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  return day(fromIso) === day(toIso) ? `${day(fromIso)} ${time(fromIso)}–${time(toIso)}` : `${formatDateTime(fromIso, language)} – ${formatDateTime(toIso, language)}`;
}

/** A token count with grouping: 1234567n → "1,234,567". */
export function tokenCount(tokens: bigint | string): string {
  return BigInt(tokens).toLocaleString("en-US");
}

/** A statement line as loaders send it. */
export interface StatementRow {
  key: string;
  kind: string;
  reference: string;
  at: string;
  changeMilli: string;
  capturedMilli: string;
  balanceMilli: string;
  detail:
    | { type: "purchase"; packNameZh: string; packNameEn: string; invoiceId: string | null }
    | { type: "grant"; category: string; reason: string }
    | { type: "usage"; events: number; from: string; to: string; gpuSeconds: string; tokens: string }
    | { type: "hold"; holdId: string; description: string; status: string; projectCode: string | null }
    | { type: "other" };
}

export function toStatementRow(line: StatementLine): StatementRow {
  const d = line.detail;
  return {
    key: line.key,
    kind: line.kind,
    reference: line.reference,
    at: line.at.toISOString(),
    changeMilli: String(line.changeMilli),
    capturedMilli: String(line.capturedMilli),
    balanceMilli: String(line.balanceMilli),
    detail:
      d.type === "usage"
        ? { ...d, from: d.from.toISOString(), to: d.to.toISOString(), gpuSeconds: String(d.gpuSeconds), tokens: String(d.tokens) }
        : d,
  };
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * A reason staff typed, for a reader of `language`. Reasons are written "中文 · English" where both
 * are given (入驻欢迎算力点 · Welcome credits); an English reader gets the parts without Chinese
 * in them, and nothing (the category alone) when every part is Chinese. Chinese readers get it whole.
 */
export function reasonInLanguage(reason: string, language: string): string {
  if (language !== "en") return reason;
  return reason
    .split(" · ")
    .filter((part) => !HAN.test(part))
    .join(" · ")
    .trim();
}

/** One line of text saying what a statement line was, in the reader's language. */
export function describeStatementRow(row: StatementRow, t: Translate, language: string): string {
  const d = row.detail;
  switch (d.type) {
    case "purchase":
      return t("compute.statement.describe.pack", { pack: language === "en" ? d.packNameEn : d.packNameZh });
    case "grant": {
      const category = t(`compute.grantCategories.${d.category}`);
      const reason = reasonInLanguage(d.reason ?? "", language);
      return reason && reason !== category ? t("compute.statement.describe.grant", { category, reason }) : category;
    }
    case "usage": {
      const parts = [t("compute.statement.describe.events", { count: d.events })];
      if (BigInt(d.gpuSeconds) > 0n) parts.push(t("compute.statement.describe.gpuHours", { hours: gpuHours(d.gpuSeconds) }));
      if (BigInt(d.tokens) > 0n) parts.push(t("compute.statement.describe.tokens", { tokens: tokenCount(d.tokens) }));
      parts.push(usagePeriod(d.from, d.to, language));
      return parts.join(" · ");
    }
    case "hold": {
      const parts = [t("compute.statement.describe.hold", { id: d.holdId })];
      if (d.projectCode) parts.push(t("compute.statement.describe.project", { code: d.projectCode }));
      const description = reasonInLanguage(d.description, language);
      if (description) parts.push(description);
      if (row.kind === "capture") parts.push(t("compute.statement.describe.captured", { amount: formatCredits(row.capturedMilli) }));
      return parts.join(" · ");
    }
    default:
      return row.reference;
  }
}

/** Credits expiring at an instant are usable through the moment before it: the day to show. */
export function lastUsableInstant(expiresAt: string): string {
  return new Date(new Date(expiresAt).getTime() - 1).toISOString();
}
