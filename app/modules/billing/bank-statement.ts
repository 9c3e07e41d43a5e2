// Pure rules of corporate bank transfers: reading a bank-statement CSV (Chinese or English
// headers) into rows, and finding our invoices' transfer references in a payer's memo.
import { parse } from "csv-parse/sync";
import { AppError } from "~/modules/platform/errors";
import { isIsoDate } from "./finance-forms";
import { parseYuanToFen } from "./money";

export type StatementColumn = "date" | "amount" | "payer" | "reference" | "memo";

/** Header names banks and finance use for each column, compared after `normaliseHeader`. */
const HEADER_ALIASES: Record<StatementColumn, string[]> = {
  date: ["交易日期", "日期", "入账日期", "交易时间", "date", "transaction date", "received on", "value date"],
  amount: ["金额", "交易金额", "收入金额", "贷方金额", "贷方发生额", "amount", "credit", "credit amount"],
  payer: ["付款人", "付款人名称", "付款方", "对方户名", "对方账户名称", "payer", "payer name"],
  reference: ["流水号", "交易流水号", "银行流水号", "凭证号", "reference", "bank reference", "transaction id"],
  memo: ["摘要", "附言", "用途", "备注", "memo", "description", "remark", "remarks"],
};
const REQUIRED_COLUMNS: StatementColumn[] = ["date", "amount", "payer", "reference"];
export const MAX_STATEMENT_ROWS = 5000;

export interface StatementRow {
  /** The row's line in the file (the header is line 1), to point finance at it. */
  line: number;
  receivedOn: string;
  amountFen: bigint;
  payerName: string;
  bankReference: string;
  memo: string;
}

export interface InvalidStatementRow {
  line: number;
  bankReference: string;
  /** Catalogue keys (under `errors.`). */
  reasons: string[];
}

/** "金额（元）", " Amount " and "AMOUNT" all name the same column. */
function normaliseHeader(header: string) {
  return header
    .replace(/^\uFEFF/, "")
    .replace(/[（(][^)）]*[)）]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** YYYY-MM-DD from "2026-05-03", "2026/5/3", "2026.05.03", "20260503" or with a time after it; null if not a real date. */
export function normaliseStatementDate(input: string): string | null {
  const match = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(input.trim());
  if (!match) return null;
  const iso = `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

function statementAmount(input: string): bigint | null {
  return parseYuanToFen(input.trim().replace(/^\+/, "").replace(/\s*(元|CNY|RMB)$/i, ""));
}

/**
 * Reads a statement. A file whose columns cannot be found, or that is not CSV, is refused as a
 * whole (AppError); rows with a bad value are returned in `invalid` with their reasons, so the
 * caller can refuse the file without applying any of it.
 */
export function parseBankStatement(text: string, today: string): { rows: StatementRow[]; invalid: InvalidStatementRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch {
    throw new AppError("invalid", "errors.statementUnreadable");
  }
  if (records.length === 0) throw new AppError("invalid", "errors.statementEmpty");
  const headers = records[0].record.map(normaliseHeader);
  const index = {} as Record<StatementColumn, number>;
  for (const column of Object.keys(HEADER_ALIASES) as StatementColumn[]) {
    index[column] = headers.findIndex((h) => HEADER_ALIASES[column].includes(h));
  }
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) {
    const expected = missing.map((c) => `${HEADER_ALIASES[c][0]} / ${HEADER_ALIASES[c].find((a) => /^[a-z]/.test(a))}`);
    throw new AppError("invalid", "errors.statementColumns", { missing: expected.join(", "), found: headers.join(", ") || "—" });
  }
  const body = records.slice(1).filter(({ record }) => record.some((cell) => cell !== ""));
  if (body.length === 0) throw new AppError("invalid", "errors.statementEmpty");
  if (body.length > MAX_STATEMENT_ROWS) throw new AppError("invalid", "errors.statementTooLarge", { max: MAX_STATEMENT_ROWS });

  const rows: StatementRow[] = [];
  const invalid: InvalidStatementRow[] = [];
  const seen = new Set<string>();
  for (const { record, info } of body) {
    const cell = (column: StatementColumn) => (index[column] >= 0 ? (record[index[column]] ?? "") : "");
    const reasons: string[] = [];
    const receivedOn = normaliseStatementDate(cell("date"));
    if (!receivedOn) reasons.push("errors.statementDate");
    else if (receivedOn > today) reasons.push("errors.dateInFuture");
    const amountFen = statementAmount(cell("amount"));
    if (amountFen === null || amountFen <= 0n) reasons.push("errors.statementAmount");
    const payerName = cell("payer");
    if (!payerName) reasons.push("errors.statementPayer");
    else if (payerName.length > 200) reasons.push("errors.tooLong");
    const bankReference = cell("reference");
    if (!bankReference) reasons.push("errors.statementReference");
    else if (bankReference.length > 100) reasons.push("errors.tooLong");
    else if (seen.has(bankReference)) reasons.push("errors.statementDuplicateReference");
    seen.add(bankReference);
    const memo = cell("memo").slice(0, 500);
    if (reasons.length) invalid.push({ line: info.lines, bankReference, reasons });
    else rows.push({ line: info.lines, receivedOn: receivedOn!, amountFen: amountFen!, payerName, bankReference, memo });
  }
  return { rows, invalid };
}

// The alphabet of `transferReference()` in invoices.server.ts: no 0/O, 1/I/L.
const REFERENCE_PATTERN = /(?<![0-9A-Z])HP[\s_-]*([2-9A-HJKMNP-Z]{4})[\s_-]*([2-9A-HJKMNP-Z]{4})(?![0-9A-Z])/g;

/**
 * The invoice transfer references (HP-7K2Q-M9XD) in a memo, canonical and in the order they
 * appear. Banks and payers drop the dashes, add spaces or lower-case it; all of those match.
 */
export function findTransferReferences(memo: string): string[] {
  const found: string[] = [];
  for (const match of memo.toUpperCase().matchAll(REFERENCE_PATTERN)) {
    const reference = `HP-${match[1]}-${match[2]}`;
    if (!found.includes(reference)) found.push(reference);
  }
  return found;
}

/** A statement file's text: UTF-8 (with or without BOM), else GB18030 — what Chinese banks' exports use. */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}
