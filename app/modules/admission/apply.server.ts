// The applicant's side: saving the form step by step as a draft, attachments, submitting,
// answering a request for information, withdrawing, and what their status page shows.
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { admissionApplications, admissionAttachments, admissionEvents } from "#db/schema/admission";
import { userDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { requireVerifiedEmail } from "~/modules/identity/accounts.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storeFile } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import {
  answerSteps,
  attachmentKinds,
  DECLARATION_VERSION,
  declarationSchema,
  formProgress,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  missingSteps,
  resubmitSchema,
  stepCompletion,
  stepSchema,
  type AnswerStep,
  type AttachmentKind,
} from "./forms";
import { addEvent, conflictFor, findOpenApplication, loadOwnApplication, moveApplication, type Applicant, type ApplicationRow, type MoveOptions, type RequestMeta } from "./applications.server";
import { editableStatuses, isEditable, type ApplicationStatus } from "./workflow";
import { hasPermission } from "~/modules/identity/permissions";

const columnFor = { company: "company", team: "team", plan: "plan", needs: "needs", attachments: "materials" } as const;

/**
 * The applicant's open application, started as a draft when they have none. Two tabs starting at
 * once still make one: the partial unique index keeps one open application per person.
 */
async function openOrStartDraft(tx: Tx, applicant: Applicant, meta: RequestMeta): Promise<ApplicationRow> {
  const existing = await findOpenApplication(tx, applicant.user.id);
  if (existing) return existing;
  const [started] = await tx
    .insert(admissionApplications)
    .values({ applicantUserId: applicant.user.id, status: "draft" })
    .onConflictDoNothing()
    .returning();
  if (!started) {
    const raced = await findOpenApplication(tx, applicant.user.id);
    if (!raced) throw new AppError("conflict", "errors.admissionStateChanged");
    return raced;
  }
  await recordAudit(tx, {
    actorUserId: applicant.user.id,
    orgId: null,
    action: "admission.started",
    subjectType: "admission_application",
    subjectId: started.id,
    ip: meta.ip,
  });
  return started;
}

function assertEditable(application: ApplicationRow) {
  if (!isEditable(application.status as ApplicationStatus)) throw new AppError("conflict", "errors.admissionNotEditable");
}

/**
 * Saves one step's answers. `draft` keeps what is there even when required answers are missing;
 * `complete` (save and continue) needs the whole step. Either way what is given must be valid.
 * Only a draft, or an application the park asked to fix, can change.
 */
export async function saveDraft(applicant: Applicant, input: { step: AnswerStep; answers: unknown; mode: "draft" | "complete" }, meta: RequestMeta) {
  if (!(answerSteps as readonly string[]).includes(input.step)) throw new AppError("invalid", "errors.badForm");
  const parsed = stepSchema(input.step, input.mode).safeParse(input.answers);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await openOrStartDraft(tx, applicant, meta);
    assertEditable(application);
    const [saved] = await tx
      .update(admissionApplications)
      .set({ [columnFor[input.step]]: parsed.data, updatedAt: new Date() })
      .where(and(eq(admissionApplications.id, application.id), eq(admissionApplications.status, application.status)))
      .returning();
    if (!saved) throw await conflictFor(tx, application.id);
    return saved;
  });
}

async function attachmentKindsOf(db: DbOrTx, applicationId: string) {
  const rows = await db.select({ kind: admissionAttachments.kind }).from(admissionAttachments).where(eq(admissionAttachments.applicationId, applicationId));
  return rows.map((r) => r.kind);
}

async function assertComplete(db: DbOrTx, application: ApplicationRow) {
  const missing = missingSteps(application, await attachmentKindsOf(db, application.id));
  if (missing.length > 0) throw new AppError("invalid", "errors.admissionIncomplete");
}

/** The declaration as recorded with a submission: which wording was ticked, and when. */
function declared(input: unknown, at: Date) {
  const parsed = declarationSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", "errors.declarationRequired");
  return { declarationVersion: DECLARATION_VERSION, declaredAt: at };
}

/** The applicant's declared move (submit, resubmit): the declaration's version goes on the timeline. */
function moveDeclared(tx: Tx, applicant: Applicant, application: ApplicationRow, event: "submit" | "resubmit", options: Pick<MoveOptions, "set" | "message" | "meta">) {
  return moveApplication(tx, { application, event, actorUserId: applicant.user.id, auditOrgId: null, details: { declarationVersion: DECLARATION_VERSION }, ...options });
}

/**
 * Sends the draft to the park. Every step must be complete, with a business plan attached, and
 * the applicant declares the answers true and consents to the privacy notice (both ticked).
 */
export async function submitApplication(applicant: Applicant, applicationId: string, declaration: unknown, meta: RequestMeta) {
  const now = new Date();
  const declaredNow = declared(declaration, now);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await loadOwnApplication(tx, applicant, applicationId);
    if (application.status !== "draft") throw new AppError("conflict", application.status === "submitted" ? "errors.admissionAlreadySubmitted" : "errors.admissionTransition");
    await requireVerifiedEmail(tx, applicant.user.id);
    await assertComplete(tx, application);
    return moveDeclared(tx, applicant, application, "submit", { set: { submittedAt: now, ...declaredNow }, meta });
  });
}

/** Sends a fixed application back after the park asked for more information, with a reply and the declaration made again. */
export async function resubmit(applicant: Applicant, applicationId: string, input: { note: string; declaration: unknown }, meta: RequestMeta) {
  const note = resubmitSchema.shape.note.safeParse(input.note);
  if (!note.success) throw new AppError("invalid", note.error.issues[0]?.message ?? "errors.badForm");
  const declaredNow = declared(input.declaration, new Date());
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await loadOwnApplication(tx, applicant, applicationId);
    await assertComplete(tx, application);
    return moveDeclared(tx, applicant, application, "resubmit", { set: declaredNow, message: note.data, meta });
  });
}

/** The applicant takes the application back (a draft is simply discarded this way). */
export async function withdraw(applicant: Applicant, applicationId: string, input: { reason?: string }, meta: RequestMeta) {
  const reason = input.reason?.trim().slice(0, 1000) || null;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await loadOwnApplication(tx, applicant, applicationId);
    return moveApplication(tx, { application, event: "withdraw", actorUserId: applicant.user.id, auditOrgId: null, message: reason, meta });
  });
}

/** A safe display name for an uploaded file: no path, no control characters, not too long. */
export function cleanFilename(name: string) {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "").trim().slice(-120);
  return cleaned || "attachment";
}

/**
 * Attaches a file (PDF or image, checked by its content, at most 10 MB) to the applicant's
 * application, starting a draft if they have none. The file is written first and removed again
 * when the row cannot be.
 */
export async function addAttachment(applicant: Applicant, input: { kind: AttachmentKind; filename: string; bytes: Uint8Array }, meta: RequestMeta) {
  if (!(attachmentKinds as readonly string[]).includes(input.kind)) throw new AppError("invalid", "errors.invalidChoice");
  const stored = await storeFile({
    folder: "admission",
    bytes: input.bytes,
    allowed: ["application/pdf", "image/png", "image/jpeg", "image/webp"],
    maxBytes: MAX_ATTACHMENT_BYTES,
  });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const application = await openOrStartDraft(tx, applicant, meta);
      assertEditable(application);
      // Holds the application in its editable state until this commits.
      const [held] = await tx
        .update(admissionApplications)
        .set({ updatedAt: new Date() })
        .where(and(eq(admissionApplications.id, application.id), inArray(admissionApplications.status, [...editableStatuses])))
        .returning({ id: admissionApplications.id });
      if (!held) throw await conflictFor(tx, application.id);
      const [{ n }] = await tx.select({ n: count() }).from(admissionAttachments).where(eq(admissionAttachments.applicationId, application.id));
      if (Number(n) >= MAX_ATTACHMENTS) throw new AppError("conflict", "errors.admissionTooManyFiles", { max: MAX_ATTACHMENTS });
      const [attachment] = await tx
        .insert(admissionAttachments)
        .values({
          applicationId: application.id,
          kind: input.kind,
          filename: cleanFilename(input.filename),
          contentType: stored.contentType,
          sizeBytes: stored.sizeBytes,
          storagePath: stored.path,
          uploadedBy: applicant.user.id,
        })
        .returning();
      await addEvent(tx, {
        applicationId: application.id,
        actorUserId: applicant.user.id,
        kind: "attachmentAdded",
        details: { filename: attachment.filename, attachmentKind: attachment.kind },
        internal: false,
      });
      await recordAudit(tx, {
        actorUserId: applicant.user.id,
        orgId: null,
        action: "admission.attachment_added",
        subjectType: "admission_application",
        subjectId: application.id,
        after: { attachmentId: attachment.id, kind: attachment.kind, filename: attachment.filename, contentType: stored.contentType, sizeBytes: stored.sizeBytes },
        ip: meta.ip,
      });
      return attachment;
    });
  } catch (error) {
    await removeStoredFile(stored.path);
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.admissionStateChanged");
    throw error;
  }
}

/** Removes one of the applicant's own attachments while the application can still change. */
export async function removeAttachment(applicant: Applicant, attachmentId: string, meta: RequestMeta) {
  if (!isUuid(attachmentId)) throw notFound();
  const db = await getDb();
  const removed = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ attachment: admissionAttachments, status: admissionApplications.status })
      .from(admissionAttachments)
      .innerJoin(admissionApplications, eq(admissionApplications.id, admissionAttachments.applicationId))
      .where(and(eq(admissionAttachments.id, attachmentId), eq(admissionApplications.applicantUserId, applicant.user.id)));
    if (!row) throw notFound();
    const [held] = await tx
      .update(admissionApplications)
      .set({ updatedAt: new Date() })
      .where(and(eq(admissionApplications.id, row.attachment.applicationId), inArray(admissionApplications.status, [...editableStatuses])))
      .returning({ id: admissionApplications.id });
    if (!held) throw new AppError("conflict", "errors.admissionNotEditable");
    await tx.delete(admissionAttachments).where(eq(admissionAttachments.id, attachmentId));
    await addEvent(tx, {
      applicationId: row.attachment.applicationId,
      actorUserId: applicant.user.id,
      kind: "attachmentRemoved",
      details: { filename: row.attachment.filename, attachmentKind: row.attachment.kind },
      internal: false,
    });
    await recordAudit(tx, {
      actorUserId: applicant.user.id,
      orgId: null,
      action: "admission.attachment_removed",
      subjectType: "admission_application",
      subjectId: row.attachment.applicationId,
      before: { attachmentId, kind: row.attachment.kind, filename: row.attachment.filename },
      ip: meta.ip,
    });
    return row.attachment;
  });
  await removeStoredFile(removed.storagePath);
}

export async function listAttachments(db: DbOrTx, applicationId: string) {
  return db
    .select({
      id: admissionAttachments.id,
      kind: admissionAttachments.kind,
      filename: admissionAttachments.filename,
      contentType: admissionAttachments.contentType,
      sizeBytes: admissionAttachments.sizeBytes,
      createdAt: admissionAttachments.createdAt,
    })
    .from(admissionAttachments)
    .where(eq(admissionAttachments.applicationId, applicationId))
    .orderBy(asc(admissionAttachments.createdAt));
}

/** The timeline; the applicant's view leaves out reviewers' internal entries. */
export async function timelineOf(db: DbOrTx, applicationId: string, options: { includeInternal: boolean }) {
  return db
    .select({
      id: admissionEvents.id,
      at: admissionEvents.at,
      kind: admissionEvents.kind,
      fromStatus: admissionEvents.fromStatus,
      toStatus: admissionEvents.toStatus,
      message: admissionEvents.message,
      details: admissionEvents.details,
      internal: admissionEvents.internal,
      actorName: userDirectory.displayName,
      actorUserId: admissionEvents.actorUserId,
    })
    .from(admissionEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, admissionEvents.actorUserId))
    .where(and(eq(admissionEvents.applicationId, applicationId), options.includeInternal ? undefined : eq(admissionEvents.internal, false)))
    .orderBy(desc(admissionEvents.at), desc(admissionEvents.id));
}

/**
 * What the application form needs: the open application (or, when there is none, nothing yet),
 * each step's saved answers and whether it is complete, and the attachments.
 */
export async function applicationFormFor(applicant: Applicant) {
  const db = await getDb();
  const application = await findOpenApplication(db, applicant.user.id);
  if (!application) return { application: null, completion: stepCompletion({ company: null, team: null, plan: null, needs: null, materials: null }, []), attachments: [], infoRequest: null };
  const attachments = await listAttachments(db, application.id);
  const completion = stepCompletion(application, attachments.map((a) => a.kind));
  return { application, completion, attachments, infoRequest: application.status === "info_requested" ? await latestInfoRequest(db, application.id) : null };
}

/** The park's latest request for information: what to fix, and which steps. */
export async function latestInfoRequest(db: DbOrTx, applicationId: string) {
  const [event] = await db
    .select({ message: admissionEvents.message, details: admissionEvents.details, at: admissionEvents.at })
    .from(admissionEvents)
    .where(and(eq(admissionEvents.applicationId, applicationId), eq(admissionEvents.kind, "requestInfo")))
    .orderBy(desc(admissionEvents.at))
    .limit(1);
  if (!event) return null;
  const fixSteps = Array.isArray(event.details?.fixSteps) ? (event.details.fixSteps as string[]).filter((s): s is AnswerStep => (answerSteps as readonly string[]).includes(s)) : [];
  return { message: event.message ?? "", fixSteps, at: event.at };
}

/** The applicant's status page: every application they made, newest first, the newest in full. */
export async function myApplications(applicant: Applicant) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(admissionApplications)
    .where(eq(admissionApplications.applicantUserId, applicant.user.id))
    .orderBy(desc(admissionApplications.createdAt));
  if (rows.length === 0) return { current: null, earlier: [] };
  const [current, ...earlier] = rows;
  const [timeline, attachments, infoRequest] = await Promise.all([
    timelineOf(db, current.id, { includeInternal: false }),
    listAttachments(db, current.id),
    current.status === "info_requested" ? latestInfoRequest(db, current.id) : Promise.resolve(null),
  ]);
  return { current: { ...current, timeline, attachments, infoRequest }, earlier };
}

/** Whether the person has ever applied (the menu shows 入驻申请 to them). */
/** Whether the person has applied to move in, as a question for `askTogether`. */
export function hasApplicationQuestion(userId: string) {
  return sql<boolean>`select exists (select 1 from ${admissionApplications} where ${admissionApplications.applicantUserId} = ${userId})`;
}

/**
 * An attachment's bytes, for its applicant and for reviewers (park staff who may review). Anyone
 * else — another applicant included — is told it does not exist.
 */
export async function readAttachment(person: Applicant, reviewer: MemberActor | null, attachmentId: string) {
  if (!isUuid(attachmentId)) throw notFound();
  const db = await getDb();
  const mayReview = reviewer !== null && hasPermission(reviewer, "admission:review", { kind: "park" });
  const [row] = await db
    .select({ attachment: admissionAttachments, applicantUserId: admissionApplications.applicantUserId, status: admissionApplications.status })
    .from(admissionAttachments)
    .innerJoin(admissionApplications, eq(admissionApplications.id, admissionAttachments.applicationId))
    .where(eq(admissionAttachments.id, attachmentId));
  if (!row) throw notFound();
  const own = row.applicantUserId === person.user.id;
  if (!own && !(mayReview && row.status !== "draft")) throw notFound();
  const bytes = await readStoredFile(row.attachment.storagePath);
  return { bytes, filename: row.attachment.filename, contentType: row.attachment.contentType, sizeBytes: bytes.byteLength };
}

/**
 * 工作台's card for someone who has applied (and belongs to no organisation yet): their newest
 * application's company, state and, while it is being filled in, how far along the form is.
 */
export async function myApplicationSummary(applicant: Applicant) {
  const db = await getDb();
  const [latest] = await db
    .select()
    .from(admissionApplications)
    .where(eq(admissionApplications.applicantUserId, applicant.user.id))
    .orderBy(desc(admissionApplications.createdAt))
    .limit(1);
  if (!latest) return null;
  const status = latest.status as ApplicationStatus;
  const company = (latest.company ?? {}) as { nameZh?: string; nameEn?: string };
  const progress = isEditable(status) ? formProgress(stepCompletion(latest, await attachmentKindsOf(db, latest.id))) : null;
  return { id: latest.id, status, nameZh: company.nameZh ?? null, nameEn: company.nameEn ?? null, progress, submittedAt: latest.submittedAt };
}
