// The audit log: every staff decision and membership change, written in the same transaction as
// the change it describes.
import { and, asc, desc, eq, lt, type SQL } from "drizzle-orm";
import { userDirectory, orgDirectory } from "~/modules/identity/directory.server";
import { auditEvents } from "#db/schema/platform";
import type { DbOrTx } from "./db.server";
import { notFound } from "./errors";
import { isUuid } from "./ids";

export interface AuditEntry {
  actorUserId: string | null;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  ip?: string | null;
}

export async function recordAudit(tx: DbOrTx, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    actorUserId: entry.actorUserId,
    orgId: entry.orgId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    ip: entry.ip ?? null,
  });
}

const auditColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  action: auditEvents.action,
  subjectType: auditEvents.subjectType,
  subjectId: auditEvents.subjectId,
  before: auditEvents.before,
  after: auditEvents.after,
  reason: auditEvents.reason,
  ip: auditEvents.ip,
  orgId: auditEvents.orgId,
  actorEmail: userDirectory.email,
  actorName: userDirectory.displayName,
  orgNameZh: orgDirectory.nameZh,
  orgNameEn: orgDirectory.nameEn,
};

const AUDIT_PAGE_SIZE = 50;

/**
 * Audit entries, newest first. `orgId` scopes to one organisation (a tenant reading its own log);
 * `null` means every organisation and is only for park admins — the caller checks that.
 */
export async function listAuditEntries(
  db: DbOrTx,
  options: { orgId: string | null; action?: string; before?: Date },
) {
  const filters: SQL[] = [];
  if (options.orgId) filters.push(eq(auditEvents.orgId, options.orgId));
  if (options.action) filters.push(eq(auditEvents.action, options.action));
  if (options.before) filters.push(lt(auditEvents.at, options.before));
  return db
    .select(auditColumns)
    .from(auditEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, auditEvents.actorUserId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, auditEvents.orgId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE);
}

export async function getAuditEntry(db: DbOrTx, options: { orgId: string | null; id: string }) {
  if (!isUuid(options.id)) throw notFound();
  const filters = [eq(auditEvents.id, options.id)];
  if (options.orgId) filters.push(eq(auditEvents.orgId, options.orgId));
  const [row] = await db
    .select(auditColumns)
    .from(auditEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, auditEvents.actorUserId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, auditEvents.orgId))
    .where(and(...filters));
  if (!row) throw notFound();
  return row;
}

/** One subject's history inside one organisation, oldest first: what happened, when, by whom, why. */
export function auditTrailOf(db: DbOrTx, subject: { subjectType: string; subjectId: string; orgId: string }) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.at, action: auditEvents.action, reason: auditEvents.reason, actorName: userDirectory.displayName })
    .from(auditEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.subjectType, subject.subjectType), eq(auditEvents.subjectId, subject.subjectId), eq(auditEvents.orgId, subject.orgId)))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
}
