// The applicant hands the case to the desk; what a submit (or a reply to the desk) checks first.
import type { RegistrationCaseType } from "#db/schema/registration";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { loadCase, type CaseRow, type RegistrationActor, type RequestMeta } from "./access.server";
import { assignParkAddress, releaseParkAddress } from "./addresses.server";
import { caseName } from "./case-name";
import { deskLink, deskPeople, moveCase } from "./case-moves.server";
import { documentChecklist, missingApplicantItems } from "./checklist";
import { uploadedRequirements } from "./get-case.server";
import { validateIntake } from "./intake";
import { openIntake } from "./intake-seal.server";

/** The whole intake valid and every applicant document uploaded, or an `invalid` error saying what is missing. */
export async function assertReady(tx: Tx, row: CaseRow, intake: Record<string, unknown>) {
  const caseType = row.caseType as RegistrationCaseType;
  const { errors } = validateIntake(caseType, intake);
  const fields = Object.keys(errors);
  if (fields.length > 0) {
    const steps = [...new Set(fields.map((f) => f.split(".")[0]))];
    throw new AppError("invalid", "registration.errors.intakeIncomplete", { count: fields.length, steps: steps.join(", ") });
  }
  const missing = missingApplicantItems(documentChecklist(caseType, intake), await uploadedRequirements(tx, row.id));
  if (missing.length > 0) throw new AppError("invalid", "registration.errors.documentsMissing", { count: missing.length });
}

/** Puts the case's registered address in place: a park address from the pool, or the applicant's own. */
export async function settleAddress(tx: Tx, row: CaseRow, intake: Record<string, unknown>) {
  const address = intake.address as { kind?: string; ownAddress?: string | null } | undefined;
  if (address?.kind === "park") {
    await assignParkAddress(tx, row.id);
    return null;
  }
  await releaseParkAddress(tx, row.id);
  return address?.ownAddress ?? null;
}

/**
 * The applicant hands the case to the desk: the intake is checked in full, every document the
 * applicant owes is uploaded, a park address is taken from the pool when they chose one.
 */
export async function submitIntake(actor: RegistrationActor, caseId: string, meta: RequestMeta = {}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!isOwnerSide) throw forbidden();
    if (row.status !== "intake") throw new AppError("conflict", "registration.errors.alreadySubmitted");
    const intake = openIntake(row.intake);
    await assertReady(tx, row, intake);
    const ownAddress = await settleAddress(tx, row, intake);
    const moved = await moveCase(tx, { row, who, to: "materials_complete", action: "registration.submitted", eventKind: "submitted", ip: meta.ip, set: { intakeSubmittedAt: new Date(), ownAddress } });
    for (const userId of await deskPeople(tx, row)) {
      await notify(tx, { userId, kind: "registrationSubmitted", params: { number: row.number, name: caseName(row) ?? "" }, link: deskLink(row.id) });
    }
    return moved;
  });
}
