// The registration desk's read side: the queue by step with ages, assignees and due dates, the
// counts on the desk's overview, the statistics (cases completed per month, days to licence, open
// cases by step), and a tenant's company profile. Desk views need `registration:manage`.
import { and, asc, desc, eq, isNotNull, isNull, lt, notInArray, sql, type SQL } from "drizzle-orm";
import { orgDirectory, userDirectoryAs } from "~/modules/identity/directory.server";
import { registrationCases, type RegistrationStatus } from "#db/schema/registration";
import { activeMembership, type Actor, type MemberActor } from "~/modules/identity/access.server";
import { peopleWithPermission } from "~/modules/identity/members.server";
import { getTenant } from "~/modules/identity/organisations.server";
import { lastMonths, parkDate, wholeDaysSince } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { forbidden } from "~/modules/platform/errors";
import { requireDesk, type RegistrationActor } from "./access.server";
import { caseName } from "./case-name";
import { caseTimeline, getCase } from "./get-case.server";
import { documentChecklist, documentLabel } from "./checklist";
import { caseDocuments } from "./documents.server";
import { stepsForCaseType, validateStep, type FieldErrors } from "./intake";
import { problemMessage } from "./names";
import { registrationSteps, stepOwner } from "./workflow";

/** Steps that are over: nobody acts on them any more. */
const closedStatuses: RegistrationStatus[] = ["completed", "cancelled"];

/** The steps of an open case in the order the desk reads its queue (waiting last: the applicant holds it). */
const queueOrder: RegistrationStatus[] = [...registrationSteps.filter((s) => s !== "completed"), "waiting_for_applicant"];

/** What the queue and the company profile both show of a case: its number, type, step and name. */
const caseSummaryColumns = {
  id: registrationCases.id,
  number: registrationCases.number,
  caseType: registrationCases.caseType,
  status: registrationCases.status,
  resumeStatus: registrationCases.resumeStatus,
  approvedNameZh: registrationCases.approvedNameZh,
  intake: registrationCases.intake,
};

/** The name a case goes by (the approved name, else the first candidate). */
function caseDisplayName(row: { approvedNameZh: string | null; intake: Record<string, unknown> | null }): string | null {
  return caseName({ approvedNameZh: row.approvedNameZh, intake: row.intake ?? {} });
}

export interface DeskQueueFilter {
  status?: string | null;
  /** "mine", "none" (nobody assigned) or a user id. */
  assignee?: string | null;
  overdue?: boolean;
}

/**
 * The desk's queue: every open case (or one step's), oldest change first, with its age in days
 * since the last change, who is assigned and whether the due date has passed.
 */
export async function deskQueue(actor: MemberActor, filter: DeskQueueFilter = {}, now = new Date()) {
  await requireDesk(actor);
  const db = await getDb();
  const today = parkDate(now);
  const owner = userDirectoryAs("owner");
  const assignee = userDirectoryAs("assignee");
  const conditions: SQL[] = [];
  const status = filter.status && (queueOrder as string[]).includes(filter.status) ? (filter.status as RegistrationStatus) : null;
  if (status) conditions.push(eq(registrationCases.status, status));
  else conditions.push(notInArray(registrationCases.status, closedStatuses));
  if (filter.assignee === "mine") conditions.push(eq(registrationCases.assigneeUserId, actor.user.id));
  else if (filter.assignee === "none") conditions.push(isNull(registrationCases.assigneeUserId));
  else if (filter.assignee && /^[0-9a-f-]{36}$/i.test(filter.assignee)) conditions.push(eq(registrationCases.assigneeUserId, filter.assignee));
  if (filter.overdue) conditions.push(and(isNotNull(registrationCases.dueOn), lt(registrationCases.dueOn, today))!);
  const rows = await db
    .select({
      ...caseSummaryColumns,
      stepOwner: registrationCases.stepOwner,
      dueOn: registrationCases.dueOn,
      statusChangedAt: registrationCases.statusChangedAt,
      assigneeUserId: registrationCases.assigneeUserId,
      assigneeName: assignee.displayName,
      ownerName: owner.displayName,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
    })
    .from(registrationCases)
    .innerJoin(owner, eq(owner.id, registrationCases.ownerUserId))
    .leftJoin(assignee, eq(assignee.id, registrationCases.assigneeUserId))
    .leftJoin(orgDirectory, eq(orgDirectory.id, registrationCases.orgId))
    .where(and(...conditions))
    .orderBy(asc(registrationCases.statusChangedAt));
  return rows.map(({ intake, statusChangedAt, ...row }) => ({
    ...row,
    name: caseDisplayName({ approvedNameZh: row.approvedNameZh, intake }),
    ageDays: wholeDaysSince(statusChangedAt, now),
    overdue: row.dueOn !== null && row.dueOn < today,
  }));
}
export type DeskQueueRow = Awaited<ReturnType<typeof deskQueue>>[number];

/** The numbers on top of the desk: open cases per step, overdue, unassigned and the actor's own. */
export async function deskCounts(actor: MemberActor, now = new Date()) {
  await requireDesk(actor);
  const db = await getDb();
  const today = parkDate(now);
  const open = notInArray(registrationCases.status, closedStatuses);
  const byStatus = await db
    .select({ status: registrationCases.status, n: sql<number>`count(*)::int` })
    .from(registrationCases)
    .where(open)
    .groupBy(registrationCases.status);
  const [totals] = await db
    .select({
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`count(*) filter (where ${registrationCases.dueOn} < ${today})::int`,
      unassigned: sql<number>`count(*) filter (where ${registrationCases.assigneeUserId} is null)::int`,
      mine: sql<number>`count(*) filter (where ${registrationCases.assigneeUserId} = ${actor.user.id})::int`,
      deskActs: sql<number>`count(*) filter (where ${registrationCases.stepOwner} = 'desk')::int`,
    })
    .from(registrationCases)
    .where(open);
  const perStatus = Object.fromEntries(queueOrder.map((s) => [s, 0])) as Record<string, number>;
  for (const row of byStatus) perStatus[row.status] = Number(row.n);
  return {
    byStatus: perStatus,
    open: Number(totals?.open ?? 0),
    overdue: Number(totals?.overdue ?? 0),
    unassigned: Number(totals?.unassigned ?? 0),
    mine: Number(totals?.mine ?? 0),
    deskActs: Number(totals?.deskActs ?? 0),
  };
}

/** The park's people who can take a case: registration staff and park admins. */
export async function deskStaff(actor: MemberActor) {
  await requireDesk(actor);
  const db = await getDb();
  const people = await peopleWithPermission(db, { park: true }, "registration:manage");
  return people.map((p) => ({ userId: p.userId, displayName: p.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName, "zh-CN"));
}

function median(values: number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Days are whole numbers; the median of an even count is the mean of the middle two, to tenths.
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

/**
 * Cases completed per month (the last 12 park months, oldest first), days from opening to the
 * licence (median and average over every licensed case), and open cases by step.
 */
export async function deskStats(actor: MemberActor, now = new Date()) {
  await requireDesk(actor);
  const db = await getDb();
  const months = lastMonths(12, parkDate(now));
  const completedRows = await db
    .select({
      month: sql<string>`to_char(${registrationCases.completedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`,
      caseType: registrationCases.caseType,
      n: sql<number>`count(*)::int`,
    })
    .from(registrationCases)
    .where(and(eq(registrationCases.status, "completed"), isNotNull(registrationCases.completedAt)))
    .groupBy(sql`1`, registrationCases.caseType);
  const completedByMonth = months.map((month) => {
    const inMonth = completedRows.filter((r) => r.month === month);
    const byType: Record<string, number> = { limited: 0, sole_proprietorship: 0, individual: 0, relocation: 0 };
    for (const r of inMonth) byType[r.caseType] = Number(r.n);
    return { month, total: inMonth.reduce((s, r) => s + Number(r.n), 0), ...byType } as { month: string; total: number } & Record<string, number>;
  });
  const licensed = await db
    .select({
      days: sql<number>`(${registrationCases.licenceIssuedOn} - (${registrationCases.openedAt} at time zone 'Asia/Shanghai')::date)::int`,
    })
    .from(registrationCases)
    .where(and(isNotNull(registrationCases.licenceIssuedOn), notInArray(registrationCases.status, ["cancelled"])));
  const days = licensed.map((r) => Math.max(0, Number(r.days)));
  const averageDays = days.length ? Math.round((days.reduce((s, d) => s + d, 0) / days.length) * 10) / 10 : null;
  const openRows = await db
    .select({ status: registrationCases.status, n: sql<number>`count(*)::int` })
    .from(registrationCases)
    .where(notInArray(registrationCases.status, closedStatuses))
    .groupBy(registrationCases.status);
  const openByStep = queueOrder.map((status) => ({ status, count: Number(openRows.find((r) => r.status === status)?.n ?? 0) }));
  const [cancelled] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registrationCases)
    .where(eq(registrationCases.status, "cancelled"));
  return {
    completedByMonth,
    completedTotal: completedByMonth.reduce((s, m) => s + m.total, 0),
    licensedCount: days.length,
    medianDaysToLicence: median(days),
    averageDaysToLicence: averageDays,
    openByStep,
    cancelled: Number(cancelled?.n ?? 0),
  };
}

/**
 * The tenant's company as registered: names, USCC and registered address (written when a case
 * completes), and its registration cases, newest first.
 */
export async function companyProfile(actor: MemberActor) {
  if (actor.org.kind !== "tenant") throw forbidden();
  const org = await getTenant(actor.org.id);
  const db = await getDb();
  const cases = await db
    .select({
      ...caseSummaryColumns,
      openedAt: registrationCases.openedAt,
      completedAt: registrationCases.completedAt,
      licenceIssuedOn: registrationCases.licenceIssuedOn,
    })
    .from(registrationCases)
    .where(eq(registrationCases.orgId, actor.org.id))
    .orderBy(desc(registrationCases.openedAt));
  return {
    company: {
      id: org.id,
      nameZh: org.nameZh,
      nameEn: org.nameEn,
      uscc: org.uscc,
      registeredAddress: org.registeredAddress,
      createdAt: org.createdAt,
    },
    cases: cases.map(({ intake, ...c }) => ({ ...c, name: caseDisplayName({ approvedNameZh: c.approvedNameZh, intake }) })),
    openCase: cases.some((c) => !closedStatuses.includes(c.status)),
  };
}

/**
 * The actor the registration functions take, worked out once per request: the active membership
 * (the desk acts for the park) or the bare person. Without the session in it, nothing inside a
 * case's transaction has to look the membership up again on another connection (PGlite has one).
 */
export async function registrationActorFor(actor: Actor): Promise<RegistrationActor> {
  const member = await activeMembership(actor);
  return member ?? { user: actor.user };
}

/** Whether a person has any registration case: such a person gets 公司注册 in the header. */
/** Whether the person has a company-registration case, as a question for `askTogether`. */
export function hasRegistrationCaseQuestion(userId: string) {
  return sql<boolean>`select exists (select 1 from ${registrationCases} where ${registrationCases.ownerUserId} = ${userId})`;
}

// ——— the case page's read model (applicant and desk) ———

/** Field problems as encoded catalogue keys (see `problemMessage`), by path. */
function problemsToMessages(problems: FieldErrors): Record<string, string[]> {
  return Object.fromEntries(Object.entries(problems).map(([path, list]) => [path, list.map(problemMessage)]));
}

/**
 * Everything the case page shows, as `getCase` lets this person see it: the case (money as
 * strings), its documents against the checklist, the history, which intake steps are complete and
 * what a submit would refuse, as encoded catalogue messages.
 */
const isDocumentEvent = (kind: string) => kind === "document_uploaded" || kind === "document_removed";

export async function caseView(actor: RegistrationActor, caseId: string, now = new Date()) {
  const found = await getCase(actor, caseId);
  const [documents, timeline] = await Promise.all([caseDocuments(actor, caseId), caseTimeline(actor, caseId)]);
  const intake = found.intake;
  const today = parkDate(now);
  const completion = Object.fromEntries(
    stepsForCaseType(found.caseType).map((step) => [step, Boolean(intake[step]) && validateStep(found.caseType, step, intake[step], intake, today).ok]),
  ) as Record<string, boolean>;
  const checklist = documentChecklist(found.caseType, intake);
  completion.documents = found.submitCheck.missingDocuments.length === 0 && documents.length > 0;
  return {
    case: {
      id: found.id,
      number: found.number,
      caseType: found.caseType,
      status: found.status,
      resumeStatus: found.resumeStatus,
      waitingReason: found.waitingReason,
      stepOwner: stepOwner(found.status) ?? "desk",
      dueOn: found.dueOn,
      intake,
      intakeSubmittedAt: found.intakeSubmittedAt,
      approvedNameZh: found.approvedNameZh,
      uscc: found.uscc,
      licenceIssuedOn: found.licenceIssuedOn,
      ownAddress: found.ownAddress,
      feeFen: String(found.feeFen),
      feeInvoiceId: found.feeInvoiceId,
      cancelledReason: found.cancelledReason,
      assigneeUserId: found.assigneeUserId,
      assigneeName: found.assigneeName,
      ownerUserId: found.ownerUserId,
      ownerName: found.ownerName,
      org: found.org,
    },
    name: found.name,
    isOwner: found.viewer.isOwnerSide,
    overdue: found.dueOn !== null && found.dueOn < today && !closedStatuses.includes(found.status),
    documents: documents.map((d) => ({
      id: d.id,
      requirement: d.requirement,
      filename: d.filename,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      createdAt: d.createdAt,
    })),
    checklist,
    missingDocuments: found.submitCheck.missingDocuments,
    timeline: timeline.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      // A document event's note is the requirement it was filed against: name the document instead.
      note: isDocumentEvent(e.kind) ? "" : e.note,
      document: isDocumentEvent(e.kind) ? documentLabel(checklist, e.note) : null,
      at: e.at,
      actorName: e.actorName ?? null,
      byApplicant: e.actorUserId === found.ownerUserId,
    })),
    completion,
    validation: { errors: problemsToMessages(found.submitCheck.errors) },
    address: found.parkAddress ? { addressZh: found.parkAddress.addressZh, addressEn: found.parkAddress.addressEn } : null,
  };
}
export type CaseView = Awaited<ReturnType<typeof caseView>>;
