// One registration case as the person asking may see it, and its timeline.
import { and, asc, eq, isNull } from "drizzle-orm";
import { registrationDocuments, registrationEvents, type RegistrationCaseType, type RegistrationStatus } from "#db/schema/registration";
import { orgDirectory, userDirectory } from "~/modules/identity/directory.server";
import { getDb, type DbOrTx } from "~/modules/platform/db.server";
import { loadCase, type RegistrationActor } from "./access.server";
import { parkAddressOf } from "./addresses.server";
import { caseName } from "./case-name";
import { documentChecklist, missingApplicantItems } from "./checklist";
import { validateIntake } from "./intake";
import { openIntake } from "./intake-seal.server";
import { isIntakeEditable, progressPercent, stepsFor } from "./workflow";

/** Applicant-owned uploads of a case (requirements with a live document). */
export async function uploadedRequirements(db: DbOrTx, caseId: string) {
  const rows = await db
    .selectDistinct({ requirement: registrationDocuments.requirement })
    .from(registrationDocuments)
    .where(and(eq(registrationDocuments.caseId, caseId), isNull(registrationDocuments.removedAt)));
  return rows.map((r) => r.requirement);
}

/**
 * Everything a case page shows: the case with its intake in clear, the steps of its line, where
 * it stands, its park address, its people, and what still stands between it and submitting.
 */
export async function getCase(actor: RegistrationActor, caseId: string) {
  const db = await getDb();
  const { row, who, isOwnerSide } = await loadCase(db, actor, caseId);
  const intake = openIntake(row.intake);
  const caseType = row.caseType as RegistrationCaseType;
  const status = row.status as RegistrationStatus;
  const [owner] = await db.select({ displayName: userDirectory.displayName, email: userDirectory.email }).from(userDirectory).where(eq(userDirectory.id, row.ownerUserId));
  const [org] = row.orgId
    ? await db.select({ id: orgDirectory.id, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn, uscc: orgDirectory.uscc }).from(orgDirectory).where(eq(orgDirectory.id, row.orgId))
    : [];
  const [assignee] = row.assigneeUserId ? await db.select({ displayName: userDirectory.displayName }).from(userDirectory).where(eq(userDirectory.id, row.assigneeUserId)) : [];
  const parkAddress = await parkAddressOf(db, row.id);
  const checklist = documentChecklist(caseType, intake);
  const uploaded = await uploadedRequirements(db, row.id);
  const { errors } = validateIntake(caseType, intake);
  return {
    ...row,
    caseType,
    status,
    resumeStatus: row.resumeStatus as RegistrationStatus | null,
    intake,
    name: caseName(row),
    steps: stepsFor(caseType),
    progress: progressPercent(status, row.resumeStatus as RegistrationStatus | null, caseType),
    editable: isOwnerSide && isIntakeEditable(status),
    ownerName: owner?.displayName ?? "",
    ownerEmail: owner?.email ?? "",
    org: org ?? null,
    assigneeName: assignee?.displayName ?? null,
    parkAddress,
    viewer: { isDesk: who.isDesk, isOwnerSide },
    /** What stops a submit (or a reply to a request): field errors and missing uploads. */
    submitCheck: { errors, missingDocuments: missingApplicantItems(checklist, uploaded) },
  };
}

export async function caseTimeline(actor: RegistrationActor, caseId: string) {
  const db = await getDb();
  await loadCase(db, actor, caseId);
  return db
    .select({
      id: registrationEvents.id,
      kind: registrationEvents.kind,
      fromStatus: registrationEvents.fromStatus,
      toStatus: registrationEvents.toStatus,
      note: registrationEvents.note,
      at: registrationEvents.at,
      actorUserId: registrationEvents.actorUserId,
      actorName: userDirectory.displayName,
    })
    .from(registrationEvents)
    .leftJoin(userDirectory, eq(userDirectory.id, registrationEvents.actorUserId))
    .where(eq(registrationEvents.caseId, caseId))
    .orderBy(asc(registrationEvents.at), asc(registrationEvents.id));
}
