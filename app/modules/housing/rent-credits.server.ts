// Rent for days no longer let. When a lease ends earlier (notice, or a check-out before the end)
// inside or before months whose rent was already billed, each such month is put right once, in the
// transaction that moved the end: an invoice nothing was paid on is voided and the month billed
// again for the days actually let; a paid or partly paid one stays, and the rent of the days after
// the end is credited back through billing's refunds once that transaction has committed (a
// periodic sweep asks again for whatever a crash left unasked). Billing bounds those refunds by
// `refundableRentFen`.
import { and, asc, eq, gt, gte, isNull, sql } from "drizzle-orm";
import { housingLeases, housingRentCharges, housingUnits } from "#db/schema/housing";
import { userDirectory } from "~/modules/identity/directory.server";
import type { PaidInvoice } from "~/modules/billing/handlers.server";
import { changeInvoiceStatusInTx, createInvoice, invoiceById, invoiceLinesOf } from "~/modules/billing/invoices.server";
import { fenToGroupedYuan, type LineInput } from "~/modules/billing/money";
import { paidAndRefundedOfInvoice } from "~/modules/billing/payments.server";
import { requestOwnerRefundsUpTo } from "~/modules/billing/refunds.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { parkDate } from "~/modules/platform/dates";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { logger } from "~/modules/platform/logger.server";
import { notify } from "~/modules/platform/notifications.server";
import { monthOf, proratedRentFen, type ProratedRent } from "./proration";
import { rentInvoiceInput } from "./rent.server";
import { REFUND_SWEEP_SECONDS } from "./rules";

type Lease = typeof housingLeases.$inferSelect;
type Charge = typeof housingRentCharges.$inferSelect;
type Invoice = NonNullable<Awaited<ReturnType<typeof invoiceById>>>;

/** The resident and whoever pays (the resident, or the company's owners and admins). */
async function partiesOf(tx: Tx, lease: Lease) {
  const payers = lease.payer === "resident" ? [] : await peopleWithPermission(tx, { orgId: lease.orgId }, "housing:endorse");
  return new Set([lease.residentUserId, ...payers.map((p) => p.userId)]);
}

async function tellParties(tx: Tx, lease: Lease, kind: string, params: Record<string, string>) {
  for (const userId of await partiesOf(tx, lease)) {
    await notify(tx, { userId, orgId: lease.orgId, kind, params: { lease: lease.number, ...params }, link: `/housing/leases/${lease.id}` });
  }
}

async function unitCodeOf(tx: Tx, lease: Lease) {
  const [unit] = await tx.select({ code: housingUnits.code }).from(housingUnits).where(eq(housingUnits.id, lease.unitId));
  return unit?.code ?? "";
}

/**
 * Puts right every month billed beyond the lease's end, which the caller has just moved earlier
 * (the lease row locked, in its transaction). A month whose invoice already matches is left alone,
 * so running this again changes nothing. Call `refundRentCredits` after the transaction commits.
 */
export async function rebillAfterEarlierEnd(tx: Tx, lease: Lease, actorUserId: string | null) {
  const charges = await tx
    .select()
    .from(housingRentCharges)
    .where(and(eq(housingRentCharges.leaseId, lease.id), gte(housingRentCharges.month, monthOf(lease.endsOn))))
    .orderBy(asc(housingRentCharges.month))
    .for("update");
  for (const charge of charges) {
    const due = proratedRentFen({ monthlyRentFen: lease.monthlyRentFen, month: charge.month, startsOn: lease.startsOn, endsOn: lease.endsOn });
    const overFen = charge.rentFen - due.amountFen;
    if (overFen <= 0n || !charge.invoiceId) continue;
    let invoice = await invoiceById(tx, charge.invoiceId);
    // Voided or never issued by finance: nothing is owed on it, so nothing to put right.
    if (!invoice || (invoice.status !== "open" && invoice.status !== "paid")) continue;
    if (invoice.paidFen === 0n) {
      const reason = `租约 ${lease.number} 提前结束于 ${lease.endsOn}，按实际天数重新出账 / Lease ${lease.number} ends early on ${lease.endsOn}; billed again for the days let`;
      if (await changeInvoiceStatusInTx(tx, invoice.id, "void", reason, actorUserId)) {
        await billAgain(tx, lease, charge, invoice, due, actorUserId);
        continue;
      }
      // A payment was applied meanwhile: the invoice stays and the days after the end are credited.
      invoice = await invoiceById(tx, charge.invoiceId);
      if (!invoice || invoice.paidFen === 0n) continue;
    }
    await creditBack(tx, lease, charge, invoice, due, overFen, actorUserId);
  }
}

/** The month's invoice was voided: bill the days let (and the utilities it carried) on a new one. */
/** The audit entry of a month's rent billed again or credited back (by a person, or by the system). */
function auditRentChange(tx: Tx, lease: Lease, actorUserId: string | null, action: string, change: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  return recordAudit(tx, { actorUserId, orgId: lease.orgId, action, subjectType: "housing_lease", subjectId: lease.id, ...change });
}

async function billAgain(tx: Tx, lease: Lease, charge: Charge, voided: Invoice, due: ProratedRent, actorUserId: string | null) {
  const lines = await invoiceLinesOf(tx, voided.id);
  // The rent line comes first whenever the month had rent (rent.server's rentLines); the rest are
  // utilities, billed as they were.
  const utilities: LineInput[] = (charge.rentFen > 0n ? lines.slice(1) : lines).map((line) => ({
    descriptionZh: line.descriptionZh,
    descriptionEn: line.descriptionEn,
    quantity: line.quantity,
    unitPriceFen: line.unitPriceFen,
  }));
  const utilitiesFen = utilities.reduce((sum, line) => sum + line.unitPriceFen * BigInt(line.quantity), 0n);
  if (utilitiesFen !== charge.utilitiesFen) throw new Error(`rent invoice ${voided.number} does not carry the utilities of its charge ${charge.id}`);
  const [context] = await tx
    .select({ unitCode: housingUnits.code, residentName: userDirectory.displayName })
    .from(housingUnits)
    .innerJoin(userDirectory, eq(userDirectory.id, lease.residentUserId))
    .where(eq(housingUnits.id, lease.unitId));
  const input = rentInvoiceInput({ lease, ...context }, charge.month, due, utilities, {
    today: parkDate(),
    // A voided invoice is replaced once, so its id keeps the new invoice's reference unique.
    sourceRef: `lease:${lease.id}:${charge.month}:replaces:${voided.id}`,
    createdBy: actorUserId,
  });
  const replacement = input ? await createInvoice(tx, input) : null;
  // With nothing left to bill the charge keeps pointing at the voided invoice: the month shows as void.
  await tx
    .update(housingRentCharges)
    .set({ days: due.days, rentFen: due.amountFen, invoiceId: replacement?.id ?? voided.id })
    .where(eq(housingRentCharges.id, charge.id));
  await auditRentChange(tx, lease, actorUserId, "housing.rent_rebilled", {
    before: { month: charge.month, days: charge.days, rentFen: String(charge.rentFen), invoiceId: voided.id, number: voided.number },
    after: { month: charge.month, endsOn: lease.endsOn, days: due.days, rentFen: String(due.amountFen), invoiceId: replacement?.id ?? null, number: replacement?.number ?? null },
  });
  const params = { unit: context.unitCode, month: charge.month.slice(0, 7), voided: voided.number ?? "" };
  if (replacement) await tellParties(tx, lease, "housingRentRebilled", { ...params, number: replacement.number ?? "", amount: fenToGroupedYuan(replacement.totalFen) });
  else await tellParties(tx, lease, "housingRentVoided", params);
}

/** The month's invoice has payments: it stays, and the rent beyond the days let is owed back. */
async function creditBack(tx: Tx, lease: Lease, charge: Charge, invoice: Invoice, due: ProratedRent, overFen: bigint, actorUserId: string | null) {
  const creditFen = charge.creditFen + overFen;
  await tx
    .update(housingRentCharges)
    .set({ days: due.days, rentFen: due.amountFen, creditFen, creditRequestedAt: null })
    .where(eq(housingRentCharges.id, charge.id));
  await auditRentChange(tx, lease, actorUserId, "housing.rent_credited", {
    before: { month: charge.month, days: charge.days, rentFen: String(charge.rentFen), creditFen: String(charge.creditFen) },
    after: {
      month: charge.month,
      endsOn: lease.endsOn,
      days: due.days,
      rentFen: String(due.amountFen),
      creditedFen: String(overFen),
      creditFen: String(creditFen),
      invoiceId: invoice.id,
      number: invoice.number,
    },
  });
  await tellParties(tx, lease, "housingRentCredited", {
    unit: await unitCodeOf(tx, lease),
    month: charge.month.slice(0, 7),
    amount: fenToGroupedYuan(overFen),
    number: invoice.number ?? "",
  });
}

/**
 * Asks billing to refund the rent credited back and not yet asked for in full — one lease's right
 * after its end moved, or every lease's from the sweep. Billing counts what was asked before, so
 * asking twice, or two callers at once, refunds once. A partly paid invoice gets its credit as it
 * is paid (see refundableRentFen); until then it stays in the sweep. Returns the refunds made.
 */
export async function refundRentCredits(options: { leaseId?: string; requestedBy?: string | null } = {}) {
  const db = await getDb();
  const waiting = await db
    .select({ id: housingRentCharges.id, month: housingRentCharges.month, creditFen: housingRentCharges.creditFen, invoiceId: housingRentCharges.invoiceId, number: housingLeases.number })
    .from(housingRentCharges)
    .innerJoin(housingLeases, eq(housingLeases.id, housingRentCharges.leaseId))
    .where(
      and(
        gt(housingRentCharges.creditFen, 0n),
        isNull(housingRentCharges.creditRequestedAt),
        options.leaseId ? eq(housingRentCharges.leaseId, options.leaseId) : undefined,
      ),
    )
    .orderBy(asc(housingRentCharges.month));
  let refunds = 0;
  for (const charge of waiting) {
    if (!charge.invoiceId) continue;
    const period = charge.month.slice(0, 7);
    try {
      const outcome = await requestOwnerRefundsUpTo(options.requestedBy ?? null, {
        invoiceId: charge.invoiceId,
        totalFen: charge.creditFen,
        reason: `房租退还 ${charge.number} ${period} / Rent credited back, lease ${charge.number}, ${period}`,
      });
      refunds += outcome.refundIds.length;
      if (outcome.askedFen >= charge.creditFen) {
        // Only if the credit did not grow meanwhile (a later, earlier end); else the next sweep asks for the rest.
        await db
          .update(housingRentCharges)
          .set({ creditRequestedAt: new Date() })
          .where(and(eq(housingRentCharges.id, charge.id), eq(housingRentCharges.creditFen, charge.creditFen)));
      }
    } catch (error) {
      // The end date has moved already; the sweep asks again.
      logger.error({ err: error, chargeId: charge.id }, "rent credit could not be refunded yet");
    }
  }
  return refunds;
}

/**
 * For billing's refund check on a rent invoice: the rent credited back on it, less what was already
 * refunded of what it took in. A partly paid invoice still asks for its whole total (billing has no
 * credit notes), so only what was paid beyond the total less the credit may go back for now — never
 * money the invoice then asks for again; once it is paid in full, the whole credit may.
 */
export async function refundableRentFen(tx: Tx, invoice: PaidInvoice) {
  const [row] = await tx
    .select({ creditFen: sql<string>`coalesce(sum(${housingRentCharges.creditFen}), 0)` })
    .from(housingRentCharges)
    .where(eq(housingRentCharges.invoiceId, invoice.id));
  const creditFen = BigInt(row?.creditFen ?? 0);
  if (creditFen === 0n) return 0n;
  const { paidFen, refundedFromPaidFen } = await paidAndRefundedOfInvoice(tx, invoice.id);
  const paidBeyondOwed = paidFen - (invoice.totalFen - creditFen);
  const creditable = paidBeyondOwed < creditFen ? paidBeyondOwed : creditFen;
  const left = creditable - refundedFromPaidFen;
  return left > 0n ? left : 0n;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerHousingRentCredits() {
  registerPeriodicTask("housing-rent-credit-refunds", REFUND_SWEEP_SECONDS, async () => {
    await refundRentCredits();
  });
}
