// Early ends and deposit refunds under concurrency, on the real server: two staff clicks ending a
// lease at once credit a paid month once and replace an unpaid invoice once; an early end racing
// the rent run leaves the month billed once, for the days let; sweeps running together (and with
// the settlement itself) refund a deposit or a rent credit once.
import { and, eq, inArray, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, housingLeases, housingRentCharges, invoices, payments, refunds } from "#db/schema/index";
import { addDeduction, refundSettledDeposits, requestDepositRefunds, settleDeposit } from "~/modules/housing/deposits.server";
import { checkIn, checkOut, giveNotice } from "~/modules/housing/leases.server";
import { refundRentCredits } from "~/modules/housing/rent-credits.server";
import { billRentForMonth } from "~/modules/housing/rent.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { activeLease, housingStaff, tenantWithQuota } from "../support/housing";
import { leaseFor, newUnit, payByTransfer } from "../support/housing-money";
import { raceCalls } from "../support/race";

const MAY = "2027-05-01";
const RENT = 300_000n;
/** 9 of May's 31 days let: 300000 × 9 / 31 → 87097; the 22 days after the 10th: 212903. */
const MAY_LET = 87_097n;
const MAY_CREDIT = RENT - MAY_LET;
/** What goes back of a deposit in the sweep tests: ¥300.00. */
const KEPT_BACK = 30_000n;

async function mayLease() {
  const tenant = await tenantWithQuota(1);
  const unit = await newUnit();
  const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: "2027-01-01", endsOn: "2027-12-01", monthlyRentFen: RENT });
  return { tenant, lease, staff: (await housingStaff()).actor };
}

async function mayCharges(leaseId: string) {
  const db = await getDb();
  return db.select().from(housingRentCharges).where(and(eq(housingRentCharges.leaseId, leaseId), eq(housingRentCharges.month, MAY)));
}

async function refundsOf(invoiceIds: string[]) {
  const db = await getDb();
  const paid = await db.select({ id: payments.id }).from(payments).where(inArray(payments.invoiceId, invoiceIds));
  if (paid.length === 0) return [];
  return db.select().from(refunds).where(inArray(refunds.paymentId, paid.map((p) => p.id)));
}

async function auditCount(leaseId: string, action: string) {
  const db = await getDb();
  return (await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, leaseId), eq(auditEvents.action, action)))).length;
}

describe("ending a lease twice at once", () => {
  it("credits a paid month once", async () => {
    const { lease, staff } = await mayLease();
    await billRentForMonth(MAY);
    const [billed] = await mayCharges(lease.id);
    await payByTransfer(billed.invoiceId!);

    const outcome = await raceCalls(2, () => giveNotice(staff, lease.id, "2027-05-10"));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.every((l) => l.endsOn === "2027-05-10")).toBe(true);
    const [charge] = await mayCharges(lease.id);
    expect(charge).toMatchObject({ days: 9, rentFen: MAY_LET, creditFen: MAY_CREDIT, invoiceId: billed.invoiceId });
    const made = await refundsOf([billed.invoiceId!]);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ amountFen: MAY_CREDIT, status: "pending" });
    expect(await auditCount(lease.id, "housing.rent_credited")).toBe(1);
    expect(await auditCount(lease.id, "housing.lease_notice_given")).toBe(1);
  }, 60_000);

  it("replaces an unpaid invoice once", async () => {
    const { tenant, lease, staff } = await mayLease();
    await billRentForMonth(MAY);
    const [billed] = await mayCharges(lease.id);

    const outcome = await raceCalls(2, () => giveNotice(staff, lease.id, "2027-05-10"));
    expect(outcome.rejected).toEqual([]);
    const db = await getDb();
    const rentInvoices = await db.select().from(invoices).where(and(eq(invoices.orgId, tenant.org.id), eq(invoices.kind, "housing_rent")));
    expect(rentInvoices).toHaveLength(2);
    const live = rentInvoices.filter((i) => i.status !== "void");
    expect(live).toHaveLength(1);
    expect(live[0].totalFen).toBe(MAY_LET);
    expect(rentInvoices.find((i) => i.id === billed.invoiceId)?.status).toBe("void");
    const charges = await mayCharges(lease.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ days: 9, rentFen: MAY_LET, creditFen: 0n, invoiceId: live[0].id });
    expect(await auditCount(lease.id, "housing.rent_rebilled")).toBe(1);
  }, 60_000);

  it("a check-out and a notice at once put the month right once", async () => {
    const { lease, staff } = await mayLease();
    await checkIn(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "1.00", waterM3: "1.00" }, parkMidnight("2027-01-01"));
    await billRentForMonth(MAY);
    const [billed] = await mayCharges(lease.id);
    await payByTransfer(billed.invoiceId!);

    const outcome = await raceCalls(2, (i) =>
      i === 0 ? checkOut(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "9.00", waterM3: "2.00" }, parkMidnight("2027-05-10")) : giveNotice(staff, lease.id, "2027-05-10"),
    );
    // Whichever came second found the lease ended or the notice given; either way the end is the 10th.
    expect(outcome.fulfilled.length).toBeGreaterThanOrEqual(1);
    const made = await refundsOf([billed.invoiceId!]);
    expect(made.map((r) => r.amountFen)).toEqual([MAY_CREDIT]);
    expect(await auditCount(lease.id, "housing.rent_credited")).toBe(1);
  }, 60_000);
});

describe("an early end racing the rent run", () => {
  it.each([0, 1, 2, 3])("leaves the month billed once, for the days let (round %i)", async () => {
    const { tenant, lease, staff } = await mayLease();
    const outcome = await raceCalls<unknown>(3, (i) => (i === 1 ? giveNotice(staff, lease.id, "2027-05-10") : billRentForMonth(MAY)));
    expect(outcome.rejected).toEqual([]);
    const db = await getDb();
    const live = await db
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, tenant.org.id), eq(invoices.kind, "housing_rent"), ne(invoices.status, "void")));
    expect(live.map((i) => i.totalFen)).toEqual([MAY_LET]);
    const charges = await mayCharges(lease.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ days: 9, rentFen: MAY_LET, invoiceId: live[0].id });
  }, 60_000);
});

describe("refund sweeps at once", () => {
  async function settledWithoutRefunds() {
    const today = parkDate();
    const { lease, staff } = await activeLease({ startsOn: today, endsOn: addDaysIso(today, 120) });
    await payByTransfer(lease.depositInvoiceId!);
    await checkIn(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "10.00", waterM3: "1.00" });
    await checkOut(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "90.00", waterM3: "3.00" }, parkMidnight(addDaysIso(today, 35)));
    // Most of the deposit is kept, so two refunds of the rest would still fit in the payment: only
    // asking once, not the payment's size, keeps the money from going back twice.
    await addDeduction(staff, lease.id, { descriptionZh: "墙面与地板修复", descriptionEn: "Wall and floor repair", amountFen: lease.depositFen - KEPT_BACK });
    return { lease, staff };
  }

  /** The settlement committed and the process stopped before asking billing. */
  async function crashAfterSettlement(leaseId: string) {
    const db = await getDb();
    await db.update(housingLeases).set({ depositSettledAt: new Date() }).where(eq(housingLeases.id, leaseId));
  }

  it.each([0, 1, 2])("workers retrying one deposit a crash left unrefunded refund it once (round %i)", async () => {
    const { lease } = await settledWithoutRefunds();
    await crashAfterSettlement(lease.id);

    const outcome = await raceCalls(4, () => requestDepositRefunds(lease.id, null));
    expect(outcome.rejected).toEqual([]);
    const made = await refundsOf([lease.depositInvoiceId!]);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ amountFen: KEPT_BACK, status: "pending" });
    const db = await getDb();
    const [marked] = await db.select().from(housingLeases).where(eq(housingLeases.id, lease.id));
    expect(marked.depositRefundsRequestedAt).toBeInstanceOf(Date);
  }, 60_000);

  it("two sweeps, and a settlement with sweeps, refund a deposit once", async () => {
    const crashed = await settledWithoutRefunds();
    await crashAfterSettlement(crashed.lease.id);
    const sweeps = await raceCalls(2, () => refundSettledDeposits());
    expect(sweeps.rejected).toEqual([]);
    expect((await refundsOf([crashed.lease.depositInvoiceId!])).map((r) => r.amountFen)).toEqual([KEPT_BACK]);

    const { lease, staff } = await settledWithoutRefunds();
    const outcome = await raceCalls<unknown>(4, (i) => (i === 0 ? settleDeposit(staff, lease.id) : refundSettledDeposits()));
    expect(outcome.rejected).toEqual([]);
    expect((await refundsOf([lease.depositInvoiceId!])).map((r) => r.amountFen)).toEqual([KEPT_BACK]);
  }, 60_000);

  it.each([0, 1, 2])("retries at once send a rent credit once when a partly paid month is paid up (round %i)", async () => {
    const { lease, staff } = await mayLease();
    await billRentForMonth(MAY);
    const [billed] = await mayCharges(lease.id);
    // ¥500.00 paid of ¥3,000.00; the lease ends on the 31st: 30 days let (¥2,903.23), ¥96.77 to go back.
    await payByTransfer(billed.invoiceId!, 50_000n);
    await giveNotice(staff, lease.id, "2027-05-31");
    const [charge] = await mayCharges(lease.id);
    expect(charge).toMatchObject({ days: 30, creditFen: 9_677n, creditRequestedAt: null });
    // Less was paid than the 30 days cost: nothing goes back yet.
    expect(await refundsOf([billed.invoiceId!])).toEqual([]);
    await payByTransfer(billed.invoiceId!);

    const outcome = await raceCalls(6, () => refundRentCredits({ leaseId: lease.id }));
    expect(outcome.rejected).toEqual([]);
    const made = await refundsOf([billed.invoiceId!]);
    expect(made.map((r) => r.amountFen)).toEqual([9_677n]);
    expect(made[0].status).toBe("pending");
  }, 60_000);
});
