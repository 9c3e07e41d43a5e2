// What admission does with a case it opened: reads it back, and attaches the company once it is a
// tenant. Both run in the caller's transaction.
import { eq } from "drizzle-orm";
import { registrationCases, registrationEvents, type RegistrationCaseType } from "#db/schema/registration";
import { recordAudit } from "~/modules/platform/audit.server";
import type { DbOrTx, Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { feeForCase } from "./fees.server";

/** One case by its id, inside the caller's transaction (for modules that link to a case they opened). */
export async function caseById(tx: DbOrTx, caseId: string) {
  const [row] = await tx.select().from(registrationCases).where(eq(registrationCases.id, caseId));
  return row;
}

/**
 * Attaches a tenant organisation to a case that had none (the applicant's company was just
 * admitted); the fee is worked out again, as tenants may be free. Runs in the caller's transaction.
 */
export async function attachOrganisation(tx: Tx, caseId: string, orgId: string, actorUserId: string) {
  const [row] = await tx.select().from(registrationCases).where(eq(registrationCases.id, caseId)).for("update");
  if (!row || row.orgId === orgId) return row ?? null;
  if (row.orgId) throw new AppError("conflict", "registration.errors.caseHasCompany");
  const feeFen = row.feeInvoiceId ? row.feeFen : await feeForCase(tx, row.caseType as RegistrationCaseType, orgId);
  const [updated] = await tx.update(registrationCases).set({ orgId, feeFen, updatedAt: new Date() }).where(eq(registrationCases.id, row.id)).returning();
  await tx.insert(registrationEvents).values({ caseId: row.id, actorUserId, kind: "company_attached" });
  await recordAudit(tx, {
    actorUserId,
    orgId,
    action: "registration.company_attached",
    subjectType: "registration_case",
    subjectId: row.id,
    before: { orgId: null, feeFen: String(row.feeFen) },
    after: { orgId, feeFen: String(feeFen) },
  });
  return updated;
}
