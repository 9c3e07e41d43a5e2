// Pure rules of money in CNY: integers of fen, never floats.
import { daysFromTo } from "~/modules/platform/dates";

/** VAT on a net amount, rounded half up to the fen: (subtotal × rate + 5000) ÷ 10000 in integers. */
export function vatFen(subtotalFen: bigint, vatRateBp: number): bigint {
  if (subtotalFen < 0n) throw new RangeError("subtotal must not be negative");
  return (subtotalFen * BigInt(vatRateBp) + 5000n) / 10000n;
}

export interface LineInput {
  descriptionZh: string;
  descriptionEn: string;
  quantity: number;
  /** What the quantity counts ("30 人 × 3 天" / "30 people × 3 days"), when a bare number would mislead. */
  quantityLabel?: { zh: string; en: string };
  unitPriceFen: bigint;
}

export function invoiceTotals(lines: LineInput[], vatRateBp: number) {
  const subtotalFen = lines.reduce((sum, l) => sum + BigInt(l.quantity) * l.unitPriceFen, 0n);
  const vat = vatFen(subtotalFen, vatRateBp);
  return { subtotalFen, vatFen: vat, totalFen: subtotalFen + vat };
}

export function invoiceNumber(year: number, sequence: number) {
  return `HP-${year}-${String(sequence).padStart(6, "0")}`;
}

/**
 * The largest amount a person may type for one price, line or payment: ¥100,000,000.00. Far above
 * anything a park bills, and low enough that a line's quantity times its price, and an invoice's
 * total, stay far inside PostgreSQL's bigint (a typed ¥9,999,999,999,999 × 1,000,000 overflowed it: a 500).
 */
export const MAX_TYPED_FEN = 10_000_000_000n;
/** The largest invoice total (VAT included): ten typed maxima. */
export const MAX_INVOICE_TOTAL_FEN = 10n * MAX_TYPED_FEN;

function parseYuan(input: string): bigint | null {
  const cleaned = input.trim().replace(/^[¥￥]/, "").replace(/,/g, "");
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/**
 * Parses "1,234.56" / "1234.5" / "¥1234" yuan into fen exactly; null when it is not an amount or
 * is above MAX_TYPED_FEN.
 */
export function parseYuanToFen(input: string): bigint | null {
  const fen = parseYuan(input);
  return fen !== null && fen <= MAX_TYPED_FEN ? fen : null;
}

/** What is wrong with a typed amount, as a catalogue key; null when it is a valid amount. */
export function yuanProblem(input: string): "errors.amountFormat" | "errors.amountTooLarge" | null {
  const fen = parseYuan(input);
  if (fen === null) return "errors.amountFormat";
  return fen > MAX_TYPED_FEN ? "errors.amountTooLarge" : null;
}

/** Fen as a plain decimal yuan string for CSV and inputs: 123456n → "1234.56". */
export function fenToYuanString(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** An amount as people read it in a sentence, with thousands separated: 311234n → "3,112.34" (put ¥ before it). */
export function fenToGroupedYuan(fen: bigint): string {
  const plain = fenToYuanString(fen);
  const [whole, cents] = plain.split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${cents}`;
}

export type AgeingBucket = "current" | "1-30" | "31-60" | "61-90" | "90+";

/** How overdue an open invoice is, from its due date and today's park date (both YYYY-MM-DD). */
export function ageingBucket(dueOn: string, today: string): AgeingBucket {
  const days = daysFromTo(dueOn, today);
  if (days <= 0) return "current";
  if (days <= 30) return "1-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

/**
 * An invoice is overdue when it is still open and its due date has passed (park time): the one
 * rule the invoice list, the invoice, 工作台 and finance's ageing all read.
 */
export function isOverdue(invoice: { status: string; dueOn: string | null }, today: string) {
  return invoice.status === "open" && invoice.dueOn !== null && ageingBucket(invoice.dueOn, today) !== "current";
}

/** The status a person reads: 已逾期 for an open invoice past its due date, else its own status. */
export function shownStatus(invoice: { status: string; dueOn: string | null }, today: string) {
  return isOverdue(invoice, today) ? "overdue" : invoice.status;
}

/** Invoice states and the transitions between them, in one place. */
export const invoiceTransitions = {
  draft: ["open", "void"],
  open: ["paid", "void"],
  paid: [],
  void: [],
} as const satisfies Record<string, readonly string[]>;
export type InvoiceStatus = keyof typeof invoiceTransitions;

export function canTransition(from: InvoiceStatus, to: InvoiceStatus) {
  return (invoiceTransitions[from] as readonly string[]).includes(to);
}
