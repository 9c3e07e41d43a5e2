// Rent and deposits through billing: one invoice per lease and month with the prorated rent and the
// utilities from the meters, however often the job runs; the company sees it in its billing; the
// deposit is invoiced at signing and refunded at move-out less itemised deductions.
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, housingRentCharges, invoiceLines, invoices, jobs, notifications, payments, refunds } from "#db/schema/index";
import { listTenantInvoices } from "~/modules/billing/invoices.server";
import { refundPayment } from "~/modules/billing/refunds.server";
import { addDeduction, depositSummary, removeDeduction, settleDeposit } from "~/modules/housing/deposits.server";
import { checkIn, checkOut } from "~/modules/housing/leases.server";
import { monthOf, previousMonthStart } from "~/modules/housing/proration";
import { billRentForMonth, housingCostsForOrg, queueOverdueRentReminders, recordMeterReading, rentChargesForLease, rentDueOn } from "~/modules/housing/rent.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { enqueuePeriodicTasks, runDueJobs } from "~/modules/platform/jobs.server";
import { parkStaff } from "../support/billing";
import { activeLease, housingStaff, tenantWithQuota } from "../support/housing";
import { leaseFor, newUnit, payByTransfer, reading } from "../support/housing-money";

async function invoicesOf(orgId: string) {
  const db = await getDb();
  return db.select().from(invoices).where(eq(invoices.orgId, orgId)).orderBy(asc(invoices.createdAt));
}

async function linesOf(invoiceId: string) {
  const db = await getDb();
  return db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
}

const expectAppError = async (promise: Promise<unknown>, code: string, messageKey?: string) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (messageKey) expect((error as AppError).messageKey).toBe(messageKey);
  return error as AppError;
};

describe("the monthly rent run", () => {
  it("bills each lease active in the month once, prorated, with utilities, and never again", async () => {
    const tenant = await tenantWithQuota(5);
    const [unitA, unitB, unitC, unitD, unitE] = await Promise.all([newUnit(), newUnit(), newUnit(), newUnit(), newUnit()]);
    // All month, company pays, meters read on 1 January and 1 February.
    const whole = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unitA.id, startsOn: "2026-12-01", endsOn: "2027-06-01", monthlyRentFen: 300_000n });
    await reading(unitA.id, "2027-01-01", "1200.00", "35.50");
    await reading(unitA.id, "2027-02-01", "1356.75", "39.80");
    // Moves in on 17 February 2027: 12 of 28 days; pays the rent themself.
    const movesIn = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.colleague.user.id, unitId: unitB.id, startsOn: "2027-02-17", endsOn: "2027-08-17", payer: "resident" });
    // Checked out on 10 February: 9 days.
    const left = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.owner.user.id, unitId: unitC.id, startsOn: "2026-08-10", endsOn: "2027-02-10", status: "ended" });
    // Not billed: unsigned, cancelled, or not in February.
    await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.owner.user.id, unitId: unitD.id, startsOn: "2027-02-05", endsOn: "2027-05-05", status: "awaiting_signature" });
    await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.owner.user.id, unitId: unitE.id, startsOn: "2027-01-05", endsOn: "2027-05-05", status: "cancelled" });
    await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.owner.user.id, unitId: unitE.id, startsOn: "2027-03-01", endsOn: "2027-09-01" });

    const first = await billRentForMonth("2027-02-01");
    expect(first).toEqual({ created: 3, skipped: 0 });

    const billed = await invoicesOf(tenant.org.id);
    expect(billed).toHaveLength(3);
    const bySource = new Map(billed.map((i) => [i.sourceRef, i]));
    const wholeInvoice = bySource.get(`lease:${whole.id}:2027-02-01`)!;
    // ¥3,000.00 rent + 156.75 kWh × ¥0.62 (¥97.19) + 4.30 m³ × ¥5.00 (¥21.50)
    expect(wholeInvoice).toMatchObject({ kind: "housing_rent", status: "open", totalFen: 311_869n, vatFen: 0n, dueOn: "2027-02-10" });
    expect((await linesOf(wholeInvoice.id)).map((l) => l.amountFen)).toEqual([300_000n, 9_719n, 2_150n]);

    const movesInInvoice = bySource.get(`lease:${movesIn.id}:2027-02-01`)!;
    expect(movesInInvoice.totalFen).toBe(128_571n);
    const [movesInLine] = await linesOf(movesInInvoice.id);
    expect(movesInLine.descriptionZh).toContain("12/28");
    // Billing invoices belong to companies: a resident-paid one says so and names the lease.
    expect(movesInLine.descriptionZh).toContain(`租约 ${movesIn.number}`);
    expect(movesInLine.descriptionZh).toContain("自付");
    expect(movesInInvoice.note).toContain(movesIn.number);

    // 300000 × 9 / 28 = 96428.57 → 96429
    expect(bySource.get(`lease:${left.id}:2027-02-01`)!.totalFen).toBe(96_429n);

    const db = await getDb();
    const charges = await db.select().from(housingRentCharges).where(eq(housingRentCharges.month, "2027-02-01"));
    expect(charges).toHaveLength(3);
    const wholeCharge = charges.find((c) => c.leaseId === whole.id)!;
    expect(wholeCharge).toMatchObject({ days: 28, rentFen: 300_000n, utilitiesFen: 11_869n, invoiceId: wholeInvoice.id });

    // Run again, and again with a different clock: nothing new.
    expect(await billRentForMonth("2027-02-01")).toEqual({ created: 0, skipped: 0 });
    expect(await billRentForMonth("2027-02-01", { now: parkMidnight("2027-02-20") })).toEqual({ created: 0, skipped: 0 });
    expect(await invoicesOf(tenant.org.id)).toHaveLength(3);
    expect(await db.select().from(housingRentCharges)).toHaveLength(3);

    // The company sees them in its billing; the owner was told of the company-paid ones, the
    // resident who pays themself of theirs.
    const listed = await listTenantInvoices(tenant.owner.actor);
    expect(listed.map((i) => i.id).sort()).toEqual(billed.map((i) => i.id).sort());
    const told = await db.select().from(notifications).where(eq(notifications.kind, "housingRentBilled"));
    expect(told.filter((n) => n.userId === tenant.owner.user.id)).toHaveLength(2);
    expect(told.filter((n) => n.userId === tenant.colleague.user.id)).toHaveLength(1);
    const audited = await db.select().from(auditEvents).where(eq(auditEvents.action, "housing.rent_billed"));
    expect(audited).toHaveLength(3);
  });

  it("bills utilities once: a month without a new reading bills none, the next reading covers the gap", async () => {
    const tenant = await tenantWithQuota(2);
    const unit = await newUnit();
    const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: "2027-01-01", endsOn: "2027-12-01", monthlyRentFen: 200_000n });
    await reading(unit.id, "2026-12-20", "10.00", "1.00"); // the previous tenant's: never billed here
    await reading(unit.id, "2027-01-01", "100.00", "10.00");
    await reading(unit.id, "2027-02-01", "200.00", "12.00");
    // no reading on 1 March
    await reading(unit.id, "2027-04-01", "400.00", "15.00");
    for (const month of ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"]) await billRentForMonth(month);
    const db = await getDb();
    const charges = await db.select().from(housingRentCharges).where(eq(housingRentCharges.leaseId, lease.id)).orderBy(asc(housingRentCharges.month));
    // Jan: nothing before the lease; Feb: 100 kWh ¥62 + 2 m³ ¥10; Mar: none; Apr: 200 kWh ¥124 + 3 m³ ¥15.
    expect(charges.map((c) => c.utilitiesFen)).toEqual([0n, 7_200n, 0n, 13_900n]);
    expect(charges.map((c) => c.rentFen)).toEqual([200_000n, 200_000n, 200_000n, 200_000n]);
  });

  it("shows a lease's bills to its resident and company, and to no one else (404)", async () => {
    const tenant = await tenantWithQuota(2);
    const other = await tenantWithQuota(2);
    const unit = await newUnit();
    const month = monthOf(parkDate());
    const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: previousMonthStart(month), endsOn: addDaysIso(month, 200) });
    await billRentForMonth(previousMonthStart(month));
    await billRentForMonth(month);

    const mine = await rentChargesForLease(tenant.member.actor, lease.id);
    expect(mine.map((c) => c.month)).toEqual([month, previousMonthStart(month)]);
    expect(mine[0]).toMatchObject({ invoiceStatus: "open", totalFen: 300_000n, rentFen: 300_000n });
    expect(await rentChargesForLease(tenant.owner.actor, lease.id)).toHaveLength(2);
    expect(await rentChargesForLease((await housingStaff()).actor, lease.id)).toHaveLength(2);
    await expectAppError(rentChargesForLease(other.owner.actor, lease.id), "not_found");
    // A colleague without an admin role is not the resident either.
    await expectAppError(rentChargesForLease(tenant.colleague.actor, lease.id), "not_found");

    const costs = await housingCostsForOrg(tenant.owner.actor, { months: 3 });
    expect(costs.map((c) => c.month)).toEqual([previousMonthStart(previousMonthStart(month)), previousMonthStart(month), month]);
    expect(costs.map((c) => c.totalFen)).toEqual([0n, 300_000n, 300_000n]);
    expect(costs[2]).toMatchObject({ leases: 1, outstandingFen: 300_000n });
    expect((await housingCostsForOrg(other.owner.actor, { months: 3 })).every((c) => c.totalFen === 0n)).toBe(true);
    await expectAppError(housingCostsForOrg(tenant.member.actor, { months: 3 }), "forbidden");
  });

  it("runs as a daily job that bills the current month", async () => {
    const tenant = await tenantWithQuota(2);
    const unit = await newUnit();
    const month = monthOf(parkDate());
    const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: month, endsOn: addDaysIso(month, 120) });
    await enqueuePeriodicTasks();
    await runDueJobs();
    const [invoice] = await invoicesOf(tenant.org.id);
    expect(invoice).toMatchObject({ kind: "housing_rent", sourceRef: `lease:${lease.id}:${month}`, totalFen: 300_000n });
    await enqueuePeriodicTasks();
    await runDueJobs();
    expect(await invoicesOf(tenant.org.id)).toHaveLength(1);
  });

  it("reminds the company and the resident of overdue rent once a week, and stops when it is paid", async () => {
    const tenant = await tenantWithQuota(2);
    const unit = await newUnit();
    const month = previousMonthStart(monthOf(parkDate()));
    await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: previousMonthStart(month), endsOn: addDaysIso(month, 200) });
    await billRentForMonth(month, { now: parkMidnight(month) });
    const [invoice] = await invoicesOf(tenant.org.id);
    expect(invoice.dueOn).toBe(rentDueOn(month, month));

    const db = await getDb();
    const reminders = async () => db.select().from(notifications).where(eq(notifications.kind, "housingRentOverdue"));
    const dayAfterDue = parkMidnight(addDaysIso(invoice.dueOn, 1));
    expect(await queueOverdueRentReminders(dayAfterDue)).toBe(1);
    await runDueJobs();
    expect((await reminders()).map((n) => n.userId).sort()).toEqual([tenant.owner.user.id, tenant.member.user.id].sort());
    // The same week: nothing new, however often it runs.
    expect(await queueOverdueRentReminders(parkMidnight(addDaysIso(invoice.dueOn, 3)))).toBe(0);
    await runDueJobs();
    expect(await reminders()).toHaveLength(2);
    // A week later: reminded again.
    expect(await queueOverdueRentReminders(parkMidnight(addDaysIso(invoice.dueOn, 8)))).toBe(1);
    await runDueJobs();
    expect(await reminders()).toHaveLength(4);
    // Paid: no more reminders.
    await payByTransfer(invoice.id);
    expect(await queueOverdueRentReminders(parkMidnight(addDaysIso(invoice.dueOn, 15)))).toBe(0);
    expect(await db.select().from(jobs).where(and(eq(jobs.kind, "housing.rent-overdue-reminder"), eq(jobs.status, "failed")))).toEqual([]);
    // The resident is told the rent was paid.
    const paid = await db.select().from(notifications).where(and(eq(notifications.kind, "housingRentPaid"), eq(notifications.userId, tenant.member.user.id)));
    expect(paid).toHaveLength(1);
  });

  it("takes monthly meter readings from housing staff only, and bills them on the next rent", async () => {
    const tenant = await tenantWithQuota(1);
    const unit = await newUnit();
    const staff = await housingStaff();
    await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: "2027-05-01", endsOn: "2027-12-01", monthlyRentFen: 200_000n });
    await recordMeterReading(staff.actor, unit.id, { readOn: "2027-05-01", electricityKwh: "500", waterM3: "20.5" });
    await recordMeterReading(staff.actor, unit.id, { readOn: "2027-06-01", electricityKwh: "650.50", waterM3: "24.50" });
    await expectAppError(recordMeterReading(tenant.owner.actor, unit.id, { readOn: "2027-06-01", electricityKwh: "1", waterM3: "1" }), "forbidden");
    const bad = await expectAppError(recordMeterReading(staff.actor, unit.id, { readOn: "2027-06-01", electricityKwh: "-3", waterM3: "1" }), "invalid", "housing.errors.meterValue");
    expect(bad.params.field).toBe("electricityKwh");
    await expectAppError(recordMeterReading(staff.actor, unit.id, { readOn: "2027-13-01", electricityKwh: "1", waterM3: "1" }), "invalid", "errors.date");
    await billRentForMonth("2027-06-01");
    const [invoice] = await invoicesOf(tenant.org.id);
    // 150.50 kWh × ¥0.62 = ¥93.31; 4 m³ × ¥5.00 = ¥20.00
    expect((await linesOf(invoice.id)).map((l) => l.amountFen)).toEqual([200_000n, 9_331n, 2_000n]);
    const db = await getDb();
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "housing.meter_read"))).toHaveLength(2);
  });

  it("refuses a month that is not the first of a month", async () => {
    await expectAppError(billRentForMonth("2027-02-17"), "invalid", "housing.errors.month");
  });
});

describe("deposits", () => {
  it("invoices the deposit at signing, keeps deductions within it, and refunds the rest through billing once", async () => {
    const today = parkDate();
    const { tenant, lease, staff } = await activeLease({ startsOn: today, endsOn: addDaysIso(today, 180) });
    const db = await getDb();
    const [deposit] = await db.select().from(invoices).where(eq(invoices.sourceRef, `deposit:${lease.id}`));
    expect(deposit).toMatchObject({ kind: "housing_deposit", totalFen: lease.depositFen, status: "open", orgId: tenant.org.id });
    expect(lease.depositInvoiceId).toBe(deposit.id);
    expect((await listTenantInvoices(tenant.owner.actor)).map((i) => i.id)).toContain(deposit.id);

    await payByTransfer(deposit.id);
    const finance = await parkStaff("finance");
    // A deposit is held while the lease runs: finance cannot refund it early either.
    const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, deposit.id));
    await expectAppError(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1n, reason: "早退" }, { ip: null }), "conflict", "errors.refundTooLarge");
    await expectAppError(settleDeposit(staff, lease.id), "conflict", "housing.errors.depositBeforeCheckOut");

    await checkIn(staff, lease.id, { keys: 2, accessCards: 1, electricityKwh: "100.00", waterM3: "10.00" });
    const later = parkMidnight(addDaysIso(today, 40));
    await checkOut(staff, lease.id, { keys: 2, accessCards: 1, electricityKwh: "260.00", waterM3: "14.00" }, later);

    // Residents read their deposit but cannot change it; another company learns nothing.
    const other = await tenantWithQuota(1);
    await expectAppError(addDeduction(tenant.member.actor, lease.id, { descriptionZh: "自己扣", descriptionEn: "", amountFen: 1n }), "forbidden");
    await expectAppError(addDeduction(other.owner.actor, lease.id, { descriptionZh: "扣", descriptionEn: "", amountFen: 1n }), "not_found");
    await expectAppError(depositSummary(other.owner.actor, lease.id), "not_found");

    const cleaning = await addDeduction(staff, lease.id, { descriptionZh: "退房保洁", descriptionEn: "Cleaning at move-out", amountFen: 30_000n });
    const wall = await addDeduction(staff, lease.id, { descriptionZh: "墙面修补", descriptionEn: "Wall repair", amountFen: 50_000n });
    await expectAppError(
      addDeduction(staff, lease.id, { descriptionZh: "超过押金", descriptionEn: "", amountFen: lease.depositFen }),
      "conflict",
      "housing.errors.deductionTooLarge",
    );
    await removeDeduction(staff, lease.id, wall.id);
    expect((await depositSummary(tenant.member.actor, lease.id)).deductions.map((d) => d.id)).toEqual([cleaning.id]);

    const settled = await settleDeposit(staff, lease.id);
    const expectedRefund = lease.depositFen - 30_000n;
    expect(settled).toMatchObject({ paidFen: lease.depositFen, deductionsFen: 30_000n, refundFen: expectedRefund });
    expect(settled.settledAt).toBeInstanceOf(Date);
    const refunded = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(refunded).toHaveLength(1);
    expect(refunded[0]).toMatchObject({ amountFen: expectedRefund, status: "pending" });
    // Paid by transfer, so sent back by transfer: the resident sees it pending until finance sends it.
    expect(await depositSummary(tenant.member.actor, lease.id)).toMatchObject({ refundPendingFen: expectedRefund, refundSentFen: 0n });

    // Settling again refunds nothing more; deductions are frozen; finance cannot refund the kept part.
    await settleDeposit(staff, lease.id);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    await expectAppError(addDeduction(staff, lease.id, { descriptionZh: "再扣", descriptionEn: "", amountFen: 1n }), "conflict", "housing.errors.depositSettled");
    await expectAppError(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1n, reason: "再退" }, { ip: null }), "conflict", "errors.refundTooLarge");

    const told = await db
      .select()
      .from(notifications)
      .where(and(inArray(notifications.kind, ["housingDepositSettled", "housingDepositInvoiced", "housingDepositPaid"]), eq(notifications.userId, tenant.member.user.id)));
    expect(told.map((n) => n.kind).sort()).toEqual(["housingDepositPaid", "housingDepositSettled"]);
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, lease.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["housing.deposit_invoiced", "housing.deposit_deduction_added", "housing.deposit_deduction_removed", "housing.deposit_settled"]));
  });

  it("gives a lease without a deposit no deposit invoice", async () => {
    const today = parkDate();
    const unit = await newUnit({ depositFen: 0n });
    const { lease } = await activeLease({ unitId: unit.id, startsOn: today, endsOn: addDaysIso(today, 60) });
    const db = await getDb();
    expect(lease.depositInvoiceId).toBeNull();
    expect(await db.select().from(invoices).where(eq(invoices.kind, "housing_deposit"))).toEqual([]);
  });
});
