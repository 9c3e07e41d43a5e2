// An uploaded bank-statement file as rows of text: a CSV or tab-separated text export in UTF-8,
// UTF-16 or GB18030 (what Chinese banks' exports use), or an .xlsx workbook (its first sheet). A
// legacy .xls (or an HTML page saved as .xls) is refused with what to do instead: no maintained
// reader of that format is safe to run on uploads.
import iconv from "iconv-lite";
import { readSheet } from "read-excel-file/node";
import { AppError } from "~/modules/platform/errors";
import { readStatementText, spreadsheetLines, type StatementLine } from "./bank-statement";

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** A statement file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030. */
export function decodeStatement(bytes: Uint8Array): string {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (startsWith(bytes, 0xff, 0xfe)) return iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16le");
  if (startsWith(bytes, 0xfe, 0xff)) return iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16be");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), "gb18030");
  }
}

/** The kind of file by its first bytes, not by its name: banks name text and HTML files ".xls". */
function statementFileKind(bytes: Uint8Array): "xlsx" | "xls" | "html" | "text" {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return "xlsx";
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return "xls";
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "").trimStart().toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<table") || head.startsWith("<?xml")) return "html";
  return "text";
}

/** Reads an uploaded statement into rows; an unreadable workbook or a legacy format is a clear 422. */
export async function readStatementFile(bytes: Uint8Array): Promise<StatementLine[]> {
  const kind = statementFileKind(bytes);
  if (kind === "xls" || kind === "html") throw new AppError("invalid", "errors.statementLegacyExcel");
  if (kind === "text") return readStatementText(decodeStatement(bytes));
  try {
    // Numbers stay the text Excel stored ("10600.5"), so amounts never pass through a float.
    const rows = await readSheet(Buffer.from(bytes), { parseNumber: (text: string) => text });
    return spreadsheetLines(rows);
  } catch {
    throw new AppError("invalid", "errors.statementUnreadable");
  }
}
