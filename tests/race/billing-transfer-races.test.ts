// Bank transfers under concurrency, on the real server: one bank reference is recorded once however
// many finance clerks (or imports) send it at once, and a transfer is never allocated beyond its
// amount.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bankTransfers, invoices, payments } from "#db/schema/index";
import { allocateTransfer, importBankStatement, previewBankStatement, recordTransfer } from "~/modules/billing/transfers.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { parkDate } from "~/modules/platform/dates";
import { STAGE_TOTAL_FEN, openInvoice, parkStaff, tenantOwner } from "../support/billing";
import { fullWidth, icbcStatement } from "../fixtures/bank-statements";
import { raceCalls } from "../support/race";

const meta = { ip: "127.0.0.1" };

describe("bank transfers under concurrency", () => {
  it("records a bank reference sent 10 times at once exactly once, and pays its invoice once", async () => {
    const finance = await parkStaff("finance");
    const invoice = await openInvoice((await tenantOwner()).org.id);
    const input = { bankReference: "ICBC-RACE-1", amountFen: STAGE_TOTAL_FEN, receivedOn: parkDate(), payerName: "付款人", memo: invoice.transferReference };
    const outcome = await raceCalls(10, () => recordTransfer(finance.actor, input, meta));
    expect(outcome.fulfilled).toHaveLength(1);
    expect(outcome.rejected).toHaveLength(9);
    for (const error of outcome.rejected) expect(error).toMatchObject({ code: "conflict", messageKey: "errors.transferDuplicate" });
    const db = await getDb();
    expect(await db.select().from(bankTransfers)).toHaveLength(1);
    expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    const [paid] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(paid).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
  });

  it("never allocates a transfer beyond its amount when finance allocates it to 8 invoices at once", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const opened: Awaited<ReturnType<typeof openInvoice>>[] = [];
    for (let i = 0; i < 8; i++) opened.push(await openInvoice(owner.org.id));
    // ¥25,000 covers two ¥10,600 invoices, not three.
    const { transfer } = await recordTransfer(finance.actor, { bankReference: "ICBC-RACE-2", amountFen: 2_500_000n, receivedOn: parkDate(), payerName: "付款人" }, meta);
    const outcome = await raceCalls(8, (i) =>
      allocateTransfer(finance.actor, { transferId: transfer.id, allocations: [{ invoiceId: opened[i].id, amountFen: STAGE_TOTAL_FEN }] }, meta),
    );
    expect(outcome.fulfilled).toHaveLength(2);
    expect(outcome.rejected).toHaveLength(6);
    for (const error of outcome.rejected) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "conflict", messageKey: "errors.allocationTooLarge" });
    }
    const db = await getDb();
    const [after] = await db.select().from(bankTransfers).where(eq(bankTransfers.id, transfer.id));
    const made = await db.select().from(payments).where(inArray(payments.invoiceId, opened.map((i) => i.id)));
    expect(made).toHaveLength(2);
    expect(after.allocatedFen).toBe(made.reduce((sum, p) => sum + p.amountFen, 0n));
    expect(after.allocatedFen).toBe(2n * STAGE_TOTAL_FEN);
  });

  it("imports the same statement 5 times at once: each row recorded once, each invoice paid once", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const a = await openInvoice(owner.org.id);
    const b = await openInvoice(owner.org.id);
    const csv = [
      "交易日期,金额,付款人,流水号,摘要",
      `${parkDate()},10600.00,付款人甲,R-1,${a.transferReference}`,
      `${parkDate()},10600.00,付款人乙,R-2,${b.transferReference}`,
      `${parkDate()},100.00,付款人丙,R-3,无识别码`,
    ].join("\n");
    const outcome = await raceCalls(5, () => importBankStatement(finance.actor, csv, meta));
    expect(outcome.rejected).toEqual([]);
    const recorded = outcome.fulfilled.map((r) => r.matched.length + r.unmatched.length);
    expect(recorded.reduce((x, y) => x + y, 0)).toBe(3);
    const db = await getDb();
    expect(await db.select().from(bankTransfers)).toHaveLength(3);
    const made = await db.select().from(payments).where(inArray(payments.invoiceId, [a.id, b.id]));
    expect(made).toHaveLength(2);
    for (const row of await db.select().from(invoices).where(inArray(invoices.id, [a.id, b.id]))) expect(row.status).toBe("paid");
  });

  it("applies one previewed 工行 statement 5 times at once (a double-clicked button, two clerks): each row once, the invoice paid once", async () => {
    const finance = await parkStaff("finance");
    const invoice = await openInvoice((await tenantOwner()).org.id);
    const bytes = icbcStatement(
      [
        { date: parkDate(), amount: "10,600.00", payer: "付款人甲", reference: "ICBC-P-1", message: fullWidth(invoice.transferReference) },
        { date: parkDate(), amount: "88.00", payer: "付款人乙", reference: "ICBC-P-2", message: "无识别码" },
      ],
      { date: parkDate(), amount: "1.00", reference: "ICBC-P-3" },
    );
    const preview = await previewBankStatement(finance.actor, bytes);
    expect(preview.ready).toBe(true);
    const outcome = await raceCalls(5, () => importBankStatement(finance.actor, preview.rows, meta));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.map((r) => r.matched.length).reduce((x, y) => x + y, 0)).toBe(1);
    expect(outcome.fulfilled.map((r) => r.alreadyImported.length).reduce((x, y) => x + y, 0)).toBe(8);
    const db = await getDb();
    expect((await db.select().from(bankTransfers)).map((t) => t.bankReference).sort()).toEqual(["ICBC-P-1", "ICBC-P-2"]);
    expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    const [paid] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(paid).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
  });
});
