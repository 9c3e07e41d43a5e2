// Company registration on a real database: a case from the first draft to completion and what the
// tenant's profile then says; the desk asking for something and the applicant answering; what is
// refused (bad answers, an HTML file renamed .pdf, someone else's case, a member without the desk
// role) and that a refusal changes nothing; the link with admission; the fee invoice; the yearly
// duty reminders.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  admissionApplications,
  auditEvents,
  invoices,
  notifications,
  organisations,
  registrationAddresses,
  registrationCases,
  registrationDocuments,
} from "#db/schema/index";
import { decide } from "~/modules/admission/decide.server";
import { openRegistrationCaseFromApplication } from "~/modules/admission/registration-link.server";
import { assignReviewer } from "~/modules/admission/review.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { advanceCase } from "~/modules/registration/advance-case.server";
import { cancelCase } from "~/modules/registration/cancel-case.server";
import { listMyCases } from "~/modules/registration/find-cases.server";
import { caseTimeline, getCase } from "~/modules/registration/get-case.server";
import { openCase } from "~/modules/registration/open-case.server";
import { requestFromApplicant } from "~/modules/registration/request-from-applicant.server";
import { respondToRequest } from "~/modules/registration/respond-to-request.server";
import { saveIntakeStep } from "~/modules/registration/save-step.server";
import { submitIntake } from "~/modules/registration/submit-case.server";
import { caseDocuments, documentForDownload, uploadDocument } from "~/modules/registration/documents.server";
import { chargeFee, setFee } from "~/modules/registration/fees.server";
import { dutiesForOrg, sendDutyReminders } from "~/modules/registration/reminders.server";
import { actorFor, signedInMember } from "../support/factories";
import { meta, parkMember, submittedApplication } from "../support/admission";
import {
  addParkAddresses,
  caseAt,
  caseWithCompleteIntake,
  completeIntake,
  deskMember,
  HTML_BYTES,
  newFounder,
  residentId,
  uploadPdf,
  VALID_USCC,
  wrongCheckResidentId,
} from "../support/registration";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, key: error.messageKey, params: error.params };
    throw error;
  }
  throw new Error("expected a refusal");
}

async function tenantOwner() {
  const member = await signedInMember({ role: "owner" });
  return { ...member, actor: await actorFor(member.cookie) };
}

async function notificationsOf(userId: string) {
  const db = await getDb();
  return db.select().from(notifications).where(eq(notifications.userId, userId));
}

describe("a case from the first draft to completion", () => {
  it("saves drafts, refuses to submit until the documents are in, and writes the company's USCC, name and park address to the tenant", async () => {
    const [address] = await addParkAddresses(1);
    const owner = await tenantOwner();
    const desk = await deskMember();
    const opened = await openCase(owner.actor, { caseType: "limited", orgId: owner.org.id });
    expect(opened).toMatchObject({ status: "intake", orgId: owner.org.id, ownerUserId: owner.user.id });

    const answers = completeIntake("limited", { address: { kind: "park", ownAddress: "" } });
    for (const step of ["names", "scope", "capital", "shareholders", "officers", "address"] as const) {
      const saved = await saveIntakeStep(owner.actor, opened.id, step, answers[step]);
      expect(saved.ok, step).toBe(true);
    }
    // Resident IDs are not stored in clear.
    const db = await getDb();
    const [raw] = await db.select().from(registrationCases).where(eq(registrationCases.id, opened.id));
    expect(JSON.stringify(raw.intake)).not.toContain(residentId(1));
    const view = await getCase(owner.actor, opened.id);
    expect((view.intake.shareholders as { shareholders: { idNumber: string }[] }).shareholders[0].idNumber).toBe(residentId(1));
    expect(view.progress).toBe(0);

    expect(await refusal(submitIntake(owner.actor, opened.id))).toMatchObject({ code: "invalid", key: "registration.errors.documentsMissing", params: { count: 3 } });
    for (const item of view.submitCheck.missingDocuments) await uploadPdf(owner.actor, opened.id, item.requirement);
    const submitted = await submitIntake(owner.actor, opened.id, meta);
    expect(submitted).toMatchObject({ status: "materials_complete", stepOwner: "desk" });
    expect(submitted.dueOn).not.toBeNull();
    const [taken] = await db.select().from(registrationAddresses).where(eq(registrationAddresses.id, address.id));
    expect(taken.caseId).toBe(opened.id);
    expect((await notificationsOf(desk.user.id)).map((n) => n.kind)).toContain("registrationSubmitted");
    // The applicant cannot change the answers now.
    expect(await refusal(saveIntakeStep(owner.actor, opened.id, "scope", { items: ["film_shooting"] }))).toMatchObject({ key: "registration.errors.notEditable" });

    await advanceCase(desk.actor, opened.id, { from: "materials_complete", to: "name_approved", approvedNameZh: "上海星河影视文化有限公司" });
    await advanceCase(desk.actor, opened.id, { from: "name_approved", to: "filed", note: "已在一网通办提交" });
    // The licence needs a valid USCC and the scan.
    expect(await refusal(advanceCase(desk.actor, opened.id, { from: "filed", to: "licence_issued", uscc: VALID_USCC }))).toMatchObject({ key: "registration.errors.licenceMissing" });
    await uploadPdf(desk.actor, opened.id, "licence", "licence.pdf");
    const wrongUscc = VALID_USCC.slice(0, 17) + (VALID_USCC[17] === "0" ? "1" : "0");
    expect(await refusal(advanceCase(desk.actor, opened.id, { from: "filed", to: "licence_issued", uscc: wrongUscc }))).toMatchObject({ key: "registration.errors.usccCheck" });
    await advanceCase(desk.actor, opened.id, { from: "filed", to: "licence_issued", uscc: VALID_USCC, licenceIssuedOn: "2026-01-05" });
    for (const [from, to] of [
      ["licence_issued", "seals_made"],
      ["seals_made", "bank_opened"],
      ["bank_opened", "tax_registered"],
      ["tax_registered", "completed"],
    ] as const) {
      await advanceCase(desk.actor, opened.id, { from, to });
    }

    const [org] = await db.select().from(organisations).where(eq(organisations.id, owner.org.id));
    expect(org).toMatchObject({ uscc: VALID_USCC, nameZh: "上海星河影视文化有限公司", registeredAddress: address.addressZh });
    const done = await getCase(owner.actor, opened.id);
    expect(done).toMatchObject({ status: "completed", progress: 100, stepOwner: "desk", dueOn: null });
    expect(done.completedAt).not.toBeNull();
    const timeline = await caseTimeline(owner.actor, opened.id);
    expect(timeline.filter((e) => e.toStatus).map((e) => e.toStatus)).toEqual([
      "intake",
      "materials_complete",
      "name_approved",
      "filed",
      "licence_issued",
      "seals_made",
      "bank_opened",
      "tax_registered",
      "completed",
    ]);
    const ownerKinds = (await notificationsOf(owner.user.id)).map((n) => n.kind);
    expect(ownerKinds).toEqual(expect.arrayContaining(["registrationNameApproved", "registrationLicenceIssued", "registrationCompleted"]));
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, owner.org.id), eq(auditEvents.action, "registration.company_registered")));
    expect(audit).toHaveLength(1);
    expect((await listMyCases(owner.actor))[0]).toMatchObject({ id: opened.id, status: "completed", progress: 100, name: "上海星河影视文化有限公司" });
  });

  it("waits for the applicant with the reason, and goes back to the step it was in when they answer", async () => {
    const { owner, caseId, desk } = await caseAt("filed");
    await requestFromApplicant(desk.actor, caseId, { from: "filed", reason: "请补充财务负责人身份证反面。" });
    const waiting = await getCase(owner.actor, caseId);
    expect(waiting).toMatchObject({ status: "waiting_for_applicant", resumeStatus: "filed", waitingReason: "请补充财务负责人身份证反面。", stepOwner: "applicant", editable: true });
    const told = (await notificationsOf(owner.user.id)).find((n) => n.kind === "registrationWaiting");
    expect(told?.params).toMatchObject({ reason: "请补充财务负责人身份证反面。" });
    // The desk cannot move a waiting case along its line.
    expect(await refusal(advanceCase(desk.actor, caseId, { from: "filed", to: "licence_issued", uscc: VALID_USCC }))).toMatchObject({ code: "conflict", key: "registration.errors.alreadyMoved" });

    await uploadPdf(owner.actor, caseId, "id:finance", "finance-back.pdf");
    const back = await respondToRequest(owner.actor, caseId, { note: "已上传。" });
    expect(back).toMatchObject({ status: "filed", resumeStatus: null, waitingReason: null, stepOwner: "desk" });
    expect((await notificationsOf(desk.user.id)).map((n) => n.kind)).toContain("registrationResponded");
    expect(await refusal(respondToRequest(owner.actor, caseId, { note: "再来一次" }))).toMatchObject({ key: "registration.errors.notWaiting" });
  });

  it("lets the desk resume a waiting case itself, only to the step it was waiting in", async () => {
    const { owner, caseId, desk } = await caseAt("name_approved");
    await requestFromApplicant(desk.actor, caseId, { from: "name_approved", reason: "请线下提交股东会决议原件。" });
    expect(await refusal(advanceCase(desk.actor, caseId, { from: "waiting_for_applicant", to: "filed" }))).toMatchObject({ key: "registration.errors.transition" });
    const resumed = await advanceCase(desk.actor, caseId, { from: "waiting_for_applicant", to: "name_approved", note: "原件已收到" });
    expect(resumed).toMatchObject({ status: "name_approved", resumeStatus: null, waitingReason: null });
    expect((await notificationsOf(owner.user.id)).map((n) => n.kind)).toContain("registrationResumed");
  });

  it("takes a relocation past name approval and seals", async () => {
    const { caseId, desk } = await caseAt("licence_issued", { caseType: "relocation" });
    const moved = await advanceCase(desk.actor, caseId, { from: "licence_issued", to: "bank_opened" });
    expect(moved.status).toBe("bank_opened");
  });
});

describe("what is refused changes nothing", () => {
  it("answers bad intake input with field errors in the registration namespace and saves none of it", async () => {
    const owner = await newFounder();
    const opened = await openCase(owner.actor, { caseType: "limited" });
    const db = await getDb();
    const auditBefore = await db.select().from(auditEvents);
    const cases = [
      ["names", { candidates: ["上海星河影视文化"] }, "candidates.0", "registration.errors.nameFormLimited"],
      ["names", { candidates: ["上海中国影视有限公司"] }, "candidates.0", "registration.errors.nameRestrictedWord"],
      [
        "shareholders",
        {
          shareholders: [
            { kind: "person", name: "张三", idNumber: residentId(1), shareBp: 5000, subscribedWan: "50", paymentDueOn: "2028-01-01" },
            { kind: "person", name: "李四", idNumber: residentId(2), shareBp: 4999, subscribedWan: "50", paymentDueOn: "2028-01-01" },
          ],
        },
        "shareholders",
        "registration.errors.sharesTotal",
      ],
      [
        "shareholders",
        { shareholders: [{ kind: "person", name: "张三", idNumber: wrongCheckResidentId(1), shareBp: 10000, subscribedWan: "100", paymentDueOn: "2028-01-01" }] },
        "shareholders.0.idNumber",
        "registration.errors.shareholderIdCheck",
      ],
      [
        "shareholders",
        { shareholders: [{ kind: "person", name: "张三", idNumber: residentId(1), shareBp: 10000, subscribedWan: "100" }] },
        "shareholders.0.paymentDueOn",
        "registration.errors.paymentDateRequired",
      ],
    ] as const;
    for (const [step, values, path, key] of cases) {
      const result = await saveIntakeStep(owner.actor, opened.id, step, values);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[path]?.map((p) => p.key)).toContain(key);
    }
    const [row] = await db.select().from(registrationCases).where(eq(registrationCases.id, opened.id));
    expect(row.intake).toEqual({});
    expect(await db.select().from(auditEvents)).toHaveLength(auditBefore.length);
  });

  it("refuses an HTML file renamed .pdf and stores nothing", async () => {
    const { owner, caseId } = await caseWithCompleteIntake({ documents: false });
    const refused = await refusal(uploadDocument(owner.actor, caseId, "id:shareholder:0", { filename: "id.pdf", bytes: HTML_BYTES }));
    expect(refused).toMatchObject({ code: "invalid", key: "errors.fileType" });
    const db = await getDb();
    expect(await db.select().from(registrationDocuments).where(eq(registrationDocuments.caseId, caseId))).toEqual([]);
    // A requirement the checklist does not have is refused too.
    expect(await refusal(uploadPdf(owner.actor, caseId, "id:shareholder:9"))).toMatchObject({ key: "registration.errors.unknownRequirement" });
  });

  it("answers another person 404 for the case, its documents and its changes", async () => {
    const { caseId, owner } = await caseWithCompleteIntake();
    const [document] = await caseDocuments(owner.actor, caseId);
    expect((await documentForDownload(owner.actor, document.id)).contentType).toBe("application/pdf");
    const stranger = await newFounder();
    const otherTenant = await tenantOwner();
    for (const someone of [stranger.actor, otherTenant.actor]) {
      expect(await refusal(getCase(someone, caseId))).toMatchObject({ code: "not_found" });
      expect(await refusal(caseDocuments(someone, caseId))).toMatchObject({ code: "not_found" });
      expect(await refusal(documentForDownload(someone, document.id))).toMatchObject({ code: "not_found" });
      expect(await refusal(saveIntakeStep(someone, caseId, "scope", { items: ["film_shooting"] }))).toMatchObject({ code: "not_found" });
      expect(await refusal(cancelCase(someone, caseId, "不要了"))).toMatchObject({ code: "not_found" });
    }
    expect(await listMyCases(stranger.actor)).toEqual([]);
  });

  it("lets only the desk move a case: the owner is forbidden, park staff without the registration role and tenant members see nothing", async () => {
    const owner = await tenantOwner();
    const { caseId } = await caseWithCompleteIntake({ owner, orgId: owner.org.id });
    await submitIntake(owner.actor, caseId);
    const member = await signedInMember({ orgId: owner.org.id, role: "member" });
    const services = await parkMember("services");
    const advance = { from: "materials_complete", to: "name_approved", approvedNameZh: "上海星河影视文化有限公司" };
    expect(await refusal(advanceCase(owner.actor, caseId, advance))).toMatchObject({ code: "forbidden" });
    expect(await refusal(advanceCase(await actorFor(member.cookie), caseId, advance))).toMatchObject({ code: "not_found" });
    expect(await refusal(advanceCase(services.actor, caseId, advance))).toMatchObject({ code: "not_found" });
    // The company's admin sees the case the owner opened for it.
    const admin = await signedInMember({ orgId: owner.org.id, role: "admin" });
    expect((await getCase(await actorFor(admin.cookie), caseId)).viewer).toEqual({ isDesk: false, isOwnerSide: true });
    const db = await getDb();
    const [row] = await db.select().from(registrationCases).where(eq(registrationCases.id, caseId));
    expect(row.status).toBe("materials_complete");
    // A session whose active organisation is the park is recognised as the desk without requireMember.
    const desk = await deskMember();
    const { readSession } = await import("~/modules/identity/session.server");
    const session = await readSession(new Request("http://localhost/", { headers: { Cookie: desk.cookie } }));
    expect((await getCase(session!, caseId)).viewer.isDesk).toBe(true);
  });

  it("gives a cancelled case's park address back to the pool", async () => {
    await addParkAddresses(1);
    const { owner, caseId } = await caseWithCompleteIntake({ overrides: { address: { kind: "park", ownAddress: "" } } });
    await submitIntake(owner.actor, caseId);
    const db = await getDb();
    expect((await db.select().from(registrationAddresses))[0].caseId).toBe(caseId);
    await cancelCase(owner.actor, caseId, "改用自有地址另行办理");
    expect((await db.select().from(registrationAddresses))[0].caseId).toBeNull();
    expect(await refusal(cancelCase(owner.actor, caseId, "again"))).toMatchObject({ key: "registration.errors.caseClosed" });
  });
});

describe("the link with admission", () => {
  it("opens a case from an unregistered company's application in one click, linked both ways and idempotent", async () => {
    const { applicant, application } = await submittedApplication({ company: { registered: "no", nameZh: "上海星河影视文化有限公司" } });
    const opened = await openRegistrationCaseFromApplication(applicant.actor, application.id);
    const again = await openRegistrationCaseFromApplication(applicant.actor, application.id);
    expect(again.id).toBe(opened.id);
    const db = await getDb();
    const [linked] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, application.id));
    expect(linked.registrationCaseId).toBe(opened.id);
    const view = await getCase(applicant.actor, opened.id);
    expect(view).toMatchObject({ caseType: "limited", ownerUserId: applicant.user.id, orgId: null });
    // The application's company name starts the intake.
    expect(view.intake.names).toMatchObject({ candidates: ["上海星河影视文化有限公司"] });
    expect(await db.select().from(registrationCases)).toHaveLength(1);
    // Someone else's application is not found.
    const stranger = await newFounder();
    expect(await refusal(openRegistrationCaseFromApplication(stranger.actor, application.id))).toMatchObject({ code: "not_found" });
  });

  it("attaches the tenant approval creates to the linked case, and opens one when none is linked", async () => {
    const reviewer = await parkMember("admissions");
    const approval = { decision: "approve" as const, reason: "契合园区方向。", seats: 4, moveInOn: "2030-01-01", welcomeCredits: 0 };
    const linked = await submittedApplication({ company: { registered: "no" } });
    const opened = await openRegistrationCaseFromApplication(linked.applicant.actor, linked.application.id);
    await assignReviewer(reviewer.actor, linked.application.id, { assigneeUserId: reviewer.user.id }, meta);
    const approved = await decide(reviewer.actor, linked.application.id, approval, meta);
    const db = await getDb();
    const [attached] = await db.select().from(registrationCases).where(eq(registrationCases.id, opened.id));
    expect(attached.orgId).toBe(approved.orgId);

    const unlinked = await submittedApplication({ company: { registered: "no" } });
    await assignReviewer(reviewer.actor, unlinked.application.id, { assigneeUserId: reviewer.user.id }, meta);
    const approved2 = await decide(reviewer.actor, unlinked.application.id, approval, meta);
    const [application] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, unlinked.application.id));
    const [created] = await db.select().from(registrationCases).where(eq(registrationCases.id, application.registrationCaseId!));
    expect(created).toMatchObject({ orgId: approved2.orgId, ownerUserId: unlinked.applicant.user.id, caseType: "limited", status: "intake" });
    expect((await notificationsOf(unlinked.applicant.user.id)).map((n) => n.kind)).toContain("registrationCaseOpenedForYou");
  });

  it("opens a relocation for a registered company, and its approval attaches the tenant too", async () => {
    const { applicant, application } = await submittedApplication({ company: { registered: "yes", uscc: VALID_USCC, foundedOn: "2020-01-01" } });
    expect(await refusal(openRegistrationCaseFromApplication(applicant.actor, application.id, { caseType: "limited" }))).toMatchObject({
      key: "registration.errors.companyAlreadyRegistered",
    });
    const opened = await openRegistrationCaseFromApplication(applicant.actor, application.id);
    expect(opened.caseType).toBe("relocation");
    const reviewer = await parkMember("admissions");
    await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    const approved = await decide(reviewer.actor, application.id, { decision: "approve", reason: "欢迎迁入。", seats: 2, moveInOn: "2030-01-01", welcomeCredits: 0 }, meta);
    const db = await getDb();
    const [attached] = await db.select().from(registrationCases).where(eq(registrationCases.id, opened.id));
    expect(attached.orgId).toBe(approved.orgId);
  });

  it("writes a completed case's USCC and name into the application of a company that is not a tenant yet", async () => {
    const { applicant, application } = await submittedApplication({ company: { registered: "no" } });
    const opened = await openRegistrationCaseFromApplication(applicant.actor, application.id);
    const desk = await deskMember();
    const answers = completeIntake("limited");
    for (const step of ["names", "scope", "capital", "shareholders", "officers", "address"] as const) await saveIntakeStep(applicant.actor, opened.id, step, answers[step]);
    for (const item of (await getCase(applicant.actor, opened.id)).submitCheck.missingDocuments) await uploadPdf(applicant.actor, opened.id, item.requirement);
    await submitIntake(applicant.actor, opened.id);
    await caseAtFrom(desk.actor, opened.id);
    const db = await getDb();
    const [updated] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, application.id));
    expect(updated.company).toMatchObject({ registered: "yes", uscc: VALID_USCC, nameZh: "上海星河影视文化有限公司" });
  });
});

/** Moves a submitted limited-company case to completed. */
async function caseAtFrom(desk: Parameters<typeof advanceCase>[0], caseId: string) {
  const line = ["materials_complete", "name_approved", "filed", "licence_issued", "seals_made", "bank_opened", "tax_registered", "completed"];
  for (let i = 0; i < line.length - 1; i++) {
    if (line[i + 1] === "licence_issued") await uploadPdf(desk, caseId, "licence");
    await advanceCase(desk, caseId, { from: line[i], to: line[i + 1], approvedNameZh: line[i + 1] === "name_approved" ? "上海星河影视文化有限公司" : undefined, uscc: VALID_USCC });
  }
}

describe("the desk's fee", () => {
  it("invoices a company once, and refuses a case without a company yet", async () => {
    const desk = await deskMember();
    await setFee(desk.actor, "limited", { feeFen: 300_000n, freeForTenants: false });
    const owner = await tenantOwner();
    const opened = await openCase(owner.actor, { caseType: "limited", orgId: owner.org.id });
    expect(opened.feeFen).toBe(300_000n);
    const invoice = await chargeFee(desk.actor, opened.id);
    const again = await chargeFee(desk.actor, opened.id);
    expect(again.id).toBe(invoice.id);
    expect(invoice).toMatchObject({ kind: "registration_fee", sourceRef: `case:${opened.id}`, orgId: owner.org.id, subtotalFen: 300_000n });
    const db = await getDb();
    expect(await db.select().from(invoices).where(eq(invoices.kind, "registration_fee"))).toHaveLength(1);
    expect((await notificationsOf(owner.user.id)).map((n) => n.kind)).toContain("registrationFeeCharged");

    const founder = await newFounder();
    const personal = await openCase(founder.actor, { caseType: "limited" });
    expect(await refusal(chargeFee(desk.actor, personal.id))).toMatchObject({ code: "conflict", key: "registration.errors.feeNeedsCompany" });
    expect(await refusal(chargeFee(owner.actor, opened.id))).toMatchObject({ code: "forbidden" });
    // Admitted tenants pay nothing by default.
    await setFee(desk.actor, "limited", { feeFen: 300_000n, freeForTenants: true });
    expect((await openCase(owner.actor, { caseType: "limited", orgId: owner.org.id })).feeFen).toBe(0n);
  });
});

describe("yearly duties", () => {
  it("lists a registered tenant's duties and reminds its owners once per duty and year", async () => {
    const owner = await tenantOwner();
    const admin = await signedInMember({ orgId: owner.org.id, role: "admin" });
    const db = await getDb();
    expect(await dutiesForOrg(db, owner.org.id, "2027-04-02")).toEqual([]);
    await db.update(organisations).set({ uscc: VALID_USCC }).where(eq(organisations.id, owner.org.id));
    const duties = await dutiesForOrg(db, owner.org.id, "2027-04-02");
    expect(duties[0]).toMatchObject({ code: "annual_report", dueOn: "2027-06-30", state: "open" });

    expect(await sendDutyReminders("2027-03-31")).toBe(0);
    expect(await sendDutyReminders("2027-04-02")).toBe(1);
    expect(await sendDutyReminders("2027-04-03")).toBe(0);
    for (const userId of [owner.user.id, admin.user.id]) {
      const reminders = (await notificationsOf(userId)).filter((n) => n.kind === "registrationDutyAnnualReport");
      expect(reminders).toHaveLength(1);
      expect(reminders[0].params).toMatchObject({ dueOn: "2027-06-30", period: "2026" });
    }
  });
});
