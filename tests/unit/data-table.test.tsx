// The list table every list page renders: the markup app.css and the browser tests rely on (a
// `table-wrap`, th scope="col", a data-label on each cell for the phone layout), the row
// attributes tests find rows by, and the empty state shown instead of an empty table.
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import { DataTable, type DataColumn } from "~/components/data-table";

interface Invoice {
  id: string;
  number: string;
  totalFen: bigint;
  overdue: boolean;
}

const invoices: Invoice[] = [
  { id: "inv-1", number: "HP-2026-0001", totalFen: 12_300n, overdue: false },
  { id: "inv-2", number: "HP-2026-0002", totalFen: 4_500n, overdue: true },
];

const columns: DataColumn<Invoice>[] = [
  { header: "Number", cell: (invoice) => <a href={`/billing/invoices/${invoice.id}`}>{invoice.number}</a> },
  { header: "Total", numeric: true, cell: (invoice) => `¥${invoice.totalFen / 100n}` },
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("DataTable", () => {
  test("renders the page markup: wrapper, header cells with scope, a data-label on every cell, the rows in order", () => {
    const html = renderToStaticMarkup(<DataTable rows={invoices} rowKey={(invoice) => invoice.id} columns={columns} />);
    expect(html).toBe(
      '<div class="table-wrap"><table class="table">' +
        '<thead><tr><th scope="col">Number</th><th scope="col" class="money">Total</th></tr></thead>' +
        "<tbody>" +
        '<tr><td data-label="Number"><a href="/billing/invoices/inv-1">HP-2026-0001</a></td><td data-label="Total" class="money">¥123</td></tr>' +
        '<tr><td data-label="Number"><a href="/billing/invoices/inv-2">HP-2026-0002</a></td><td data-label="Total" class="money">¥45</td></tr>' +
        "</tbody></table></div>",
    );
  });

  test("a table that is its own card, with table classes, id, test id, caption and aria-label", () => {
    const html = renderToStaticMarkup(
      <DataTable card className="compact" id="invoices" data-testid="invoice-list" caption="Open invoices" aria-label="Invoices" rows={invoices} rowKey={(invoice) => invoice.id} columns={columns} />,
    );
    expect(html).toMatch(/^<div class="card table-wrap"><table class="table compact" id="invoices" data-testid="invoice-list" aria-label="Invoices"><caption>Open invoices<\/caption><thead>/);
  });

  test("the phone label is the header text, an explicit label, or absent for a header that is not text", () => {
    const html = renderToStaticMarkup(
      <DataTable
        rows={[invoices[0]]}
        rowKey={(invoice) => invoice.id}
        columns={[
          { header: <abbr title="Invoice number">No.</abbr>, label: "Invoice number", cell: (invoice) => invoice.number },
          { header: <span className="visually-hidden">Actions</span>, cell: () => <button type="submit">Remove</button> },
        ]}
      />,
    );
    expect(html).toContain('<th scope="col"><abbr title="Invoice number">No.</abbr></th><th scope="col"><span class="visually-hidden">Actions</span></th>');
    expect(html).toContain('<td data-label="Invoice number">HP-2026-0001</td><td><button type="submit">Remove</button></td>');
  });

  test("rows carry their test ids and data attributes, and each row is keyed by rowKey (React warns of no unkeyed row)", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const keys: string[] = [];
    const html = renderToStaticMarkup(
      <DataTable
        rows={invoices}
        rowKey={(invoice) => {
          keys.push(invoice.id);
          return invoice.id;
        }}
        rowProps={(invoice) => ({ "data-testid": "invoice-row", "data-number": invoice.number, className: invoice.overdue ? "overdue" : undefined })}
        columns={columns}
      />,
    );
    expect(keys).toEqual(["inv-1", "inv-2"]);
    expect(html.match(/<tr data-testid="invoice-row"[^>]*>/g)).toEqual([
      '<tr data-testid="invoice-row" data-number="HP-2026-0001">',
      '<tr data-testid="invoice-row" data-number="HP-2026-0002" class="overdue">',
    ]);
    expect(errors).not.toHaveBeenCalled();
  });

  test("a column can be left out inline (false / null), and a cell can add a class of its own row", () => {
    const mayEdit = false;
    const html = renderToStaticMarkup(
      <DataTable
        rows={invoices}
        rowKey={(invoice) => invoice.id}
        columns={[
          columns[0],
          { header: "Change", className: "num", cellClassName: (invoice) => (invoice.overdue ? "negative" : "positive"), cell: (invoice) => String(invoice.totalFen) },
          mayEdit && { header: "Actions", cell: () => "edit" },
          null,
        ]}
      />,
    );
    expect(html).not.toContain("Actions");
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html).toContain('<th scope="col" class="num">Change</th>');
    expect(html).toContain('<td data-label="Change" class="num positive">12300</td>');
    expect(html).toContain('<td data-label="Change" class="num negative">4500</td>');
  });

  test("with no rows the empty state stands instead of the table; without one, the empty table keeps its headers", () => {
    const empty = renderToStaticMarkup(<DataTable rows={[]} rowKey={(invoice: Invoice) => invoice.id} columns={columns} empty={<p className="empty-state card">No invoices yet</p>} />);
    expect(empty).toBe('<p class="empty-state card">No invoices yet</p>');

    const bare = renderToStaticMarkup(<DataTable rows={[]} rowKey={(invoice: Invoice) => invoice.id} columns={columns} />);
    expect(bare).toBe('<div class="table-wrap"><table class="table"><thead><tr><th scope="col">Number</th><th scope="col" class="money">Total</th></tr></thead><tbody></tbody></table></div>');
  });

  test("notes and totals sit in the same wrapper before and after the table; the empty state replaces them too", () => {
    const html = renderToStaticMarkup(
      <DataTable card rows={invoices} rowKey={(invoice) => invoice.id} columns={columns} before={<p className="hint">Showing 2 of 40</p>} after={<dl className="details totals" />} />,
    );
    expect(html).toMatch(/^<div class="card table-wrap"><p class="hint">Showing 2 of 40<\/p><table class="table">.*<\/table><dl class="details totals"><\/dl><\/div>$/);

    const empty = renderToStaticMarkup(<DataTable rows={[]} rowKey={(invoice: Invoice) => invoice.id} columns={columns} empty="Nothing" before={<p>note</p>} after={<p>totals</p>} />);
    expect(empty).toBe("Nothing");
  });
});
