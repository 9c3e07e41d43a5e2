// Deposits: an invoice through billing when the lease is signed, itemised deductions at move-out,
// and the settlement — the paid deposit less the deductions goes back through billing's refunds.
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { housingDepositDeductions, housingLeases, housingUnits } from "#db/schema/housing";
import { createInvoice, invoiceById } from "~/modules/billing/invoices.server";
import { fenToGroupedYuan } from "~/modules/billing/money";
import { paidAndRefundedOfInvoice } from "~/modules/billing/payments.server";
import { refundStateOfInvoices, requestOwnerRefundsUpTo } from "~/modules/billing/refunds.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { logger } from "~/modules/platform/logger.server";
import { notify } from "~/modules/platform/notifications.server";
import { leaseFor } from "./leases.server";
import { RENT_VAT_RATE_BP } from "./rent.server";
import { REFUND_SWEEP_SECONDS } from "./rules";
import { hasPermission } from "~/modules/identity/permissions";

type Lease = typeof housingLeases.$inferSelect;

/** The deposit is due within a week of signing, and never later than the move-in day. */
function depositDueOn(startsOn: string, today: string) {
  const inAWeek = addDaysIso(today, 7);
  if (startsOn <= today) return inAWeek;
  return startsOn < inAWeek ? startsOn : inAWeek;
}

async function unitCode(tx: DbOrTx, unitId: string) {
  const [unit] = await tx.select({ code: housingUnits.code }).from(housingUnits).where(eq(housingUnits.id, unitId));
  return unit?.code ?? "";
}

/** Who pays: the company's owners and admins, or the resident paying their own housing. */
async function payerPeople(tx: DbOrTx, lease: Lease) {
  if (lease.payer === "resident") return [lease.residentUserId];
  return (await peopleWithPermission(tx, { orgId: lease.orgId }, "housing:endorse")).map((p) => p.userId);
}

/**
 * The lease's deposit invoice, created once (leases.signLease calls this in its transaction). A
 * lease without a deposit gets none. Returns the invoice id, or null.
 */
export async function issueDepositInvoice(tx: Tx, leaseId: string, actorUserId: string | null): Promise<string | null> {
  const [lease] = await tx.select().from(housingLeases).where(eq(housingLeases.id, leaseId)).for("update");
  if (!lease) throw notFound();
  if (lease.depositInvoiceId) return lease.depositInvoiceId;
  if (lease.depositFen <= 0n) return null;
  const code = await unitCode(tx, lease.unitId);
  const bed = lease.bedNo > 0 ? ` ${lease.bedNo} 号床` : "";
  const bedEn = lease.bedNo > 0 ? ` bed ${lease.bedNo}` : "";
  const invoice = await createInvoice(tx, {
    orgId: lease.orgId,
    kind: "housing_deposit",
    sourceRef: `deposit:${lease.id}`,
    lines: [
      {
        descriptionZh: `押金 ${code}${bed} · 租约 ${lease.number}（退租结算时扣除明细后退还）`,
        descriptionEn: `Deposit ${code}${bedEn} · lease ${lease.number} (refunded at move-out less itemised deductions)`,
        quantity: 1,
        unitPriceFen: lease.depositFen,
      },
    ],
    vatRateBp: RENT_VAT_RATE_BP,
    dueOn: depositDueOn(lease.startsOn, parkDate()),
    note: lease.payer === "resident" ? `租约 ${lease.number}，住户自付 / Lease ${lease.number}, paid by the resident` : `租约 ${lease.number} / Lease ${lease.number}`,
    createdBy: actorUserId,
  });
  await tx.update(housingLeases).set({ depositInvoiceId: invoice.id, updatedAt: new Date() }).where(eq(housingLeases.id, lease.id));
  await recordAudit(tx, {
    actorUserId,
    orgId: lease.orgId,
    action: "housing.deposit_invoiced",
    subjectType: "housing_lease",
    subjectId: lease.id,
    after: { invoiceId: invoice.id, number: invoice.number, depositFen: String(lease.depositFen) },
  });
  for (const userId of await payerPeople(tx, lease)) {
    await notify(tx, {
      userId,
      orgId: lease.orgId,
      kind: "housingDepositInvoiced",
      params: { lease: lease.number, unit: code, amount: fenToGroupedYuan(lease.depositFen), number: invoice.number ?? "" },
      link: lease.payer === "resident" ? "/housing" : `/billing/invoices/${invoice.id}`,
    });
  }
  return invoice.id;
}

async function deductionsTotal(tx: DbOrTx, leaseId: string) {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${housingDepositDeductions.amountFen}), 0)` })
    .from(housingDepositDeductions)
    .where(eq(housingDepositDeductions.leaseId, leaseId));
  return BigInt(row?.total ?? 0);
}

async function depositInvoice(tx: DbOrTx, lease: Lease) {
  if (!lease.depositInvoiceId) return null;
  return invoiceById(tx, lease.depositInvoiceId);
}

/** Housing staff only, and the lease locked: deductions and the settlement take turns. */
async function lockLeaseForDeposit(tx: Tx, actor: MemberActor, leaseId: string) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) {
    // Residents and their companies may read a deposit but not change it; strangers learn nothing.
    await leaseFor(tx, actor, leaseId);
    throw forbidden();
  }
  return leaseFor(tx, actor, leaseId, { lock: true });
}

export interface DeductionInput {
  descriptionZh: string;
  descriptionEn: string;
  amountFen: bigint;
}

/** Housing staff itemise what is kept from the deposit (before it is settled); never more than the deposit. */
export async function addDeduction(actor: MemberActor, leaseId: string, input: DeductionInput) {
  const descriptionZh = input.descriptionZh.trim();
  const descriptionEn = input.descriptionEn.trim() || descriptionZh;
  if (!descriptionZh || descriptionZh.length > 200 || descriptionEn.length > 200) throw new AppError("invalid", "housing.errors.deductionDescription");
  if (input.amountFen <= 0n) throw new AppError("invalid", "errors.amountPositive");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lease = await lockLeaseForDeposit(tx, actor, leaseId);
    if (lease.depositSettledAt) throw new AppError("conflict", "housing.errors.depositSettled");
    const kept = await deductionsTotal(tx, lease.id);
    if (kept + input.amountFen > lease.depositFen) {
      throw new AppError("conflict", "housing.errors.deductionTooLarge", { max: fenToGroupedYuan(lease.depositFen - kept) });
    }
    const [deduction] = await tx
      .insert(housingDepositDeductions)
      .values({ leaseId: lease.id, descriptionZh, descriptionEn, amountFen: input.amountFen, createdBy: actor.user.id })
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: lease.orgId,
      action: "housing.deposit_deduction_added",
      subjectType: "housing_lease",
      subjectId: lease.id,
      after: { deductionId: deduction.id, descriptionZh, amountFen: String(input.amountFen), totalFen: String(kept + input.amountFen) },
    });
    await notify(tx, {
      userId: lease.residentUserId,
      orgId: lease.orgId,
      kind: "housingDepositDeduction",
      params: { lease: lease.number, description: descriptionZh, amount: fenToGroupedYuan(input.amountFen) },
      link: "/housing",
    });
    return deduction;
  });
}

export async function removeDeduction(actor: MemberActor, leaseId: string, deductionId: string) {
  if (!isUuid(deductionId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const lease = await lockLeaseForDeposit(tx, actor, leaseId);
    if (lease.depositSettledAt) throw new AppError("conflict", "housing.errors.depositSettled");
    const [removed] = await tx
      .delete(housingDepositDeductions)
      .where(and(eq(housingDepositDeductions.id, deductionId), eq(housingDepositDeductions.leaseId, lease.id)))
      .returning();
    if (!removed) throw notFound();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: lease.orgId,
      action: "housing.deposit_deduction_removed",
      subjectType: "housing_lease",
      subjectId: lease.id,
      before: { deductionId: removed.id, descriptionZh: removed.descriptionZh, amountFen: String(removed.amountFen) },
    });
  });
}

export interface DepositSummary {
  leaseId: string;
  leaseNumber: string;
  depositFen: bigint;
  invoiceId: string | null;
  invoiceNumber: string | null;
  invoiceStatus: string | null;
  paidFen: bigint;
  deductions: (typeof housingDepositDeductions.$inferSelect)[];
  deductionsFen: bigint;
  /** What goes (or went) back: the paid deposit less the deductions. */
  refundFen: bigint;
  settledAt: Date | null;
}

async function summarise(tx: DbOrTx, lease: Lease): Promise<DepositSummary> {
  const [invoice, deductions] = await Promise.all([
    depositInvoice(tx, lease),
    tx.select().from(housingDepositDeductions).where(eq(housingDepositDeductions.leaseId, lease.id)).orderBy(asc(housingDepositDeductions.createdAt)),
  ]);
  const deductionsFen = deductions.reduce((sum, d) => sum + d.amountFen, 0n);
  const paidFen = invoice?.paidFen ?? 0n;
  return {
    leaseId: lease.id,
    leaseNumber: lease.number,
    depositFen: lease.depositFen,
    invoiceId: invoice?.id ?? null,
    invoiceNumber: invoice?.number ?? null,
    invoiceStatus: invoice?.status ?? null,
    paidFen,
    deductions,
    deductionsFen,
    refundFen: paidFen > deductionsFen ? paidFen - deductionsFen : 0n,
    settledAt: lease.depositSettledAt,
  };
}

/** The deposit of a lease as its resident, its company's admins and housing staff see it. */
export async function depositSummary(actor: MemberActor, leaseId: string) {
  const db = await getDb();
  const lease = await leaseFor(db, actor, leaseId);
  const summary = await summarise(db, lease);
  // What billing was asked to send back is pending until the money has left (decision 013).
  const refunds = summary.invoiceId ? (await refundStateOfInvoices(db, [summary.invoiceId])).get(summary.invoiceId) : undefined;
  return { ...summary, refundPendingFen: refunds?.pendingFen ?? 0n, refundSentFen: refunds?.refundedFen ?? 0n };
}

/**
 * After check-out, housing settles the deposit once: the settlement is recorded (the lease row
 * locked, so a second click or a concurrent one finds it settled and records nothing more), then
 * billing is asked to refund the paid deposit less deductions. Should the process stop between the
 * two, the periodic sweep (refundSettledDeposits) asks billing for the rest.
 */
export async function settleDeposit(actor: MemberActor, leaseId: string, info: { ip: string | null } = { ip: null }) {
  const db = await getDb();
  const settled = await db.transaction(async (tx) => {
    const lease = await lockLeaseForDeposit(tx, actor, leaseId);
    if (lease.depositSettledAt) return null;
    if (!lease.checkedOutAt) throw new AppError("conflict", "housing.errors.depositBeforeCheckOut");
    const summary = await summarise(tx, lease);
    if (summary.invoiceStatus === "open" && summary.paidFen < summary.depositFen) throw new AppError("conflict", "housing.errors.depositUnpaid");
    const settledAt = new Date();
    const [updated] = await tx
      .update(housingLeases)
      // Nothing to refund: nothing for billing to be asked, now or by the sweep.
      .set({ depositSettledAt: settledAt, updatedAt: settledAt, ...(summary.refundFen > 0n ? {} : { depositRefundsRequestedAt: settledAt }) })
      .where(and(eq(housingLeases.id, lease.id), isNull(housingLeases.depositSettledAt)))
      .returning();
    if (!updated) return null;
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: lease.orgId,
      action: "housing.deposit_settled",
      subjectType: "housing_lease",
      subjectId: lease.id,
      after: { paidFen: String(summary.paidFen), deductionsFen: String(summary.deductionsFen), refundFen: String(summary.refundFen) },
      ip: info.ip,
    });
    const code = await unitCode(tx, lease.unitId);
    const people = new Set([lease.residentUserId, ...(await payerPeople(tx, lease))]);
    for (const userId of people) {
      await notify(tx, {
        userId,
        orgId: lease.orgId,
        kind: "housingDepositSettled",
        params: { lease: lease.number, unit: code, refund: fenToGroupedYuan(summary.refundFen), deductions: fenToGroupedYuan(summary.deductionsFen) },
        link: "/housing",
      });
    }
    return { lease: updated, summary };
  });
  if (settled) {
    try {
      await requestDepositRefunds(settled.lease.id, actor.user.id, info);
    } catch (error) {
      // The settlement stands; a refund the gateway refused is finance's to retry, anything not
      // asked for yet the sweep asks for.
      logger.error({ err: error, leaseId: settled.lease.id }, "deposit refund could not be requested");
    }
  }
  return depositSummary(actor, leaseId);
}

/**
 * Asks billing for a settled deposit's refund: the paid deposit less deductions in all. Billing
 * counts what was asked for before, so calling this again — after a crash, from the sweep, or from
 * two places at once — refunds once. Marks the lease when the whole refund has been asked for.
 */
export async function requestDepositRefunds(leaseId: string, requestedBy: string | null, info: { ip: string | null } = { ip: null }) {
  const db = await getDb();
  const [lease] = await db.select().from(housingLeases).where(eq(housingLeases.id, leaseId));
  if (!lease?.depositSettledAt || lease.depositRefundsRequestedAt) return;
  const summary = await summarise(db, lease);
  let askedFen = 0n;
  if (summary.refundFen > 0n && summary.invoiceId) {
    const outcome = await requestOwnerRefundsUpTo(
      requestedBy,
      { invoiceId: summary.invoiceId, totalFen: summary.refundFen, reason: `押金结算 ${summary.leaseNumber} / Deposit settlement ${summary.leaseNumber}` },
      info,
    );
    askedFen = outcome.askedFen;
  }
  if (askedFen >= summary.refundFen) {
    await db
      .update(housingLeases)
      .set({ depositRefundsRequestedAt: new Date() })
      .where(and(eq(housingLeases.id, lease.id), isNull(housingLeases.depositRefundsRequestedAt)));
  }
}

/** The sweep: every settled deposit whose refund billing has not yet been asked for in full. */
export async function refundSettledDeposits() {
  const db = await getDb();
  const waiting = await db
    .select({ id: housingLeases.id })
    .from(housingLeases)
    .where(and(isNotNull(housingLeases.depositSettledAt), isNull(housingLeases.depositRefundsRequestedAt)))
    .orderBy(asc(housingLeases.depositSettledAt));
  for (const { id } of waiting) {
    try {
      await requestDepositRefunds(id, null);
    } catch (error) {
      logger.error({ err: error, leaseId: id }, "deposit refund could not be requested yet");
    }
  }
  return waiting.length;
}

/**
 * For billing's refund check: how much of a deposit invoice may go back. Nothing while the lease
 * runs (a deposit is held until move-out), then the paid deposit less deductions less what was
 * already refunded from it.
 */
export async function refundableDepositFen(tx: Tx, invoiceId: string, sourceRef: string | null) {
  const leaseId = sourceRef?.startsWith("deposit:") ? sourceRef.slice("deposit:".length) : null;
  if (!leaseId || !isUuid(leaseId)) return 0n;
  const [lease] = await tx.select().from(housingLeases).where(eq(housingLeases.id, leaseId));
  if (!lease?.depositSettledAt) return 0n;
  const { paidFen, refundedFromPaidFen } = await paidAndRefundedOfInvoice(tx, invoiceId);
  const left = paidFen - (await deductionsTotal(tx, lease.id)) - refundedFromPaidFen;
  return left > 0n ? left : 0n;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerHousingDeposits() {
  registerPeriodicTask("housing-deposit-refunds", REFUND_SWEEP_SECONDS, async () => {
    await refundSettledDeposits();
  });
}
