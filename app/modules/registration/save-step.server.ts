// The applicant saves one step of the intake: whole and valid, or not at all.
import { eq } from "drizzle-orm";
import { registrationCases, type RegistrationCaseType, type RegistrationStatus } from "#db/schema/registration";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { loadCase, type RegistrationActor, type RequestMeta } from "./access.server";
import type { StepCheck } from "./forms";
import { isIntakeStep, validateStep, type FieldErrors, type IntakeStep } from "./intake";
import { openIntake, sealIntake } from "./intake-seal.server";
import { isIntakeEditable } from "./workflow";

/** A step is saved whole and valid, or not at all: refused answers come back as field errors. */
export type SaveStepResult = { ok: true; intake: Record<string, unknown> } | { ok: false; errors: FieldErrors };

/**
 * Saves one step of the intake as a draft. Invalid answers are not saved: the field errors come
 * back instead. Only the case's owner side edits, and only before submitting or while the desk
 * is waiting for them.
 */
export async function saveIntakeStep(actor: RegistrationActor, caseId: string, step: string, values: unknown, meta: RequestMeta = {}): Promise<SaveStepResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { row, who, isOwnerSide } = await loadCase(tx, actor, caseId, { forUpdate: true });
    if (!isOwnerSide) throw forbidden();
    if (!isIntakeStep(step)) throw new AppError("invalid", "registration.errors.unknownStep");
    if (!isIntakeEditable(row.status as RegistrationStatus)) throw new AppError("conflict", "registration.errors.notEditable");
    const intake = openIntake(row.intake);
    const result = validateStep(row.caseType as RegistrationCaseType, step as IntakeStep, values, intake);
    if (!result.ok) return result;
    const next = { ...intake, [step]: result.data };
    const set: Partial<typeof registrationCases.$inferInsert> = { intake: sealIntake(next), updatedAt: new Date() };
    if (step === "address") set.ownAddress = (result.data as { ownAddress: string | null }).ownAddress;
    await tx.update(registrationCases).set(set).where(eq(registrationCases.id, row.id));
    await recordAudit(tx, {
      actorUserId: who.userId,
      orgId: row.orgId,
      action: "registration.intake_saved",
      subjectType: "registration_case",
      subjectId: row.id,
      after: { step },
      ip: meta.ip ?? null,
    });
    return { ok: true, intake: next };
  });
}

/**
 * How a step of this case is checked before it is saved (the page's form schema calls it): the
 * case's type, and what its other steps say (the capital, for the shareholders' subscriptions).
 * `saveIntakeStep` checks again under the case's lock.
 */
export async function stepCheckFor(actor: RegistrationActor, caseId: string): Promise<StepCheck> {
  const db = await getDb();
  const { row } = await loadCase(db, actor, caseId);
  const intake = openIntake(row.intake);
  return (step, answers) => validateStep(row.caseType as RegistrationCaseType, step, answers, intake);
}
