// An applicant opens a registration case (for themselves or for a company they administer); admission
// opens one inside its own transaction when it approves an application.
import { registrationCaseTypes, registrationCases, registrationEvents, type RegistrationCaseType } from "#db/schema/registration";
import { requireVerifiedEmail } from "~/modules/identity/accounts.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { isTenantAdmin, whoIs, type RegistrationActor, type RequestMeta, type Who } from "./access.server";
import { feeForCase } from "./fees.server";

export async function openCase(actor: RegistrationActor, input: { caseType: string; orgId?: string | null }, meta: RequestMeta = {}) {
  if (!(registrationCaseTypes as readonly string[]).includes(input.caseType)) throw new AppError("invalid", "registration.errors.caseType");
  const caseType = input.caseType as RegistrationCaseType;
  const who = await whoIs(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const orgId = input.orgId || null;
    if (orgId && (!isUuid(orgId) || !(await isTenantAdmin(tx, who.userId, orgId)))) throw notFound();
    await requireVerifiedEmail(tx, who.userId);
    return insertCase(tx, who, { caseType, orgId, ownerUserId: who.userId, ip: meta.ip });
  });
}

/** Opens a case inside the caller's transaction (admission opens one on approval). */
export async function insertCase(tx: Tx, who: Who, input: { caseType: RegistrationCaseType; orgId: string | null; ownerUserId: string; note?: string; ip?: string | null }) {
  const [row] = await tx
    .insert(registrationCases)
    .values({
      caseType: input.caseType,
      ownerUserId: input.ownerUserId,
      orgId: input.orgId,
      feeFen: await feeForCase(tx, input.caseType, input.orgId),
    })
    .returning();
  await tx.insert(registrationEvents).values({ caseId: row.id, actorUserId: who.userId, kind: "opened", toStatus: "intake", note: input.note ?? "" });
  await recordAudit(tx, {
    actorUserId: who.userId,
    orgId: input.orgId,
    action: "registration.case_opened",
    subjectType: "registration_case",
    subjectId: row.id,
    after: { number: row.number, caseType: row.caseType, ownerUserId: row.ownerUserId, feeFen: String(row.feeFen) },
    ip: input.ip ?? null,
  });
  // The desk hears of the case when it is submitted: a draft is not work for it yet.
  return row;
}
