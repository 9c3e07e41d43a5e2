// Spreadsheet exports. Every CSV the app writes goes through here, so that text a person typed can
// never run as a formula in Excel or WPS (OWASP "CSV injection"): csv-stringify's own
// `escape_formulas` puts an apostrophe before a text cell starting with = + - @, tab or CR.
// Amounts must stay numbers a spreadsheet can add up, negative ones too: pass them as
// `csvNumber("-12.50")`, which is written as it is.
import { stringify } from "csv-stringify/sync";

const DECIMAL = /^-?\d+(\.\d+)?$/;

class CsvNumber {
  constructor(readonly text: string) {
    if (!DECIMAL.test(text)) throw new Error(`csvNumber: "${text}" is not a decimal number`);
  }
}

/** A decimal number written as is (a string from an exact formatter, such as fen → yuan). */
export function csvNumber(value: string | number | bigint) {
  return new CsvNumber(String(value));
}

export type CsvCell = string | number | bigint | CsvNumber | null | undefined;

/** The CSV text with a byte-order mark, which Excel needs to read UTF-8. */
export function toCsv(columns: string[], rows: CsvCell[][]): string {
  const csv = stringify(rows, {
    header: true,
    columns,
    escape_formulas: true,
    cast: {
      object: (value) => (value instanceof CsvNumber ? { value: value.text, escape_formulas: false } : JSON.stringify(value)),
    },
  });
  return `\uFEFF${csv}`;
}

/** A CSV download that is never cached (it holds a tenant's or applicants' data). */
export function csvResponse(filename: string, columns: string[], rows: CsvCell[][]) {
  return new Response(toCsv(columns, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
