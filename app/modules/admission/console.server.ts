// The admissions console: the pipeline (how many applications in each state, how old, whose),
// the filtered list and its CSV export, and applications per month with the acceptance rate.
import { and, desc, eq, ilike, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { admissionApplications } from "#db/schema/admission";
import { userDirectory, userDirectoryAs } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { lastMonths, parkDate, wholeDaysSince } from "~/modules/platform/dates";
import { applicationStatuses, isStatus, type ApplicationStatus } from "./workflow";
import { requirePermission } from "~/modules/identity/permissions";

export interface ConsoleFilter {
  status?: string;
  /** A reviewer's id, "me", or "none" for unassigned. */
  assignee?: string;
  category?: string;
  q?: string;
}

/** The console's filter from its query string (the list page and the CSV export share it). */
export function filterFromUrl(url: URL): ConsoleFilter {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  return { status: get("status"), assignee: get("assignee"), category: get("category"), q: get("q") };
}

const assignees = userDirectoryAs("assignees");

function filterClauses(reviewer: MemberActor, filter: ConsoleFilter): SQL[] {
  // A draft is the applicant's own business until they submit it.
  const clauses: SQL[] = [ne(admissionApplications.status, "draft")];
  if (filter.status && isStatus(filter.status)) clauses.push(eq(admissionApplications.status, filter.status));
  if (filter.assignee === "me") clauses.push(eq(admissionApplications.assigneeUserId, reviewer.user.id));
  else if (filter.assignee === "none") clauses.push(isNull(admissionApplications.assigneeUserId));
  else if (filter.assignee && /^[0-9a-f-]{36}$/i.test(filter.assignee)) clauses.push(eq(admissionApplications.assigneeUserId, filter.assignee));
  if (filter.category && /^[a-z_]{1,30}$/.test(filter.category)) clauses.push(sql`${admissionApplications.company}->>'category' = ${filter.category}`);
  const q = filter.q?.trim().slice(0, 100);
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push(
      or(
        sql`${admissionApplications.company}->>'nameZh' ilike ${like}`,
        sql`${admissionApplications.company}->>'nameEn' ilike ${like}`,
        sql`${admissionApplications.company}->>'uscc' ilike ${like}`,
        ilike(userDirectory.email, like),
        ilike(userDirectory.displayName, like),
      )!,
    );
  }
  return clauses;
}

/** The applications matching the filter, oldest waiting first within open work, newest decided last. */
export async function listApplications(reviewer: MemberActor, filter: ConsoleFilter = {}, options: { limit?: number } = {}) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select({
      id: admissionApplications.id,
      status: admissionApplications.status,
      company: admissionApplications.company,
      applicantEmail: userDirectory.email,
      applicantName: userDirectory.displayName,
      assigneeUserId: admissionApplications.assigneeUserId,
      assigneeName: assignees.displayName,
      submittedAt: admissionApplications.submittedAt,
      statusChangedAt: admissionApplications.statusChangedAt,
      decidedAt: admissionApplications.decidedAt,
      interviewAt: admissionApplications.interviewAt,
      orgId: admissionApplications.orgId,
    })
    .from(admissionApplications)
    .innerJoin(userDirectory, eq(userDirectory.id, admissionApplications.applicantUserId))
    .leftJoin(assignees, eq(assignees.id, admissionApplications.assigneeUserId))
    .where(and(...filterClauses(reviewer, filter)))
    .orderBy(
      sql`case when ${admissionApplications.status} in ('approved', 'rejected', 'withdrawn', 'waitlisted') then 1 else 0 end`,
      sql`case when ${admissionApplications.status} in ('approved', 'rejected', 'withdrawn', 'waitlisted') then null else ${admissionApplications.submittedAt} end asc`,
      desc(admissionApplications.statusChangedAt),
    )
    .limit(options.limit ?? 200);
  return rows.map(({ company, ...row }) => {
    const c = (company ?? {}) as { nameZh?: string; nameEn?: string; category?: string; registered?: string };
    return { ...row, status: row.status as ApplicationStatus, nameZh: c.nameZh ?? "", nameEn: c.nameEn ?? "", category: c.category ?? null, registered: c.registered === "yes" };
  });
}

/** Whole days from `from` to `now`. */
export function ageInDays(from: Date | string | null, now = new Date()) {
  if (!from) return null;
  return wholeDaysSince(new Date(from), now);
}

/**
 * Per state: how many applications, the oldest one's age in days (since it entered the state),
 * and how many have nobody assigned.
 */
export async function pipeline(reviewer: MemberActor) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select({
      status: admissionApplications.status,
      n: sql<number>`count(*)::int`,
      oldest: sql<Date | null>`min(${admissionApplications.statusChangedAt})`,
      unassigned: sql<number>`(count(*) filter (where ${admissionApplications.assigneeUserId} is null))::int`,
    })
    .from(admissionApplications)
    .where(ne(admissionApplications.status, "draft"))
    .groupBy(admissionApplications.status);
  const byStatus = new Map(rows.map((r) => [r.status, r]));
  return applicationStatuses
    .filter((s) => s !== "draft")
    .map((status) => {
      const row = byStatus.get(status);
      return { status, count: Number(row?.n ?? 0), oldestDays: row?.oldest ? ageInDays(row.oldest) : null, unassigned: Number(row?.unassigned ?? 0) };
    });
}

/**
 * The last 12 months (park time): applications submitted, decisions made, approvals, and the
 * acceptance rate (approved ÷ decided, in whole percent; null without decisions).
 */
export async function monthlyStats(reviewer: MemberActor, months = 12) {
  requirePermission(reviewer, "admission:review", { kind: "park" });
  const db = await getDb();
  const range = lastMonths(months, parkDate());
  const since = `${range[0]}-01`;
  const submitted = await queryRows<{ month: string; n: number }>(
    db,
    sql`select to_char(${admissionApplications.submittedAt} at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as n
        from ${admissionApplications}
        where ${admissionApplications.submittedAt} >= (${since}::date at time zone 'Asia/Shanghai')
        group by 1`,
  );
  const decided = await queryRows<{ month: string; decided: number; approved: number }>(
    db,
    sql`select to_char(${admissionApplications.decidedAt} at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
               count(*)::int as decided,
               (count(*) filter (where ${admissionApplications.status} = 'approved'))::int as approved
        from ${admissionApplications}
        where ${admissionApplications.decidedAt} is not null
          and ${admissionApplications.status} in ('approved', 'rejected', 'waitlisted')
          and ${admissionApplications.decidedAt} >= (${since}::date at time zone 'Asia/Shanghai')
        group by 1`,
  );
  const submittedBy = new Map(submitted.map((r) => [r.month, Number(r.n)]));
  const decidedBy = new Map(decided.map((r) => [r.month, r]));
  return range.map((month) => {
    const d = decidedBy.get(month);
    const decidedCount = Number(d?.decided ?? 0);
    const approved = Number(d?.approved ?? 0);
    return {
      month,
      submitted: submittedBy.get(month) ?? 0,
      decided: decidedCount,
      approved,
      acceptancePercent: decidedCount === 0 ? null : Math.round((approved * 100) / decidedCount),
    };
  });
}
