// Corporate bank transfers (对公转账) and the finance console: a recorded transfer pays invoices
// once (exact, under, over), a bank reference is recorded once, a bank-statement CSV is imported
// all-or-nothing, and only park finance reaches any of it.
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, bankTransfers, invoices, payments, refunds } from "#db/schema/index";
import { addDays, createInvoice } from "~/modules/billing/invoices.server";
import { applyPayment } from "~/modules/billing/payments.server";
import { listUnallocatedTransfers, recordTransfer } from "~/modules/billing/transfers.server";
import { loader as refundsLoader } from "~/routes/finance.refunds";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { parkDate } from "~/modules/platform/dates";
import { loader as overviewLoader } from "~/routes/finance._index";
import { loader as fapiaoQueueLoader } from "~/routes/finance.fapiao";
import { action as invoicesAction, loader as invoicesLoader } from "~/routes/finance.invoices";
import { action as invoiceAction, loader as invoiceLoader } from "~/routes/finance.invoices_.$id";
import { action as transfersAction, loader as transfersLoader } from "~/routes/finance.transfers";
import { STAGE_TOTAL_FEN, openInvoice, parkStaff, rowCount, tenantOwner } from "../support/billing";
import { call, getRequest, postRequest, signedInMember, unique } from "../support/factories";

const meta = { ip: "127.0.0.1" };

async function financeAndInvoice() {
  const finance = await parkStaff("finance");
  const owner = await tenantOwner();
  const invoice = await openInvoice(owner.org.id);
  return { finance, owner, invoice };
}

async function invoiceById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

async function transferByReference(bankReference: string) {
  const db = await getDb();
  const [row] = await db.select().from(bankTransfers).where(eq(bankTransfers.bankReference, bankReference));
  return row;
}

async function paymentsOf(invoiceId: string) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId)).orderBy(asc(payments.receivedAt));
}

function recordForm(fields: Partial<Record<"amount" | "receivedOn" | "payerName" | "bankReference" | "memo", string>>) {
  return {
    intent: "record",
    amount: "10600.00",
    receivedOn: parkDate(),
    payerName: "上海青禾动画有限公司",
    bankReference: unique("ICBC"),
    memo: "",
    ...fields,
  };
}

/** A multipart POST, as a browser sends a form with a file input. */
function multipartRequest(path: string, fields: Record<string, string | Blob>, cookie: string, fileName = "statement.csv") {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, value, fileName);
  }
  return new Request(`http://localhost${path}`, { method: "POST", body, headers: { Cookie: cookie, Origin: "http://localhost" } });
}

describe("recording a transfer", () => {
  it("pays an invoice exactly when the memo carries its transfer reference, however the payer typed it", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const bankReference = unique("ICBC");
    // Payers drop the dashes and lower-case the reference; it still matches.
    const memo = `货款 ${invoice.transferReference.replace(/-/g, "").toLowerCase()} 谢谢`;
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm({ amount: "10,600.00", bankReference, memo }), finance.cookie));
    expect(answer.status).toBe(200);
    expect(answer.data.done?.recorded).toMatchObject({ matched: true, unallocatedFen: 0n });

    const paid = await invoiceById(invoice.id);
    expect(paid.status).toBe("paid");
    expect(paid.paidFen).toBe(STAGE_TOTAL_FEN);
    const [payment] = await paymentsOf(invoice.id);
    expect(payment).toMatchObject({
      method: "bank_transfer",
      externalRef: `${bankReference}#${invoice.id}`,
      amountFen: STAGE_TOTAL_FEN,
      appliedFen: STAGE_TOTAL_FEN,
      status: "applied",
      recordedBy: finance.user.id,
    });
    const transfer = await transferByReference(bankReference);
    expect(transfer.allocatedFen).toBe(STAGE_TOTAL_FEN);

    const db = await getDb();
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, transfer.id)).orderBy(asc(auditEvents.at));
    expect(audit.map((a) => a.action)).toEqual(["transfer.recorded", "transfer.allocated"]);
    expect(audit.every((a) => a.actorUserId === finance.user.id)).toBe(true);
  });

  it("leaves an under-paid invoice open and partly paid until the rest arrives", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const first = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", recordForm({ amount: "6000", memo: invoice.transferReference }), finance.cookie),
    );
    expect(first.status).toBe(200);
    let current = await invoiceById(invoice.id);
    expect(current.status).toBe("open");
    expect(current.paidFen).toBe(600_000n);

    await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm({ amount: "4600", memo: invoice.transferReference }), finance.cookie));
    current = await invoiceById(invoice.id);
    expect(current.status).toBe("paid");
    expect(current.paidFen).toBe(STAGE_TOTAL_FEN);
    expect((await paymentsOf(invoice.id)).map((p) => p.amountFen)).toEqual([600_000n, 460_000n]);
  });

  it("keeps what an over-payment does not need unallocated, to refund or allocate", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const bankReference = unique("ICBC");
    const answer = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", recordForm({ amount: "12000", bankReference, memo: invoice.transferReference }), finance.cookie),
    );
    expect(answer.data.done?.recorded).toMatchObject({ matched: true, unallocatedFen: 140_000n });
    expect((await invoiceById(invoice.id)).status).toBe("paid");
    const [payment] = await paymentsOf(invoice.id);
    expect(payment).toMatchObject({ amountFen: STAGE_TOTAL_FEN, appliedFen: STAGE_TOTAL_FEN, status: "applied" });

    const open = await listUnallocatedTransfers(finance.actor);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ bankReference, remainingFen: 140_000n });
    expect(open[0].allocations).toEqual([expect.objectContaining({ invoiceId: invoice.id, amountFen: STAGE_TOTAL_FEN })]);
    const overview = await call<typeof overviewLoader>(overviewLoader, getRequest("/finance", finance.cookie));
    expect(overview.data.unallocated.map((t: { bankReference: string }) => t.bankReference)).toEqual([bankReference]);
  });

  it("flags the excess for refund when finance allocates more than the invoice needs", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const bankReference = unique("ICBC");
    const recorded = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm({ amount: "12000", bankReference, memo: "货款" }), finance.cookie));
    expect(recorded.data.done?.recorded).toMatchObject({ matched: false, reason: "noReference", unallocatedFen: 1_200_000n });
    const transfer = await transferByReference(bankReference);

    const allocated = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", { intent: "allocate", transferId: transfer.id, invoiceId: invoice.id, amount: "12000" }, finance.cookie),
    );
    expect(allocated.status).toBe(200);
    const [payment] = await paymentsOf(invoice.id);
    expect(payment).toMatchObject({ amountFen: 1_200_000n, appliedFen: STAGE_TOTAL_FEN, status: "needs_refund" });
    expect((await invoiceById(invoice.id)).status).toBe("paid");
    expect((await transferByReference(bankReference)).allocatedFen).toBe(1_200_000n);

    const overview = await call<typeof overviewLoader>(overviewLoader, getRequest("/finance", finance.cookie));
    expect(overview.data.needsRefund).toEqual([expect.objectContaining({ paymentId: payment.id, toRefundFen: 140_000n })]);

    // The excess goes back through the invoice page; a bank transfer's refund waits for finance to
    // send it, in the queue of refunds to send, naming the payer of the transfer to pay back.
    const refund = await call<typeof invoiceAction>(
      invoiceAction,
      postRequest(`/finance/invoices/${invoice.id}`, { intent: "refund", paymentId: payment.id, amount: "1400", reason: "多付退回" }, finance.cookie),
      { id: invoice.id },
    );
    expect(refund.status).toBe(200);
    expect(refund.data.done).toMatchObject({ message: "finance.detail.refunded" });
    const db = await getDb();
    const [refundRow] = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(refundRow).toMatchObject({ amountFen: 140_000n, status: "pending", reason: "多付退回" });
    const queue = await call<typeof refundsLoader>(refundsLoader, getRequest("/finance/refunds", finance.cookie));
    expect(queue.data.refunds).toEqual([expect.objectContaining({ id: refundRow.id, amountFen: "140000", invoiceId: invoice.id, payerName: expect.any(String) })]);
    expect(queue.data.refunds[0].payerName?.length).toBeGreaterThan(0);
  });

  it("defaults a manual allocation to what the invoice still needs and refuses more than the transfer has left", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const transfer = (await recordTransfer(finance.actor, { bankReference: unique("B"), amountFen: 2_000_000n, receivedOn: parkDate(), payerName: "付款人" }, meta)).transfer;
    const other = await openInvoice((await tenantOwner()).org.id);

    const first = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "allocate", transferId: transfer.id, invoiceId: invoice.id }, finance.cookie));
    expect(first.status).toBe(200);
    expect((await invoiceById(invoice.id)).status).toBe("paid");

    const tooMuch = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", { intent: "allocate", transferId: transfer.id, invoiceId: other.id, amount: "9400.01" }, finance.cookie),
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.data.result.error?.[""]).toEqual(['errors.allocationTooLarge::{"max":"9400.00"}']);
    expect(await paymentsOf(other.id)).toEqual([]);

    // The same transfer cannot pay the same invoice twice: its payment id would repeat.
    const again = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", { intent: "allocate", transferId: transfer.id, invoiceId: invoice.id, amount: "1" }, finance.cookie),
    );
    expect(again.status).toBe(409);
    expect((await transferByReference(transfer.bankReference)).allocatedFen).toBe(STAGE_TOTAL_FEN);
  });

  it("refuses a bank reference recorded before with a 409 and writes nothing", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const bankReference = unique("ICBC");
    await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm({ amount: "100", bankReference }), finance.cookie));
    const before = { transfers: await rowCount(bankTransfers), payments: await rowCount(payments), audit: await rowCount(auditEvents) };

    const duplicate = await call<typeof transfersAction>(
      transfersAction,
      postRequest("/finance/transfers", recordForm({ amount: "10600", bankReference, memo: invoice.transferReference }), finance.cookie),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.data.result.error?.[""]).toEqual([`errors.transferDuplicate::${JSON.stringify({ reference: bankReference })}`]);
    expect({ transfers: await rowCount(bankTransfers), payments: await rowCount(payments), audit: await rowCount(auditEvents) }).toEqual(before);
    expect((await invoiceById(invoice.id)).status).toBe("open");
    await expect(recordTransfer(finance.actor, { bankReference, amountFen: 1n, receivedOn: parkDate(), payerName: "x" }, meta)).rejects.toMatchObject({
      code: "conflict",
      messageKey: "errors.transferDuplicate",
    });
  });

  it.each([
    ["an amount with three decimals", { amount: "12.345" }, "amount", "errors.amountFormat"],
    ["a zero amount", { amount: "0" }, "amount", "errors.amountPositive"],
    ["a date that does not exist", { receivedOn: "2026-02-30" }, "receivedOn", "errors.date"],
    ["no bank reference", { bankReference: "" }, "bankReference", "errors.required"],
  ])("answers %s with a field error and records nothing", async (_label, fields, field, message) => {
    const finance = await parkStaff("finance");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm(fields), finance.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error?.[field]).toEqual([message]);
    expect(await rowCount(bankTransfers)).toBe(0);
  });

  it("refuses a transfer dated in the future", async () => {
    const finance = await parkStaff("finance");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", recordForm({ receivedOn: addDays(parkDate(), 1) }), finance.cookie));
    expect(answer.status).toBe(422);
    expect(answer.data.result.error?.[""]).toEqual(["errors.dateInFuture"]);
    expect(await rowCount(bankTransfers)).toBe(0);
  });
});

describe("importing a bank statement", () => {
  it("records each row once, matches by memo and reports matched, unmatched and already imported rows", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const second = await openInvoice((await tenantOwner()).org.id);
    const earlier = unique("ICBC");
    await recordTransfer(finance.actor, { bankReference: earlier, amountFen: 50_000n, receivedOn: parkDate(), payerName: "早先的付款人" }, meta);
    const today = parkDate();
    const csv = [
      "交易日期,金额,付款人,流水号,摘要",
      `${today},"10,600.00",上海青禾动画有限公司,R-001,货款 ${invoice.transferReference}`,
      `${today.replace(/-/g, "/")},5000,北京短剧工作室,R-002,${second.transferReference} 部分付款`,
      `${today},888.00,不明付款人,R-003,服务费`,
      `${today},500.00,早先的付款人,${earlier},重复导入`,
    ].join("\n");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv }, finance.cookie));
    expect(answer.status).toBe(200);
    const report = answer.data.done?.report;
    expect(report?.applied).toBe(true);
    expect(report?.invalid).toEqual([]);
    expect(report?.matched.map((r: { bankReference: string }) => r.bankReference)).toEqual(["R-001", "R-002"]);
    expect(report?.unmatched).toEqual([expect.objectContaining({ line: 4, bankReference: "R-003", match: expect.objectContaining({ reason: "noReference" }) })]);
    expect(report?.alreadyImported).toEqual([{ line: 5, bankReference: earlier, amountFen: 50_000n }]);

    expect((await invoiceById(invoice.id)).status).toBe("paid");
    const partly = await invoiceById(second.id);
    expect(partly).toMatchObject({ status: "open", paidFen: 500_000n });
    // The unmatched row waits to be allocated; the earlier one keeps its own amount.
    expect((await transferByReference("R-003")).allocatedFen).toBe(0n);
    expect((await transferByReference(earlier)).amountFen).toBe(50_000n);
    const waiting = await listUnallocatedTransfers(finance.actor);
    expect(waiting.map((t) => t.bankReference).sort()).toEqual(["R-003", earlier].sort());

    // Importing the same file again changes nothing.
    const again = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv }, finance.cookie));
    expect(again.data.done?.report?.alreadyImported).toHaveLength(4);
    expect(await rowCount(payments)).toBe(2);
  });

  it("imports nothing of a file with invalid rows and says which rows and why", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const csv = [
      "交易日期,金额（元）,付款人,流水号,摘要",
      `${parkDate()},10600,上海青禾动画有限公司,R-101,${invoice.transferReference}`,
      `2026-13-01,100,某公司,R-102,`,
      `${parkDate()},12.345,某公司,R-103,`,
      `${parkDate()},0,某公司,R-104,`,
      `${parkDate()},100,某公司,R-101,重复流水号`,
    ].join("\n");
    const before = { transfers: await rowCount(bankTransfers), payments: await rowCount(payments), audit: await rowCount(auditEvents) };
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv }, finance.cookie));
    expect(answer.status).toBe(422);
    expect(answer.data.done?.report?.applied).toBe(false);
    expect(answer.data.done?.report?.invalid).toEqual([
      { line: 3, bankReference: "R-102", reasons: ["errors.statementDate"] },
      { line: 4, bankReference: "R-103", reasons: ["errors.statementAmount"] },
      { line: 5, bankReference: "R-104", reasons: ["errors.statementAmount"] },
      { line: 6, bankReference: "R-101", reasons: ["errors.statementDuplicateReference"] },
    ]);
    expect({ transfers: await rowCount(bankTransfers), payments: await rowCount(payments), audit: await rowCount(auditEvents) }).toEqual(before);
    expect((await invoiceById(invoice.id)).status).toBe("open");
  });

  it("reads an uploaded GB18030 file with English headers too", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const text = `Date,Amount,Payer,Reference,Memo\r\n${parkDate()},10600.00,上海青禾动画有限公司,R-201,${invoice.transferReference}\r\n`;
    // Node can decode GB18030 but not encode it: the two Chinese-heavy fields are written as GB18030 bytes by hand.
    const gbPayer = Buffer.from("c9cfbaa3c7e0baccb6afbbadd3d0cfdeb9abcbbe", "hex");
    expect(new TextDecoder("gb18030").decode(gbPayer)).toBe("上海青禾动画有限公司");
    const [head, tail] = text.split("上海青禾动画有限公司");
    const bytes = Buffer.concat([Buffer.from(head), gbPayer, Buffer.from(tail)]);
    const answer = await call<typeof transfersAction>(transfersAction, multipartRequest("/finance/transfers", { intent: "import", file: new Blob([bytes], { type: "text/csv" }) }, finance.cookie));
    expect(answer.status).toBe(200);
    expect(answer.data.done?.report?.matched).toEqual([expect.objectContaining({ bankReference: "R-201", payerName: "上海青禾动画有限公司" })]);
    expect((await invoiceById(invoice.id)).status).toBe("paid");
  });

  it("refuses a file without the columns it needs, naming them", async () => {
    const finance = await parkStaff("finance");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv: "日期,金额\n2026-05-01,100" }, finance.cookie));
    expect(answer.status).toBe(422);
    const [message] = answer.data.result.error?.[""] ?? [];
    expect(message).toMatch(/^errors\.statementColumns::/);
    expect(JSON.parse(message.split("::")[1]).missing).toContain("付款人");
    expect(await rowCount(bankTransfers)).toBe(0);
  });

  it("asks for a file or pasted text when both are empty", async () => {
    const finance = await parkStaff("finance");
    const answer = await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv: "" }, finance.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error?.csv).toEqual(["errors.statementRequired"]);
  });
});

describe("the finance console", () => {
  it("buckets open invoices by how overdue they are and totals today's receipts in park time", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const today = parkDate();
    const db = await getDb();
    const lines = [{ descriptionZh: "场地费", descriptionEn: "Venue", quantity: 1, unitPriceFen: 100_000n }];
    for (const dueOn of [addDays(today, 3), addDays(today, -10), addDays(today, -45), addDays(today, -200)]) {
      await db.transaction((tx) => createInvoice(tx, { orgId: owner.org.id, kind: "manual", lines, vatRateBp: 0, dueOn, issuedOn: addDays(dueOn, -14) }));
    }
    const paidOnline = await openInvoice(owner.org.id);
    await db.transaction((tx) => applyPayment(tx, { invoiceId: paidOnline.id, method: "stripe", externalRef: unique("pi"), amountFen: STAGE_TOTAL_FEN }));
    await recordTransfer(finance.actor, { bankReference: unique("T"), amountFen: 33_300n, receivedOn: today, payerName: "今天的付款人" }, meta);
    await recordTransfer(finance.actor, { bankReference: unique("T"), amountFen: 99_900n, receivedOn: addDays(today, -1), payerName: "昨天的付款人" }, meta);

    const answer = await call<typeof overviewLoader>(overviewLoader, getRequest("/finance", finance.cookie));
    expect(answer.status).toBe(200);
    const buckets = Object.fromEntries(answer.data.buckets.map((b: { bucket: string; count: number; outstandingFen: bigint }) => [b.bucket, [b.count, b.outstandingFen]]));
    expect(buckets).toEqual({
      current: [1, 100_000n],
      "1-30": [1, 100_000n],
      "31-60": [1, 100_000n],
      "61-90": [0, 0n],
      "90+": [1, 100_000n],
    });
    expect(answer.data.outstandingFen).toBe(400_000n);
    expect(answer.data.receipts).toEqual({ onlineFen: STAGE_TOTAL_FEN, onlineCount: 1, transferFen: 33_300n, transferCount: 1, totalFen: STAGE_TOTAL_FEN + 33_300n });
  });

  it("issues a manual invoice with exact yuan amounts, and refuses a bad line without creating anything", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const fields = {
      orgId: owner.org.id,
      dueOn: addDays(parkDate(), 30),
      vatRate: "600",
      "lines[0].descriptionZh": "道具租赁",
      "lines[0].descriptionEn": "Prop rental",
      "lines[0].quantity": "2",
      "lines[0].unitPrice": "1,000.50",
      "lines[1].descriptionZh": "群演",
      "lines[1].descriptionEn": "Extras",
      "lines[1].quantity": "3",
      "lines[1].unitPrice": "0.10",
    };
    const bad = await call<typeof invoicesAction>(invoicesAction, postRequest("/finance/invoices", { ...fields, "lines[1].unitPrice": "0.105" }, finance.cookie));
    expect(bad.status).toBe(400);
    expect(bad.data.result.error?.["lines[1].unitPrice"]).toEqual(["errors.amountFormat"]);
    expect(await rowCount(invoices)).toBe(0);

    const created = await call<typeof invoicesAction>(invoicesAction, postRequest("/finance/invoices", fields, finance.cookie));
    expect(created.status).toBe(302);
    const db = await getDb();
    const [invoice] = await db.select().from(invoices);
    expect(created.location).toBe(`/finance/invoices/${invoice.id}?created=1`);
    // 2 × ¥1,000.50 + 3 × ¥0.10 = ¥2,001.30; VAT 6% = ¥120.078 → ¥120.08.
    expect(invoice).toMatchObject({ kind: "manual", status: "open", orgId: owner.org.id, subtotalFen: 200_130n, vatFen: 12_008n, totalFen: 212_138n, createdBy: finance.user.id });

    const list = await call<typeof invoicesLoader>(invoicesLoader, getRequest("/finance/invoices?status=open", finance.cookie));
    expect(list.data.invoices.map((row: { invoice: { id: string } }) => row.invoice.id)).toEqual([invoice.id]);
    expect(list.data.tenants.map((t: { id: string }) => t.id)).toContain(owner.org.id);
  });

  it("caps what finance types: ¥100,000,000.00 a price or a line, ¥1,000,000,000.00 an invoice — field errors, never a bigint overflow", async () => {
    const finance = await parkStaff("finance");
    const owner = await tenantOwner();
    const line = (i: number, quantity: string, unitPrice: string) => ({
      [`lines[${i}].descriptionZh`]: "场地",
      [`lines[${i}].descriptionEn`]: "Stage",
      [`lines[${i}].quantity`]: quantity,
      [`lines[${i}].unitPrice`]: unitPrice,
    });
    const base = { orgId: owner.org.id, dueOn: addDays(parkDate(), 30), vatRate: "600" };
    const post = (fields: Record<string, string>) => call<typeof invoicesAction>(invoicesAction, postRequest("/finance/invoices", { ...base, ...fields }, finance.cookie));

    // The submission that overflowed bigint (a 500): a million times ¥9,999,999,999,999.
    const overflow = await post(line(0, "1000000", "9999999999999"));
    expect(overflow.status).toBe(400);
    expect(overflow.data.result.error?.["lines[0].unitPrice"]).toEqual(["errors.amountTooLarge"]);
    const tooMuchPerLine = await post(line(0, "2", "60,000,000"));
    expect(tooMuchPerLine.status).toBe(400);
    expect(tooMuchPerLine.data.result.error?.["lines[0].unitPrice"]).toEqual(["errors.lineTooLarge"]);
    const lines = Object.assign({}, ...Array.from({ length: 10 }, (_, i) => line(i, "1", "100,000,000")));
    const tooMuchInAll = await post(lines); // ¥1,000,000,000 + 6% VAT
    expect(tooMuchInAll.status).toBe(400);
    expect(tooMuchInAll.data.result.error?.lines).toEqual(["errors.invoiceTooLarge"]);
    expect(await rowCount(invoices)).toBe(0);

    const atTheCap = await post(line(0, "1", "¥100,000,000.00"));
    expect(atTheCap.status).toBe(302);
    const db = await getDb();
    const [invoice] = await db.select().from(invoices);
    expect(invoice.subtotalFen).toBe(10_000_000_000n);
  });

  it("voids an open unpaid invoice only with a reason", async () => {
    const { finance, invoice } = await financeAndInvoice();
    const noReason = await call<typeof invoiceAction>(invoiceAction, postRequest(`/finance/invoices/${invoice.id}`, { intent: "void", reason: " " }, finance.cookie), { id: invoice.id });
    expect(noReason.status).toBe(400);
    expect(noReason.data.result.error?.reason).toEqual(["errors.required"]);
    expect((await invoiceById(invoice.id)).status).toBe("open");

    const voided = await call<typeof invoiceAction>(invoiceAction, postRequest(`/finance/invoices/${invoice.id}`, { intent: "void", reason: "重复开具" }, finance.cookie), { id: invoice.id });
    expect(voided.status).toBe(200);
    expect((await invoiceById(invoice.id)).status).toBe("void");
    const db = await getDb();
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, invoice.id), eq(auditEvents.action, "invoice.voided")));
    expect(audit).toMatchObject({ actorUserId: finance.user.id, reason: "重复开具" });
  });

  it("shows an invoice's detail with the transfers that could pay it", async () => {
    const { finance, invoice } = await financeAndInvoice();
    await recordTransfer(finance.actor, { bankReference: "WAITING-1", amountFen: 5_000n, receivedOn: parkDate(), payerName: "某公司" }, meta);
    const answer = await call<typeof invoiceLoader>(invoiceLoader, getRequest(`/finance/invoices/${invoice.id}`, finance.cookie), { id: invoice.id });
    expect(answer.status).toBe(200);
    expect(answer.data.invoice.id).toBe(invoice.id);
    expect(answer.data.lines).toHaveLength(1);
    expect(answer.data.transfers.map((t: { bankReference: string }) => t.bankReference)).toEqual(["WAITING-1"]);
    const missing = await call<typeof invoiceLoader>(invoiceLoader, getRequest("/finance/invoices/00000000-0000-4000-8000-000000000000", finance.cookie), {
      id: "00000000-0000-4000-8000-000000000000",
    });
    expect(missing.status).toBe(404);
  });
});

describe("who reaches the finance console", () => {
  const pages = [
    ["/finance", overviewLoader],
    ["/finance/invoices", invoicesLoader],
    ["/finance/transfers", transfersLoader],
    ["/finance/fapiao", fapiaoQueueLoader],
  ] as const;

  it.each(pages)("%s: a tenant's owner gets 404 (not a park member), park staff without finance 403, finance and admin 200", async (path, loader) => {
    const owner = await tenantOwner();
    const tenantMember = await signedInMember({ orgId: owner.org.id, role: "member" });
    const services = await parkStaff("services");
    const finance = await parkStaff("finance");
    const admin = await parkStaff("admin");
    expect((await call<typeof loader>(loader, getRequest(path, owner.cookie))).status).toBe(404);
    expect((await call<typeof loader>(loader, getRequest(path, tenantMember.cookie))).status).toBe(404);
    expect((await call<typeof loader>(loader, getRequest(path, services.cookie))).status).toBe(403);
    expect((await call<typeof loader>(loader, getRequest(path, finance.cookie))).status).toBe(200);
    expect((await call<typeof loader>(loader, getRequest(path, admin.cookie))).status).toBe(200);
  });

  it("an invoice's finance page is 404 to its own tenant", async () => {
    const { owner, invoice } = await financeAndInvoice();
    expect((await call<typeof invoiceLoader>(invoiceLoader, getRequest(`/finance/invoices/${invoice.id}`, owner.cookie), { id: invoice.id })).status).toBe(404);
  });

  it("neither a tenant nor park staff without finance can record, allocate or import, and nothing is written", async () => {
    const { invoice } = await financeAndInvoice();
    const owner = await tenantOwner();
    const services = await parkStaff("services");
    const form = recordForm({ memo: invoice.transferReference });
    expect((await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", form, owner.cookie))).status).toBe(404);
    expect((await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", form, services.cookie))).status).toBe(403);
    expect((await call<typeof transfersAction>(transfersAction, postRequest("/finance/transfers", { intent: "import", csv: "a" }, services.cookie))).status).toBe(403);
    expect((await call<typeof invoiceAction>(invoiceAction, postRequest(`/finance/invoices/${invoice.id}`, { intent: "void", reason: "x" }, services.cookie), { id: invoice.id })).status).toBe(403);
    await expect(recordTransfer(services.actor, { bankReference: "X", amountFen: 1n, receivedOn: parkDate(), payerName: "x" }, meta)).rejects.toBeInstanceOf(AppError);
    expect(await rowCount(bankTransfers)).toBe(0);
    expect((await invoiceById(invoice.id)).status).toBe("open");
  });
});
