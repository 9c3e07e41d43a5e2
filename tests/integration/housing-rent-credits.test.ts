// Money left over when a lease ends early: the months already billed beyond the new end are put
// right exactly once — an unpaid invoice is voided and the month billed again for the days let, a
// paid one keeps its invoice and the rent of the days after the end goes back through billing — and
// a deposit settlement whose refunds a crash left unasked is refunded by the sweep.
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, housingLeases, housingRentCharges, invoiceLines, invoices, notifications, payments, refunds } from "#db/schema/index";
import { confirmRefundSent, refundPayment } from "~/modules/billing/refunds.server";
import { addDeduction, refundSettledDeposits, settleDeposit } from "~/modules/housing/deposits.server";
import { checkIn, checkOut, giveNotice } from "~/modules/housing/leases.server";
import { monthOf, proratedRentFen } from "~/modules/housing/proration";
import { refundRentCredits } from "~/modules/housing/rent-credits.server";
import { billRentForMonth, queueOverdueRentReminders, rentChargesForLease } from "~/modules/housing/rent.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { enqueuePeriodicTasks, runDueJobs } from "~/modules/platform/jobs.server";
import { action as consoleLeaseAction, loader as consoleLeaseLoader } from "~/routes/housing.console.leases.$id";
import { loader as leaseLoader } from "~/routes/housing.leases.$id";
import { parkStaff } from "../support/billing";
import { call, getRequest, postRequest } from "../support/factories";
import { activeLease, housingStaff, tenantWithQuota } from "../support/housing";
import { leaseFor, newUnit, payByTransfer, reading } from "../support/housing-money";

const MAY = "2027-05-01";
/** ¥3,000.00 a month; ending on 10 May (exclusive) lets 9 of 31 days: 300000 × 9 / 31 = 87096.77 → 87097. */
const RENT = 300_000n;
const MAY_LET = 87_097n;
const MAY_CREDIT = RENT - MAY_LET; // 212903, the 22 days from the 10th
/** May's utilities from the readings of 1 April and 1 May: 100 kWh × ¥0.62 + 2 m³ × ¥5.00. */
const MAY_UTILITIES = 6_200n + 1_000n;

async function rentLeaseFrom2027(options: { payer?: "company" | "resident"; utilities?: boolean } = {}) {
  const tenant = await tenantWithQuota(2);
  const unit = await newUnit();
  const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: "2027-01-01", endsOn: "2027-12-01", monthlyRentFen: RENT, payer: options.payer });
  if (options.utilities) {
    await reading(unit.id, "2027-04-01", "1000.00", "50.00");
    await reading(unit.id, "2027-05-01", "1100.00", "52.00");
  }
  return { tenant, unit, lease, staff: await housingStaff() };
}

async function chargeOf(leaseId: string, month: string) {
  const db = await getDb();
  const rows = await db.select().from(housingRentCharges).where(and(eq(housingRentCharges.leaseId, leaseId), eq(housingRentCharges.month, month)));
  expect(rows).toHaveLength(1); // one row per (lease, month), whatever happened to its invoice
  return rows[0];
}

async function invoice(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

async function refundsOfInvoice(invoiceId: string) {
  const db = await getDb();
  return db
    .select({ amountFen: refunds.amountFen, status: refunds.status, paymentId: refunds.paymentId })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(payments.invoiceId, invoiceId))
    .orderBy(asc(refunds.createdAt));
}

async function audited(leaseId: string, action: string) {
  const db = await getDb();
  return db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, leaseId), eq(auditEvents.action, action)));
}

async function told(kind: string) {
  const db = await getDb();
  return db.select().from(notifications).where(eq(notifications.kind, kind));
}

const expectAppError = async (promise: Promise<unknown>, code: string, messageKey?: string) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (messageKey) expect((error as AppError).messageKey).toBe(messageKey);
};

describe("rent after an early end", () => {
  it("an end on the 10th of a paid month refunds exactly the days after it, once, and the lease pages show it", async () => {
    const { tenant, lease, staff } = await rentLeaseFrom2027({ utilities: true });
    await billRentForMonth(MAY);
    const billed = await chargeOf(lease.id, MAY);
    expect(billed).toMatchObject({ days: 31, rentFen: RENT, utilitiesFen: MAY_UTILITIES, creditFen: 0n });
    await payByTransfer(billed.invoiceId!);

    // Housing staff end the lease on 10 May from the console.
    const noticed = await call(consoleLeaseAction, postRequest(`/housing/console/leases/${lease.id}`, { intent: "notice", endsOn: "2027-05-10" }, staff.cookie), { id: lease.id });
    expect(noticed.status).toBe(302);

    const charge = await chargeOf(lease.id, MAY);
    expect(charge).toMatchObject({ days: 9, rentFen: MAY_LET, utilitiesFen: MAY_UTILITIES, creditFen: MAY_CREDIT, invoiceId: billed.invoiceId });
    expect(charge.creditRequestedAt).toBeInstanceOf(Date);
    // The invoice stays paid; exactly the 22 days' rent is going back (utilities were used and stay
    // billed) — by bank transfer, as it was paid, so pending until finance has sent it.
    expect(await invoice(billed.invoiceId!)).toMatchObject({ status: "paid", paidFen: RENT + MAY_UTILITIES });
    expect(await refundsOfInvoice(billed.invoiceId!)).toEqual([expect.objectContaining({ amountFen: MAY_CREDIT, status: "pending" })]);

    // Nothing more may go back: not by finance, not by the same notice again, not by the sweep.
    const finance = await parkStaff("finance");
    const db = await getDb();
    const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, billed.invoiceId!));
    await expectAppError(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1n, reason: "再退一分" }, { ip: null }), "conflict", "errors.refundTooLarge");
    const again = await giveNotice(staff.actor, lease.id, "2027-05-10");
    expect(again.endsOn).toBe("2027-05-10");
    expect(await refundRentCredits()).toBe(0);
    await enqueuePeriodicTasks();
    await runDueJobs();
    expect(await refundsOfInvoice(billed.invoiceId!)).toHaveLength(1);
    expect(await audited(lease.id, "housing.lease_notice_given")).toHaveLength(1);
    const [credited] = await audited(lease.id, "housing.rent_credited");
    expect(credited.after).toMatchObject({ month: MAY, days: 9, creditedFen: String(MAY_CREDIT), invoiceId: billed.invoiceId });
    expect(await audited(lease.id, "housing.rent_credited")).toHaveLength(1);

    // The company pays: its owner and the resident are told how much comes back.
    const credits = await told("housingRentCredited");
    expect(credits.map((n) => n.userId).sort()).toEqual([tenant.owner.user.id, tenant.member.user.id].sort());
    expect(credits[0].params).toMatchObject({ lease: lease.number, month: "2027-05", amount: "2,129.03" });

    // The resident's lease page and the housing console both carry the credited rent.
    const page = await call(leaseLoader, getRequest(`/housing/leases/${lease.id}`, tenant.member.cookie), { id: lease.id });
    expect(page.data.panel.charges).toEqual([expect.objectContaining({ month: MAY, days: 9, rentFen: MAY_LET, creditFen: MAY_CREDIT })]);
    const consolePage = await call(consoleLeaseLoader, getRequest(`/housing/console/leases/${lease.id}`, staff.cookie), { id: lease.id });
    expect(consolePage.data.charges[0].creditFen).toBe(MAY_CREDIT);
    expect((await rentChargesForLease(tenant.owner.actor, lease.id))[0].creditFen).toBe(MAY_CREDIT);
    // Both pages say the money has not left yet; once finance records it, neither does.
    expect(page.data.panel.charges[0].refundPendingFen).toBe(MAY_CREDIT);
    expect(consolePage.data.charges[0].refundPendingFen).toBe(MAY_CREDIT);
    const [pending] = await refundsOfInvoice(billed.invoiceId!);
    const [row] = await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.paymentId, pending.paymentId));
    await confirmRefundSent(finance.actor, { refundId: row.id, sentOn: parkDate(), bankReference: "ICBC-OUT-7788" }, { ip: null });
    expect(await refundsOfInvoice(billed.invoiceId!)).toEqual([expect.objectContaining({ amountFen: MAY_CREDIT, status: "succeeded" })]);
    const after = await call(leaseLoader, getRequest(`/housing/leases/${lease.id}`, tenant.member.cookie), { id: lease.id });
    expect(after.data.panel.charges[0].refundPendingFen).toBe(0n);
  });

  it("on an unpaid month the invoice is voided and the month billed again for the days let, utilities as they were", async () => {
    const { tenant, lease, staff } = await rentLeaseFrom2027({ utilities: true, payer: "resident" });
    await billRentForMonth(MAY);
    const billed = await chargeOf(lease.id, MAY);
    const original = await invoice(billed.invoiceId!);
    expect(original).toMatchObject({ status: "open", totalFen: RENT + MAY_UTILITIES });

    await giveNotice(staff.actor, lease.id, "2027-05-10");

    expect(await invoice(original.id)).toMatchObject({ status: "void" });
    const charge = await chargeOf(lease.id, MAY);
    expect(charge).toMatchObject({ days: 9, rentFen: MAY_LET, utilitiesFen: MAY_UTILITIES, creditFen: 0n });
    expect(charge.invoiceId).not.toBe(original.id);
    const replacement = await invoice(charge.invoiceId!);
    expect(replacement).toMatchObject({ kind: "housing_rent", status: "open", orgId: tenant.org.id, totalFen: MAY_LET + MAY_UTILITIES, paidFen: 0n });
    expect(replacement.sourceRef).toBe(`lease:${lease.id}:${MAY}:replaces:${original.id}`);
    const db = await getDb();
    const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, replacement.id)).orderBy(asc(invoiceLines.position));
    expect(lines.map((l) => l.amountFen)).toEqual([MAY_LET, 6_200n, 1_000n]);
    expect(lines[0].descriptionZh).toContain("9/31");
    expect(lines[0].descriptionEn).toContain("9/31 days");
    expect(await refundsOfInvoice(original.id)).toEqual([]);

    // Once only: the rent run and the same notice again change nothing; nobody is reminded of the void one.
    expect(await billRentForMonth(MAY)).toEqual({ created: 0, skipped: 0 });
    await giveNotice(staff.actor, lease.id, "2027-05-10");
    const rentInvoices = await db.select().from(invoices).where(and(eq(invoices.orgId, tenant.org.id), eq(invoices.kind, "housing_rent")));
    expect(rentInvoices.map((i) => i.status).sort()).toEqual(["open", "void"]);
    await queueOverdueRentReminders(parkMidnight("2027-06-30"));
    await runDueJobs();
    const overdue = await told("housingRentOverdue");
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((n) => n.params.number === replacement.number)).toBe(true);

    // The resident pays their own rent: they are told the new amount, and it is audited.
    const rebilled = await told("housingRentRebilled");
    expect(rebilled.map((n) => n.userId)).toEqual([tenant.member.user.id]);
    expect(rebilled[0].params).toMatchObject({ voided: original.number, number: replacement.number, amount: "942.97", month: "2027-05" });
    const [audit] = await audited(lease.id, "housing.rent_rebilled");
    expect(audit.before).toMatchObject({ invoiceId: original.id, days: 31 });
    expect(audit.after).toMatchObject({ invoiceId: replacement.id, days: 9, rentFen: String(MAY_LET) });
    expect(await audited(lease.id, "housing.rent_rebilled")).toHaveLength(1);

    // Paying the replacement pays the month.
    await payByTransfer(replacement.id);
    expect(await invoice(replacement.id)).toMatchObject({ status: "paid" });
  });

  it("later months already billed are refunded in full when paid and voided when not", async () => {
    const { tenant, lease, staff } = await rentLeaseFrom2027();
    for (const month of [MAY, "2027-06-01", "2027-07-01"]) await billRentForMonth(month);
    const may = await chargeOf(lease.id, MAY);
    const june = await chargeOf(lease.id, "2027-06-01");
    const july = await chargeOf(lease.id, "2027-07-01");
    await payByTransfer(may.invoiceId!);
    await payByTransfer(june.invoiceId!);

    await giveNotice(staff.actor, lease.id, "2027-05-10");

    expect(await refundsOfInvoice(may.invoiceId!)).toEqual([expect.objectContaining({ amountFen: MAY_CREDIT, status: "pending" })]);
    expect(await refundsOfInvoice(june.invoiceId!)).toEqual([expect.objectContaining({ amountFen: RENT, status: "pending" })]);
    expect(await chargeOf(lease.id, "2027-06-01")).toMatchObject({ days: 0, rentFen: 0n, creditFen: RENT, invoiceId: june.invoiceId });
    // July had nothing paid and nothing else on it: void, with no new invoice; the month shows as void.
    expect(await invoice(july.invoiceId!)).toMatchObject({ status: "void" });
    expect(await chargeOf(lease.id, "2027-07-01")).toMatchObject({ days: 0, rentFen: 0n, creditFen: 0n, invoiceId: july.invoiceId });
    const db = await getDb();
    expect(await db.select().from(invoices).where(and(eq(invoices.orgId, tenant.org.id), eq(invoices.kind, "housing_rent")))).toHaveLength(3);
    expect((await told("housingRentVoided")).map((n) => n.params.month)).toEqual(["2027-07", "2027-07"]);
    expect((await audited(lease.id, "housing.rent_credited")).map((a) => (a.after as { month: string }).month).sort()).toEqual([MAY, "2027-06-01"]);
    // Nothing is billed for the months after the end any more.
    expect(await billRentForMonth("2027-08-01")).toEqual({ created: 0, skipped: 0 });
  });

  it("a check-out before the end credits a partly paid month as it is paid, never sending back what is still asked for", async () => {
    const { lease, staff } = await rentLeaseFrom2027();
    await checkIn(staff.actor, lease.id, { keys: 1, accessCards: 1, electricityKwh: "10.00", waterM3: "1.00" }, parkMidnight("2027-01-01"));
    await billRentForMonth(MAY);
    const billed = await chargeOf(lease.id, MAY);
    await payByTransfer(billed.invoiceId!, 100_000n);

    await checkOut(staff.actor, lease.id, { keys: 1, accessCards: 1, electricityKwh: "90.00", waterM3: "3.00" }, parkMidnight("2027-05-10"));

    const charge = await chargeOf(lease.id, MAY);
    expect(charge).toMatchObject({ days: 9, rentFen: MAY_LET, creditFen: MAY_CREDIT, creditRequestedAt: null });
    // The invoice still asks for ¥3,000.00 in all; of the ¥1,000.00 paid only what is beyond what the
    // 9 days cost (¥870.97) goes back now.
    expect(await refundsOfInvoice(billed.invoiceId!)).toEqual([expect.objectContaining({ amountFen: 100_000n - MAY_LET, status: "pending" })]);
    expect(await refundRentCredits()).toBe(0);

    // The rest is paid; the sweep (a periodic job) sends back the remainder of the credit, once,
    // oldest payment first: what is left of the first (¥870.97), then ¥1,129.03 of the second.
    await payByTransfer(billed.invoiceId!);
    await enqueuePeriodicTasks(new Date(Date.now() + 3_600_000));
    await runDueJobs();
    const back = await refundsOfInvoice(billed.invoiceId!);
    expect(back.map((r) => r.amountFen)).toEqual([100_000n - MAY_LET, MAY_LET, MAY_CREDIT - 100_000n]);
    // Paid by bank transfer, so going back by bank transfer: pending until finance sends it.
    expect(back.every((r) => r.status === "pending")).toBe(true);
    expect(back.reduce((sum, r) => sum + r.amountFen, 0n)).toBe(MAY_CREDIT);
    expect((await chargeOf(lease.id, MAY)).creditRequestedAt).toBeInstanceOf(Date);
    expect(await refundRentCredits()).toBe(0);
  });

  it("a resident's notice before the month is billed bills it prorated in the first place", async () => {
    const today = parkDate();
    const { tenant, lease } = await activeLease({ startsOn: today, endsOn: addDaysIso(today, 180) });
    // The 10th of a month at least 30 days ahead (the notice period), in the lease.
    const lastMonth = monthOf(addDaysIso(today, 62));
    const endsOn = addDaysIso(lastMonth, 9);
    await giveNotice(tenant.member.actor, lease.id, endsOn);
    await billRentForMonth(lastMonth);
    const expected = proratedRentFen({ monthlyRentFen: lease.monthlyRentFen, month: lastMonth, startsOn: lease.startsOn, endsOn });
    expect(expected.days).toBeLessThan(expected.daysInMonth);
    const charge = await chargeOf(lease.id, lastMonth);
    expect(charge).toMatchObject({ days: expected.days, rentFen: expected.amountFen, creditFen: 0n });
    expect(await invoice(charge.invoiceId!)).toMatchObject({ status: "open", totalFen: expected.amountFen });
    expect(await audited(lease.id, "housing.rent_credited")).toEqual([]);
    expect(await audited(lease.id, "housing.rent_rebilled")).toEqual([]);
  });
});

describe("deposit refunds after a crash", () => {
  async function checkedOutWithDeposit() {
    const today = parkDate();
    const { tenant, lease, staff } = await activeLease({ startsOn: today, endsOn: addDaysIso(today, 180) });
    await payByTransfer(lease.depositInvoiceId!);
    await checkIn(staff, lease.id, { keys: 2, accessCards: 1, electricityKwh: "100.00", waterM3: "10.00" });
    await checkOut(staff, lease.id, { keys: 2, accessCards: 1, electricityKwh: "260.00", waterM3: "14.00" }, parkMidnight(addDaysIso(today, 40)));
    await addDeduction(staff, lease.id, { descriptionZh: "退房保洁", descriptionEn: "Cleaning", amountFen: 30_000n });
    return { tenant, lease, staff };
  }

  it("the sweep refunds a settled deposit whose refunds were never asked for, once", async () => {
    const { lease } = await checkedOutWithDeposit();
    // What the database holds when the process stopped right after the settlement committed.
    const db = await getDb();
    await db.update(housingLeases).set({ depositSettledAt: new Date() }).where(eq(housingLeases.id, lease.id));
    expect(await refundsOfInvoice(lease.depositInvoiceId!)).toEqual([]);

    await enqueuePeriodicTasks();
    await runDueJobs();
    expect(await refundsOfInvoice(lease.depositInvoiceId!)).toEqual([expect.objectContaining({ amountFen: lease.depositFen - 30_000n, status: "pending" })]);
    const [marked] = await db.select().from(housingLeases).where(eq(housingLeases.id, lease.id));
    expect(marked.depositRefundsRequestedAt).toBeInstanceOf(Date);

    // Again, by hand or by the next sweep: nothing more.
    expect(await refundSettledDeposits()).toBe(0);
    await db.update(housingLeases).set({ depositRefundsRequestedAt: null }).where(eq(housingLeases.id, lease.id));
    expect(await refundSettledDeposits()).toBe(1);
    expect(await refundsOfInvoice(lease.depositInvoiceId!)).toHaveLength(1);
  });

  it("a settlement that went through leaves nothing for the sweep", async () => {
    const { lease, staff } = await checkedOutWithDeposit();
    await settleDeposit(staff, lease.id);
    const db = await getDb();
    const [settled] = await db.select().from(housingLeases).where(eq(housingLeases.id, lease.id));
    expect(settled.depositRefundsRequestedAt).toBeInstanceOf(Date);
    expect(await refundSettledDeposits()).toBe(0);
    const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, lease.depositInvoiceId!));
    expect(await db.select().from(refunds).where(inArray(refunds.paymentId, [payment.id]))).toHaveLength(1);
  });
});
