// Importing a bank statement as the park's bank exports it, through /finance/transfers: a preview
// says row by row what would happen and writes nothing; applying it records each incoming row
// once and pays the invoices its memo names; applying it again changes nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, bankTransfers, invoices, payments } from "#db/schema/index";
import { getDb } from "~/modules/platform/db.server";
import { parkDate } from "~/modules/platform/dates";
import { action as transfersAction } from "~/routes/finance.transfers";
import { bocomStatement, cmbStatement, fullWidth, icbcStatement } from "../fixtures/bank-statements";
import { openInvoice, parkStaff, rowCount, tenantOwner } from "../support/billing";
import { call, postRequest, present } from "../support/factories";

function upload(fields: Record<string, string | Blob>, cookie: string, fileName: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, value, fileName);
  }
  return new Request("http://localhost/finance/transfers", { method: "POST", body, headers: { Cookie: cookie, Origin: "http://localhost" } });
}

/** The apply form's hidden field, as the page writes it. */
function rowsField(rows: unknown[]) {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

async function invoiceById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

async function written() {
  return { transfers: await rowCount(bankTransfers), payments: await rowCount(payments), audit: await rowCount(auditEvents) };
}

describe("importing a bank's own export", () => {
  it("工行 GB18030 CSV: previews matched, unmatched and skipped rows with reasons, writes nothing, then applies once", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const today = parkDate();
    const bytes = icbcStatement(
      [
        { date: today, amount: "10,600.00", payer: "上海青禾动画有限公司", reference: "ICBC-7001", message: `付 ${fullWidth(invoice.transferReference)} 摄影棚` },
        { date: today, amount: "888.00", payer: "北京短剧工作室", reference: "ICBC-7002", message: "服务费" },
      ],
      { date: today, amount: "3,200.00", reference: "ICBC-7003" },
    );
    const before = await written();

    const previewAnswer = await call<typeof transfersAction>(transfersAction, upload({ intent: "preview", file: new Blob([bytes], { type: "text/csv" }) }, finance.cookie, "工行明细.csv"));
    expect(previewAnswer.status).toBe(200);
    const preview = present(previewAnswer.data.done?.preview, "a preview");
    expect(preview).toMatchObject({ ready: true, headerLine: 4, invalid: [], alreadyImported: [] });
    expect(preview.matched).toEqual([
      expect.objectContaining({
        line: 5,
        bankReference: "ICBC-7001",
        amountFen: 1_060_000n,
        match: expect.objectContaining({ matched: true, unallocatedFen: 0n, allocations: [expect.objectContaining({ invoiceId: invoice.id, amountFen: 1_060_000n, invoiceStatus: "paid" })] }),
      }),
    ]);
    expect(preview.unmatched).toEqual([expect.objectContaining({ line: 6, bankReference: "ICBC-7002", match: expect.objectContaining({ reason: "noReference" }) })]);
    expect(preview.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [7, "outgoing"],
      [8, "total"],
      [9, "note"],
    ]);
    // A preview records nothing.
    expect(await written()).toEqual(before);
    expect((await invoiceById(invoice.id)).status).toBe("open");

    const apply = () => call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", rows: rowsField(preview.rows) }, finance.cookie));
    const applied = await apply();
    expect(applied.status).toBe(200);
    expect(applied.data.done?.report).toMatchObject({ applied: true, alreadyImported: [] });
    expect(applied.data.done?.report?.matched.map((r: { bankReference: string }) => r.bankReference)).toEqual(["ICBC-7001"]);
    expect(applied.data.done?.report?.unmatched.map((r: { bankReference: string }) => r.bankReference)).toEqual(["ICBC-7002"]);
    expect((await invoiceById(invoice.id)).status).toBe("paid");
    expect(await rowCount(bankTransfers)).toBe(before.transfers + 2);
    expect(await rowCount(payments)).toBe(before.payments + 1);

    // Pressing the button twice, or previewing and applying the same file again, changes nothing.
    const again = await apply();
    expect(again.data.done?.report?.alreadyImported.map((r: { bankReference: string }) => r.bankReference)).toEqual(["ICBC-7001", "ICBC-7002"]);
    expect(await rowCount(payments)).toBe(before.payments + 1);
    const secondPreview = await call<typeof transfersAction>(transfersAction, upload({ intent: "preview", file: new Blob([bytes]) }, finance.cookie, "工行明细.csv"));
    expect(secondPreview.data.done?.preview?.alreadyImported).toHaveLength(2);
    expect(secondPreview.data.done?.preview?.ready).toBe(false);
  });

  it("招行 .xlsx: matches by invoice number in 用途, splits two rows paying one invoice, skips the bank's interest", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const today = parkDate();
    const bytes = await cmbStatement(
      [
        { date: today, amount: "6,000.00", payer: "上海青禾动画有限公司", reference: "CMB-8001", message: `${invoice.number} 第一笔` },
        { date: today, amount: "5,000.00", payer: "上海青禾动画有限公司", reference: "CMB-8002", message: `${invoice.number} 尾款` },
      ],
      { date: today, amount: 12.34, reference: "CMB-8003" },
    );
    const previewAnswer = await call<typeof transfersAction>(transfersAction, upload({ intent: "preview", file: new Blob([bytes]) }, finance.cookie, "招行.xlsx"));
    expect(previewAnswer.status).toBe(200);
    const preview = present(previewAnswer.data.done?.preview, "a preview");
    // 10,600.00 due: the first row pays 6,000.00, the second the 4,600.00 left, 400.00 stays unallocated.
    expect(preview.matched.map((r) => (r.match.matched ? [r.match.allocations[0].amountFen, r.match.unallocatedFen] : r.match.reason))).toEqual([
      [600_000n, 0n],
      [460_000n, 40_000n],
    ]);
    expect(preview.skipped.map((s: { reason: string }) => s.reason)).toEqual(["interest", "total"]);

    const applied = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", rows: rowsField(preview.rows) }, finance.cookie));
    expect(applied.status).toBe(200);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: 1_060_000n });
    const db = await getDb();
    const [second] = await db.select().from(bankTransfers).where(eq(bankTransfers.bankReference, "CMB-8002"));
    expect(second.allocatedFen).toBe(460_000n);
  });

  it("交行 tab-separated text with a 借贷标志 imports straight from the file too", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const today = parkDate();
    const bytes = bocomStatement([{ date: today, amount: "10600", payer: "上海青禾动画有限公司", reference: "BOCOM-1", message: invoice.transferReference.toLowerCase() }], {
      date: today,
      amount: "9,000.00",
      reference: "BOCOM-2",
    });
    const answer = await call<typeof transfersAction>(transfersAction, upload({ intent: "import", file: new Blob([bytes]) }, finance.cookie, "交行.xls"));
    expect(answer.status).toBe(200);
    expect(answer.data.done?.report?.matched.map((r: { bankReference: string }) => r.bankReference)).toEqual(["BOCOM-1"]);
    expect(answer.data.done?.report?.skipped.map((s: { bankReference: string; reason: string }) => [s.bankReference, s.reason])).toEqual([
      ["BOCOM-2", "outgoing"],
      ["", "total"],
    ]);
    expect(await rowCount(bankTransfers)).toBe(1);
  });

  it("answers a legacy .xls with what to do, a tampered preview with a 400, and writes nothing", async () => {
    const finance = await parkStaff("finance");
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(500).fill(0)]);
    const answer = await call<typeof transfersAction>(transfersAction, upload({ intent: "preview", file: new Blob([xls]) }, finance.cookie, "明细.xls"));
    expect(answer.status).toBe(422);
    expect(answer.data.result.error?.[""]).toEqual(["errors.statementLegacyExcel"]);
    const tampered = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", rows: '[{"line":1,"amountFen":"-5"}]' }, finance.cookie));
    expect(tampered.status).toBe(400);
    expect(tampered.data.result.error?.rows).toEqual(["errors.statementPreviewStale"]);
    expect(await rowCount(bankTransfers)).toBe(0);
  });

  it("a preview is finance's only: other park staff get 403", async () => {
    const services = await parkStaff("services");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "preview", csv: "date,amount,payer,reference\n2026-01-01,1,x,R" }, services.cookie));
    expect(answer.status).toBe(403);
  });
});
