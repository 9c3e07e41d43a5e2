// What every admission action shares: who may act, loading an application for the applicant or a
// reviewer, and `moveApplication` — the one place a transition of the state machine is written:
// a compare-and-set on the status, with its timeline entry, audit entry, notifications and email
// in the caller's transaction.
import { and, eq, notInArray } from "drizzle-orm";
import { admissionApplications, admissionEvents } from "#db/schema/admission";
import { userDirectory, orgDirectory } from "~/modules/identity/directory.server";
import { translator } from "~/i18n/i18n.server";
import type { Actor, MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import type { DbOrTx, Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import { finalStatuses, isDecided, nextStatus, transitions, type ApplicationStatus, type Transition, type TransitionName } from "./workflow";

export type ApplicationRow = typeof admissionApplications.$inferSelect;

export interface RequestMeta {
  ip: string | null;
  /** The site's address, for links in emails. */
  origin: string;
}

/** A signed-in person acting as an applicant (any account may apply); a session's `Actor` is one. */
export interface Applicant {
  user: Pick<Actor["user"], "id">;
}

/** The company's name as the applicant gave it, for notifications and lists. */
export function companyName(row: Pick<ApplicationRow, "company">, language = "zh-CN") {
  const company = (row.company ?? {}) as { nameZh?: string; nameEn?: string };
  return (language === "en" ? company.nameEn || company.nameZh : company.nameZh || company.nameEn) || "—";
}

/** The applicant's own application by id; someone else's is not found. */
export async function loadOwnApplication(db: DbOrTx, applicant: Applicant, applicationId: string) {
  if (!isUuid(applicationId)) throw notFound();
  const [row] = await db
    .select()
    .from(admissionApplications)
    .where(and(eq(admissionApplications.id, applicationId), eq(admissionApplications.applicantUserId, applicant.user.id)));
  if (!row) throw notFound();
  return row;
}

/** The applicant's open application (at most one), or null. */
export async function findOpenApplication(db: DbOrTx, userId: string) {
  const [row] = await db
    .select()
    .from(admissionApplications)
    .where(and(eq(admissionApplications.applicantUserId, userId), notInArray(admissionApplications.status, [...finalStatuses])));
  return row ?? null;
}

/** Any application, for a reviewer; drafts are the applicant's own business and are not found. */
export async function loadForReview(db: DbOrTx, reviewer: MemberActor, applicationId: string) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  if (!isUuid(applicationId)) throw notFound();
  const [row] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, applicationId));
  if (!row || row.status === "draft") throw notFound();
  return row;
}

/** Park staff who review applications: admissions officers and park admins. */
export async function reviewerIds(db: DbOrTx) {
  return (await peopleWithPermission(db, { park: true }, "admission:review")).map((p) => p.userId);
}

async function parkId(db: DbOrTx) {
  const [park] = await db.select({ id: orgDirectory.id }).from(orgDirectory).where(eq(orgDirectory.kind, "park"));
  return park?.id ?? null;
}

/** Why a compare-and-set found the application elsewhere than expected. */
export async function conflictFor(db: DbOrTx, applicationId: string): Promise<AppError> {
  const [now] = await db.select({ status: admissionApplications.status }).from(admissionApplications).where(eq(admissionApplications.id, applicationId));
  if (now && isDecided(now.status as ApplicationStatus)) return new AppError("conflict", "errors.admissionAlreadyDecided");
  return new AppError("conflict", "errors.admissionStateChanged");
}

export interface MoveOptions {
  application: ApplicationRow;
  event: TransitionName;
  actorUserId: string;
  /** The organisation the audit entry belongs to: the park for staff, the new tenant on approval. */
  auditOrgId: string | null;
  /** Columns written together with the status. */
  set?: Partial<typeof admissionApplications.$inferInsert>;
  /** What the person wrote (reason, request, reply) — shown on the timeline. */
  message?: string | null;
  details?: Record<string, unknown>;
  meta: RequestMeta;
}

/**
 * Moves an application along one transition of the table in ./workflow.ts: `UPDATE … WHERE status
 * = <the status it was read in>`. Someone else moving it first makes this a conflict ("already
 * decided" when that was a decision) and changes nothing.
 */
export async function moveApplication(tx: Tx, options: MoveOptions): Promise<ApplicationRow> {
  const { application, event } = options;
  const from = application.status as ApplicationStatus;
  const to = nextStatus(from, event);
  if (!to) {
    if (isDecided(from)) throw new AppError("conflict", "errors.admissionAlreadyDecided");
    throw new AppError("conflict", "errors.admissionTransition");
  }
  const now = new Date();
  const [moved] = await tx
    .update(admissionApplications)
    .set({ ...options.set, status: to, statusChangedAt: now, updatedAt: now })
    .where(and(eq(admissionApplications.id, application.id), eq(admissionApplications.status, from)))
    .returning();
  if (!moved) throw await conflictFor(tx, application.id);

  const transition: Transition = transitions[event];
  await tx.insert(admissionEvents).values({
    applicationId: moved.id,
    actorUserId: options.actorUserId,
    kind: event,
    fromStatus: from,
    toStatus: to,
    message: options.message ?? null,
    details: options.details ?? null,
    internal: false,
  });
  await recordAudit(tx, {
    actorUserId: options.actorUserId,
    orgId: options.auditOrgId,
    action: transition.audit,
    subjectType: "admission_application",
    subjectId: moved.id,
    before: { status: from },
    after: { status: to, ...options.details },
    reason: options.message ?? null,
    ip: options.meta.ip,
  });
  if (transition.tellApplicant) await tellApplicant(tx, moved, transition.tellApplicant, options);
  if (transition.tellStaff) await tellReviewers(tx, moved, transition.tellStaff, options.actorUserId);
  return moved;
}

/** In-app notification and email to the applicant about their application's new state. */
async function tellApplicant(tx: Tx, application: ApplicationRow, kind: string, options: MoveOptions) {
  const [applicant] = await tx
    .select({ id: userDirectory.id, email: userDirectory.email, displayName: userDirectory.displayName, locale: userDirectory.locale })
    .from(userDirectory)
    .where(eq(userDirectory.id, application.applicantUserId));
  if (!applicant) return;
  const language = applicant.locale;
  const company = companyName(application, language);
  await notify(tx, { userId: applicant.id, kind, params: { company }, link: "/apply/status" });
  const t = await translator(language);
  await sendEmail(tx, {
    to: applicant.email,
    template: "admissionUpdate",
    language,
    params: {
      name: applicant.displayName || applicant.email,
      company,
      status: t(`admission.status.${application.status}`),
      message: options.message?.trim() || t("admission.email.noMessage"),
      link: `${options.meta.origin}/apply/status`,
    },
  });
}

/** The assignee, or — when nobody is assigned — every reviewer, except whoever caused it. */
async function tellReviewers(tx: DbOrTx, application: ApplicationRow, kind: string, exceptUserId: string | null) {
  const recipients = application.assigneeUserId ? [application.assigneeUserId] : await reviewerIds(tx);
  const park = await parkId(tx);
  const company = companyName(application);
  for (const userId of recipients) {
    if (userId === exceptUserId) continue;
    await notify(tx, { userId, orgId: park, kind, params: { company }, link: `/admissions/${application.id}` });
  }
}

/** A timeline entry that is not a transition (a comment, a score, an upload, an assignment). */
export async function addEvent(
  tx: DbOrTx,
  entry: { applicationId: string; actorUserId: string; kind: string; message?: string | null; details?: Record<string, unknown>; internal: boolean },
) {
  await tx.insert(admissionEvents).values({
    applicationId: entry.applicationId,
    actorUserId: entry.actorUserId,
    kind: entry.kind,
    message: entry.message ?? null,
    details: entry.details ?? null,
    internal: entry.internal,
  });
}
