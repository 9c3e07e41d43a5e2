// Leases: signed online by the resident (terms version, time and IP recorded; the deposit is
// invoiced in the same transaction), shortened with notice, renewed while nobody else holds the
// following days, and handed over at check-in and check-out with keys and meter readings. The
// lease's days live in housing_occupancies, so every change of dates goes through the exclusion
// constraint.
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { housingBuildings, housingHandovers, housingLeases, housingMeterReadings, housingOccupancies, housingUnits } from "#db/schema/housing";
import { type HousingLeaseStatus } from "#db/schema/housing-values";
import { userDirectory, orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { notifyHousingStaff } from "./applications.server";
import { issueDepositInvoice } from "./deposits.server";
import { rebillAfterEarlierEnd, refundRentCredits } from "./rent-credits.server";
import { handoverSchema, noticeSchema, parseInput, renewSchema, type HandoverInput } from "./forms";
import { dayRange, lockUnit, tryOccupy } from "./occupancy.server";
import { canMoveLease, LEASE_TERMS_VERSION, MAX_STAY_DAYS, noticeProblem } from "./rules";
import { hasPermission } from "~/modules/identity/permissions";

type LeaseRow = typeof housingLeases.$inferSelect;

/**
 * The lease if the actor may see it: housing staff; in the lease's company, the resident and the
 * company's owners and admins. Anyone else is told it does not exist.
 */
export async function leaseFor(db: DbOrTx, actor: MemberActor, leaseId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(leaseId)) throw notFound();
  const query = db.select().from(housingLeases).where(eq(housingLeases.id, leaseId));
  const [lease] = options.lock ? await query.for("update") : await query;
  if (!lease) throw notFound();
  if (hasPermission(actor, "housing:manage", { kind: "park" })) return lease;
  if (actor.org.kind !== "tenant" || actor.org.id !== lease.orgId) throw notFound();
  if (lease.residentUserId === actor.user.id || hasPermission(actor, "housing:endorse", { kind: "tenant" })) return lease;
  throw notFound();
}

async function moveLease(tx: Tx, lease: LeaseRow, to: HousingLeaseStatus, set: Partial<typeof housingLeases.$inferInsert>) {
  if (!canMoveLease(lease.status, to)) throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
  const [moved] = await tx
    .update(housingLeases)
    .set({ ...set, status: to, updatedAt: new Date() })
    .where(and(eq(housingLeases.id, lease.id), eq(housingLeases.status, lease.status)))
    .returning();
  if (!moved) throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
  return moved;
}

/** Everyone a change of a lease concerns, except the person who made it. */
async function notifyLeaseParties(tx: Tx, lease: LeaseRow, actorUserId: string, kind: string, params: Record<string, string>) {
  const people = new Set([lease.residentUserId, ...(await peopleWithPermission(tx, { orgId: lease.orgId }, "housing:endorse")).map((p) => p.userId)]);
  people.delete(actorUserId);
  for (const userId of people) await notify(tx, { userId, orgId: lease.orgId, kind, params, link: `/housing/leases/${lease.id}` });
}

/** Marks a whole unit let or available again; a shared room's beds are counted by the occupancy map instead. */
/** The lease's nights in the occupancy table now end on `endsOn` (notice given, renewed). */
function moveOccupancyEnd(db: DbOrTx, lease: LeaseRow, endsOn: string) {
  return db
    .update(housingOccupancies)
    .set({ during: dayRange(lease.startsOn, endsOn) as unknown as string })
    .where(and(eq(housingOccupancies.leaseId, lease.id), eq(housingOccupancies.status, "active")));
}

/** The audit entry of a change to a lease, by the acting member. */
function auditLease(tx: Tx, actor: MemberActor, lease: LeaseRow, action: string, change: { before?: Record<string, unknown>; after: Record<string, unknown>; ip?: string | null }) {
  return recordAudit(tx, { actorUserId: actor.user.id, orgId: lease.orgId, action, subjectType: "housing_lease", subjectId: lease.id, ...change });
}

/** A lease's new end (notice given, renewed) audited, and its parties told. */
async function recordNewEnd(tx: Tx, actor: MemberActor, lease: LeaseRow, endsOn: string, { action, notification }: { action: string; notification: string }) {
  await auditLease(tx, actor, lease, action, { before: { endsOn: lease.endsOn }, after: { endsOn } });
  await notifyLeaseParties(tx, lease, actor.user.id, notification, { number: lease.number, endsOn });
}

async function setUnitLet(tx: Tx, lease: LeaseRow, let_: boolean) {
  if (lease.bedNo !== 0) return;
  await tx
    .update(housingUnits)
    .set({ status: let_ ? "let" : "available" })
    .where(and(eq(housingUnits.id, lease.unitId), inArray(housingUnits.status, let_ ? ["available", "reserved"] : ["let"])));
}

/**
 * The resident signs the lease online, accepting the terms of `termsVersion` (it must be the
 * current version they were shown). The lease becomes active and the deposit is invoiced.
 */
export async function signLease(actor: MemberActor, leaseId: string, input: { termsVersion: string; ip: string | null }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lease = await leaseFor(tx, actor, leaseId, { lock: true });
    if (lease.residentUserId !== actor.user.id || actor.org.kind !== "tenant") throw forbidden();
    if (lease.status !== "awaiting_signature") throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
    if (input.termsVersion !== LEASE_TERMS_VERSION) throw new AppError("conflict", "housing.errors.termsChanged");
    const signedAt = new Date();
    await moveLease(tx, lease, "active", { signedAt, signedBy: actor.user.id, signedIp: input.ip, termsVersion: input.termsVersion });
    await setUnitLet(tx, lease, true);
    await auditLease(tx, actor, lease, "housing.lease_signed", {
      before: { status: lease.status },
      after: { status: "active", termsVersion: input.termsVersion, signedAt: signedAt.toISOString() },
      ip: input.ip,
    });
    await issueDepositInvoice(tx, lease.id, actor.user.id);
    await notifyLeaseParties(tx, lease, actor.user.id, "housingLeaseSigned", { number: lease.number });
    await notifyHousingStaff(tx, "housingLeaseSigned", { number: lease.number }, `/housing/console/leases/${lease.id}`);
    const [signed] = await tx.select().from(housingLeases).where(eq(housingLeases.id, lease.id));
    return signed;
  });
}

/**
 * Ends a lease early on `endsOn` (exclusive: the move-out day). The resident or the company gives
 * at least NOTICE_DAYS' notice; housing staff may choose any day after the start. The occupancy
 * shrinks with it, freeing the days after; months already billed beyond the new end are billed
 * again or credited back (rent-credits.server.ts). The same notice given again changes nothing.
 */
export async function giveNotice(actor: MemberActor, leaseId: string, endsOn: string) {
  const values = parseInput(noticeSchema, { endsOn });
  const db = await getDb();
  const noticed = await db.transaction(async (tx) => {
    const lease = await leaseFor(tx, actor, leaseId, { lock: true });
    if (lease.status !== "active") throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
    // A second click on the same notice (or two at once): the first one did it all.
    if (lease.noticeGivenAt && lease.endsOn === values.endsOn) return lease;
    const byHousing = hasPermission(actor, "housing:manage", { kind: "park" });
    const problem = noticeProblem({ today: parkDate(), startsOn: lease.startsOn, endsOn: lease.endsOn, newEndsOn: values.endsOn, byHousing });
    if (problem) throw new AppError("invalid", problem, { field: "endsOn", earliest: addDaysIso(parkDate(), 30) });
    const [updated] = await tx
      .update(housingLeases)
      .set({ endsOn: values.endsOn, noticeGivenAt: new Date(), updatedAt: new Date() })
      .where(eq(housingLeases.id, lease.id))
      .returning();
    await moveOccupancyEnd(tx, lease, values.endsOn);
    await recordNewEnd(tx, actor, lease, values.endsOn, { action: "housing.lease_notice_given", notification: "housingLeaseNotice" });
    if (!byHousing) await notifyHousingStaff(tx, "housingLeaseNotice", { number: lease.number, endsOn: values.endsOn }, `/housing/console/leases/${lease.id}`);
    await rebillAfterEarlierEnd(tx, updated, actor.user.id);
    return updated;
  });
  await refundRentCredits({ leaseId: noticed.id, requestedBy: actor.user.id });
  return noticed;
}

/** Housing staff extend a lease to `newEndsOn`; refused when someone else holds any of the added days. */
export async function renewLease(actor: MemberActor, leaseId: string, newEndsOn: string) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(renewSchema, { endsOn: newEndsOn });
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    const lease = await leaseFor(tx, actor, leaseId, { lock: true });
    if (lease.status !== "active" && lease.status !== "awaiting_signature") throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
    if (values.endsOn <= lease.endsOn) throw new AppError("invalid", "housing.errors.renewNotLater", { field: "endsOn" });
    if (values.endsOn > addDaysIso(lease.endsOn, MAX_STAY_DAYS)) throw new AppError("invalid", "housing.errors.stayLength", { field: "endsOn" });
    await lockUnit(tx, lease.unitId);
    const extended = await tryOccupy(tx, (sp) => moveOccupancyEnd(sp, lease, values.endsOn));
    if (!extended) return null;
    const [updated] = await tx.update(housingLeases).set({ endsOn: values.endsOn, updatedAt: new Date() }).where(eq(housingLeases.id, lease.id)).returning();
    await recordNewEnd(tx, actor, lease, values.endsOn, { action: "housing.lease_renewed", notification: "housingLeaseRenewed" });
    return updated;
  });
  if (!outcome) throw new AppError("conflict", "housing.errors.unitTaken");
  return outcome;
}

async function recordHandover(tx: Tx, actor: MemberActor, lease: LeaseRow, kind: "check_in" | "check_out", input: HandoverInput, readOn: string) {
  const values = parseInput(handoverSchema, input);
  const [reading] = await tx
    .insert(housingMeterReadings)
    .values({ unitId: lease.unitId, leaseId: lease.id, readOn, electricityKwh: values.electricityKwh, waterM3: values.waterM3, kind, recordedBy: actor.user.id })
    .returning();
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(housingHandovers).values({ leaseId: lease.id, kind, keys: values.keys, accessCards: values.accessCards, readingId: reading.id, note: values.note ?? "", recordedBy: actor.user.id });
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", kind === "check_in" ? "housing.errors.alreadyCheckedIn" : "housing.errors.alreadyCheckedOut");
    throw error;
  }
  return { reading, values };
}

/** Housing staff hand over keys and cards to the resident of a signed lease and read the meters. */
export async function checkIn(actor: MemberActor, leaseId: string, input: HandoverInput, now = new Date()) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  parseInput(handoverSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lease = await leaseFor(tx, actor, leaseId, { lock: true });
    if (lease.status !== "active") throw new AppError("conflict", "housing.errors.notSigned");
    if (lease.checkedInAt) throw new AppError("conflict", "housing.errors.alreadyCheckedIn");
    const { reading, values } = await recordHandover(tx, actor, lease, "check_in", input, parkDate(now));
    const [updated] = await tx.update(housingLeases).set({ checkedInAt: now, updatedAt: now }).where(eq(housingLeases.id, lease.id)).returning();
    await auditLease(tx, actor, lease, "housing.checked_in", {
      after: { keys: values.keys, accessCards: values.accessCards, electricityKwh: reading.electricityKwh, waterM3: reading.waterM3 },
    });
    await notify(tx, { userId: lease.residentUserId, orgId: lease.orgId, kind: "housingCheckedIn", params: { number: lease.number }, link: "/housing" });
    return updated;
  });
}

/**
 * Housing staff take the keys back and read the meters: the lease ends, and its occupancy is
 * released from the check-out day onward (a resident leaving early frees the rest of the term, and
 * the rent already billed for it is billed again or credited back).
 */
export async function checkOut(actor: MemberActor, leaseId: string, input: HandoverInput, now = new Date()) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  parseInput(handoverSchema, input);
  const db = await getDb();
  const checkedOut = await db.transaction(async (tx) => {
    const lease = await leaseFor(tx, actor, leaseId, { lock: true });
    if (lease.status !== "active") throw new AppError("conflict", "housing.errors.leaseTransition", { status: lease.status });
    if (!lease.checkedInAt) throw new AppError("conflict", "housing.errors.notCheckedIn");
    const today = parkDate(now);
    const { reading, values } = await recordHandover(tx, actor, lease, "check_out", input, today);
    // The lease ends on the check-out day when that is earlier; a later check-out keeps its end.
    const endsOn = today < lease.endsOn && today > lease.startsOn ? today : lease.endsOn;
    if (today <= lease.startsOn) {
      await tx
        .update(housingOccupancies)
        .set({ status: "released", releasedAt: now })
        .where(and(eq(housingOccupancies.leaseId, lease.id), eq(housingOccupancies.status, "active")));
    } else if (endsOn !== lease.endsOn) {
      await tx
        .update(housingOccupancies)
        .set({ during: dayRange(lease.startsOn, endsOn) as unknown as string })
        .where(and(eq(housingOccupancies.leaseId, lease.id), eq(housingOccupancies.status, "active")));
    }
    const ended = await moveLease(tx, lease, "ended", { checkedOutAt: now, endsOn });
    await setUnitLet(tx, lease, false);
    await auditLease(tx, actor, lease, "housing.checked_out", {
      before: { status: lease.status, endsOn: lease.endsOn },
      after: { status: "ended", endsOn, keys: values.keys, accessCards: values.accessCards, electricityKwh: reading.electricityKwh, waterM3: reading.waterM3 },
    });
    await notifyLeaseParties(tx, lease, actor.user.id, "housingCheckedOut", { number: lease.number });
    if (endsOn !== lease.endsOn) await rebillAfterEarlierEnd(tx, ended, actor.user.id);
    return ended;
  });
  await refundRentCredits({ leaseId: checkedOut.id, requestedBy: actor.user.id });
  return checkedOut;
}

const leaseColumns = {
  lease: housingLeases,
  unitCode: housingUnits.code,
  unitType: housingUnits.unitType,
  buildingNameZh: housingBuildings.nameZh,
  buildingNameEn: housingBuildings.nameEn,
  orgNameZh: orgDirectory.nameZh,
  orgNameEn: orgDirectory.nameEn,
  residentName: userDirectory.displayName,
};

function leaseQuery(db: DbOrTx) {
  return db
    .select(leaseColumns)
    .from(housingLeases)
    .innerJoin(housingUnits, eq(housingUnits.id, housingLeases.unitId))
    .innerJoin(housingBuildings, eq(housingBuildings.id, housingUnits.buildingId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, housingLeases.orgId))
    .innerJoin(userDirectory, eq(userDirectory.id, housingLeases.residentUserId));
}

/** One lease with its unit, building, handovers and meter readings, for whoever may see it. */
export async function getLease(actor: MemberActor, leaseId: string) {
  const db = await getDb();
  const lease = await leaseFor(db, actor, leaseId);
  const [row] = await leaseQuery(db).where(eq(housingLeases.id, lease.id));
  const handovers = await db.select().from(housingHandovers).where(eq(housingHandovers.leaseId, lease.id)).orderBy(asc(housingHandovers.recordedAt));
  const readings = await db.select().from(housingMeterReadings).where(eq(housingMeterReadings.leaseId, lease.id)).orderBy(asc(housingMeterReadings.readOn), asc(housingMeterReadings.createdAt));
  return { ...row, handovers, readings, termsVersionCurrent: LEASE_TERMS_VERSION };
}

/** Leases for housing staff (all) or a company's owners and admins (their company's), as flat rows. */
export async function listLeases(actor: MemberActor, options: { status?: HousingLeaseStatus; endingWithinDays?: number } = {}) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" }) && !hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
  const db = await getDb();
  const filters = [];
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) filters.push(eq(housingLeases.orgId, actor.org.id));
  if (options.status) filters.push(eq(housingLeases.status, options.status));
  if (options.endingWithinDays !== undefined) {
    filters.push(eq(housingLeases.status, "active"), lte(housingLeases.endsOn, addDaysIso(parkDate(), options.endingWithinDays)));
  }
  const rows = await leaseQuery(db)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(options.endingWithinDays !== undefined ? asc(housingLeases.endsOn) : desc(housingLeases.createdAt))
    .limit(500);
  // One flat row per lease: the lease's own columns plus its unit, building, company and resident.
  return rows.map(({ lease, ...context }) => ({ ...lease, ...context }));
}

/** The member's home in the active company: a lease they live under that is signed or to sign and not yet over. */
function homeLeaseOf(actor: MemberActor) {
  return and(
    eq(housingLeases.residentUserId, actor.user.id),
    eq(housingLeases.orgId, actor.org.id),
    inArray(housingLeases.status, ["awaiting_signature", "active"]),
    sql`${housingLeases.endsOn} > ${parkDate()}`,
  );
}

/** The resident's current (or next) lease in the active company, with its unit and building; null when none. */
export async function myHousing(actor: MemberActor) {
  if (actor.org.kind !== "tenant") return null;
  const db = await getDb();
  const [row] = await leaseQuery(db).where(homeLeaseOf(actor)).orderBy(asc(housingLeases.startsOn)).limit(1);
  if (!row) return null;
  const [unit] = await db.select().from(housingUnits).where(eq(housingUnits.id, row.lease.unitId));
  const [building] = await db.select().from(housingBuildings).where(eq(housingBuildings.id, unit.buildingId));
  return { lease: row.lease, unit, building, termsVersionCurrent: LEASE_TERMS_VERSION };
}

/**
 * 工作台's housing figure, as a question for `askTogether`: the unit code of the home `myHousing`
 * finds, or null.
 */
export function myUnitCodeQuestion(actor: MemberActor) {
  return sql<string | null>`select ${housingUnits.code} from ${housingLeases} join ${housingUnits} on ${housingUnits.id} = ${housingLeases.unitId}
    where ${homeLeaseOf(actor)} order by ${housingLeases.startsOn} limit 1`;
}

/** Leases waiting for this member's signature in the active company, soonest first: each one click from /housing. */
export async function leasesToSign(actor: MemberActor) {
  if (actor.org.kind !== "tenant") return [];
  const db = await getDb();
  const rows = await leaseQuery(db)
    .where(and(eq(housingLeases.residentUserId, actor.user.id), eq(housingLeases.orgId, actor.org.id), eq(housingLeases.status, "awaiting_signature")))
    .orderBy(asc(housingLeases.startsOn));
  return rows.map(({ lease, ...context }) => ({ ...lease, ...context }));
}
