// Programmes and open calls (百部精品短剧计划, incubator programmes): park staff run a call
// (draft → open → closed → decided), tenants' owners and admins enter it (a draft, files, submit
// before the deadline, withdraw), the call's reviewers score entries against its rubric, and the
// park awards winners — with compute credits granted through credits' grantCreditsInTx in the same
// transaction, once per entry however many times or however many staff press the button.
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { circleCallAttachments, circleCallAwards, circleCallReviewers, circleCallScores, circleCallSubmissions, circleCalls } from "#db/schema/circle";
import { userDirectory, orgDirectory, membershipDirectory } from "~/modules/identity/directory.server";
import { translator } from "~/i18n/i18n.server";
import { cleanFilename } from "~/modules/admission/apply.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { formatCredits } from "~/modules/credits/units";
import type { MemberActor } from "~/modules/identity/access.server";
import { peopleWithRoles, peopleWithPermission } from "~/modules/identity/members.server";
import { hasPermission, parkRoles } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storeFile } from "~/modules/platform/files.server";
import { parkDayAndTime } from "~/modules/platform/dates";
import { isUuid } from "~/modules/platform/ids";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import {
  callTransitions,
  checkScores,
  effectiveCallStatus,
  MAX_CALL_ATTACHMENT_BYTES,
  MAX_CALL_ATTACHMENTS,
  missingAttachments,
  type CallAttachmentKind,
  type CallInput,
  type CallStatus,
  type CallTransition,
  type EntryAction,
  type ScoreInput,
} from "./calls-forms";

export interface RequestMeta {
  ip: string | null;
  origin: string;
}

type Call = typeof circleCalls.$inferSelect;

/** Park staff who run calls. */
export const mayRunCalls = (member: MemberActor) => member.org.kind === "park" && hasPermission(member, "circle:programmes", { kind: "park" });
/** Owners and admins of an active tenant enter calls for their company. */
const mayEnterCalls = (member: MemberActor) => member.org.kind === "tenant" && hasPermission(member, "circle:enter-calls", { kind: "tenant" });

function requireRunner(member: MemberActor) {
  if (!mayRunCalls(member)) throw forbidden();
}

function requireEntrant(member: MemberActor) {
  if (!mayEnterCalls(member)) throw forbidden();
}

async function isReviewerOf(db: DbOrTx, callId: string, member: MemberActor) {
  if (member.org.kind !== "park") return false;
  const [row] = await db
    .select({ userId: circleCallReviewers.userId })
    .from(circleCallReviewers)
    .where(and(eq(circleCallReviewers.callId, callId), eq(circleCallReviewers.userId, member.user.id)));
  return Boolean(row);
}

/**
 * A call the member may see: drafts only for those who run calls and its reviewers; other park
 * staff and tenants see calls once opened. Anything else — a malformed id included — is 404.
 */
async function loadCall(db: DbOrTx, member: MemberActor, callId: string, options: { forUpdate?: boolean } = {}) {
  if (!isUuid(callId)) throw notFound();
  const query = db.select().from(circleCalls).where(eq(circleCalls.id, callId));
  const [call] = options.forUpdate ? await query.for("update") : await query;
  if (!call) throw notFound();
  if (call.status === "draft" && !mayRunCalls(member) && !(await isReviewerOf(db, call.id, member))) throw notFound();
  return call;
}

async function reviewersOf(db: DbOrTx, callId: string) {
  return db
    .select({ userId: userDirectory.id, name: userDirectory.displayName, email: userDirectory.email })
    .from(circleCallReviewers)
    .innerJoin(userDirectory, eq(userDirectory.id, circleCallReviewers.userId))
    .where(eq(circleCallReviewers.callId, callId))
    .orderBy(asc(userDirectory.displayName));
}

/** Park staff who may be chosen as reviewers. */
export async function reviewerChoices(member: MemberActor) {
  requireRunner(member);
  const db = await getDb();
  const people = await peopleWithRoles(db, { park: true }, parkRoles);
  return people.map((p) => ({ userId: p.userId, name: p.displayName || p.email })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

// ——— Listing and reading calls ———

export type CallsTab = "open" | "closed" | "mine" | "all";

/**
 * /circle/calls: open calls (deadline ahead), closed and decided ones, our own entries (tenants),
 * and for those who run calls every call, drafts included.
 */
export async function listCalls(member: MemberActor, tab: CallsTab, now = new Date()) {
  const db = await getDb();
  const rows = await db.select().from(circleCalls).orderBy(desc(circleCalls.deadlineAt)).limit(200);
  const entries =
    member.org.kind === "tenant"
      ? await db
          .select({ callId: circleCallSubmissions.callId, status: circleCallSubmissions.status, title: circleCallSubmissions.title, awarded: sql<boolean>`${circleCallAwards.id} is not null` })
          .from(circleCallSubmissions)
          .leftJoin(circleCallAwards, eq(circleCallAwards.submissionId, circleCallSubmissions.id))
          .where(eq(circleCallSubmissions.orgId, member.org.id))
      : [];
  const entryOf = new Map(entries.map((e) => [e.callId, e]));
  const reviewing = new Set(
    member.org.kind === "park"
      ? (await db.select({ callId: circleCallReviewers.callId }).from(circleCallReviewers).where(eq(circleCallReviewers.userId, member.user.id))).map((r) => r.callId)
      : [],
  );
  const runner = mayRunCalls(member);
  const calls = rows
    .map((call) => ({ call, status: effectiveCallStatus(call, now) }))
    .filter(({ call, status }) => {
      if (status === "draft" && !runner && !reviewing.has(call.id)) return false;
      switch (tab) {
        case "open":
          return status === "open";
        case "closed":
          return status === "closed" || status === "decided";
        case "mine":
          return entryOf.has(call.id) || reviewing.has(call.id);
        case "all":
          return runner;
      }
    })
    .map(({ call, status }) => ({
      id: call.id,
      kind: call.kind,
      titleZh: call.titleZh,
      titleEn: call.titleEn,
      descriptionZh: call.descriptionZh,
      descriptionEn: call.descriptionEn,
      deadlineAt: call.deadlineAt,
      awardMilli: call.awardMilli === null ? null : String(call.awardMilli),
      status,
      entry: entryOf.get(call.id) ?? null,
      reviewing: reviewing.has(call.id),
    }));
  // Open calls soonest deadline first; the rest newest first.
  if (tab === "open") calls.sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime());
  return calls;
}

function publicCall(call: Call, now: Date) {
  return {
    id: call.id,
    kind: call.kind,
    titleZh: call.titleZh,
    titleEn: call.titleEn,
    descriptionZh: call.descriptionZh,
    descriptionEn: call.descriptionEn,
    criteriaZh: call.criteriaZh,
    criteriaEn: call.criteriaEn,
    deadlineAt: call.deadlineAt,
    requiredAttachments: call.requiredAttachments,
    rubric: call.rubric,
    awardMilli: call.awardMilli === null ? null : String(call.awardMilli),
    status: effectiveCallStatus(call, now),
    storedStatus: call.status as CallStatus,
  };
}

/** One call's page: the call, its criteria and rubric, and for a tenant the state of its entry. */
export async function getCall(member: MemberActor, callId: string, now = new Date()) {
  const db = await getDb();
  const call = await loadCall(db, member, callId);
  const [entry] =
    member.org.kind === "tenant"
      ? await db
          .select({ id: circleCallSubmissions.id, status: circleCallSubmissions.status, title: circleCallSubmissions.title, submittedAt: circleCallSubmissions.submittedAt })
          .from(circleCallSubmissions)
          .where(and(eq(circleCallSubmissions.callId, call.id), eq(circleCallSubmissions.orgId, member.org.id)))
      : [];
  const winners = await db
    .select({ slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, title: circleCallSubmissions.title })
    .from(circleCallAwards)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleCallAwards.orgId))
    .innerJoin(circleCallSubmissions, eq(circleCallSubmissions.id, circleCallAwards.submissionId))
    .where(eq(circleCallAwards.callId, call.id))
    .orderBy(asc(circleCallAwards.awardedAt));
  return {
    call: publicCall(call, now),
    now,
    entry: entry ?? null,
    winners,
    mayEnter: mayEnterCalls(member),
    mayRun: mayRunCalls(member),
    isReviewer: await isReviewerOf(db, call.id, member),
  };
}

// ——— Running a call (park staff) ———

async function checkReviewers(tx: Tx, reviewerIds: string[]) {
  const unique = [...new Set(reviewerIds)];
  if (unique.length === 0) return unique;
  const rows = await tx
    .selectDistinct({ userId: membershipDirectory.userId })
    .from(membershipDirectory)
    .innerJoin(orgDirectory, eq(orgDirectory.id, membershipDirectory.orgId))
    .where(and(inArray(membershipDirectory.userId, unique), eq(orgDirectory.kind, "park")));
  if (rows.length !== unique.length) throw new AppError("invalid", "errors.callReviewerNotStaff");
  return unique;
}

/** After a call's row is written (created or edited): its reviewers replaced, and the audit entry. */
async function saveReviewers(
  tx: Tx,
  member: MemberActor,
  { call, before, reviewerIds, action }: { call: typeof circleCalls.$inferSelect; before?: typeof circleCalls.$inferSelect; reviewerIds: string[]; action: "circle.call_created" | "circle.call_updated" },
  meta: RequestMeta,
) {
  await tx.delete(circleCallReviewers).where(eq(circleCallReviewers.callId, call.id));
  if (reviewerIds.length) await tx.insert(circleCallReviewers).values(reviewerIds.map((userId) => ({ callId: call.id, userId })));
  await recordAudit(tx, {
    actorUserId: member.user.id,
    orgId: member.org.id,
    action,
    subjectType: "circle_call",
    subjectId: call.id,
    before: before ? { title: before.titleZh, deadlineAt: before.deadlineAt.toISOString() } : undefined,
    after: { title: call.titleZh, deadlineAt: call.deadlineAt.toISOString(), reviewers: reviewerIds.length },
    ip: meta.ip,
  });
  return call;
}

/** The call's values from the form (callSchema's output). */
function callColumns(input: CallInput) {
  return {
    kind: input.kind,
    titleZh: input.titleZh,
    titleEn: input.titleEn,
    descriptionZh: input.descriptionZh,
    descriptionEn: input.descriptionEn,
    criteriaZh: input.criteriaZh,
    criteriaEn: input.criteriaEn,
    deadlineAt: input.deadlineAt,
    requiredAttachments: [...new Set(input.requiredAttachments)],
    rubric: input.rubric,
    awardMilli: input.awardMilli,
  };
}

export async function createCall(member: MemberActor, input: CallInput, meta: RequestMeta) {
  requireRunner(member);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const reviewerIds = await checkReviewers(tx, input.reviewerIds);
    const [call] = await tx
      .insert(circleCalls)
      .values({ ...callColumns(input), createdBy: member.user.id })
      .returning();
    return saveReviewers(tx, member, { call, reviewerIds, action: "circle.call_created" }, meta);
  });
}

/**
 * Edits a call while it is a draft or open. Once a reviewer has scored, the rubric is fixed (the
 * scores were given against it); a deadline moved into the past is refused — closing is a button.
 */
export async function updateCall(member: MemberActor, callId: string, input: CallInput, meta: RequestMeta, now = new Date()) {
  requireRunner(member);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const call = await loadCall(tx, member, callId, { forUpdate: true });
    if (call.status !== "draft" && call.status !== "open") throw new AppError("conflict", "errors.callNotEditable");
    if (call.status === "open" && input.deadlineAt.getTime() <= now.getTime()) throw new AppError("invalid", "errors.callDeadlineInPast");
    const [scored] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(circleCallScores)
      .innerJoin(circleCallSubmissions, eq(circleCallSubmissions.id, circleCallScores.submissionId))
      .where(eq(circleCallSubmissions.callId, call.id));
    if (scored.n > 0 && JSON.stringify(input.rubric) !== JSON.stringify(call.rubric)) throw new AppError("conflict", "errors.callRubricLocked");
    const reviewerIds = await checkReviewers(tx, input.reviewerIds);
    const [updated] = await tx
      .update(circleCalls)
      .set({ ...callColumns(input), updatedAt: now })
      .where(eq(circleCalls.id, call.id))
      .returning();
    return saveReviewers(tx, member, { call: updated, before: call, reviewerIds, action: "circle.call_updated" }, meta);
  });
}

/** Opens, closes or decides a call: compare-and-set on its status, audited. */
export async function moveCall(member: MemberActor, callId: string, transition: CallTransition, meta: RequestMeta, now = new Date()) {
  requireRunner(member);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const call = await loadCall(tx, member, callId, { forUpdate: true });
    const rule = callTransitions[transition];
    if (transition === "open" && call.deadlineAt.getTime() <= now.getTime()) throw new AppError("invalid", "errors.callDeadlineInPast");
    if (transition === "open" && (await reviewersOf(tx, call.id)).length === 0) throw new AppError("invalid", "errors.callNeedsReviewers");
    // An open call past its deadline is closed already; deciding it writes both steps.
    const from = effectiveCallStatus(call, now);
    if (!(rule.from as readonly string[]).includes(from)) throw new AppError("conflict", "errors.callWrongState");
    const stamp = transition === "open" ? { openedAt: now } : transition === "close" ? { closedAt: now } : { decidedAt: now, closedAt: call.closedAt ?? now };
    const [moved] = await tx
      .update(circleCalls)
      .set({ status: rule.to, ...stamp, updatedAt: now })
      .where(and(eq(circleCalls.id, call.id), eq(circleCalls.status, call.status)))
      .returning();
    if (!moved) throw new AppError("conflict", "errors.callWrongState");
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: `circle.call_${transition === "open" ? "opened" : transition === "close" ? "closed" : "decided"}`,
      subjectType: "circle_call",
      subjectId: call.id,
      before: { status: call.status },
      after: { status: rule.to },
      ip: meta.ip,
    });
    return moved;
  });
}

/** The form's current values, for editing. */
export async function getCallForEditing(member: MemberActor, callId: string) {
  requireRunner(member);
  const db = await getDb();
  const call = await loadCall(db, member, callId);
  return { call, reviewerIds: (await reviewersOf(db, call.id)).map((r) => r.userId) };
}

/**
 * The staff console of one call: every entry sent in (drafts stay private to their company), each
 * with its reviewers' totals, the average and whether it won. A reviewer who does not run calls
 * sees the entries with only their own scores, so reviews stay independent.
 */
export async function getCallConsole(member: MemberActor, callId: string, now = new Date()) {
  if (member.org.kind !== "park") throw notFound();
  const db = await getDb();
  const call = await loadCall(db, member, callId);
  const runner = mayRunCalls(member);
  const reviewer = await isReviewerOf(db, call.id, member);
  if (!runner && !reviewer) throw forbidden();
  const reviewers = (await reviewersOf(db, call.id)).filter((r) => runner || r.userId === member.user.id);
  const entries = await db
    .select({
      id: circleCallSubmissions.id,
      title: circleCallSubmissions.title,
      status: circleCallSubmissions.status,
      submittedAt: circleCallSubmissions.submittedAt,
      org: { id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn },
      awardedAt: circleCallAwards.awardedAt,
      awardMilli: circleCallAwards.amountMilli,
    })
    .from(circleCallSubmissions)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleCallSubmissions.orgId))
    .leftJoin(circleCallAwards, eq(circleCallAwards.submissionId, circleCallSubmissions.id))
    .where(and(eq(circleCallSubmissions.callId, call.id), ne(circleCallSubmissions.status, "draft")))
    .orderBy(asc(circleCallSubmissions.submittedAt));
  const scores = entries.length
    ? await db
        .select({ submissionId: circleCallScores.submissionId, reviewerUserId: circleCallScores.reviewerUserId, total: circleCallScores.total })
        .from(circleCallScores)
        .where(inArray(circleCallScores.submissionId, entries.map((e) => e.id)))
    : [];
  const maxTotal = call.rubric.reduce((sum, c) => sum + c.maxScore, 0);
  const rows = entries.map((entry) => {
    const mine = scores.filter((s) => s.submissionId === entry.id && (runner || s.reviewerUserId === member.user.id));
    const sum = mine.reduce((acc, s) => acc + s.total, 0);
    return {
      ...entry,
      awardMilli: entry.awardMilli === null ? null : String(entry.awardMilli),
      scores: reviewers.map((r) => ({ reviewer: r.name, total: mine.find((s) => s.reviewerUserId === r.userId)?.total ?? null })),
      scoreCount: mine.length,
      // Shown with one decimal; computed in tenths so no float arithmetic decides an order.
      averageTenths: mine.length ? Math.round((sum * 10) / mine.length) : null,
    };
  });
  rows.sort((a, b) => (b.averageTenths ?? -1) - (a.averageTenths ?? -1));
  return { call: publicCall(call, now), now, reviewers, maxTotal, entries: rows, isReviewer: reviewer, mayRun: runner };
}

async function tellWinners(tx: Tx, options: { orgId: string; kind: string; params: Record<string, string>; link: string; origin: string }) {
  const people = await peopleWithPermission(tx, { orgId: options.orgId }, "circle:profile");
  for (const person of people) {
    await notify(tx, { userId: person.userId, orgId: options.orgId, kind: options.kind, params: options.params, link: options.link });
    const t = await translator(person.locale);
    await sendEmail(tx, {
      to: person.email,
      template: "circleUpdate",
      language: person.locale,
      params: { name: person.displayName || person.email, message: t(`notification.${options.kind}`, options.params), link: `${options.origin}${options.link}` },
    });
  }
}

/**
 * Names an entry a winner. The call's row is locked (awards of one call queue behind each other),
 * and the award's unique submission backs that up: a second award of the same entry — a double
 * click, two staff at once — is refused and grants nothing. The credits are granted in the same
 * transaction, so an award without its credits, or credits without an award, cannot be left behind.
 */
export async function awardSubmission(member: MemberActor, callId: string, input: { submissionId: string; note: string }, meta: RequestMeta, now = new Date()) {
  requireRunner(member);
  if (!isUuid(input.submissionId)) throw notFound();
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const call = await loadCall(tx, member, callId, { forUpdate: true });
      const status = effectiveCallStatus(call, now);
      if (status === "open" || status === "draft") throw new AppError("conflict", "errors.callNotClosed");
      if (status === "decided") throw new AppError("conflict", "errors.callDecided");
      const [entry] = await tx
        .select({ submission: circleCallSubmissions, org: { nameZh: orgDirectory.nameZh, status: orgDirectory.status } })
        .from(circleCallSubmissions)
        .innerJoin(orgDirectory, eq(orgDirectory.id, circleCallSubmissions.orgId))
        .where(and(eq(circleCallSubmissions.id, input.submissionId), eq(circleCallSubmissions.callId, call.id)));
      if (!entry || entry.submission.status === "draft") throw notFound();
      if (entry.submission.status !== "submitted") throw new AppError("conflict", "errors.callEntryWithdrawn");
      const [award] = await tx
        .insert(circleCallAwards)
        .values({ callId: call.id, submissionId: entry.submission.id, orgId: entry.submission.orgId, amountMilli: call.awardMilli, awardedBy: member.user.id, note: input.note, awardedAt: now })
        .onConflictDoNothing({ target: circleCallAwards.submissionId })
        .returning();
      if (!award) throw new AppError("conflict", "errors.callAlreadyAwarded");
      if (call.awardMilli !== null) {
        const grant = await grantCreditsInTx(tx, { orgId: entry.submission.orgId, amountMilli: call.awardMilli, category: "programme", reason: `${call.titleZh}：${entry.submission.title}` }, member.user.id);
        await tx.update(circleCallAwards).set({ creditGrantId: grant.id }).where(eq(circleCallAwards.id, award.id));
      }
      // Past its deadline an open call is closed; write it down with the first award.
      if (call.status === "open") await tx.update(circleCalls).set({ status: "closed", closedAt: now, updatedAt: now }).where(eq(circleCalls.id, call.id));
      await recordAudit(tx, {
        actorUserId: member.user.id,
        orgId: entry.submission.orgId,
        action: "circle.call_awarded",
        subjectType: "circle_call_submission",
        subjectId: entry.submission.id,
        after: { callId: call.id, awardMilli: call.awardMilli === null ? null : String(call.awardMilli) },
        reason: input.note || null,
        ip: meta.ip,
      });
      await tellWinners(tx, {
        orgId: entry.submission.orgId,
        kind: call.awardMilli === null ? "circleCallAwarded" : "circleCallAwardedCredits",
        params: { call: call.titleZh, entry: entry.submission.title, ...(call.awardMilli === null ? {} : { credits: formatCredits(call.awardMilli) }) },
        link: `/circle/calls/${call.id}`,
        origin: meta.origin,
      });
      return award;
    });
  } catch (error) {
    // Two transactions that both passed the checks: the unique submission stops the second.
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.callAlreadyAwarded");
    throw error;
  }
}

// ——— Entering a call (tenant owners and admins) ———

async function ownEntry(db: DbOrTx, member: MemberActor, callId: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select()
    .from(circleCallSubmissions)
    .where(and(eq(circleCallSubmissions.callId, callId), eq(circleCallSubmissions.orgId, member.org.id)));
  const [entry] = options.forUpdate ? await query.for("update") : await query;
  return entry ?? null;
}

async function attachmentsOf(db: DbOrTx, submissionId: string) {
  return db
    .select({
      id: circleCallAttachments.id,
      kind: circleCallAttachments.kind,
      filename: circleCallAttachments.filename,
      contentType: circleCallAttachments.contentType,
      sizeBytes: circleCallAttachments.sizeBytes,
      createdAt: circleCallAttachments.createdAt,
    })
    .from(circleCallAttachments)
    .where(eq(circleCallAttachments.submissionId, submissionId))
    .orderBy(asc(circleCallAttachments.createdAt));
}

/** The entry form: the call, our entry (if any), its files and what is still missing. */
export async function getEntry(member: MemberActor, callId: string, now = new Date()) {
  requireEntrant(member);
  const db = await getDb();
  const call = await loadCall(db, member, callId);
  const entry = await ownEntry(db, member, call.id);
  const attachments = entry ? await attachmentsOf(db, entry.id) : [];
  const status = effectiveCallStatus(call, now);
  return {
    call: publicCall(call, now),
    now,
    entry,
    attachments,
    missing: missingAttachments(call.requiredAttachments, attachments.map((a) => a.kind)),
    editable: status === "open" && entry?.status !== "submitted",
    awarded: entry ? Boolean((await db.select({ id: circleCallAwards.id }).from(circleCallAwards).where(eq(circleCallAwards.submissionId, entry.id)))[0]) : false,
  };
}

/** Refuses anything but an open call before its deadline, with the deadline in the message. */
function requireOpen(call: Call, now: Date) {
  const status = effectiveCallStatus(call, now);
  if (status === "open") return;
  if (call.status === "open" || status === "closed" || status === "decided") {
    const { date, time } = parkDayAndTime(call.deadlineAt);
    throw new AppError("conflict", "errors.callDeadlinePassed", { deadline: `${date} ${time}` });
  }
  throw notFound();
}

/** Saves, submits or withdraws the company's entry, or removes one of its files. */
export async function actOnEntry(member: MemberActor, callId: string, action: EntryAction, meta: RequestMeta, now = new Date()) {
  requireEntrant(member);
  const db = await getDb();
  let removedPath: string | null = null;
  const result = await db.transaction(async (tx) => {
    // The call's row is read under a share lock so staff closing it wait for this entry's change.
    const call = await loadCall(tx, member, callId);
    await tx.execute(sql`select 1 from ${circleCalls} where ${circleCalls.id} = ${call.id} for share`);
    const entry = await ownEntry(tx, member, call.id, { forUpdate: true });
    switch (action.intent) {
      case "save":
      case "submit": {
        requireOpen(call, now);
        if (entry?.status === "submitted") throw new AppError("conflict", "errors.callEntrySubmitted");
        let saved = entry;
        if (!saved) {
          try {
            [saved] = await tx
              .insert(circleCallSubmissions)
              .values({ callId: call.id, orgId: member.org.id, title: action.title, summary: action.summary, createdBy: member.user.id, createdAt: now, updatedAt: now })
              .returning();
          } catch (error) {
            if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.callEntryExists");
            throw error;
          }
        } else {
          [saved] = await tx
            .update(circleCallSubmissions)
            .set({ title: action.title, summary: action.summary, status: "draft", withdrawnAt: null, updatedAt: now })
            .where(eq(circleCallSubmissions.id, saved.id))
            .returning();
        }
        if (action.intent === "save") {
          await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.entry_saved", subjectType: "circle_call_submission", subjectId: saved.id, ip: meta.ip });
          return "circleCalls.entry.saved";
        }
        const missing = missingAttachments(call.requiredAttachments, (await attachmentsOf(tx, saved.id)).map((a) => a.kind));
        if (missing.length) throw new AppError("invalid", "errors.callMissingFiles", { count: missing.length });
        await tx.update(circleCallSubmissions).set({ status: "submitted", submittedAt: now, updatedAt: now }).where(eq(circleCallSubmissions.id, saved.id));
        await recordAudit(tx, {
          actorUserId: member.user.id,
          orgId: member.org.id,
          action: "circle.entry_submitted",
          subjectType: "circle_call_submission",
          subjectId: saved.id,
          after: { callId: call.id, title: action.title },
          ip: meta.ip,
        });
        return "circleCalls.entry.submitted";
      }
      case "withdraw": {
        if (!entry || entry.status !== "submitted") throw new AppError("conflict", "errors.callEntryNotSubmitted");
        requireOpen(call, now);
        await tx.update(circleCallSubmissions).set({ status: "withdrawn", withdrawnAt: now, updatedAt: now }).where(eq(circleCallSubmissions.id, entry.id));
        // Scores given to a withdrawn entry no longer stand.
        await tx.delete(circleCallScores).where(eq(circleCallScores.submissionId, entry.id));
        await recordAudit(tx, { actorUserId: member.user.id, orgId: member.org.id, action: "circle.entry_withdrawn", subjectType: "circle_call_submission", subjectId: entry.id, ip: meta.ip });
        return "circleCalls.entry.withdrawn";
      }
      case "remove-file": {
        if (!entry) throw notFound();
        requireOpen(call, now);
        if (entry.status === "submitted") throw new AppError("conflict", "errors.callEntrySubmitted");
        const [removed] = await tx
          .delete(circleCallAttachments)
          .where(and(eq(circleCallAttachments.id, action.attachmentId), eq(circleCallAttachments.submissionId, entry.id)))
          .returning();
        if (!removed) throw notFound();
        removedPath = removed.storagePath;
        await recordAudit(tx, {
          actorUserId: member.user.id,
          orgId: member.org.id,
          action: "circle.entry_file_removed",
          subjectType: "circle_call_submission",
          subjectId: entry.id,
          before: { filename: removed.filename, kind: removed.kind },
          ip: meta.ip,
        });
        return "circleCalls.entry.fileRemoved";
      }
    }
  });
  if (removedPath) await removeStoredFile(removedPath);
  return result;
}

/**
 * Attaches a file (PDF or image, checked by its content, at most 10 MB) to the company's entry,
 * starting a draft titled after the file's kind if there is none yet. The file is written first
 * and removed again when the row cannot be.
 */
export async function addEntryAttachment(member: MemberActor, callId: string, input: { kind: CallAttachmentKind; filename: string; bytes: Uint8Array; draftTitle: string }, meta: RequestMeta, now = new Date()) {
  requireEntrant(member);
  const stored = await storeFile({ folder: "circle-calls", bytes: input.bytes, allowed: ["application/pdf", "image/png", "image/jpeg", "image/webp"], maxBytes: MAX_CALL_ATTACHMENT_BYTES });
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const call = await loadCall(tx, member, callId);
      await tx.execute(sql`select 1 from ${circleCalls} where ${circleCalls.id} = ${call.id} for share`);
      requireOpen(call, now);
      let entry = await ownEntry(tx, member, call.id, { forUpdate: true });
      if (entry?.status === "submitted") throw new AppError("conflict", "errors.callEntrySubmitted");
      if (!entry) {
        [entry] = await tx
          .insert(circleCallSubmissions)
          .values({ callId: call.id, orgId: member.org.id, title: input.draftTitle.slice(0, 120), createdBy: member.user.id, createdAt: now, updatedAt: now })
          .returning();
      } else if (entry.status === "withdrawn") {
        await tx.update(circleCallSubmissions).set({ status: "draft", withdrawnAt: null, updatedAt: now }).where(eq(circleCallSubmissions.id, entry.id));
      }
      const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(circleCallAttachments).where(eq(circleCallAttachments.submissionId, entry.id));
      if (n >= MAX_CALL_ATTACHMENTS) throw new AppError("conflict", "errors.admissionTooManyFiles", { max: MAX_CALL_ATTACHMENTS });
      const [attachment] = await tx
        .insert(circleCallAttachments)
        .values({
          submissionId: entry.id,
          kind: input.kind,
          filename: cleanFilename(input.filename),
          contentType: stored.contentType,
          sizeBytes: stored.sizeBytes,
          storagePath: stored.path,
          uploadedBy: member.user.id,
        })
        .returning();
      await recordAudit(tx, {
        actorUserId: member.user.id,
        orgId: member.org.id,
        action: "circle.entry_file_added",
        subjectType: "circle_call_submission",
        subjectId: entry.id,
        after: { attachmentId: attachment.id, kind: attachment.kind, filename: attachment.filename, contentType: stored.contentType, sizeBytes: stored.sizeBytes },
        ip: meta.ip,
      });
      return attachment;
    });
  } catch (error) {
    await removeStoredFile(stored.path);
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.callEntryExists");
    throw error;
  }
}

/**
 * A file of an entry: for its company's owners and admins, and — once sent in — for those who run
 * calls and the call's reviewers. To anyone else, another company included, it does not exist.
 */
export async function readEntryAttachment(member: MemberActor, attachmentId: string) {
  if (!isUuid(attachmentId)) throw notFound();
  const db = await getDb();
  const [row] = await db
    .select({ attachment: circleCallAttachments, orgId: circleCallSubmissions.orgId, status: circleCallSubmissions.status, callId: circleCallSubmissions.callId })
    .from(circleCallAttachments)
    .innerJoin(circleCallSubmissions, eq(circleCallSubmissions.id, circleCallAttachments.submissionId))
    .where(eq(circleCallAttachments.id, attachmentId));
  if (!row) throw notFound();
  const own = member.org.kind === "tenant" && row.orgId === member.org.id && mayEnterCalls(member);
  const staff = row.status !== "draft" && (mayRunCalls(member) || (await isReviewerOf(db, row.callId, member)));
  if (!own && !staff) throw notFound();
  const bytes = await readStoredFile(row.attachment.storagePath);
  return { bytes, filename: row.attachment.filename, contentType: row.attachment.contentType, sizeBytes: bytes.byteLength };
}

// ——— Reviewing ———

/** Loads an entry sent in to a call the member reviews (or runs); anything else is 404. */
async function loadReviewable(db: DbOrTx, member: MemberActor, callId: string, submissionId: string) {
  if (member.org.kind !== "park" || !isUuid(submissionId)) throw notFound();
  const call = await loadCall(db, member, callId);
  const reviewer = await isReviewerOf(db, call.id, member);
  if (!reviewer && !mayRunCalls(member)) throw notFound();
  const [row] = await db
    .select({ submission: circleCallSubmissions, org: { slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn } })
    .from(circleCallSubmissions)
    .innerJoin(orgDirectory, eq(orgDirectory.id, circleCallSubmissions.orgId))
    .where(and(eq(circleCallSubmissions.id, submissionId), eq(circleCallSubmissions.callId, call.id), ne(circleCallSubmissions.status, "draft")));
  if (!row) throw notFound();
  return { call, reviewer, ...row };
}

/** The scoring page: the entry, its files, the rubric and this reviewer's scores so far. */
export async function getReview(member: MemberActor, callId: string, submissionId: string, now = new Date()) {
  const db = await getDb();
  const { call, reviewer, submission, org } = await loadReviewable(db, member, callId, submissionId);
  const [mine] = await db
    .select()
    .from(circleCallScores)
    .where(and(eq(circleCallScores.submissionId, submission.id), eq(circleCallScores.reviewerUserId, member.user.id)));
  return {
    call: publicCall(call, now),
    submission: { id: submission.id, title: submission.title, summary: submission.summary, status: submission.status, submittedAt: submission.submittedAt },
    org,
    attachments: await attachmentsOf(db, submission.id),
    myScores: mine ? { scores: mine.scores, comment: mine.comment, total: mine.total } : null,
    mayScore: reviewer && submission.status === "submitted" && call.status !== "decided",
  };
}

/** A reviewer scores an entry: one score set per reviewer per entry, replaced until the call is decided. */
export async function scoreSubmission(member: MemberActor, callId: string, submissionId: string, input: ScoreInput, meta: RequestMeta, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { call, reviewer, submission } = await loadReviewable(tx, member, callId, submissionId);
    if (!reviewer) throw forbidden();
    await tx.execute(sql`select 1 from ${circleCalls} where ${circleCalls.id} = ${call.id} for share`);
    const [fresh] = await tx.select({ status: circleCalls.status }).from(circleCalls).where(eq(circleCalls.id, call.id));
    if (fresh.status === "decided") throw new AppError("conflict", "errors.callDecided");
    if (submission.status !== "submitted") throw new AppError("conflict", "errors.callEntryWithdrawn");
    const checked = checkScores(call.rubric, input.points);
    if (!checked) throw new AppError("invalid", "errors.callScores");
    await tx
      .insert(circleCallScores)
      .values({ submissionId: submission.id, reviewerUserId: member.user.id, scores: checked.scores, total: checked.total, comment: input.comment, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [circleCallScores.submissionId, circleCallScores.reviewerUserId],
        set: { scores: checked.scores, total: checked.total, comment: input.comment, updatedAt: now },
      });
    await recordAudit(tx, {
      actorUserId: member.user.id,
      orgId: member.org.id,
      action: "circle.entry_scored",
      subjectType: "circle_call_submission",
      subjectId: submission.id,
      after: { total: checked.total },
      ip: meta.ip,
    });
    return checked;
  });
}

// ——— On the winner's profile ———

/** 获奖/入选: the calls a company has won, for its circle profile (whoever may see the profile). */
export async function awardsOfCompany(orgId: string) {
  const db = await getDb();
  return db
    .select({
      callId: circleCalls.id,
      kind: circleCalls.kind,
      titleZh: circleCalls.titleZh,
      titleEn: circleCalls.titleEn,
      entryTitle: circleCallSubmissions.title,
      awardedAt: circleCallAwards.awardedAt,
    })
    .from(circleCallAwards)
    .innerJoin(circleCalls, eq(circleCalls.id, circleCallAwards.callId))
    .innerJoin(circleCallSubmissions, eq(circleCallSubmissions.id, circleCallAwards.submissionId))
    .where(eq(circleCallAwards.orgId, orgId))
    .orderBy(desc(circleCallAwards.awardedAt));
}
