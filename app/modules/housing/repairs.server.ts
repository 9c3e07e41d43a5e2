// Repairs (报修): a resident reports a problem with photos; housing staff assign, schedule and
// resolve it; the resident confirms and rates it, or reopens it. Every transition is one
// compare-and-set update with its audit entry, and the other side is told.
import { and, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { housingBuildings, housingLeases, housingRepairs, housingUnits, type HousingPhoto } from "#db/schema/housing";
import { type RepairStatus } from "#db/schema/housing-values";
import { userDirectoryAs } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { parkDate, parkDayAndTime } from "~/modules/platform/dates";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storeFile } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { parseInput } from "./forms";
import {
  assignRepairSchema,
  canMoveRepair,
  confirmRepairSchema,
  MAX_REPAIR_PHOTO_BYTES,
  MAX_REPAIR_PHOTOS,
  OPEN_REPAIR_STATUSES,
  reopenRepairSchema,
  repairPhotoTypes,
  reportRepairSchema,
  resolveRepairSchema,
  scheduleRepairSchema,
  cancelRepairSchema,
} from "./repair-forms";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";

type Repair = typeof housingRepairs.$inferSelect;

/** Park roles that take repairs. */
/** The repair if the actor may see it: housing staff; the reporter; their company's owner/admin. Others: 404. */
async function repairVisibleTo(db: DbOrTx, actor: MemberActor, repairId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(repairId)) throw notFound();
  const query = db.select().from(housingRepairs).where(eq(housingRepairs.id, repairId));
  const [repair] = options.lock ? await query.for("update") : await query;
  if (!repair) throw notFound();
  if (hasPermission(actor, "housing:manage", { kind: "park" })) return repair;
  if (actor.org.kind !== "tenant" || repair.orgId !== actor.org.id) throw notFound();
  if (repair.reportedBy === actor.user.id || hasPermission(actor, "housing:endorse", { kind: "tenant" })) return repair;
  throw notFound();
}

async function unitLabel(tx: DbOrTx, unitId: string) {
  const [unit] = await tx.select({ code: housingUnits.code }).from(housingUnits).where(eq(housingUnits.id, unitId));
  return unit?.code ?? "";
}

async function tellStaff(tx: Tx, repair: Repair, kind: string, extra: Record<string, string> = {}) {
  const unit = await unitLabel(tx, repair.unitId);
  // The assignee hears of it; before there is one, the whole housing office does.
  const people = repair.assigneeUserId ? [repair.assigneeUserId] : (await peopleWithPermission(tx, { park: true }, "housing:manage")).map((p) => p.userId);
  for (const userId of people) {
    await notify(tx, { userId, kind, params: { unit, category: repair.category, ...extra }, link: `/housing/console/repairs/${repair.id}` });
  }
}

async function tellReporter(tx: Tx, repair: Repair, kind: string, extra: Record<string, string> = {}) {
  const unit = await unitLabel(tx, repair.unitId);
  await notify(tx, { userId: repair.reportedBy, orgId: repair.orgId, kind, params: { unit, ...extra }, link: `/housing/repairs/${repair.id}` });
}

function cleanFilename(name: string) {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim().slice(-120);
  return cleaned || "photo";
}

export interface ReportRepairOptions {
  leaseId?: string;
  unitId?: string;
  category: string;
  description: string;
  photos?: File[];
}

/** Where a report belongs: the resident's active lease (theirs, in the acting company), or for staff a unit. */
async function reportTarget(tx: DbOrTx, actor: MemberActor, input: { leaseId?: string; unitId?: string }) {
  if (hasPermission(actor, "housing:manage", { kind: "park" }) && input.unitId && !input.leaseId) {
    const [unit] = await tx.select({ id: housingUnits.id }).from(housingUnits).where(eq(housingUnits.id, input.unitId));
    if (!unit) throw notFound();
    const today = parkDate();
    const [lease] = await tx
      .select()
      .from(housingLeases)
      .where(and(eq(housingLeases.unitId, unit.id), eq(housingLeases.status, "active"), lte(housingLeases.startsOn, today), gte(housingLeases.endsOn, today)))
      .limit(1);
    return { unitId: unit.id, leaseId: lease?.id ?? null, orgId: lease?.orgId ?? actor.org.id };
  }
  if (actor.org.kind !== "tenant") throw forbidden();
  const mine = and(eq(housingLeases.residentUserId, actor.user.id), eq(housingLeases.orgId, actor.org.id));
  const [lease] = await tx
    .select()
    .from(housingLeases)
    .where(input.leaseId ? and(mine, eq(housingLeases.id, input.leaseId)) : and(mine, eq(housingLeases.status, "active")))
    .orderBy(desc(housingLeases.startsOn))
    .limit(1);
  if (!lease) {
    if (input.leaseId) throw notFound();
    throw new AppError("conflict", "housing.errors.repairNoActiveLease");
  }
  if (lease.status !== "active") throw new AppError("conflict", "housing.errors.repairNoActiveLease");
  return { unitId: lease.unitId, leaseId: lease.id, orgId: lease.orgId };
}

/**
 * A resident reports a problem in their apartment, with up to six photos (images only, 8 MB each,
 * checked by content). Input is validated whole before any file is stored or row written.
 */
export async function reportRepair(actor: MemberActor, options: ReportRepairOptions) {
  const input = parseInput(reportRepairSchema, { leaseId: options.leaseId || undefined, unitId: options.unitId || undefined, category: options.category, description: options.description });
  // A form with no file chosen still sends one empty, nameless part.
  const photos = (options.photos ?? []).filter((file) => file.size > 0 || file.name);
  if (photos.length > MAX_REPAIR_PHOTOS) throw new AppError("invalid", "housing.errors.repairTooManyPhotos", { max: MAX_REPAIR_PHOTOS, field: "photos" });
  const db = await getDb();
  // Who and where first, so a stranger's upload never reaches the disk.
  await reportTarget(db, actor, input);
  const stored: HousingPhoto[] = [];
  try {
    for (const file of photos) {
      const saved = await storeFile({
        folder: "housing/repairs",
        bytes: new Uint8Array(await file.arrayBuffer()),
        allowed: repairPhotoTypes,
        maxBytes: MAX_REPAIR_PHOTO_BYTES,
      });
      stored.push({ storagePath: saved.path, contentType: saved.contentType, filename: cleanFilename(file.name) });
    }
    return await db.transaction(async (tx) => {
      const again = await reportTarget(tx, actor, input);
      const [repair] = await tx
        .insert(housingRepairs)
        .values({
          unitId: again.unitId,
          leaseId: again.leaseId,
          orgId: again.orgId,
          reportedBy: actor.user.id,
          category: input.category,
          description: input.description,
          photos: stored,
        })
        .returning();
      await recordAudit(tx, {
        actorUserId: actor.user.id,
        orgId: repair.orgId,
        action: "housing.repair_reported",
        subjectType: "housing_repair",
        subjectId: repair.id,
        after: { unitId: repair.unitId, category: repair.category, photos: stored.length },
      });
      await tellStaff(tx, repair, "housingRepairReported");
      return repair;
    });
  } catch (error) {
    for (const photo of stored) await removeStoredFile(photo.storagePath);
    throw error;
  }
}

/**
 * Moves a repair from one of `from` to `to` in one compare-and-set update, with the audit entry;
 * another writer that got there first makes this a conflict, not a silent overwrite.
 */
async function transition(
  tx: Tx,
  actor: MemberActor,
  repair: Repair,
  to: RepairStatus,
  changes: Partial<typeof housingRepairs.$inferInsert>,
  audit: { action: string; reason?: string | null; after?: Record<string, unknown> },
) {
  if (!canMoveRepair(repair.status, to)) throw new AppError("conflict", "housing.errors.repairTransition");
  const [updated] = await tx
    .update(housingRepairs)
    .set({ ...changes, status: to, updatedAt: new Date() })
    .where(and(eq(housingRepairs.id, repair.id), eq(housingRepairs.status, repair.status)))
    .returning();
  if (!updated) throw new AppError("conflict", "housing.errors.repairTransition");
  await recordAudit(tx, {
    actorUserId: actor.user.id,
    orgId: repair.orgId,
    action: audit.action,
    subjectType: "housing_repair",
    subjectId: repair.id,
    before: { status: repair.status },
    after: { status: to, ...audit.after },
    reason: audit.reason ?? null,
  });
  return updated;
}

/** Runs `work` in one transaction on the repair, locked, when the actor may see it (else not found). */
async function onLockedRepair<Result>(actor: MemberActor, repairId: string, work: (tx: Tx, repair: Repair) => Promise<Result>) {
  const db = await getDb();
  return db.transaction(async (tx) => work(tx, await repairVisibleTo(tx, actor, repairId, { lock: true })));
}

/** Housing staff hand a repair to a colleague of the housing office (or take it themselves). */
export async function assignRepair(actor: MemberActor, repairId: string, assigneeUserId: string) {
  const input = parseInput(assignRepairSchema, { assigneeUserId });
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    requirePermission(actor, "housing:manage", { kind: "park" });
    const staff = await peopleWithPermission(tx, { park: true }, "housing:manage");
    const assignee = staff.find((p) => p.userId === input.assigneeUserId);
    if (!assignee) throw new AppError("invalid", "housing.errors.repairAssignee", { field: "assigneeUserId" });
    const updated = await transition(tx, actor, repair, "assigned", { assigneeUserId: assignee.userId }, { action: "housing.repair_assigned", after: { assigneeUserId: assignee.userId } });
    await tellStaff(tx, updated, "housingRepairAssignedToYou");
    await tellReporter(tx, updated, "housingRepairAssigned", { assignee: assignee.displayName });
    return updated;
  });
}

/** Housing staff agree a time with the resident (again, to reschedule). */
export async function scheduleRepair(actor: MemberActor, repairId: string, scheduledFor: string | Date) {
  const when = scheduledFor instanceof Date ? scheduledFor : parseInput(scheduleRepairSchema, { scheduledFor }).scheduledFor;
  if (Number.isNaN(when.getTime())) throw new AppError("invalid", "housing.errors.repairSchedule", { field: "scheduledFor" });
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    requirePermission(actor, "housing:manage", { kind: "park" });
    if (!repair.assigneeUserId) throw new AppError("conflict", "housing.errors.repairTransition");
    const updated = await transition(tx, actor, repair, "scheduled", { scheduledFor: when }, { action: "housing.repair_scheduled", after: { scheduledFor: when.toISOString() } });
    await tellReporter(tx, updated, "housingRepairScheduled", { at: formatParkDateTime(when) });
    return updated;
  });
}

/** "2027-03-05 14:30" in park time, for notifications (which carry plain strings). */
function formatParkDateTime(at: Date) {
  const { date, time } = parkDayAndTime(at);
  return `${date} ${time}`;
}

export async function resolveRepair(actor: MemberActor, repairId: string, note: string) {
  const input = parseInput(resolveRepairSchema, { note });
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    requirePermission(actor, "housing:manage", { kind: "park" });
    const updated = await transition(tx, actor, repair, "resolved", { resolutionNote: input.note, resolvedAt: new Date() }, { action: "housing.repair_resolved", reason: input.note });
    await tellReporter(tx, updated, "housingRepairResolved");
    return updated;
  });
}

function requireReporter(actor: MemberActor, repair: Repair) {
  if (repair.reportedBy !== actor.user.id) throw forbidden();
}

/** The reporter confirms a resolved repair and rates the work (1–5). */
export async function confirmRepair(actor: MemberActor, repairId: string, options: { rating: number | string; comment?: string }) {
  const input = parseInput(confirmRepairSchema, options);
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    requireReporter(actor, repair);
    const updated = await transition(
      tx,
      actor,
      repair,
      "confirmed",
      { confirmedAt: new Date(), rating: input.rating, ratingComment: input.comment || null },
      { action: "housing.repair_confirmed", after: { rating: input.rating } },
    );
    await tellStaff(tx, updated, "housingRepairConfirmed", { rating: String(input.rating) });
    return updated;
  });
}

/** The reporter says a resolved repair is not fixed: it goes back to its assignee. */
export async function reopenRepair(actor: MemberActor, repairId: string, reason: string) {
  const input = parseInput(reopenRepairSchema, { reason });
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    requireReporter(actor, repair);
    const updated = await transition(tx, actor, repair, "assigned", { resolvedAt: null, scheduledFor: null }, { action: "housing.repair_reopened", reason: input.reason });
    await tellStaff(tx, updated, "housingRepairReopened", { reason: input.reason });
    return updated;
  });
}

/** The reporter withdraws a report, or housing staff close one that needs no work; not once resolved. */
export async function cancelRepair(actor: MemberActor, repairId: string, reason?: string) {
  const input = parseInput(cancelRepairSchema, { reason: reason || undefined });
  return onLockedRepair(actor, repairId, async (tx, repair) => {
    const byStaff = hasPermission(actor, "housing:manage", { kind: "park" });
    if (!byStaff) requireReporter(actor, repair);
    const updated = await transition(tx, actor, repair, "cancelled", {}, { action: "housing.repair_cancelled", reason: input.reason ?? null });
    if (byStaff) await tellReporter(tx, updated, "housingRepairCancelled");
    else await tellStaff(tx, updated, "housingRepairWithdrawn");
    return updated;
  });
}

/** Hours from report to now (open) or to its end (resolved, confirmed, cancelled). */
function repairAgeHours(repair: Pick<Repair, "status" | "createdAt" | "resolvedAt" | "updatedAt">, now = new Date()) {
  const open = (OPEN_REPAIR_STATUSES as readonly string[]).includes(repair.status);
  const end = open ? now : (repair.resolvedAt ?? repair.updatedAt);
  return Math.max(0, Math.floor((end.getTime() - repair.createdAt.getTime()) / 3_600_000));
}

const reporters = userDirectoryAs("reporters");
const assignees = userDirectoryAs("assignees");

function repairView(
  row: { repair: Repair; unitCode: string; buildingNameZh: string; buildingNameEn: string; reporterName: string | null; assigneeName: string | null },
  now: Date,
) {
  const { photos, ...repair } = row.repair;
  const ageHours = repairAgeHours(repair, now);
  return {
    ...repair,
    photoCount: photos.length,
    photos: photos.map((p, index) => ({ index, filename: p.filename, contentType: p.contentType })),
    unitCode: row.unitCode,
    buildingNameZh: row.buildingNameZh,
    buildingNameEn: row.buildingNameEn,
    reporterName: row.reporterName,
    assigneeName: row.assigneeName,
    open: (OPEN_REPAIR_STATUSES as readonly string[]).includes(repair.status),
    ageHours,
    ageDays: Math.floor(ageHours / 24),
  };
}

function repairQuery(db: DbOrTx) {
  return db
    .select({
      repair: housingRepairs,
      unitCode: housingUnits.code,
      buildingNameZh: housingBuildings.nameZh,
      buildingNameEn: housingBuildings.nameEn,
      reporterName: reporters.displayName,
      assigneeName: assignees.displayName,
    })
    .from(housingRepairs)
    .innerJoin(housingUnits, eq(housingUnits.id, housingRepairs.unitId))
    .innerJoin(housingBuildings, eq(housingBuildings.id, housingUnits.buildingId))
    .leftJoin(reporters, eq(reporters.id, housingRepairs.reportedBy))
    .leftJoin(assignees, eq(assignees.id, housingRepairs.assigneeUserId));
}

/**
 * Housing staff see every repair (`mine`: assigned to them), oldest open ones first; a company's
 * owner/admin sees the company's (`mine`: their own reports); a resident sees their own.
 */
export async function listRepairs(actor: MemberActor, options: { status?: RepairStatus; mine?: boolean } = {}) {
  const db = await getDb();
  const filters: SQL[] = [];
  if (options.status) filters.push(eq(housingRepairs.status, options.status));
  if (hasPermission(actor, "housing:manage", { kind: "park" })) {
    if (options.mine) filters.push(eq(housingRepairs.assigneeUserId, actor.user.id));
  } else if (actor.org.kind === "tenant") {
    filters.push(eq(housingRepairs.orgId, actor.org.id));
    if (options.mine || !hasPermission(actor, "housing:endorse", { kind: "tenant" })) filters.push(eq(housingRepairs.reportedBy, actor.user.id));
  } else {
    throw forbidden();
  }
  const rows = await repairQuery(db).where(and(...filters)).orderBy(desc(housingRepairs.createdAt)).limit(500);
  const now = new Date();
  const views = rows.map((row) => repairView(row, now));
  // Open repairs first, the oldest at the top (what waits longest is seen first); then the rest, newest first.
  const open = views.filter((v) => v.open).reverse();
  return [...open, ...views.filter((v) => !v.open)];
}

export async function getRepair(actor: MemberActor, repairId: string) {
  const db = await getDb();
  const repair = await repairVisibleTo(db, actor, repairId);
  const [row] = await repairQuery(db).where(eq(housingRepairs.id, repair.id));
  return repairView(row, new Date());
}

/** One photo of a repair for a download route, to whoever may see the repair. */
export async function repairPhoto(actor: MemberActor, repairId: string, index: number) {
  const db = await getDb();
  const repair = await repairVisibleTo(db, actor, repairId);
  const photo = Number.isInteger(index) && index >= 0 ? repair.photos[index] : undefined;
  if (!photo) throw notFound();
  const bytes = await readStoredFile(photo.storagePath);
  return { bytes, contentType: photo.contentType, filename: photo.filename, sizeBytes: bytes.byteLength };
}
