// Applications for a talent apartment: a member applies (with the residents' identity), the
// company's owner or admin endorses it within the company's quota, and it waits on the park's
// list — priority first, then the day it was endorsed — until housing staff offer a unit.
// Every transition is a compare-and-set on the status, audited in the same transaction.
import { and, asc, desc, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import { housingApplications, housingLeases, housingOffers, housingResidents } from "#db/schema/housing";
import { userDirectory, orgDirectory, membershipDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { applicationSchema, parseInput, prioritySchema, reasonSchema, type ApplicationInput } from "./forms";
import { lockQuota, quotaUse } from "./quotas.server";
import { insertResidents, primaryResidentUserId, visibleApplication } from "./residents.server";
import { canMoveApplication, HOLDING_LEASE_STATUSES, mayConfirm, quotaAllows } from "./rules";
import type { HousingApplicationStatus } from "#db/schema/housing";

type ApplicationRow = typeof housingApplications.$inferSelect;

export async function notifyHousingStaff(tx: Tx, kind: string, params: Record<string, string>, link: string) {
  for (const { userId } of await peopleWithPermission(tx, { park: true }, "housing:manage")) await notify(tx, { userId, kind, params, link });
}

/**
 * The leases a person already holds (awaiting signature or in force, in any company) that share a
 * night with `from`–`to`; `exceptLeaseId` leaves out the lease being made.
 */
async function overlappingLeases(db: DbOrTx, userId: string, from: string, to: string, exceptLeaseId?: string) {
  return db
    .select({ id: housingLeases.id, number: housingLeases.number, startsOn: housingLeases.startsOn, endsOn: housingLeases.endsOn, orgId: housingLeases.orgId, status: housingLeases.status })
    .from(housingLeases)
    .where(
      and(
        eq(housingLeases.residentUserId, userId),
        inArray(housingLeases.status, [...HOLDING_LEASE_STATUSES]),
        lt(housingLeases.startsOn, to),
        gt(housingLeases.endsOn, from),
        exceptLeaseId ? ne(housingLeases.id, exceptLeaseId) : undefined,
      ),
    );
}

/**
 * Tells every party that the resident of an application already holds a lease on some of its
 * nights: the resident, their company's owners and admins, and the housing office.
 */
export async function flagOverlaps(tx: Tx, application: ApplicationRow, residentUserId: string, exceptLeaseId?: string) {
  const overlaps = await overlappingLeases(tx, residentUserId, application.moveInOn, application.moveOutOn, exceptLeaseId);
  if (overlaps.length === 0) return overlaps;
  const [resident] = await tx.select({ name: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, residentUserId));
  const tenantLink = `/housing/applications/${application.id}`;
  for (const lease of overlaps) {
    const params = { resident: resident?.name ?? "", number: lease.number, from: lease.startsOn, to: lease.endsOn };
    const told = new Set<string>();
    for (const person of [{ userId: residentUserId }, ...(await peopleWithPermission(tx, { orgId: application.orgId }, "housing:endorse"))]) {
      if (told.has(person.userId)) continue;
      told.add(person.userId);
      await notify(tx, { userId: person.userId, orgId: application.orgId, kind: "housingLeaseOverlap", params, link: tenantLink });
    }
    await notifyHousingStaff(tx, "housingLeaseOverlap", params, `/housing/console/applications/${application.id}`);
  }
  await recordAudit(tx, {
    actorUserId: null,
    orgId: application.orgId,
    action: "housing.application_overlap_flagged",
    subjectType: "housing_application",
    subjectId: application.id,
    after: { leases: overlaps.map((l) => l.number) },
  });
  return overlaps;
}

/** The company's owners and admins who may confirm this application: not its applicant, not its resident. */
async function confirmersOf(db: DbOrTx, application: ApplicationRow, primaryResident: string | null) {
  const admins = await peopleWithPermission(db, { orgId: application.orgId }, "housing:endorse");
  return admins.filter((a) => mayConfirm(a.userId, application, primaryResident));
}

/**
 * Moves an application from its current status to `to` (compare-and-set: a concurrent change
 * makes this a conflict, never a double transition) and audits it.
 */
export async function moveApplication(
  tx: Tx,
  application: ApplicationRow,
  to: HousingApplicationStatus,
  options: { actorUserId: string | null; reason?: string | null; set?: Partial<typeof housingApplications.$inferInsert> },
) {
  if (!canMoveApplication(application.status, to)) throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
  const [moved] = await tx
    .update(housingApplications)
    .set({ ...options.set, status: to, updatedAt: new Date() })
    .where(and(eq(housingApplications.id, application.id), eq(housingApplications.status, application.status)))
    .returning();
  if (!moved) throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
  await recordAudit(tx, {
    actorUserId: options.actorUserId,
    orgId: application.orgId,
    action: `housing.application_${to}`,
    subjectType: "housing_application",
    subjectId: application.id,
    before: { status: application.status },
    after: { status: to },
    reason: options.reason ?? null,
  });
  return moved;
}

/** Tells the applicant something about their application; the notification links to it. */
export async function notifyApplicant(tx: Tx, application: ApplicationRow, kind: string, params: Record<string, string> = {}) {
  await notify(tx, { userId: application.applicantUserId, orgId: application.orgId, kind, params, link: `/housing/applications/${application.id}` });
}

/** Declined by its company or rejected by the office: the decision and its reason recorded, the applicant told why. */
async function turnDown(tx: Tx, actor: MemberActor, application: ApplicationRow, to: "declined" | "rejected", reason: string) {
  const moved = await moveApplication(tx, application, to, { actorUserId: actor.user.id, reason, set: { decidedBy: actor.user.id, decisionReason: reason } });
  await notifyApplicant(tx, application, to === "declined" ? "housingApplicationDeclined" : "housingApplicationRejected", { reason });
  return moved;
}

/** The application, locked for this transaction, if the actor may see it (else not found). */
async function lockVisible(tx: Tx, actor: MemberActor, applicationId: string) {
  const { application } = await visibleApplication(tx, actor, applicationId);
  const [locked] = await tx.select().from(housingApplications).where(eq(housingApplications.id, application.id)).for("update");
  return locked;
}

/** Withdraws an application's open offer when the application itself is withdrawn or rejected. */
async function withdrawOpenOffer(tx: Tx, applicationId: string) {
  await tx
    .update(housingOffers)
    .set({ status: "withdrawn", decidedAt: new Date() })
    .where(and(eq(housingOffers.applicationId, applicationId), eq(housingOffers.status, "open")));
}

/**
 * A member applies for a unit type and dates, naming the residents (the first is the primary one).
 * A company's owner or admin may apply for an employee (`forUserId`, a member of the company, is
 * then the primary resident) or for a new hire they invited (`newHireEmail`: the primary resident has
 * no account yet). Whoever applies cannot also confirm it for the company.
 */
export async function submitApplication(actor: MemberActor, input: ApplicationInput) {
  requirePermission(actor, "housing:apply", { kind: "tenant" });
  const values = parseInput(applicationSchema, input);
  const onBehalf = Boolean(values.forUserId && values.forUserId !== actor.user.id) || Boolean(values.newHireEmail);
  if (onBehalf && !hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
  // The applicant is the primary resident unless another account (or a new hire) is named.
  const primaryUserId = values.newHireEmail ? undefined : (values.forUserId ?? actor.user.id);
  const residents = values.residents.map((r, i) => (i === 0 ? { ...r, userId: values.newHireEmail ? undefined : (r.userId ?? primaryUserId) } : r));
  const named = [...new Set(residents.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const db = await getDb();
  if (named.length) {
    const found = await db
      .select({ userId: membershipDirectory.userId })
      .from(membershipDirectory)
      .where(and(eq(membershipDirectory.orgId, actor.org.id), inArray(membershipDirectory.userId, named)));
    const members = new Set(found.map((m) => m.userId));
    const stranger = residents.findIndex((r) => r.userId && !members.has(r.userId));
    if (stranger >= 0) throw new AppError("invalid", "housing.errors.residentNotMember", { field: `residents.${stranger}.userId` });
  }
  return db.transaction(async (tx) => {
    const [application] = await tx
      .insert(housingApplications)
      .values({
        orgId: actor.org.id,
        applicantUserId: actor.user.id,
        unitType: values.unitType,
        moveInOn: values.moveInOn,
        moveOutOn: values.moveOutOn,
        payer: values.payer,
        note: values.note ?? "",
      })
      .returning();
    await insertResidents(tx, application.id, residents);
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "housing.application_submitted",
      subjectType: "housing_application",
      subjectId: application.id,
      after: { status: "submitted", unitType: values.unitType, moveInOn: values.moveInOn, moveOutOn: values.moveOutOn, payer: values.payer, residents: residents.length },
    });
    const primary = residents[0]?.userId ?? null;
    const confirmers = await confirmersOf(tx, application, primary);
    for (const admin of confirmers) {
      await notify(tx, { userId: admin.userId, orgId: actor.org.id, kind: "housingApplicationSubmitted", params: { applicant: actor.user.displayName }, link: `/housing/applications/${application.id}` });
    }
    // Nobody at the company may confirm an owner's own application: the housing office does.
    if (confirmers.length === 0) {
      await notifyHousingStaff(tx, "housingApplicationNeedsPark", { company: actor.org.nameZh }, `/housing/console/applications/${application.id}`);
    }
    if (primary && primary !== actor.user.id) {
      await notify(tx, { userId: primary, orgId: actor.org.id, kind: "housingApplicationOnBehalf", params: { by: actor.user.displayName }, link: `/housing/applications/${application.id}` });
    }
    if (primary) await flagOverlaps(tx, application, primary);
    return application;
  });
}

/**
 * The company's owner or admin endorses an application, putting it on the park's waitlist. The
 * company's quota row is locked first, so concurrent endorsements are counted one at a time and
 * the quota is never exceeded.
 */
export async function endorseApplication(actor: MemberActor, applicationId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { application: seen } = await visibleApplication(tx, actor, applicationId);
    if (!hasPermission(actor, "housing:endorse", { kind: "tenant" }) && !hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
    const primary = await primaryResidentUserId(tx, seen.id);
    if (hasPermission(actor, "housing:endorse", { kind: "tenant" })) {
      // Nobody approves their own application: the one who applied, or will live there, asks another.
      if (!mayConfirm(actor.user.id, seen, primary)) throw new AppError("conflict", "housing.errors.ownApplication");
    } else if ((await confirmersOf(tx, seen, primary)).length > 0) {
      // The park confirms only what nobody at the company may.
      throw new AppError("conflict", "housing.errors.companyConfirms");
    }
    await lockQuota(tx, seen.orgId);
    const [application] = await tx.select().from(housingApplications).where(eq(housingApplications.id, seen.id)).for("update");
    if (!canMoveApplication(application.status, "endorsed") || application.status !== "submitted") {
      throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
    }
    const quota = await quotaUse(tx, application.orgId);
    if (!quotaAllows(quota)) {
      throw new AppError("conflict", "housing.errors.quotaFull", { places: quota.places, used: quota.used, pending: quota.pending });
    }
    const endorsed = await moveApplication(tx, application, "endorsed", {
      actorUserId: actor.user.id,
      set: { endorsedBy: actor.user.id, endorsedAt: new Date() },
    });
    await notifyApplicant(tx, application, "housingApplicationEndorsed");
    const [company] = await tx.select({ nameZh: orgDirectory.nameZh }).from(orgDirectory).where(eq(orgDirectory.id, application.orgId));
    await notifyHousingStaff(tx, "housingApplicationWaiting", { company: company?.nameZh ?? "" }, `/housing/console/applications/${application.id}`);
    return endorsed;
  });
}

/** The company's owner or admin declines a member's application, with a reason the member reads. */
export async function declineApplication(actor: MemberActor, applicationId: string, reason: string) {
  const values = parseInput(reasonSchema, { reason });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await lockVisible(tx, actor, applicationId);
    if (!hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
    if (application.status !== "submitted") throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
    return turnDown(tx, actor, application, "declined", values.reason);
  });
}

/** The applicant (or the company's owner or admin) withdraws an application that has no lease yet. */
export async function withdrawApplication(actor: MemberActor, applicationId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await lockVisible(tx, actor, applicationId);
    const mine = actor.org.kind === "tenant" && application.applicantUserId === actor.user.id;
    if (!mine && !hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
    await withdrawOpenOffer(tx, application.id);
    const withdrawn = await moveApplication(tx, application, "withdrawn", { actorUserId: actor.user.id });
    if (!mine) {
      await notifyApplicant(tx, application, "housingApplicationWithdrawn");
    }
    return withdrawn;
  });
}

/** Housing staff turn an application down, with a reason the applicant reads. */
export async function rejectApplication(actor: MemberActor, applicationId: string, reason: string) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(reasonSchema, { reason });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await lockVisible(tx, actor, applicationId);
    await withdrawOpenOffer(tx, application.id);
    return turnDown(tx, actor, application, "rejected", values.reason);
  });
}

/** Housing staff set an application's priority on the waitlist (the park's rules), with the reason. */
export async function setPriority(actor: MemberActor, applicationId: string, priority: number, reason: string) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const values = parseInput(prioritySchema, { priority, reason });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await lockVisible(tx, actor, applicationId);
    if (!["submitted", "endorsed", "offered"].includes(application.status)) {
      throw new AppError("conflict", "housing.errors.applicationTransition", { status: application.status });
    }
    const [updated] = await tx
      .update(housingApplications)
      .set({ priority: values.priority, priorityReason: values.reason, updatedAt: new Date() })
      .where(eq(housingApplications.id, application.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: application.orgId,
      action: "housing.application_priority_set",
      subjectType: "housing_application",
      subjectId: application.id,
      before: { priority: application.priority },
      after: { priority: values.priority },
      reason: values.reason,
    });
    return updated;
  });
}

const listColumns = {
  application: housingApplications,
  orgNameZh: orgDirectory.nameZh,
  orgNameEn: orgDirectory.nameEn,
  applicantName: userDirectory.displayName,
};

/** Waitlist order: priority (higher first), then the day of endorsement (earlier first). */
export const waitlistOrder = [desc(housingApplications.priority), asc(housingApplications.endorsedAt), asc(housingApplications.id)];

/**
 * The park's waitlist: endorsed applications and those holding an open offer, in order, with each
 * one's position overall and among applications for the same unit type.
 */
export async function listWaitlist(actor: MemberActor) {
  if (!hasPermission(actor, "housing:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  const rows = await db
    .select({ ...listColumns, offerId: housingOffers.id, offerExpiresAt: housingOffers.expiresAt, offerUnitId: housingOffers.unitId })
    .from(housingApplications)
    .innerJoin(orgDirectory, eq(orgDirectory.id, housingApplications.orgId))
    .innerJoin(userDirectory, eq(userDirectory.id, housingApplications.applicantUserId))
    .leftJoin(housingOffers, and(eq(housingOffers.applicationId, housingApplications.id), eq(housingOffers.status, "open")))
    .where(inArray(housingApplications.status, ["endorsed", "offered"]))
    .orderBy(...waitlistOrder);
  const perType = new Map<string, number>();
  return rows.map((row, i) => {
    const inType = (perType.get(row.application.unitType) ?? 0) + 1;
    perType.set(row.application.unitType, inType);
    return { ...row, position: i + 1, positionInType: inType };
  });
}

/** The company's applications (owners and admins), newest first; residents are not included. */
export async function listCompanyApplications(actor: MemberActor) {
  if (!hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
  const db = await getDb();
  return db
    .select({ ...listColumns, leaseStatus: housingLeases.status })
    .from(housingApplications)
    .innerJoin(orgDirectory, eq(orgDirectory.id, housingApplications.orgId))
    .innerJoin(userDirectory, eq(userDirectory.id, housingApplications.applicantUserId))
    .leftJoin(housingLeases, eq(housingLeases.applicationId, housingApplications.id))
    .where(eq(housingApplications.orgId, actor.org.id))
    .orderBy(desc(housingApplications.createdAt))
    .limit(300);
}

/** How many of the company's applications wait for its endorsement (工作台), as a question for `askTogether`. */
export function applicationsToEndorseQuestion(actor: MemberActor) {
  if (!hasPermission(actor, "housing:endorse", { kind: "tenant" })) throw forbidden();
  return sql<number>`select count(*)::int from ${housingApplications} where ${housingApplications.orgId} = ${actor.org.id} and ${housingApplications.status} = 'submitted'`;
}

/** The applications the member made or will live under in the active company, newest first, with their lease's status. */
export async function listMyApplications(actor: MemberActor) {
  if (actor.org.kind !== "tenant") return [];
  const db = await getDb();
  const asResident = db.select({ id: housingResidents.applicationId }).from(housingResidents).where(eq(housingResidents.userId, actor.user.id));
  const rows = await db
    .selectDistinct({ application: housingApplications, leaseStatus: housingLeases.status })
    .from(housingApplications)
    .leftJoin(housingLeases, eq(housingLeases.applicationId, housingApplications.id))
    .where(and(eq(housingApplications.orgId, actor.org.id), or(eq(housingApplications.applicantUserId, actor.user.id), inArray(housingApplications.id, asResident))))
    .orderBy(desc(housingApplications.createdAt))
    .limit(100);
  return rows.map((r) => ({ ...r.application, leaseStatus: r.leaseStatus }));
}

/**
 * One application with its offers and lease, for whoever may see it (else not found). Residents
 * come masked here; `residentsFor` gives the full values to those allowed, audited.
 */
export async function getApplication(actor: MemberActor, applicationId: string) {
  const db = await getDb();
  const { application, residents } = await visibleApplication(db, actor, applicationId);
  const [context] = await db
    .select({ orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn, applicantName: userDirectory.displayName })
    .from(orgDirectory)
    .innerJoin(userDirectory, eq(userDirectory.id, application.applicantUserId))
    .where(eq(orgDirectory.id, application.orgId));
  const offers = await db.select().from(housingOffers).where(eq(housingOffers.applicationId, application.id)).orderBy(desc(housingOffers.createdAt));
  const [lease] = await db.select().from(housingLeases).where(eq(housingLeases.applicationId, application.id)).orderBy(desc(housingLeases.createdAt)).limit(1);
  let waitlistPosition: number | null = null;
  if (application.status === "endorsed") {
    waitlistPosition = await positionOf(application);
  }
  const primary = residents.find((r) => r.primary)?.userId ?? null;
  const overlaps = primary ? await overlappingLeases(db, primary, application.moveInOn, application.moveOutOn, lease?.id) : [];
  const confirmers = application.status === "submitted" ? await confirmersOf(db, application, primary) : [];
  return {
    application,
    ...context,
    primaryResidentUserId: primary,
    overlaps,
    /** Who confirms it for the company: an owner or admin other than the applicant and resident, else the park. */
    confirmedBy: confirmers.length > 0 ? ("company" as const) : ("park" as const),
    mayConfirm: application.status === "submitted" && (hasPermission(actor, "housing:manage", { kind: "park" }) ? confirmers.length === 0 : hasPermission(actor, "housing:endorse", { kind: "tenant" }) && mayConfirm(actor.user.id, application, primary)),
    residents: residents.map((r) => ({ id: r.id, userId: r.userId, primary: r.primary, name: r.nameMasked, idNumber: r.idNumberMasked, phone: r.phoneMasked, masked: true })),
    offers,
    lease: lease ?? null,
    waitlistPosition,
  };
}

/** Where an endorsed application stands among those waiting for the same unit type (1 = next). */
async function positionOf(application: ApplicationRow) {
  const db = await getDb();
  const waiting = await db
    .select({ id: housingApplications.id })
    .from(housingApplications)
    .where(and(eq(housingApplications.status, "endorsed"), eq(housingApplications.unitType, application.unitType)))
    .orderBy(...waitlistOrder);
  const index = waiting.findIndex((w) => w.id === application.id);
  return index < 0 ? null : index + 1;
}

