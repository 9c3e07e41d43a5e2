// A list of rows as every list page shows it: a table on a wide screen that stacks into labelled
// cards on a phone (app.css prints each cell's data-label above it), or a message when there is
// nothing to list.
import type { ReactNode } from "react";

export interface DataColumn<Row> {
  header: ReactNode;
  /** What a phone shows above the cell (`data-label`): the header when it is a string, else nothing. */
  label?: string;
  cell: (row: Row) => ReactNode;
  /** On the header and on every cell of the column. */
  className?: string;
  /** Added to one row's cell only, after `className` (a negative amount in red). */
  cellClassName?: (row: Row) => string;
  /** Amounts and counts: `money` keeps them on one line in tabular figures. */
  numeric?: boolean;
}

/** Attributes a row may carry for styling and for tests to find it: a class and `data-*`. */
type RowProps = { className?: string } & { [attribute: `data-${string}`]: string | number | undefined };

export interface DataTableProps<Row> {
  /** `false`/`null` entries are skipped, so a column can be shown on a condition inline. */
  columns: ReadonlyArray<DataColumn<Row> | false | null | undefined>;
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowProps?: (row: Row) => RowProps;
  /** Shown instead of the table when there are no rows; without it, an empty table is shown. */
  empty?: ReactNode;
  /** The table is a card of its own (`card table-wrap`); without it, it sits in the card around it. */
  card?: boolean;
  /** Classes after `table` (`compact`, …). */
  className?: string;
  id?: string;
  "data-testid"?: string;
  caption?: ReactNode;
  "aria-label"?: string;
  /** Inside the same wrapper (the same card) before / after the table: a note, the totals. */
  before?: ReactNode;
  after?: ReactNode;
}

function classes(...names: Array<string | false | undefined>): string | undefined {
  const joined = names.filter(Boolean).join(" ");
  return joined || undefined;
}

export function DataTable<Row>(props: DataTableProps<Row>) {
  const { columns, rows, rowKey, rowProps, empty, card, className, id, caption, before, after } = props;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const shown = columns.filter((column): column is DataColumn<Row> => Boolean(column));
  const labelOf = (column: DataColumn<Row>) => column.label ?? (typeof column.header === "string" ? column.header : undefined);
  return (
    <div className={card ? "card table-wrap" : "table-wrap"}>
      {before}
      <table className={classes("table", className)} id={id} data-testid={props["data-testid"]} aria-label={props["aria-label"]}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {shown.map((column, index) => (
              <th key={index} scope="col" className={classes(column.className, column.numeric && "money")}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {shown.map((column, index) => (
                <td key={index} data-label={labelOf(column)} className={classes(column.className, column.numeric && "money", column.cellClassName?.(row))}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {after}
    </div>
  );
}
