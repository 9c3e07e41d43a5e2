// Where admission meets company-registration help (layer 3, below admission): an applicant whose
// company is not registered opens a registration case from the application in one click; approval
// attaches the new tenant to that case (or opens one for it); a case that completes before its
// company became a tenant writes the USCC and the approved name into the application's answers.
// Wired at start-up by app/bootstrap.server.ts (registerAdmissionRegistrationLink).
import { eq } from "drizzle-orm";
import { admissionApplications } from "#db/schema/admission";
import type { RegistrationCaseType } from "~/modules/registration/workflow";
import { requireVerifiedEmail } from "~/modules/identity/accounts.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { notify } from "~/modules/platform/notifications.server";
import { attachOrganisation, caseById } from "~/modules/registration/link-case.server";
import { insertCase } from "~/modules/registration/open-case.server";
import { saveIntakeStep } from "~/modules/registration/save-step.server";
import { onRegistrationCompleted, type CompletedRegistration } from "~/modules/registration/hooks.server";
import { validateStep } from "~/modules/registration/intake";
import { loadOwnApplication, type Applicant } from "./applications.server";
import type { CompanyAnswers } from "./forms";
import { onApprovedUnregistered, type ApprovedUnregisteredCompany } from "./hooks.server";

/** Kinds of case an application may open: a new company when it is not registered, a move-in when it is. */
const newCompanyTypes: RegistrationCaseType[] = ["limited", "sole_proprietorship", "individual"];

/** What the application already says, as the case's first answers (only what passes the step's check). */
function prefilledNames(caseType: RegistrationCaseType, company: Partial<CompanyAnswers>) {
  const values = caseType === "relocation" ? { candidates: [company.nameZh ?? ""], currentUscc: company.uscc ?? "" } : { candidates: [company.nameZh ?? ""] };
  const checked = validateStep(caseType, "names", values);
  return checked.ok ? checked.data : null;
}

/**
 * The applicant opens a registration case for the company of their application: a limited
 * company by default (another new-company type on request), or a relocation (迁入) when the
 * company is registered elsewhere. Asking again returns the case already linked.
 */
export async function openRegistrationCaseFromApplication(actor: Applicant, applicationId: string, options: { caseType?: RegistrationCaseType } = {}) {
  const db = await getDb();
  const opened = await db.transaction(async (tx) => {
    const application = await loadOwnApplication(tx, actor, applicationId);
    await requireVerifiedEmail(tx, actor.user.id);
    // The lock makes two clicks at once open one case.
    const [locked] = await tx.select().from(admissionApplications).where(eq(admissionApplications.id, application.id)).for("update");
    if (locked.registrationCaseId) {
      const linked = await caseById(tx, locked.registrationCaseId);
      return { row: linked, created: false };
    }
    if (["rejected", "withdrawn"].includes(locked.status)) throw new AppError("conflict", "registration.errors.applicationClosed");
    const company = (locked.company ?? {}) as Partial<CompanyAnswers>;
    const registered = company.registered === "yes";
    const caseType = options.caseType ?? (registered ? "relocation" : "limited");
    if (registered ? caseType !== "relocation" : !newCompanyTypes.includes(caseType)) {
      throw new AppError("conflict", registered ? "registration.errors.companyAlreadyRegistered" : "registration.errors.relocationNeedsRegistered");
    }
    const row = await insertCase(
      tx,
      { userId: actor.user.id, isDesk: false, deskOrgId: null },
      { caseType, orgId: locked.orgId ?? null, ownerUserId: locked.applicantUserId, note: company.nameZh ?? "" },
    );
    await tx.update(admissionApplications).set({ registrationCaseId: row.id, updatedAt: new Date() }).where(eq(admissionApplications.id, locked.id));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: locked.orgId ?? null,
      action: "admission.registration_linked",
      subjectType: "admission_application",
      subjectId: locked.id,
      after: { registrationCaseId: row.id, caseNumber: row.number, caseType },
    });
    return { row, created: true, names: prefilledNames(caseType, company) };
  });
  // The company's name from the application starts the intake (a draft the applicant can change).
  if (opened.created && opened.names) await saveIntakeStep(actor, opened.row.id, "names", opened.names);
  return opened.row;
}

/** Approval of a company that is not registered: the new tenant joins the linked case, or gets one. */
async function attachOrOpenOnApproval(tx: Tx, company: ApprovedUnregisteredCompany) {
  const [application] = await tx.select().from(admissionApplications).where(eq(admissionApplications.id, company.applicationId)).for("update");
  if (!application) throw notFound();
  if (application.registrationCaseId) {
    await attachOrganisation(tx, application.registrationCaseId, company.orgId, company.actorUserId);
    return;
  }
  const row = await insertCase(
    tx,
    { userId: company.actorUserId, isDesk: false, deskOrgId: null },
    { caseType: "limited", orgId: company.orgId, ownerUserId: company.applicantUserId, note: company.companyNameZh },
  );
  await tx.update(admissionApplications).set({ registrationCaseId: row.id }).where(eq(admissionApplications.id, application.id));
  await recordAudit(tx, {
    actorUserId: company.actorUserId,
    orgId: company.orgId,
    action: "admission.registration_linked",
    subjectType: "admission_application",
    subjectId: application.id,
    after: { registrationCaseId: row.id, caseNumber: row.number, caseType: "limited" },
  });
  await notify(tx, {
    userId: company.applicantUserId,
    orgId: company.orgId,
    kind: "registrationCaseOpenedForYou",
    params: { number: row.number, company: company.companyNameZh },
    link: `/registration/${row.id}`,
  });
}

/** A case completed for a company that is not a tenant yet: its application now says it is registered. */
async function recordOnApplication(tx: Tx, completed: CompletedRegistration) {
  const [application] = await tx.select().from(admissionApplications).where(eq(admissionApplications.registrationCaseId, completed.caseId)).for("update");
  if (!application) return;
  const before = (application.company ?? {}) as Record<string, unknown>;
  const company = {
    ...before,
    registered: "yes",
    uscc: completed.uscc,
    ...(completed.approvedNameZh ? { nameZh: completed.approvedNameZh } : {}),
    ...(completed.licenceIssuedOn ? { foundedOn: completed.licenceIssuedOn } : {}),
  };
  await tx.update(admissionApplications).set({ company, updatedAt: new Date() }).where(eq(admissionApplications.id, application.id));
  await recordAudit(tx, {
    actorUserId: completed.actorUserId,
    orgId: application.orgId ?? null,
    action: "admission.company_registered",
    subjectType: "admission_application",
    subjectId: application.id,
    before: { registered: before.registered ?? null, uscc: before.uscc ?? null, nameZh: before.nameZh ?? null },
    after: { registered: "yes", uscc: completed.uscc, nameZh: company.nameZh ?? null, caseNumber: completed.caseNumber },
  });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerAdmissionRegistrationLink() {
  onApprovedUnregistered(attachOrOpenOnApproval);
  onRegistrationCompleted(recordOnApplication);
}
