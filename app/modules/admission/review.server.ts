// The reviewers' side: taking on an application, scoring it against the rubric, internal comments,
// asking the applicant for more, scheduling an interview, reopening a waitlisted one, and the
// application as a reviewer sees it. Deciding is in ./decide.server.ts.
import { and, asc, eq, inArray } from "drizzle-orm";
import { admissionApplications, admissionScores } from "#db/schema/admission";
import { userDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { addEvent, companyName, conflictFor, loadForReview, moveApplication, reviewerIds, type ApplicationRow, type RequestMeta } from "./applications.server";
import { latestInfoRequest, listAttachments, timelineOf } from "./apply.server";
import { parkLocalToInstant } from "~/modules/platform/dates";
import { commentSchema, interviewSchema, missingSteps, requestInfoSchema, scoreSchema, type ScoreInput } from "./forms";
import { listRubric } from "./rubric.server";
import { weightedScoreTenths } from "./rules";
import { allowedEvents, isInReview, type ApplicationStatus } from "./workflow";
import { requirePermission } from "~/modules/identity/permissions";

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
  return parsed.data;
}

async function inTransaction<T>(reviewer: MemberActor, applicationId: string, work: (tx: Tx, application: ApplicationRow) => Promise<T>) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  const db = await getDb();
  return db.transaction(async (tx) => work(tx, await loadForReview(tx, reviewer, applicationId)));
}

/**
 * Gives the application to a reviewer (an admissions officer or park admin). A newly submitted
 * application goes into review with it; later it just changes hands.
 */
export async function assignReviewer(reviewer: MemberActor, applicationId: string, input: { assigneeUserId: string }, meta: RequestMeta) {
  return inTransaction(reviewer, applicationId, async (tx, application) => {
    if (!(await reviewerIds(tx)).includes(input.assigneeUserId)) throw new AppError("invalid", "errors.admissionNotReviewer");
    const [assignee] = await tx.select({ displayName: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, input.assigneeUserId));
    const details = { assigneeUserId: input.assigneeUserId, assigneeName: assignee?.displayName ?? "" };
    let updated: ApplicationRow;
    if (application.status === "submitted") {
      updated = await moveApplication(tx, {
        application,
        event: "startReview",
        actorUserId: reviewer.user.id,
        auditOrgId: reviewer.org.id,
        set: { assigneeUserId: input.assigneeUserId },
        details,
        meta,
      });
    } else {
      const status = application.status as ApplicationStatus;
      if (!isInReview(status) && status !== "info_requested") throw new AppError("conflict", "errors.admissionTransition");
      if (application.assigneeUserId === input.assigneeUserId) return application;
      const [changed] = await tx
        .update(admissionApplications)
        .set({ assigneeUserId: input.assigneeUserId, updatedAt: new Date() })
        .where(and(eq(admissionApplications.id, application.id), eq(admissionApplications.status, status)))
        .returning();
      if (!changed) throw await conflictFor(tx, application.id);
      updated = changed;
      await addEvent(tx, { applicationId: application.id, actorUserId: reviewer.user.id, kind: "assigned", details, internal: true });
      await recordAudit(tx, {
        actorUserId: reviewer.user.id,
        orgId: reviewer.org.id,
        action: "admission.assigned",
        subjectType: "admission_application",
        subjectId: application.id,
        before: { assigneeUserId: application.assigneeUserId },
        after: details,
        ip: meta.ip,
      });
    }
    if (input.assigneeUserId !== reviewer.user.id) {
      await notify(tx, {
        userId: input.assigneeUserId,
        orgId: reviewer.org.id,
        kind: "admissionAssigned",
        params: { company: companyName(application) },
        link: `/admissions/${application.id}`,
      });
    }
    return updated;
  });
}

/** A reviewer's 1–5 scores against the rubric's criteria in use; scoring again replaces them. */
export async function scoreApplication(reviewer: MemberActor, applicationId: string, input: ScoreInput, meta: RequestMeta) {
  const { scores, note } = parse(scoreSchema, input);
  return inTransaction(reviewer, applicationId, async (tx, application) => {
    const status = application.status as ApplicationStatus;
    if (!isInReview(status) && status !== "info_requested") throw new AppError("conflict", "errors.admissionNotScorable");
    const criteria = await listRubric(tx);
    const inUse = new Set(criteria.map((c) => c.id));
    if (scores.some((s) => !inUse.has(s.criterionId))) throw new AppError("invalid", "errors.invalidChoice");
    const now = new Date();
    for (const s of scores) {
      await tx
        .insert(admissionScores)
        .values({ applicationId: application.id, criterionId: s.criterionId, reviewerUserId: reviewer.user.id, score: s.score, updatedAt: now })
        .onConflictDoUpdate({
          target: [admissionScores.applicationId, admissionScores.criterionId, admissionScores.reviewerUserId],
          set: { score: s.score, updatedAt: now },
        });
    }
    const mine = scores.map((s) => ({ criterion: criteria.find((c) => c.id === s.criterionId)?.key ?? s.criterionId, score: s.score }));
    await addEvent(tx, { applicationId: application.id, actorUserId: reviewer.user.id, kind: "scored", message: note ?? null, details: { scores: mine }, internal: true });
    await recordAudit(tx, {
      actorUserId: reviewer.user.id,
      orgId: reviewer.org.id,
      action: "admission.scored",
      subjectType: "admission_application",
      subjectId: application.id,
      after: { scores: mine },
      reason: note ?? null,
      ip: meta.ip,
    });
  });
}

/** A note for the other reviewers; the applicant never sees it. */
export async function commentInternally(reviewer: MemberActor, applicationId: string, input: { body: string }, meta: RequestMeta) {
  const { body } = parse(commentSchema, input);
  return inTransaction(reviewer, applicationId, async (tx, application) => {
    await addEvent(tx, { applicationId: application.id, actorUserId: reviewer.user.id, kind: "comment", message: body, internal: true });
    await recordAudit(tx, {
      actorUserId: reviewer.user.id,
      orgId: reviewer.org.id,
      action: "admission.commented",
      subjectType: "admission_application",
      subjectId: application.id,
      after: { length: body.length },
      ip: meta.ip,
    });
  });
}

/** Asks the applicant for more: what to fix, in their words, and which steps; they can edit again. */
export async function requestInformation(reviewer: MemberActor, applicationId: string, input: { message: string; fixSteps?: string[] }, meta: RequestMeta) {
  const { message, fixSteps } = parse(requestInfoSchema, input);
  return inTransaction(reviewer, applicationId, (tx, application) =>
    moveApplication(tx, {
      application,
      event: "requestInfo",
      actorUserId: reviewer.user.id,
      auditOrgId: reviewer.org.id,
      set: { assigneeUserId: application.assigneeUserId ?? reviewer.user.id },
      message,
      details: { fixSteps: fixSteps ?? [] },
      meta,
    }),
  );
}

/** Invites the applicant to an interview (or moves it); the time is typed in park time. */
export async function scheduleInterview(reviewer: MemberActor, applicationId: string, input: { at: string; location: string; note?: string }, meta: RequestMeta) {
  const values = parse(interviewSchema, input);
  const at = parkLocalToInstant(values.at)!;
  return inTransaction(reviewer, applicationId, (tx, application) =>
    moveApplication(tx, {
      application,
      event: "scheduleInterview",
      actorUserId: reviewer.user.id,
      auditOrgId: reviewer.org.id,
      set: { interviewAt: at, interviewLocation: values.location, assigneeUserId: application.assigneeUserId ?? reviewer.user.id },
      message: values.note ?? null,
      details: { interviewAt: at.toISOString(), location: values.location },
      meta,
    }),
  );
}

/** Takes a waitlisted application back into review (a place came free). */
export async function reopenApplication(reviewer: MemberActor, applicationId: string, input: { note?: string }, meta: RequestMeta) {
  return inTransaction(reviewer, applicationId, (tx, application) =>
    moveApplication(tx, {
      application,
      event: "reopen",
      actorUserId: reviewer.user.id,
      auditOrgId: reviewer.org.id,
      set: { decidedAt: null, decidedBy: null, decisionReason: null },
      message: input.note?.trim().slice(0, 1000) || null,
      meta,
    }),
  );
}

async function reviewersOf(db: DbOrTx) {
  const ids = await reviewerIds(db);
  if (ids.length === 0) return [];
  return db.select({ id: userDirectory.id, displayName: userDirectory.displayName, email: userDirectory.email }).from(userDirectory).where(inArray(userDirectory.id, ids)).orderBy(asc(userDirectory.displayName));
}

/** The people applications can be assigned to (the console's reviewer filter and the assign form). */
export async function listReviewers(reviewer: MemberActor) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  return reviewersOf(await getDb());
}

/** Everything a reviewer sees on the application's page. */
export async function applicationForReview(reviewer: MemberActor, applicationId: string) {
  const db = await getDb();
  const application = await loadForReview(db, reviewer, applicationId);
  const [applicant, assignee, attachments, timeline, rubric, scores, reviewers, infoRequest] = await Promise.all([
    db.select({ id: userDirectory.id, email: userDirectory.email, displayName: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, application.applicantUserId)).then((r) => r[0]),
    application.assigneeUserId
      ? db.select({ id: userDirectory.id, displayName: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, application.assigneeUserId)).then((r) => r[0] ?? null)
      : Promise.resolve(null),
    listAttachments(db, application.id),
    timelineOf(db, application.id, { includeInternal: true }),
    listRubric(db, { includeInactive: true }),
    db
      .select({ criterionId: admissionScores.criterionId, reviewerUserId: admissionScores.reviewerUserId, score: admissionScores.score, reviewerName: userDirectory.displayName })
      .from(admissionScores)
      .innerJoin(userDirectory, eq(userDirectory.id, admissionScores.reviewerUserId))
      .where(eq(admissionScores.applicationId, application.id))
      .orderBy(asc(userDirectory.displayName)),
    reviewersOf(db),
    latestInfoRequest(db, application.id),
  ]);
  const criteria = rubric.filter((c) => c.active);
  return {
    application,
    applicant,
    assignee,
    attachments,
    timeline,
    criteria,
    /** Every criterion ever used (retired ones too), to name the criteria of past score entries. */
    rubricLabels: rubric.map((c) => ({ id: c.id, key: c.key, labelZh: c.labelZh, labelEn: c.labelEn })),
    scores,
    reviewers,
    infoRequest,
    weightedScoreTenths: weightedScoreTenths(criteria, scores),
    missingSteps: missingSteps(application, attachments.map((a) => a.kind)),
    staffEvents: allowedEvents(application.status as ApplicationStatus, "staff"),
  };
}
