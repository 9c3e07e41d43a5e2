// Rent and deposits under concurrency, on the real server: the rent run started twice and four
// times at once bills each lease exactly once for the month; two settlements of one deposit at
// once refund it once.
import { count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { housingRentCharges, invoices, payments, refunds } from "#db/schema/index";
import { addDeduction, settleDeposit } from "~/modules/housing/deposits.server";
import { checkIn, checkOut } from "~/modules/housing/leases.server";
import { billRentForMonth } from "~/modules/housing/rent.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { activeLease, tenantWithQuota } from "../support/housing";
import { leaseFor, newUnit, payByTransfer, reading } from "../support/housing-money";
import { raceCalls } from "../support/race";

async function leasesInFebruary(n: number) {
  const tenant = await tenantWithQuota(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const unit = await newUnit();
    const startsOn = i % 3 === 0 ? "2027-02-17" : "2027-01-01";
    const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn, endsOn: "2027-08-01", payer: i % 2 ? "resident" : "company" });
    if (i % 4 === 1) {
      await reading(unit.id, "2027-01-01", "100.00", "5.00");
      await reading(unit.id, "2027-02-01", "250.00", "8.00");
    }
    ids.push(lease.id);
  }
  return { tenant, ids };
}

async function billedPerLease(leaseIds: string[]) {
  const db = await getDb();
  const charges = await db.select().from(housingRentCharges).where(inArray(housingRentCharges.leaseId, leaseIds));
  const rentInvoices = await db.select().from(invoices).where(eq(invoices.kind, "housing_rent"));
  return { charges, rentInvoices };
}

describe("the rent run at once", () => {
  it.each([2, 4])("bills each lease once when %i runs start together", async (runs) => {
    const { ids } = await leasesInFebruary(12);
    const outcome = await raceCalls(runs, () => billRentForMonth("2027-02-01"));
    expect(outcome.rejected).toEqual([]);
    // Between them the runs billed every lease once; the others found it billed.
    expect(outcome.fulfilled.reduce((sum, r) => sum + r.created, 0)).toBe(12);
    const { charges, rentInvoices } = await billedPerLease(ids);
    expect(charges).toHaveLength(12);
    expect(new Set(charges.map((c) => c.leaseId)).size).toBe(12);
    expect(rentInvoices).toHaveLength(12);
    expect(new Set(rentInvoices.map((i) => i.sourceRef)).size).toBe(12);
    expect(charges.every((c) => c.invoiceId && rentInvoices.some((i) => i.id === c.invoiceId))).toBe(true);
    // Prorated and utility amounts are what one run alone would have billed.
    const partial = charges.filter((c) => c.days === 12);
    expect(partial).toHaveLength(4);
    expect(partial.every((c) => c.rentFen === 128_571n)).toBe(true);
    expect(charges.filter((c) => c.utilitiesFen > 0n).map((c) => c.utilitiesFen)).toEqual(Array(2).fill(150n * 62n + 3n * 500n));

    // And run twice more at once afterwards: still one each.
    const again = await raceCalls(2, () => billRentForMonth("2027-02-01"));
    expect(again.fulfilled.reduce((sum, r) => sum + r.created, 0)).toBe(0);
    expect((await billedPerLease(ids)).rentInvoices).toHaveLength(12);
  }, 120_000);
});

describe("settling a deposit at once", () => {
  it("refunds it once when two settlements run together", async () => {
    const today = parkDate();
    const { lease, staff } = await activeLease({ startsOn: today, endsOn: addDaysIso(today, 120) });
    await payByTransfer(lease.depositInvoiceId!);
    await checkIn(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "10.00", waterM3: "1.00" });
    await checkOut(staff, lease.id, { keys: 1, accessCards: 1, electricityKwh: "90.00", waterM3: "3.00" }, parkMidnight(addDaysIso(today, 35)));
    await addDeduction(staff, lease.id, { descriptionZh: "钥匙遗失", descriptionEn: "Lost key", amountFen: 20_000n });

    const outcome = await raceCalls(2, () => settleDeposit(staff, lease.id));
    expect(outcome.rejected).toEqual([]);
    const db = await getDb();
    const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, lease.depositInvoiceId!));
    const made = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ amountFen: lease.depositFen - 20_000n, status: "pending" });
    const [row] = await db.select({ n: count() }).from(refunds);
    expect(Number(row.n)).toBe(1);
    expect(outcome.fulfilled.every((s) => s.refundFen === lease.depositFen - 20_000n && s.settledAt)).toBe(true);
  }, 60_000);
});
