// Monthly rent: every lease active during a month gets that month's invoice through billing —
// exactly once, however often or concurrently the job runs (the rent-charge row's unique key
// (lease, month) is taken first, in the same transaction as the invoice). First and last months
// are prorated by days (./proration.ts); utilities from the unit's meter readings are added as
// lines (./utilities.ts). Also: meter readings, overdue reminders, and the reads behind the
// resident's bills and the company's housing costs.
import { leaseFor } from "./leases.server";
import { staysOverlap } from "./rules";
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { housingLeases, housingMeterReadings, housingRentCharges, housingUnits } from "#db/schema/housing";
import { userDirectory } from "~/modules/identity/directory.server";
import { createInvoice, invoiceDirectory, overdueOn, type CreateInvoiceInput } from "~/modules/billing/invoices.server";
import { isOverdue } from "~/modules/billing/money";
import { refundStateOfInvoices } from "~/modules/billing/refunds.server";
import type { LineInput } from "~/modules/billing/money";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { addDaysIso, daysFromTo, parkDate } from "~/modules/platform/dates";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { enqueueJob, registerDailyTask, registerJobHandler } from "~/modules/platform/jobs.server";
import { logger } from "~/modules/platform/logger.server";
import { notify } from "~/modules/platform/notifications.server";
import { parseInput } from "./forms";
import { meterReadingSchema } from "./repair-forms";
import { isMonthStart, monthOf, nextMonthStart, previousMonthStart, proratedRentFen, type ProratedRent } from "./proration";
import { utilityLines, type MeterReading } from "./utilities";
import { hasPermission } from "~/modules/identity/permissions";

/**
 * Rents are quoted all-in, as flat rents are in Shanghai: the listed monthly rent is what the
 * payer pays, so billing adds no VAT line to rent, utilities or deposits.
 */
export const RENT_VAT_RATE_BP = 0;
/** Rent for a month is due on this day of it (or a week after the invoice, when billed late). */
const RENT_DUE_DAY = 10;
/** An overdue rent invoice is reminded once in each week it stays unpaid. */
const REMINDER_INTERVAL_DAYS = 7;

/** Lease statuses that can owe rent for a month their dates overlap. */
const BILLABLE_LEASE_STATUSES = ["active", "ended", "terminated"] as const;

type Lease = typeof housingLeases.$inferSelect;

/** The invoice's due date: the 10th of the month billed, or a week from today when billed later. */
export function rentDueOn(month: string, today: string) {
  const onTime = addDaysIso(month, RENT_DUE_DAY - 1);
  const late = addDaysIso(today, 7);
  return onTime >= late ? onTime : late;
}

/**
 * The meter readings whose difference is billed on the invoice of `month`: the latest reading of
 * the previous month up to the 1st of this one (the period that just ended), and the latest reading
 * before it. Readings before the lease began belong to someone else. A month without a new reading
 * bills no utilities; the next reading then covers the whole gap, so nothing is billed twice or lost.
 * A shared room's beds have their utilities in the bed rent: readings are per unit, not per bed.
 */
async function readingsToBill(tx: DbOrTx, lease: Lease, month: string): Promise<[MeterReading, MeterReading] | null> {
  if (lease.bedNo > 0) return null;
  // The latest reading of the lease's unit since the lease began that also meets `conditions`.
  const latest = async (...conditions: SQL[]) => {
    const [reading] = await tx
      .select({ readOn: housingMeterReadings.readOn, electricityKwh: housingMeterReadings.electricityKwh, waterM3: housingMeterReadings.waterM3 })
      .from(housingMeterReadings)
      .where(and(eq(housingMeterReadings.unitId, lease.unitId), gte(housingMeterReadings.readOn, lease.startsOn), ...conditions))
      .orderBy(desc(housingMeterReadings.readOn), desc(housingMeterReadings.createdAt))
      .limit(1);
    return reading;
  };
  const current = await latest(gt(housingMeterReadings.readOn, previousMonthStart(month)), lte(housingMeterReadings.readOn, month));
  if (!current) return null;
  const previous = await latest(lt(housingMeterReadings.readOn, current.readOn));
  return previous ? [previous, current] : null;
}

export interface RentRun {
  created: number;
  skipped: number;
}

/**
 * Bills `month` ("YYYY-MM-01") for every lease active during it. Each lease is billed in its own
 * transaction, so one lease's problem does not hold up the others' rent; a lease already billed
 * for the month (by this run, an earlier one, or one running right now) is skipped.
 */
export async function billRentForMonth(month: string, options: { now?: Date; actorUserId?: string | null } = {}): Promise<RentRun> {
  if (!isMonthStart(month)) throw new AppError("invalid", "housing.errors.month");
  const db = await getDb();
  const today = parkDate(options.now ?? new Date());
  const candidates = await db
    .select({ id: housingLeases.id })
    .from(housingLeases)
    .where(
      and(
        inArray(housingLeases.status, [...BILLABLE_LEASE_STATUSES]),
        lt(housingLeases.startsOn, nextMonthStart(month)),
        gt(housingLeases.endsOn, month),
        sql`not exists (select 1 from ${housingRentCharges} c where c.lease_id = ${housingLeases.id} and c.month = ${month})`,
      ),
    )
    .orderBy(asc(housingLeases.startsOn), asc(housingLeases.id));
  const run: RentRun = { created: 0, skipped: 0 };
  for (const { id } of candidates) {
    try {
      const billed = await db.transaction((tx) => billLeaseMonth(tx, id, month, today, options.actorUserId ?? null));
      if (billed) run.created++;
      else run.skipped++;
    } catch (error) {
      // One lease's failure must not stop the others' rent; the next run tries it again.
      logger.error({ err: error, leaseId: id, month }, "rent for a lease could not be billed");
      run.skipped++;
    }
  }
  return run;
}

/** One lease, one month, inside the caller's transaction; false when it was already billed. */
async function billLeaseMonth(tx: Tx, leaseId: string, month: string, today: string, actorUserId: string | null) {
  const [row] = await tx
    .select({ lease: housingLeases, unitCode: housingUnits.code, residentName: userDirectory.displayName })
    .from(housingLeases)
    .innerJoin(housingUnits, eq(housingUnits.id, housingLeases.unitId))
    .innerJoin(userDirectory, eq(userDirectory.id, housingLeases.residentUserId))
    .where(eq(housingLeases.id, leaseId))
    // An early end (which locks the lease for update) waits for this month's bill or is waited
    // for, so it either re-bills the invoice made here or this sees the new end date.
    .for("share", { of: housingLeases });
  if (!row || !(BILLABLE_LEASE_STATUSES as readonly string[]).includes(row.lease.status)) return false;
  const { lease } = row;
  const rent = proratedRentFen({ monthlyRentFen: lease.monthlyRentFen, month, startsOn: lease.startsOn, endsOn: lease.endsOn });
  if (rent.days === 0) return false;
  const readings = await readingsToBill(tx, lease, month);
  const utilities = readings ? utilityLines(readings[0], readings[1]) : [];
  const utilitiesFen = utilities.reduce((sum, line) => sum + line.unitPriceFen * BigInt(line.quantity), 0n);

  // The claim: whoever inserts (lease, month) first bills it; everyone else waits for that
  // transaction and then finds the row there.
  const [charge] = await tx
    .insert(housingRentCharges)
    .values({ leaseId: lease.id, month, days: rent.days, rentFen: rent.amountFen, utilitiesFen })
    .onConflictDoNothing()
    .returning();
  if (!charge) return false;

  const invoiceInput = rentInvoiceInput(row, month, rent, utilities, { today, sourceRef: `lease:${lease.id}:${month}`, createdBy: actorUserId });
  if (!invoiceInput) return true;
  const period = month.slice(0, 7);
  const invoice = await createInvoice(tx, invoiceInput);
  await tx.update(housingRentCharges).set({ invoiceId: invoice.id }).where(eq(housingRentCharges.id, charge.id));
  await recordAudit(tx, {
    actorUserId,
    orgId: lease.orgId,
    action: "housing.rent_billed",
    subjectType: "housing_lease",
    subjectId: lease.id,
    after: { month, days: rent.days, rentFen: String(rent.amountFen), utilitiesFen: String(utilitiesFen), invoiceId: invoice.id, number: invoice.number },
  });
  const params = { lease: lease.number, unit: row.unitCode, month: period, number: invoice.number ?? "" };
  const payers = lease.payer === "resident" ? [{ userId: lease.residentUserId }] : await peopleWithPermission(tx, { orgId: lease.orgId }, "housing:endorse");
  for (const { userId } of payers) {
    await notify(tx, { userId, orgId: lease.orgId, kind: "housingRentBilled", params, link: lease.payer === "resident" ? "/housing" : `/billing/invoices/${invoice.id}` });
  }
  return true;
}

/**
 * The invoice billing one lease's month: the rent line (prorated when partial) and the utility
 * lines; null when there is nothing to bill. The monthly run uses it, and so does an early end that
 * bills a month again (rent-credits.server.ts), with a source reference of its own.
 */
export function rentInvoiceInput(
  context: { lease: Lease; unitCode: string; residentName: string },
  month: string,
  rent: ProratedRent,
  utilities: LineInput[],
  options: { today: string; sourceRef: string; createdBy: string | null },
): CreateInvoiceInput | null {
  const { lease, residentName } = context;
  const lines = rentLines(lease, context.unitCode, residentName, month, rent, utilities);
  if (lines.length === 0) return null;
  return {
    orgId: lease.orgId,
    kind: "housing_rent",
    sourceRef: options.sourceRef,
    lines,
    vatRateBp: RENT_VAT_RATE_BP,
    dueOn: rentDueOn(month, options.today),
    issuedOn: options.today,
    note:
      lease.payer === "resident"
        ? `租约 ${lease.number}，住户 ${residentName} 自付 / Lease ${lease.number}, paid by the resident`
        : `租约 ${lease.number} / Lease ${lease.number}`,
    createdBy: options.createdBy,
  };
}

function rentLines(lease: Lease, unitCode: string, residentName: string, month: string, rent: ProratedRent, utilities: LineInput[]) {
  const period = month.slice(0, 7);
  const bed = lease.bedNo > 0 ? ` ${lease.bedNo} 号床` : "";
  const bedEn = lease.bedNo > 0 ? ` bed ${lease.bedNo}` : "";
  const partial = rent.days < rent.daysInMonth;
  const byResident = lease.payer === "resident";
  const lines: LineInput[] = [];
  if (rent.amountFen > 0n) {
    lines.push({
      descriptionZh:
        `房租 ${unitCode}${bed} ${period}` +
        (partial ? `（按天计 ${rent.days}/${rent.daysInMonth} 天）` : "") +
        (byResident ? ` · 租约 ${lease.number} 住户 ${residentName} 自付` : ` · 租约 ${lease.number}`),
      descriptionEn:
        `Rent ${unitCode}${bedEn} ${period}` +
        (partial ? ` (prorated, ${rent.days}/${rent.daysInMonth} days)` : "") +
        // The English line names no one: a Chinese name is the one thing an English ledger would otherwise carry in Chinese.
        (byResident ? ` · lease ${lease.number}, paid by the resident` : ` · lease ${lease.number}`),
      quantity: 1,
      unitPriceFen: rent.amountFen,
    });
  }
  return [...lines, ...utilities];
}

/** Housing staff record a unit's monthly meter reading (check-in and check-out readings come with the handover). */
export async function recordMeterReading(
  actor: MemberActor,
  unitId: string,
  input: { readOn: string; electricityKwh: string; waterM3: string },
) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(meterReadingSchema, input);
  if (!isUuid(unitId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [unit] = await tx.select({ id: housingUnits.id }).from(housingUnits).where(eq(housingUnits.id, unitId));
    if (!unit) throw notFound();
    const [reading] = await tx
      .insert(housingMeterReadings)
      .values({ unitId, readOn: values.readOn, electricityKwh: values.electricityKwh, waterM3: values.waterM3, kind: "monthly", recordedBy: actor.user.id })
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: null,
      action: "housing.meter_read",
      subjectType: "housing_unit",
      subjectId: unitId,
      after: { readOn: values.readOn, electricityKwh: values.electricityKwh, waterM3: values.waterM3 },
    });
    return reading;
  });
}

const chargeColumns = {
  id: housingRentCharges.id,
  leaseId: housingRentCharges.leaseId,
  month: housingRentCharges.month,
  days: housingRentCharges.days,
  rentFen: housingRentCharges.rentFen,
  utilitiesFen: housingRentCharges.utilitiesFen,
  creditFen: housingRentCharges.creditFen,
  invoiceId: housingRentCharges.invoiceId,
  invoiceNumber: invoiceDirectory.number,
  invoiceStatus: invoiceDirectory.status,
  totalFen: invoiceDirectory.totalFen,
  paidFen: invoiceDirectory.paidFen,
  dueOn: invoiceDirectory.dueOn,
};

/** A lease's monthly charges, newest first, with their invoices' state (the resident's bills). */
export async function rentChargesForLease(actor: MemberActor, leaseId: string) {
  const db = await getDb();
  const lease = await leaseFor(db, actor, leaseId);
  const today = parkDate();
  const rows = await db
    .select(chargeColumns)
    .from(housingRentCharges)
    .leftJoin(invoiceDirectory, eq(invoiceDirectory.id, housingRentCharges.invoiceId))
    .where(eq(housingRentCharges.leaseId, lease.id))
    .orderBy(desc(housingRentCharges.month));
  // Rent credited back is pending until billing says the money left (decision 013).
  const refunds = await refundStateOfInvoices(db, rows.flatMap((row) => (row.creditFen > 0n && row.invoiceId ? [row.invoiceId] : [])));
  return rows.map((row) => ({
    ...row,
    overdue: row.invoiceStatus !== null && isOverdue({ status: row.invoiceStatus, dueOn: row.dueOn }, today),
    refundPendingFen: (row.invoiceId && refunds.get(row.invoiceId)?.pendingFen) || 0n,
  }));
}

export interface MonthCosts {
  month: string;
  rentFen: bigint;
  utilitiesFen: bigint;
  totalFen: bigint;
  /** How many leases were billed that month. */
  leases: number;
  /** Still owed on those invoices. */
  outstandingFen: bigint;
}

/** The company's housing costs per month, the latest `months` months (this one included), oldest first. */
export async function housingCostsForOrg(actor: MemberActor, options: { months?: number } = {}): Promise<MonthCosts[]> {
  if (!hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
  const months = Math.min(Math.max(Math.trunc(options.months ?? 6), 1), 36);
  const wanted: string[] = [monthOf(parkDate())];
  while (wanted.length < months) wanted.unshift(previousMonthStart(wanted[0]));
  const db = await getDb();
  const rows = await db
    .select({
      month: housingRentCharges.month,
      rentFen: sql<string>`coalesce(sum(${housingRentCharges.rentFen}), 0)`,
      utilitiesFen: sql<string>`coalesce(sum(${housingRentCharges.utilitiesFen}), 0)`,
      outstandingFen: sql<string>`coalesce(sum(case when ${invoiceDirectory.status} = 'open' then ${invoiceDirectory.totalFen} - ${invoiceDirectory.paidFen} else 0 end), 0)`,
      leases: sql<string>`count(*)`,
    })
    .from(housingRentCharges)
    .innerJoin(housingLeases, eq(housingLeases.id, housingRentCharges.leaseId))
    .leftJoin(invoiceDirectory, eq(invoiceDirectory.id, housingRentCharges.invoiceId))
    .where(and(eq(housingLeases.orgId, actor.org.id), gte(housingRentCharges.month, wanted[0]), lte(housingRentCharges.month, wanted[wanted.length - 1])))
    .groupBy(housingRentCharges.month);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  // A month counts every lease that ran in it (signed, for at least one night), billed yet or not.
  const ran = await db
    .select({ startsOn: housingLeases.startsOn, endsOn: housingLeases.endsOn })
    .from(housingLeases)
    .where(and(eq(housingLeases.orgId, actor.org.id), inArray(housingLeases.status, [...BILLABLE_LEASE_STATUSES]), lt(housingLeases.startsOn, nextMonthStart(wanted[wanted.length - 1])), gt(housingLeases.endsOn, wanted[0])));
  return wanted.map((month) => {
    const row = byMonth.get(month);
    const rentFen = BigInt(row?.rentFen ?? 0);
    const utilitiesFen = BigInt(row?.utilitiesFen ?? 0);
    const leases = ran.filter((l) => staysOverlap({ from: l.startsOn, to: l.endsOn }, { from: month, to: nextMonthStart(month) })).length;
    return { month, rentFen, utilitiesFen, totalFen: rentFen + utilitiesFen, leases, outstandingFen: BigInt(row?.outstandingFen ?? 0) };
  });
}

/** Whole weeks an invoice due on `dueOn` has been overdue on `today`: 0 for its first week late. */
function overdueWeek(dueOn: string, today: string) {
  const days = daysFromTo(dueOn, today);
  return days <= 0 ? null : Math.floor((days - 1) / REMINDER_INTERVAL_DAYS);
}

/**
 * Billing sends no reminders of its own, so housing reminds overdue rent: one job per invoice and
 * overdue week, made unique by the job queue's dedupe key, so a reminder goes out once a week
 * however often this runs.
 */
export async function queueOverdueRentReminders(now = new Date()) {
  const db = await getDb();
  const today = parkDate(now);
  const overdue = await db
    .select({ invoiceId: invoiceDirectory.id, dueOn: invoiceDirectory.dueOn })
    .from(housingRentCharges)
    .innerJoin(invoiceDirectory, eq(invoiceDirectory.id, housingRentCharges.invoiceId))
    .where(overdueOn(today));
  let queued = 0;
  for (const row of overdue) {
    const week = overdueWeek(row.dueOn, today);
    if (week === null) continue;
    const id = await enqueueJob(db, "housing.rent-overdue-reminder", { invoiceId: row.invoiceId, today }, { dedupeKey: `${row.invoiceId}:w${week}` });
    if (id) queued++;
  }
  return queued;
}

/** Tells the payer company's owners and admins and the resident that a rent invoice is overdue. */
async function sendOverdueRentReminder(invoiceId: string, today = parkDate()) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        invoice: { id: invoiceDirectory.id, number: invoiceDirectory.number, status: invoiceDirectory.status, dueOn: invoiceDirectory.dueOn },
        lease: housingLeases, unitCode: housingUnits.code, month: housingRentCharges.month })
      .from(housingRentCharges)
      .innerJoin(invoiceDirectory, eq(invoiceDirectory.id, housingRentCharges.invoiceId))
      .innerJoin(housingLeases, eq(housingLeases.id, housingRentCharges.leaseId))
      .innerJoin(housingUnits, eq(housingUnits.id, housingLeases.unitId))
      .where(eq(housingRentCharges.invoiceId, invoiceId));
    if (!row || !isOverdue(row.invoice, today)) return;
    const params = { number: row.invoice.number ?? "", unit: row.unitCode, month: row.month.slice(0, 7), dueOn: row.invoice.dueOn };
    const admins = await peopleWithPermission(tx, { orgId: row.lease.orgId }, "housing:endorse");
    const people = new Set([...admins.map((a) => a.userId), row.lease.residentUserId]);
    for (const userId of people) {
      const link = userId === row.lease.residentUserId && !admins.some((a) => a.userId === userId) ? "/housing" : `/billing/invoices/${row.invoice.id}`;
      await notify(tx, { userId, orgId: row.lease.orgId, kind: "housingRentOverdue", params, link });
    }
  });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerHousingRent() {
  registerJobHandler("housing.rent-overdue-reminder", async (payload) => {
    await sendOverdueRentReminder(String(payload.invoiceId), typeof payload.today === "string" ? payload.today : undefined);
  });
  // On the 1st the month is billed; on the other days the same run catches up leases signed since
  // (or a 1st the worker missed). Already-billed leases cost one indexed lookup.
  registerDailyTask("housing-bill-rent", async () => {
    await billRentForMonth(monthOf(parkDate()));
  });
  registerDailyTask("housing-rent-reminders", async () => {
    await queueOverdueRentReminders();
  });
}

