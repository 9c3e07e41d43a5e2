// Offers: housing staff offer a unit (or a bed) for dates to an application on the waitlist; the
// applicant accepts within the deadline, which creates the lease and its occupancy — the
// exclusion constraint decides between two acceptances for the same days — or the offer lapses
// and the same unit and dates go to the next application of that unit type in waitlist order.
import { and, count, eq, lte } from "drizzle-orm";
import { housingApplications, housingLeases, housingOccupancies, housingOffers, housingUnits } from "#db/schema/housing";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { notify } from "~/modules/platform/notifications.server";
import { flagOverlaps, moveApplication, notifyApplicant, notifyHousingStaff, waitlistOrder } from "./applications.server";
import { offerSchema, parseInput, reasonSchema, type OfferInput } from "./forms";
import { dayRange, isFree, lockUnit, tryOccupy } from "./occupancy.server";
import { primaryResidentUserId, visibleApplication } from "./residents.server";
import { afterLapse, canMoveOffer, LEASE_TERMS_VERSION, offerDeadline, type OfferStatus } from "./rules";
import { hasPermission } from "~/modules/identity/permissions";

type OfferRow = typeof housingOffers.$inferSelect;
type UnitRow = typeof housingUnits.$inferSelect;

async function moveOffer(tx: Tx, offer: OfferRow, to: OfferStatus, actorUserId: string | null, orgId: string, reason?: string | null) {
  if (!canMoveOffer(offer.status as OfferStatus, to)) throw new AppError("conflict", "housing.errors.offerTransition", { status: offer.status });
  const [moved] = await tx
    .update(housingOffers)
    .set({ status: to, decidedAt: new Date() })
    .where(and(eq(housingOffers.id, offer.id), eq(housingOffers.status, offer.status)))
    .returning();
  if (!moved) throw new AppError("conflict", "housing.errors.offerTransition", { status: offer.status });
  await recordAudit(tx, {
    actorUserId,
    orgId,
    action: `housing.offer_${to}`,
    subjectType: "housing_offer",
    subjectId: offer.id,
    before: { status: offer.status },
    after: { status: to },
    reason: reason ?? null,
  });
  return moved;
}

/** Why this unit and bed cannot be offered for this application, or null. */
function unitProblem(unit: UnitRow, unitType: string, bedNo: number): { code: "conflict" | "invalid"; key: string; field?: string } | null {
  if (unit.status === "maintenance") return { code: "conflict", key: "housing.errors.unitUnderMaintenance" };
  if (unit.unitType !== unitType) return { code: "invalid", key: "housing.errors.unitWrongType", field: "unitId" };
  if (unit.unitType === "shared" ? bedNo < 1 || bedNo > unit.beds : bedNo !== 0) return { code: "invalid", key: "housing.errors.bedNo", field: "bedNo" };
  return null;
}

async function insertOffer(
  tx: Tx,
  application: typeof housingApplications.$inferSelect,
  unit: UnitRow,
  input: { bedNo: number; startsOn: string; endsOn: string; reason: string; offeredBy: string; actorUserId: string | null },
  now = new Date(),
) {
  const [offer] = await tx
    .insert(housingOffers)
    .values({
      applicationId: application.id,
      unitId: unit.id,
      bedNo: input.bedNo,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      monthlyRentFen: unit.monthlyRentFen,
      depositFen: unit.depositFen,
      expiresAt: offerDeadline(now),
      reason: input.reason,
      offeredBy: input.offeredBy,
    })
    .returning();
  await moveApplication(tx, application, "offered", { actorUserId: input.actorUserId, reason: input.reason });
  await recordAudit(tx, {
    actorUserId: input.actorUserId,
    orgId: application.orgId,
    action: "housing.offer_made",
    subjectType: "housing_offer",
    subjectId: offer.id,
    after: { applicationId: application.id, unit: unit.code, bedNo: input.bedNo, startsOn: input.startsOn, endsOn: input.endsOn, expiresAt: offer.expiresAt.toISOString() },
    reason: input.reason,
  });
  await notifyApplicant(tx, application, "housingOfferMade", { unit: unit.code, startsOn: input.startsOn });
  return offer;
}

/**
 * Housing staff offer a unit (a bed of a shared room) for dates to an endorsed application. The
 * unit must be of the type asked for, not under maintenance and free on those days now; whether
 * it is still free when the applicant accepts is the exclusion constraint's answer.
 */
export async function makeOffer(actor: MemberActor, input: OfferInput) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(offerSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [application] = await tx.select().from(housingApplications).where(eq(housingApplications.id, values.applicationId)).for("update");
    if (!application) throw notFound();
    if (application.status !== "endorsed") throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
    const [unit] = await tx.select().from(housingUnits).where(eq(housingUnits.id, values.unitId));
    if (!unit) throw new AppError("invalid", "housing.errors.unknownUnit", { field: "unitId" });
    const problem = unitProblem(unit, application.unitType, values.bedNo);
    if (problem) throw new AppError(problem.code, problem.key, problem.field ? { field: problem.field } : {});
    if (!(await isFree(tx, unit.id, values.bedNo, values.startsOn, values.endsOn))) throw new AppError("conflict", "housing.errors.unitTaken", { unit: unit.code });
    return insertOffer(tx, application, unit, { ...values, offeredBy: actor.user.id, actorUserId: actor.user.id });
  });
}

/** The offer and its application, if the actor may see the application (else not found). */
async function visibleOffer(tx: Tx, actor: MemberActor, offerId: string) {
  if (!isUuid(offerId)) throw notFound();
  const [found] = await tx.select({ applicationId: housingOffers.applicationId }).from(housingOffers).where(eq(housingOffers.id, offerId));
  if (!found) throw notFound();
  const { application } = await visibleApplication(tx, actor, found.applicationId);
  const [offer] = await tx.select().from(housingOffers).where(eq(housingOffers.id, offerId)).for("update");
  const [locked] = await tx.select().from(housingApplications).where(eq(housingApplications.id, application.id)).for("update");
  return { offer, application: locked };
}

/** The applicant, the primary resident (when someone applied for them) or their company's owner or admin answers an offer. */
async function requireOfferee(tx: Tx, actor: MemberActor, application: typeof housingApplications.$inferSelect) {
  if (actor.org.kind !== "tenant") throw forbidden();
  if (actor.user.id === application.applicantUserId || hasPermission(actor, "housing:endorse", { kind: "tenant" })) return;
  if ((await primaryResidentUserId(tx, application.id)) !== actor.user.id) throw forbidden();
}

/**
 * Accepting creates the lease (awaiting the resident's signature) and its occupancy. If another
 * lease or a short stay took those days first, the exclusion constraint refuses the occupancy:
 * the offer is marked taken, the application goes back on the waitlist, and the person is told
 * the unit is taken.
 */
export async function acceptOffer(actor: MemberActor, offerId: string, now = new Date()) {
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    const { offer, application } = await visibleOffer(tx, actor, offerId);
    await requireOfferee(tx, actor, application);
    if (offer.status !== "open") throw new AppError("conflict", "housing.errors.offerTransition", { status: offer.status });
    if (offer.expiresAt.getTime() <= now.getTime()) throw new AppError("conflict", "housing.errors.offerExpired");
    const residentUserId = (await primaryResidentUserId(tx, application.id)) ?? application.applicantUserId;
    await lockUnit(tx, offer.unitId);
    let lease: typeof housingLeases.$inferSelect | undefined;
    const took = await tryOccupy(tx, async (sp) => {
      [lease] = await sp
        .insert(housingLeases)
        .values({
          applicationId: application.id,
          offerId: offer.id,
          unitId: offer.unitId,
          bedNo: offer.bedNo,
          orgId: application.orgId,
          residentUserId,
          payer: application.payer,
          startsOn: offer.startsOn,
          endsOn: offer.endsOn,
          monthlyRentFen: offer.monthlyRentFen,
          depositFen: offer.depositFen,
          status: "awaiting_signature",
          termsVersion: LEASE_TERMS_VERSION,
        })
        .returning();
      await sp.insert(housingOccupancies).values({
        unitId: offer.unitId,
        bedNo: offer.bedNo,
        during: dayRange(offer.startsOn, offer.endsOn) as unknown as string,
        kind: "lease",
        leaseId: lease!.id,
        orgId: application.orgId,
        status: "active",
      });
    });
    if (!took || !lease) {
      await moveOffer(tx, offer, "taken", actor.user.id, application.orgId);
      await moveApplication(tx, application, "endorsed", { actorUserId: actor.user.id, reason: "unit taken" });
      await notifyHousingStaff(tx, "housingOfferTaken", { company: actor.org.nameZh }, `/housing/console/applications/${application.id}`);
      return { taken: true as const };
    }
    await moveOffer(tx, offer, "accepted", actor.user.id, application.orgId);
    await moveApplication(tx, application, "accepted", { actorUserId: actor.user.id });
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: application.orgId,
      action: "housing.lease_created",
      subjectType: "housing_lease",
      subjectId: lease.id,
      after: { number: lease.number, unitId: lease.unitId, bedNo: lease.bedNo, startsOn: lease.startsOn, endsOn: lease.endsOn, status: lease.status },
    });
    // The lease to sign is one click away for the resident, whoever accepted the offer.
    await notify(tx, { userId: residentUserId, orgId: application.orgId, kind: "housingLeaseToSign", params: { number: lease.number }, link: `/housing/leases/${lease.id}` });
    await flagOverlaps(tx, application, residentUserId, lease.id);
    await notifyHousingStaff(tx, "housingOfferAccepted", { company: actor.org.nameZh, number: lease.number }, `/housing/console/leases/${lease.id}`);
    return { taken: false as const, lease };
  });
  if (outcome.taken) throw new AppError("conflict", "housing.errors.unitTaken");
  return outcome.lease;
}

/** The applicant (or their company's admin) declines an offer; the application stays on the waitlist. */
export async function declineOffer(actor: MemberActor, offerId: string, reason = "") {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { offer, application } = await visibleOffer(tx, actor, offerId);
    await requireOfferee(tx, actor, application);
    const declined = await moveOffer(tx, offer, "declined", actor.user.id, application.orgId, reason.trim().slice(0, 1000) || null);
    await moveApplication(tx, application, "endorsed", { actorUserId: actor.user.id, reason: "offer declined" });
    await notifyHousingStaff(tx, "housingOfferDeclined", { company: actor.org.nameZh }, `/housing/console/applications/${application.id}`);
    return declined;
  });
}

/** Housing staff withdraw an open offer, with a reason; the application goes back on the waitlist. */
export async function withdrawOffer(actor: MemberActor, offerId: string, reason: string) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(reasonSchema, { reason });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { offer, application } = await visibleOffer(tx, actor, offerId);
    const withdrawn = await moveOffer(tx, offer, "withdrawn", actor.user.id, application.orgId, values.reason);
    await moveApplication(tx, application, "endorsed", { actorUserId: actor.user.id, reason: values.reason });
    await notifyApplicant(tx, application, "housingOfferWithdrawn", { reason: values.reason });
    return withdrawn;
  });
}

/**
 * The periodic job: every open offer past its deadline lapses (audited). Its application goes back
 * on the waitlist — or is withdrawn after MAX_LAPSED_OFFERS lapses — and the same unit and dates
 * are offered to the next endorsed application of that unit type in waitlist order.
 */
export async function lapseExpiredOffers(now = new Date()) {
  const db = await getDb();
  const due = await db
    .select({ id: housingOffers.id })
    .from(housingOffers)
    .where(and(eq(housingOffers.status, "open"), lte(housingOffers.expiresAt, now)));
  let lapsed = 0;
  let reoffered = 0;
  for (const { id } of due) {
    const result = await db.transaction(async (tx) => {
      const [offer] = await tx.select().from(housingOffers).where(and(eq(housingOffers.id, id), eq(housingOffers.status, "open"))).for("update");
      if (!offer || offer.expiresAt.getTime() > now.getTime()) return null;
      const [application] = await tx.select().from(housingApplications).where(eq(housingApplications.id, offer.applicationId)).for("update");
      await moveOffer(tx, offer, "lapsed", null, application.orgId, "deadline passed");
      const [lapses] = await tx
        .select({ n: count() })
        .from(housingOffers)
        .where(and(eq(housingOffers.applicationId, application.id), eq(housingOffers.status, "lapsed")));
      const next = afterLapse(Number(lapses.n));
      if (application.status === "offered") {
        await moveApplication(tx, application, next, { actorUserId: null, reason: "offer lapsed" });
      }
      await notifyApplicant(tx, application, next === "withdrawn" ? "housingOfferLapsedWithdrawn" : "housingOfferLapsed");
      return { offer, applicationId: application.id };
    });
    if (!result) continue;
    lapsed++;
    if (await offerToNextInLine(result.offer, result.applicationId, now)) reoffered++;
  }
  return { lapsed, reoffered };
}

/** Offers a lapsed offer's unit and dates to the next endorsed application of that unit type. */
async function offerToNextInLine(lapsedOffer: OfferRow, lapsedApplicationId: string, now: Date) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(housingUnits).where(eq(housingUnits.id, lapsedOffer.unitId));
    if (!unit || unit.status === "maintenance") return false;
    if (!(await isFree(tx, unit.id, lapsedOffer.bedNo, lapsedOffer.startsOn, lapsedOffer.endsOn))) return false;
    const [next] = await tx
      .select()
      .from(housingApplications)
      .where(and(eq(housingApplications.status, "endorsed"), eq(housingApplications.unitType, unit.unitType)))
      .orderBy(...waitlistOrder)
      .limit(2)
      .for("update", { skipLocked: true })
      .then((rows) => rows.filter((r) => r.id !== lapsedApplicationId));
    if (!next) return false;
    await insertOffer(
      tx,
      next,
      unit,
      {
        bedNo: lapsedOffer.bedNo,
        startsOn: lapsedOffer.startsOn,
        endsOn: lapsedOffer.endsOn,
        reason: "接续失效的要约 · next in line after a lapsed offer",
        offeredBy: lapsedOffer.offeredBy,
        actorUserId: null,
      },
      now,
    );
    return true;
  });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerHousingOffers() {
  registerPeriodicTask("housing-lapse-offers", 300, async () => {
    await lapseExpiredOffers();
  });
}
