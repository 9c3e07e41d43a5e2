// The applicant's list of registration cases.
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { registrationCases, type RegistrationCaseType, type RegistrationStatus } from "#db/schema/registration";
import { membershipDirectory, orgDirectory } from "~/modules/identity/directory.server";
import { rolesWith } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import type { RegistrationActor } from "./access.server";
import { caseName } from "./case-name";
import { progressPercent, stepOwner } from "./workflow";

/** The actor's cases: opened by them, or of a company where they are owner or admin. */
export async function listMyCases(actor: RegistrationActor) {
  const db = await getDb();
  const adminOf = db
    .select({ orgId: membershipDirectory.orgId })
    .from(membershipDirectory)
    .where(and(eq(membershipDirectory.userId, actor.user.id), inArray(membershipDirectory.role, rolesWith("tenant", "registration:open"))));
  const rows = await db
    .select({ row: registrationCases, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(registrationCases)
    .leftJoin(orgDirectory, eq(orgDirectory.id, registrationCases.orgId))
    .where(or(eq(registrationCases.ownerUserId, actor.user.id), inArray(registrationCases.orgId, adminOf)))
    .orderBy(desc(registrationCases.openedAt));
  return rows.map(({ row, orgNameZh, orgNameEn }) => ({
    id: row.id,
    number: row.number,
    caseType: row.caseType as RegistrationCaseType,
    status: row.status as RegistrationStatus,
    resumeStatus: row.resumeStatus as RegistrationStatus | null,
    waitingReason: row.waitingReason,
    stepOwner: stepOwner(row.status as RegistrationStatus),
    dueOn: row.dueOn,
    approvedNameZh: row.approvedNameZh,
    /** Only the names step: the rest holds personal data a list has no need for. */
    intake: { names: row.intake?.names } as Record<string, unknown>,
    name: caseName(row),
    orgNameZh,
    orgNameEn,
    progress: progressPercent(row.status as RegistrationStatus, row.resumeStatus as RegistrationStatus | null, row.caseType as RegistrationCaseType),
    openedAt: row.openedAt,
    statusChangedAt: row.statusChangedAt,
  }));
}
