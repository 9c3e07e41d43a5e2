// Pure rules of corporate bank transfers: reading a bank statement — as Chinese banks' corporate
// accounts export it (title and account lines above the table, 合计 below it, separate 收入/支出 or
// 借方/贷方 columns, 摘要 and 附言 both) or as a hand-made CSV — into incoming rows, and finding our
// invoices' references in a payer's memo.
import { parse } from "csv-parse/sync";
import { AppError } from "~/modules/platform/errors";
import { isIsoDate } from "~/modules/platform/dates";
import { MAX_STATEMENT_ROWS } from "./finance-forms";
import { parseYuanToFen } from "./money";

type StatementColumn = "date" | "credit" | "debit" | "amount" | "direction" | "payer" | "reference" | "memo";

/**
 * Header names banks and finance use for each column, compared after `normaliseHeader`, best
 * first: when a statement has two date columns (招行: 交易日 and 交易时间), the earlier name wins.
 * 贷方 is money into the park's account, 借方 money out of it.
 */
const HEADER_ALIASES: Record<StatementColumn, string[]> = {
  date: ["交易日期", "交易日", "记账日期", "入账日期", "入账时间", "交易时间", "日期", "date", "transaction date", "value date", "posting date", "received on"],
  credit: ["贷方发生额", "贷方金额", "贷方", "收入金额", "收入", "存入金额", "存入", "收款金额", "来账金额", "credit amount", "credit", "credits", "deposit", "deposits", "money in", "paid in"],
  debit: ["借方发生额", "借方金额", "借方", "支出金额", "支出", "支取金额", "支取", "付款金额", "往账金额", "debit amount", "debit", "debits", "withdrawal", "withdrawals", "money out", "paid out"],
  amount: ["交易金额", "金额", "发生额", "amount", "transaction amount"],
  direction: ["借贷标志", "借贷方向", "借贷", "借/贷", "收支标志", "收支方向", "收/支", "交易方向", "方向", "dr/cr", "debit/credit", "direction"],
  payer: [
    "付款人名称",
    "付款人户名",
    "付款人",
    "付款方名称",
    "付款方",
    "对方户名",
    "对方单位名称",
    "对方账户名称",
    "对方账号名称",
    "对方名称",
    "对方单位",
    "收/付方名称",
    "收付方名称",
    "payer",
    "payer name",
    "counterparty",
    "counterparty name",
  ],
  reference: [
    "交易流水号",
    "银行流水号",
    "流水号",
    "账户明细编号-交易流水号",
    "交易参考号",
    "业务参考号",
    "凭证号",
    "reference",
    "bank reference",
    "transaction id",
    "transaction reference",
  ],
  memo: ["附言", "交易附言", "汇款附言", "用途", "汇款用途", "交易用途", "备注", "摘要", "交易摘要", "业务摘要", "其它摘要", "个性化信息", "memo", "description", "remark", "remarks", "purpose", "narrative"],
};
/** What a statement must have; an amount is either a 贷方/收入 column or one signed amount column. */
const REQUIRED_COLUMNS = ["date", "amount", "payer", "reference"] as const;
/** How far down the header row may be: banks put a title, the account, the period … above it. */
const HEADER_SCAN_ROWS = 30;

/** A row of a statement as read from the file: its line (1-based) and its cells as text. */
export interface StatementLine {
  line: number;
  cells: string[];
}

export interface StatementRow {
  /** The row's line in the file (row in a spreadsheet), to point finance at it. */
  line: number;
  receivedOn: string;
  amountFen: bigint;
  payerName: string;
  bankReference: string;
  /** Every memo-like column (附言, 用途, 摘要 …) of the row, joined. */
  memo: string;
}

export interface InvalidStatementRow {
  line: number;
  bankReference: string;
  /** Catalogue keys (under `errors.`). */
  reasons: string[];
}

/** Why a row of the table is not a transfer to record. */
type SkipReason = "total" | "outgoing" | "interest" | "note";

export interface SkippedStatementRow {
  line: number;
  reason: SkipReason;
  bankReference: string;
  /** The row's amount when it has one (an outgoing payment's, a total's). */
  amountFen: bigint | null;
  /** A few words of the row, so finance recognises it. */
  text: string;
}

export interface ParsedStatement {
  rows: StatementRow[];
  invalid: InvalidStatementRow[];
  skipped: SkippedStatementRow[];
  /** The line of the header row (1 for a hand-made CSV). */
  headerLine: number;
}

/** Full-width letters, digits and punctuation typed on phones (ＨＰ－７Ｋ２Ｑ，１２，３４５．００) as plain ones. */
function normaliseWidth(text: string) {
  return text.normalize("NFKC");
}

/** "金额（元）", " Amount " and "AMOUNT" all name the same column. */
function normaliseHeader(header: string) {
  return normaliseWidth(header)
    .replace(/^\uFEFF/, "")
    .replace(/\([^)]*\)/g, "")
    .replace(/[:：*]+$/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** A cell as the text a bank meant: `="6222…"` (Excel's keep-as-text trick) and padding removed. */
function cleanCell(cell: string) {
  const trimmed = cell.replace(/^\uFEFF/, "").trim();
  const quoted = /^="(.*)"$/.exec(trimmed);
  return (quoted ? quoted[1] : trimmed).trim();
}

/** YYYY-MM-DD from "2026-05-03", "2026/5/3", "2026.05.03", "20260503" or with a time after it; null if not a real date. */
export function normaliseStatementDate(input: string): string | null {
  const match = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(normaliseWidth(input).trim());
  if (!match) return null;
  const iso = `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/** An empty cell, or one of the placeholders banks put in the column a row does not use. */
function isBlankAmount(input: string) {
  return /^(|-|--|—|——|\/|0|0\.0+|\.00)$/.test(input);
}

/**
 * A statement amount in fen with its sign: "10,600.00", "+10600", "１２，３４５．００", "-5", "¥88.5",
 * "100.00元"; null when it is not an amount. Blank placeholders are 0.
 */
export function parseStatementAmount(input: string): bigint | null {
  const text = normaliseWidth(input)
    .replace(/\s+/g, "")
    .replace(/^(RMB|CNY|¥)/i, "")
    .replace(/(元|CNY|RMB)$/i, "");
  if (isBlankAmount(text)) return 0n;
  const negative = /^-|^\(.*\)$/.test(text);
  const unsigned = text.replace(/^[+-]/, "").replace(/^\((.*)\)$/, "$1").replace(/^(RMB|CNY|¥)/i, "");
  const fen = parseYuanToFen(unsigned);
  if (fen === null) return null;
  return negative ? -fen : fen;
}

function columnIndex(headers: string[], column: StatementColumn, taken: Set<number>) {
  for (const alias of HEADER_ALIASES[column]) {
    const index = headers.findIndex((h, i) => h === alias && !taken.has(i));
    if (index >= 0) return index;
  }
  return -1;
}

interface Layout {
  headerLine: number;
  headerRow: number;
  index: Record<Exclude<StatementColumn, "memo">, number>;
  memo: number[];
  found: number;
}

/** Which column holds what, for one candidate header row. */
function layoutOf(cells: string[], line: number, row: number): Layout {
  const headers = cells.map(normaliseHeader);
  const taken = new Set<number>();
  const index = {} as Layout["index"];
  for (const column of ["date", "credit", "debit", "direction", "amount", "payer", "reference"] as const) {
    index[column] = columnIndex(headers, column, taken);
    if (index[column] >= 0) taken.add(index[column]);
  }
  // The payer's words (附言, 用途, 备注) before the bank's (摘要): a memo naming several invoices is read in that order.
  const memo = headers
    .map((h, i) => (!taken.has(i) && HEADER_ALIASES.memo.includes(h) ? i : -1))
    .filter((i) => i >= 0)
    .sort((a, b) => HEADER_ALIASES.memo.indexOf(headers[a]) - HEADER_ALIASES.memo.indexOf(headers[b]) || a - b);
  const found = Object.values(index).filter((i) => i >= 0).length + memo.length;
  return { headerLine: line, headerRow: row, index, memo, found };
}

function missingColumns(layout: Layout) {
  return REQUIRED_COLUMNS.filter((c) => (c === "amount" ? layout.index.credit < 0 && layout.index.amount < 0 : layout.index[c] < 0));
}

/**
 * The header row: the first of the top `HEADER_SCAN_ROWS` that names every required column. When
 * none does, the file is refused naming what is missing from the closest candidate.
 */
function findLayout(lines: StatementLine[]): Layout {
  const candidates = lines.slice(0, HEADER_SCAN_ROWS).map((l, row) => layoutOf(l.cells, l.line, row));
  const complete = candidates.find((c) => missingColumns(c).length === 0);
  if (complete) return complete;
  const closest = candidates.reduce<Layout | null>((best, c) => (!best || c.found > best.found ? c : best), null);
  const missing = closest ? missingColumns(closest) : [...REQUIRED_COLUMNS];
  const expected = missing.map((c) => (c === "amount" ? "贷方发生额 / 收入金额 / 交易金额 / credit / amount" : `${HEADER_ALIASES[c][0]} / ${HEADER_ALIASES[c].find((a) => /^[a-z]/.test(a))}`));
  const found = closest ? lines[closest.headerRow].cells.filter((cell) => cell !== "").join(", ") : "";
  throw new AppError("invalid", "errors.statementColumns", { missing: expected.join(", "), found: found || "—" });
}

/** A summary line (合计, 本页小计, 总笔数, Total …) below or between the table's rows. */
const TOTAL_PATTERN = /^(合计|总计|小计|本页合计|本页小计|本日合计|累计|共计|总笔数|借方合计|贷方合计|借方总|贷方总|total|subtotal|sum)/i;
const OUTGOING_DIRECTION = /^(借|支|付|出|d|dr|debit|out)/i;
const INTEREST_MEMO = /利息|结息|interest/i;

function rowText(cells: string[]) {
  return cells
    .filter((c) => c !== "")
    .join(" ")
    .slice(0, 80);
}

/** Text rows (CSV or tab-separated, as banks' "Excel" text exports are) with their line numbers. */
export function readStatementText(text: string): StatementLine[] {
  const head = text.slice(0, 4000);
  const delimiter = (head.match(/\t/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? "\t" : ",";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch {
    throw new AppError("invalid", "errors.statementUnreadable");
  }
  return records.map(({ record, info }) => ({ line: info.lines, cells: record.map(cleanCell) }));
}

/** Spreadsheet rows (from an .xlsx) as text: dates as YYYY-MM-DD, numbers as written. */
export function spreadsheetLines(rows: readonly (readonly unknown[])[]): StatementLine[] {
  const text = (cell: unknown): string => {
    if (cell === null || cell === undefined) return "";
    if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
    if (typeof cell === "number") return Number.isInteger(cell) ? String(cell) : cell.toFixed(2);
    return cleanCell(String(cell));
  };
  return rows.map((cells, i) => ({ line: i + 1, cells: cells.map(text) })).filter((l) => l.cells.some((c) => c !== ""));
}

/**
 * Reads a statement: pasted or decoded text, or rows read from a spreadsheet. A file whose header
 * row cannot be found, or that cannot be read, is refused as a whole (AppError). Below the header,
 * totals, outgoing payments, the bank's interest and note lines are skipped with their reason; rows
 * with a bad value are returned in `invalid` with their reasons, so the caller can refuse the file
 * without applying any of it.
 */
export function parseBankStatement(statement: string | StatementLine[], today: string): ParsedStatement {
  const lines = (typeof statement === "string" ? readStatementText(statement) : statement).filter((l) => l.cells.some((c) => c !== ""));
  if (lines.length === 0) throw new AppError("invalid", "errors.statementEmpty");
  const layout = findLayout(lines);
  const body = lines.slice(layout.headerRow + 1);
  if (body.length === 0) throw new AppError("invalid", "errors.statementEmpty");
  if (body.length > MAX_STATEMENT_ROWS) throw new AppError("invalid", "errors.statementTooLarge", { max: MAX_STATEMENT_ROWS });

  const { index } = layout;
  const rows: StatementRow[] = [];
  const invalid: InvalidStatementRow[] = [];
  const skipped: SkippedStatementRow[] = [];
  const seen = new Set<string>();
  for (const { line, cells } of body) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? "") : "");
    const bankReference = normaliseWidth(cell(index.reference)).trim();
    const memo = layout.memo
      .map(cell)
      .filter((c) => c !== "")
      .join(" / ")
      .slice(0, 500);
    const dateText = cell(index.date);
    const receivedOn = normaliseStatementDate(dateText);
    const credit = index.credit >= 0 ? parseStatementAmount(cell(index.credit)) : null;
    const debit = index.debit >= 0 ? parseStatementAmount(cell(index.debit)) : null;
    const signed = index.amount >= 0 ? parseStatementAmount(cell(index.amount)) : null;
    const skip = (reason: SkipReason, amountFen: bigint | null) => skipped.push({ line, reason, bankReference, amountFen, text: rowText(cells) });

    const firstCells = cells.filter((c) => c !== "").slice(0, 3).map((c) => normaliseWidth(c).replace(/\s+/g, ""));
    if (!receivedOn && firstCells.some((c) => TOTAL_PATTERN.test(c))) {
      skip("total", credit || signed || null);
      continue;
    }
    const hasAmount = [index.credit, index.debit, index.amount].some((i) => i >= 0 && !isBlankAmount(normaliseWidth(cell(i)).trim()));
    if (!dateText && !hasAmount) {
      skip("note", null);
      continue;
    }

    // The row's money in: the 贷方/收入 column, else the signed amount read with its 借/贷 flag.
    let amountFen: bigint | null;
    let outgoingFen: bigint | null = null;
    if (index.credit >= 0 && credit !== null && credit !== 0n) {
      amountFen = credit;
      if (credit < 0n) outgoingFen = -credit;
    } else if (index.debit >= 0 && debit !== null && debit !== 0n) {
      amountFen = null;
      outgoingFen = debit < 0n ? -debit : debit;
    } else if (index.amount >= 0 && signed !== null && signed !== 0n) {
      const flaggedOut = index.direction >= 0 && OUTGOING_DIRECTION.test(normaliseWidth(cell(index.direction)).trim());
      amountFen = signed;
      if (signed < 0n || flaggedOut) outgoingFen = signed < 0n ? -signed : signed;
    } else {
      amountFen = index.credit >= 0 ? credit : signed;
    }
    if (outgoingFen !== null) {
      skip("outgoing", outgoingFen);
      continue;
    }
    const payerName = cell(index.payer);
    if (!payerName && amountFen && amountFen > 0n && INTEREST_MEMO.test(memo)) {
      skip("interest", amountFen);
      continue;
    }

    const reasons: string[] = [];
    if (!receivedOn) reasons.push("errors.statementDate");
    else if (receivedOn > today) reasons.push("errors.dateInFuture");
    if (amountFen === null || amountFen <= 0n) reasons.push("errors.statementAmount");
    if (!payerName) reasons.push("errors.statementPayer");
    else if (payerName.length > 200) reasons.push("errors.tooLong");
    if (!bankReference) reasons.push("errors.statementReference");
    else if (bankReference.length > 100) reasons.push("errors.tooLong");
    else if (seen.has(bankReference)) reasons.push("errors.statementDuplicateReference");
    seen.add(bankReference);
    if (reasons.length) invalid.push({ line, bankReference, reasons });
    else rows.push({ line, receivedOn: receivedOn!, amountFen: amountFen!, payerName, bankReference, memo });
  }
  return { rows, invalid, skipped, headerLine: layout.headerLine };
}

// The alphabet of `transferReference()` in invoices.server.ts: no 0/O, 1/I/L.
const SEPARATOR = "[\\s_\\-‐‑‒–—―·.]*";
const REFERENCE_PATTERN = new RegExp(`(?<![0-9A-Z])HP${SEPARATOR}([2-9A-HJKMNP-Z]{4})${SEPARATOR}([2-9A-HJKMNP-Z]{4})(?![0-9A-Z])`, "g");
// An invoice number: HP-2026-000123 (`invoiceNumber()` in money.ts).
const NUMBER_PATTERN = new RegExp(`(?<![0-9A-Z])HP${SEPARATOR}(20\\d{2})${SEPARATOR}(\\d{6})(?![0-9A-Z])`, "g");

/**
 * The invoice transfer references (HP-7K2Q-M9XD) in a memo, canonical and in the order they
 * appear. Banks and payers drop the dashes, add spaces, lower-case it or type it full-width on a
 * phone (ＨＰ－７Ｋ２Ｑ－Ｍ９ＸＤ); all of those match.
 */
export function findTransferReferences(memo: string): string[] {
  const found: string[] = [];
  for (const match of normaliseWidth(memo).toUpperCase().matchAll(REFERENCE_PATTERN)) {
    const reference = `HP-${match[1]}-${match[2]}`;
    if (!found.includes(reference)) found.push(reference);
  }
  return found;
}

/**
 * Everything in a memo that names one of our invoices, in the order it appears: transfer
 * references (HP-7K2Q-M9XD) and invoice numbers (HP-2026-000123), canonical.
 */
export function findInvoiceMentions(memo: string): string[] {
  const text = normaliseWidth(memo).toUpperCase();
  const mentions: { at: number; key: string }[] = [];
  for (const match of text.matchAll(REFERENCE_PATTERN)) mentions.push({ at: match.index, key: `HP-${match[1]}-${match[2]}` });
  for (const match of text.matchAll(NUMBER_PATTERN)) mentions.push({ at: match.index, key: `HP-${match[1]}-${match[2]}` });
  return [...new Set(mentions.sort((a, b) => a.at - b.at).map((m) => m.key))];
}
