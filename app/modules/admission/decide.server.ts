// The decision: approve, reject or waitlist, with a reason the applicant reads. Approval creates the
// tenant company with the applicant as its owner, records the agreed terms and grants welcome
// credits — all in the transaction that moves the application, so it happens exactly once: a
// second reviewer deciding at the same moment finds the application already decided.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { admissionApplications, type AgreedTerms } from "#db/schema/admission";
import { addMembership, insertTenantOrganisation } from "~/modules/identity/organisations.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { setQuotaInTx } from "~/modules/housing/quotas.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { companyName, loadForReview, moveApplication, requireReviewer, type ApplicationRow, type RequestMeta } from "./applications.server";
import { decisionSchema, DEFAULT_WELCOME_CREDITS, WELCOME_CREDITS_DAYS, type CompanyAnswers, type DecisionInput } from "./forms";
import { runApprovedUnregistered, runTenantApproved } from "./hooks.server";
import { slugFromName } from "./rules";

/**
 * Inserts the tenant organisation under the first free slug: the English name's, then with a
 * number, else a generated one. ON CONFLICT DO NOTHING keeps a taken slug from failing the
 * transaction.
 */
async function createTenant(tx: Tx, application: ApplicationRow) {
  const company = (application.company ?? {}) as Partial<CompanyAnswers>;
  const base = slugFromName(company.nameEn);
  const candidates = base.length >= 3 ? [base, ...[2, 3, 4, 5].map((n) => `${base}-${n}`)] : [];
  candidates.push(`tenant-${randomBytes(4).toString("hex")}`, `tenant-${randomBytes(6).toString("hex")}`);
  for (const slug of candidates) {
    const org = await insertTenantOrganisation(tx, {
        slug,
        nameZh: company.nameZh ?? companyName(application),
        nameEn: company.nameEn || company.nameZh || slug,
        category: company.category ?? null,
        uscc: company.registered === "yes" ? (company.uscc ?? null) : null,
        summaryZh: company.description ?? "",
        summaryEn: company.nameEn ? (company.description ?? "") : "",
      });
    if (org) return org;
  }
  throw new AppError("conflict", "errors.admissionSlugTaken");
}

/**
 * A reviewer decides. Approval needs the agreed terms (seats, move-in date, incubation support)
 * and grants the welcome credits (default 500, expiring in 90 days) to the new tenant.
 */
export async function decide(reviewer: MemberActor, applicationId: string, input: DecisionInput, meta: RequestMeta) {
  requireReviewer(reviewer);
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
  const values = parsed.data;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const application = await loadForReview(tx, reviewer, applicationId);
    const decidedAt = new Date();
    const decision = { decidedAt, decidedBy: reviewer.user.id, decisionReason: values.reason };
    if (values.decision !== "approve") {
      return moveApplication(tx, {
        application,
        event: values.decision,
        actorUserId: reviewer.user.id,
        auditOrgId: reviewer.org.id,
        set: decision,
        message: values.reason,
        meta,
      });
    }
    const terms: AgreedTerms = {
      seats: values.seats!,
      moveInOn: values.moveInOn!,
      incubationSupport: values.incubationSupport ?? "",
      welcomeCredits: values.welcomeCredits ?? DEFAULT_WELCOME_CREDITS,
    };
    // The compare-and-set comes first: whoever loses the race does no more work than this.
    const approved = await moveApplication(tx, {
      application,
      event: "approve",
      actorUserId: reviewer.user.id,
      auditOrgId: reviewer.org.id,
      set: { ...decision, terms },
      message: values.reason,
      details: { terms },
      meta,
    });
    const org = await createTenant(tx, approved);
    await addMembership(tx, { orgId: org.id, userId: approved.applicantUserId, role: "owner" });
    await tx.update(admissionApplications).set({ orgId: org.id }).where(eq(admissionApplications.id, approved.id));
    await recordAudit(tx, {
      actorUserId: reviewer.user.id,
      orgId: org.id,
      action: "admission.tenant_created",
      subjectType: "organisation",
      subjectId: org.id,
      after: { slug: org.slug, nameZh: org.nameZh, owner: approved.applicantUserId, applicationId: approved.id, terms },
      reason: values.reason,
      ip: meta.ip,
    });
    if (terms.welcomeCredits > 0) {
      await grantCreditsInTx(
        tx,
        {
          orgId: org.id,
          amountMilli: BigInt(terms.welcomeCredits) * 1000n,
          category: "welcome",
          reason: `入驻欢迎算力点 · Welcome credits (${companyName(approved)})`,
          expiresAt: new Date(decidedAt.getTime() + WELCOME_CREDITS_DAYS * 24 * 3600 * 1000),
        },
        reviewer.user.id,
      );
    }
    // The agreed apartment places become the company's housing quota (housing staff may edit it later).
    if (values.housingPlaces) {
      await setQuotaInTx(tx, org.id, values.housingPlaces, reviewer.user.id, `入驻条款 · Admission terms (${companyName(approved)})`);
    }
    const company = (approved.company ?? {}) as Partial<CompanyAnswers>;
    // A company moving its registered address in (迁入) may have a registration case too.
    if (company.registered === "no" || approved.registrationCaseId) {
      await runApprovedUnregistered(tx, {
        applicationId: approved.id,
        orgId: org.id,
        applicantUserId: approved.applicantUserId,
        companyNameZh: company.nameZh ?? "",
        actorUserId: reviewer.user.id,
      });
    }
    // Modules beside admission (the circle's company profile) take their part in the same transaction.
    await runTenantApproved(tx, {
      applicationId: approved.id,
      orgId: org.id,
      applicantUserId: approved.applicantUserId,
      actorUserId: reviewer.user.id,
      company: approved.company ?? {},
      team: approved.team ?? {},
      materials: approved.materials ?? {},
    });
    return { ...approved, orgId: org.id, org };
  });
}
