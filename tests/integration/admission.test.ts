// Admission end to end on a real database: the form and its field errors, attachments checked by
// content, every transition of the state machine allowed or refused, isolation between applicants
// and from tenants, approval creating the tenant with its welcome credits, audit and notifications.
import { parse as parseCsv } from "csv-parse/sync";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  admissionApplications,
  admissionAttachments,
  admissionEvents,
  auditEvents,
  creditGrants,
  creditLots,
  memberships,
  notifications,
  organisations,
  outboxEmails,
  users,
} from "#db/schema/index";
import { addAttachment, saveDraft, submitApplication, withdraw, resubmit } from "~/modules/admission/apply.server";
import { decide } from "~/modules/admission/decide.server";
import { DECLARATION_VERSION } from "~/modules/admission/forms";
import { openRegistrationCaseFromApplication } from "~/modules/admission/registration-link.server";
import { onApprovedUnregistered, resetApprovedUnregistered } from "~/modules/admission/hooks.server";
import { commentInternally, reopenApplication, requestInformation, scheduleInterview, assignReviewer, scoreApplication } from "~/modules/admission/review.server";
import { listRubric } from "~/modules/admission/rubric.server";
import { applicationStatuses, nextStatus, type TransitionName } from "~/modules/admission/workflow";
import { listMyOrganisations } from "~/modules/identity/organisations.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { action as applyAction, loader as applyLoader } from "~/routes/apply._index";
import { action as uploadAction } from "~/routes/apply.attachments";
import { loader as attachmentLoader } from "~/routes/apply.attachments.$id";
import { loader as statusLoader } from "~/routes/apply.status";
import { action as reviewAction, loader as reviewLoader } from "~/routes/admissions.$id";
import { loader as consoleLoader } from "~/routes/admissions._index";
import { loader as csvLoader } from "~/routes/admissions.export[.]csv";
import {
  completedDraft,
  completeAnswers,
  DECLARED,
  HTML_BYTES,
  meta,
  newApplicant,
  parkMember,
  PDF_BYTES,
  submittedApplication,
  VALID_USCC,
  WRONG_CHECK_USCC,
} from "../support/admission";
import { call, getRequest, postRequest, signedInMember } from "../support/factories";

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
const approval = { decision: "approve" as const, reason: "契合园区方向。", seats: 8, moveInOn: inTwoWeeks(), incubationSupport: "导师辅导", welcomeCredits: 500 };

function uploadRequest(cookie: string, file: { bytes: Uint8Array; name: string; type: string }, kind = "business_plan") {
  const body = new FormData();
  body.set("kind", kind);
  body.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  return new Request("http://localhost/apply/attachments", { method: "POST", body, headers: { Cookie: cookie, Origin: "http://localhost" } });
}

async function applicationRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(admissionApplications).where(eq(admissionApplications.id, id));
  return row;
}

afterEach(() => resetApprovedUnregistered());

describe("the application form", () => {
  it("sends a visitor to sign up and back to /apply", async () => {
    const answer = await call(applyLoader, getRequest("/apply"));
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/signup?redirectTo=%2Fapply");
  });

  it("keeps the drafts of a person whose address is not verified, but refuses to submit them and changes nothing", async () => {
    const applicant = await newApplicant({ verified: false });
    const draft = await completedDraft(applicant);
    const db = await getDb();
    const eventsBefore = await db.select().from(admissionEvents).where(eq(admissionEvents.applicationId, draft.id));
    const page = await call(applyLoader, getRequest("/apply?step=review", applicant.cookie));
    expect(page.data.emailVerified).toBe(false);

    const answer = await call(applyAction, postRequest("/apply", { intent: "submit", step: "review", applicationId: draft.id, ...DECLARED }, applicant.cookie));
    expect(answer.status).toBe(403);
    expect(answer.data.messageKey).toBe("errors.emailNotVerified");
    await expect(submitApplication(applicant.actor, draft.id, DECLARED, meta)).rejects.toMatchObject({ code: "forbidden", messageKey: "errors.emailNotVerified" });
    expect((await applicationRow(draft.id)).status).toBe("draft");
    expect(await db.select().from(admissionEvents).where(eq(admissionEvents.applicationId, draft.id))).toEqual(eventsBefore);
    await expect(openRegistrationCaseFromApplication(applicant.actor, draft.id)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a USCC with a wrong check character, with the reason next to the field", async () => {
    const applicant = await newApplicant();
    const company = completeAnswers({ company: { registered: "yes", uscc: WRONG_CHECK_USCC, foundedOn: "2023-01-01" } }).company;
    const answer = await call(applyAction, postRequest("/apply", { intent: "next", step: "company", ...(company as Record<string, string>) }, applicant.cookie));
    expect(answer.status).toBe(400);
    expect(answer.data.result.error.uscc).toEqual(["errors.admissionUsccCheck"]);
    const again = await call(applyAction, postRequest("/apply", { intent: "next", step: "company", ...(company as Record<string, string>), uscc: "91310117MA1KJ2G3" }, applicant.cookie));
    expect(again.data.result.error.uscc).toEqual(["errors.admissionUsccFormat"]);
    // Nothing was saved.
    const page = await call(applyLoader, getRequest("/apply", applicant.cookie));
    expect(page.data.applicationId).toBeNull();
  });

  it("needs a USCC and founding date only from a registered company, and keeps a valid one", async () => {
    const applicant = await newApplicant();
    const company = completeAnswers({ company: { registered: "yes" } }).company as Record<string, string>;
    const missing = await call(applyAction, postRequest("/apply", { intent: "next", step: "company", ...company }, applicant.cookie));
    expect(missing.status).toBe(400);
    expect(missing.data.result.error.uscc).toEqual(["errors.admissionUsccRequired"]);
    expect(missing.data.result.error.foundedOn).toEqual(["errors.admissionFoundedRequired"]);
    const ok = await call(
      applyAction,
      postRequest("/apply", { intent: "next", step: "company", ...company, uscc: VALID_USCC.toLowerCase(), foundedOn: "2023-01-01" }, applicant.cookie),
    );
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/apply?step=team");
    const page = await call(applyLoader, getRequest("/apply", applicant.cookie));
    expect(page.data.saved.company.uscc).toBe(VALID_USCC);
    expect(page.data.completion.company).toBe(true);
    expect(page.data.step).toBe("team");
  });

  it("saves a partial step as a draft and shows it again when the applicant comes back", async () => {
    const applicant = await newApplicant();
    const answer = await call(applyAction, postRequest("/apply", { intent: "draft", step: "team", keyPeople: "李四 · 制片" }, applicant.cookie));
    expect(answer.status).toBe(200);
    expect(answer.data.done).toBe("admission.form.saved");
    // "Save and continue" needs the whole step.
    const next = await call(applyAction, postRequest("/apply", { intent: "next", step: "team", keyPeople: "李四 · 制片" }, applicant.cookie));
    expect(next.status).toBe(400);
    expect(next.data.result.error.size).toEqual(["errors.required"]);
    const page = await call(applyLoader, getRequest("/apply?step=team", applicant.cookie));
    expect(page.data.saved.team).toEqual({ keyPeople: "李四 · 制片" });
    expect(page.data.completion.team).toBe(false);
    expect(page.data.status).toBe("draft");
  });

  it("refuses to submit while a required step is missing, and changes nothing", async () => {
    const applicant = await newApplicant();
    const answers = completeAnswers();
    await saveDraft(applicant.actor, { step: "company", answers: answers.company, mode: "complete" }, meta);
    await saveDraft(applicant.actor, { step: "team", answers: answers.team, mode: "complete" }, meta);
    const page = await call(applyLoader, getRequest("/apply?step=review", applicant.cookie));
    const answer = await call(applyAction, postRequest("/apply", { intent: "submit", step: "review", applicationId: page.data.applicationId, ...DECLARED }, applicant.cookie));
    expect(answer.status).toBe(422);
    expect(answer.data.result.error[""]).toEqual(["errors.admissionIncomplete"]);
    expect((await applicationRow(page.data.applicationId)).status).toBe("draft");
    // A business plan is part of a complete application too.
    for (const step of ["plan", "needs", "attachments"] as const) await saveDraft(applicant.actor, { step, answers: answers[step], mode: "complete" }, meta);
    await expect(submitApplication(applicant.actor, page.data.applicationId, DECLARED, meta)).rejects.toMatchObject({ messageKey: "errors.admissionIncomplete" });
  });

  it("submits a complete application: audit, timeline, the applicant and the reviewers told", async () => {
    const reviewer = await parkMember("admissions");
    const { applicant, application } = await submittedApplication();
    expect(application.status).toBe("submitted");
    expect(application.submittedAt).toBeInstanceOf(Date);
    const db = await getDb();
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, application.id)).orderBy(asc(auditEvents.at));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["admission.started", "admission.attachment_added", "admission.submitted"]));
    const told = await db.select().from(notifications).where(eq(notifications.kind, "admissionNew"));
    expect(told.map((n) => n.userId)).toContain(reviewer.user.id);
    const mine = await db.select().from(notifications).where(eq(notifications.userId, applicant.user.id));
    expect(mine.map((n) => n.kind)).toEqual(["admissionReceived"]);
    const mail = await db.select().from(outboxEmails).where(eq(outboxEmails.toAddress, applicant.user.email));
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toContain("已提交");
    // Submitted means it can no longer be changed.
    await expect(saveDraft(applicant.actor, { step: "plan", answers: { projects: "改了" }, mode: "draft" }, meta)).rejects.toMatchObject({ messageKey: "errors.admissionNotEditable" });
    const page = await call(applyLoader, getRequest("/apply", applicant.cookie));
    expect(page.location).toBe("/apply/status");
  });

  it("refuses a submission without the declaration, next to the unticked box, and records which wording was declared, and when", async () => {
    const applicant = await newApplicant();
    const draft = await completedDraft(applicant);
    const refused = await call(applyAction, postRequest("/apply", { intent: "submit", step: "review", applicationId: draft.id, truthful: "on" }, applicant.cookie));
    expect(refused.status).toBe(400);
    expect(refused.data.result.error.privacy).toEqual(["errors.declarationRequired"]);
    expect(refused.data.result.error.truthful).toBeUndefined();
    await expect(submitApplication(applicant.actor, draft.id, { truthful: "on" }, meta)).rejects.toMatchObject({ code: "invalid", messageKey: "errors.declarationRequired" });
    expect(await applicationRow(draft.id)).toMatchObject({ status: "draft", declarationVersion: null, declaredAt: null });

    const before = Date.now();
    const sent = await call(applyAction, postRequest("/apply", { intent: "submit", step: "review", applicationId: draft.id, ...DECLARED }, applicant.cookie));
    expect(sent.location).toBe("/apply/status?done=submitted");
    const row = await applicationRow(draft.id);
    expect(row.status).toBe("submitted");
    expect(row.declarationVersion).toBe(DECLARATION_VERSION);
    expect(row.declaredAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const db = await getDb();
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, draft.id), eq(auditEvents.action, "admission.submitted")));
    expect(audit.after).toMatchObject({ declarationVersion: DECLARATION_VERSION });
    // The reviewer's page shows it.
    const reviewer = await parkMember("admissions");
    const review = await call(reviewLoader, getRequest(`/admissions/${draft.id}`, reviewer.cookie), { id: draft.id });
    expect(review.data.application).toMatchObject({ declarationVersion: DECLARATION_VERSION });
  });
});

describe("attachments", () => {
  it("accepts a PDF by its content and serves it to the applicant and reviewers only", async () => {
    const applicant = await newApplicant();
    const answer = await call(uploadAction, uploadRequest(applicant.cookie, { bytes: PDF_BYTES, name: "商业计划书.pdf", type: "application/pdf" }));
    expect(answer.status).toBe(200);
    expect(answer.data.done).toBe(true);
    const db = await getDb();
    const [attachment] = await db.select().from(admissionAttachments);
    expect(attachment).toMatchObject({ kind: "business_plan", contentType: "application/pdf", filename: "商业计划书.pdf", sizeBytes: PDF_BYTES.byteLength });
    expect(attachment.storagePath).not.toContain("..");

    const own = await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, applicant.cookie), { id: attachment.id });
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("application/pdf");
    expect(own.headers.get("X-Content-Type-Options")).toBe("nosniff");

    // Another applicant, a tenant owner and a reviewer before submission: not found.
    const other = await newApplicant();
    expect((await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, other.cookie), { id: attachment.id })).status).toBe(404);
    const tenant = await signedInMember({ role: "owner" });
    expect((await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, tenant.cookie), { id: attachment.id })).status).toBe(404);
    const reviewer = await parkMember("admissions");
    expect((await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, reviewer.cookie), { id: attachment.id })).status).toBe(404);
    // Once submitted, reviewers may read it; other park staff may not.
    const draft = await completedDraft(applicant);
    await submitApplication(applicant.actor, draft.id, DECLARED, meta);
    expect((await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, reviewer.cookie), { id: attachment.id })).status).toBe(200);
    const finance = await parkMember("finance");
    expect((await call(attachmentLoader, getRequest(`/apply/attachments/${attachment.id}`, finance.cookie), { id: attachment.id })).status).toBe(404);
    // And another applicant cannot remove it.
    const removal = await call(applyAction, postRequest("/apply", { intent: "removeAttachment", attachmentId: attachment.id }, other.cookie));
    expect(removal.status).toBe(404);
  });

  it("refuses an HTML file renamed .pdf, next to the file field, and stores nothing", async () => {
    const applicant = await newApplicant();
    const answer = await call(uploadAction, uploadRequest(applicant.cookie, { bytes: HTML_BYTES, name: "plan.pdf", type: "application/pdf" }));
    expect(answer.status).toBe(422);
    expect(answer.data.result.error.file).toEqual(["errors.fileType"]);
    const db = await getDb();
    expect(await db.select().from(admissionAttachments)).toHaveLength(0);
  });

  it("refuses a file over 10 MB and an empty one", async () => {
    const applicant = await newApplicant();
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF_BYTES);
    const answer = await call(uploadAction, uploadRequest(applicant.cookie, { bytes: big, name: "big.pdf", type: "application/pdf" }));
    expect(answer.status).toBe(422);
    expect(answer.data.result.error.file).toEqual(['errors.fileTooLarge::{"maxMb":10}']);
    await expect(addAttachment(applicant.actor, { kind: "other", filename: "x.png", bytes: new Uint8Array() }, meta)).rejects.toMatchObject({ messageKey: "errors.fileEmpty" });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const stored = await addAttachment(applicant.actor, { kind: "licence", filename: "../../etc/licence.png", bytes: png }, meta);
    expect(stored).toMatchObject({ contentType: "image/png", filename: "licence.png" });
  });
});

/** Calls the module function that causes `event` on the application, as the right person. */
async function cause(event: TransitionName, ids: { applicationId: string }, people: { applicant: Awaited<ReturnType<typeof newApplicant>>; reviewer: Awaited<ReturnType<typeof parkMember>> }) {
  const { applicationId } = ids;
  const a = people.applicant.actor;
  const r = people.reviewer.actor;
  switch (event) {
    case "submit":
      return submitApplication(a, applicationId, DECLARED, meta);
    case "startReview":
      return assignReviewer(r, applicationId, { assigneeUserId: r.user.id }, meta);
    case "requestInfo":
      return requestInformation(r, applicationId, { message: "请补充团队介绍。", fixSteps: ["team"] }, meta);
    case "resubmit":
      return resubmit(a, applicationId, { note: "已补充。", declaration: DECLARED }, meta);
    case "scheduleInterview":
      return scheduleInterview(r, applicationId, { at: "2099-01-02T10:00", location: "A 栋会议室" }, meta);
    case "approve":
      return decide(r, applicationId, approval, meta);
    case "reject":
      return decide(r, applicationId, { decision: "reject", reason: "方向不符。" }, meta);
    case "waitlist":
      return decide(r, applicationId, { decision: "waitlist", reason: "暂无工位。" }, meta);
    case "reopen":
      return reopenApplication(r, applicationId, {}, meta);
    case "withdraw":
      return withdraw(a, applicationId, {}, meta);
  }
}

describe("the state machine", () => {
  // startReview is covered below: assigning also works (without a transition) once in review.
  const events: TransitionName[] = ["submit", "requestInfo", "resubmit", "scheduleInterview", "approve", "reject", "waitlist", "reopen", "withdraw"];

  it("allows exactly the transitions in the table, from every state, and refuses the rest changing nothing", async () => {
    const reviewer = await parkMember("admissions");
    const applicant = await newApplicant();
    const draft = await completedDraft(applicant);
    const db = await getDb();
    const outcomes: string[] = [];
    for (const from of applicationStatuses) {
      for (const event of events) {
        await db.update(admissionApplications).set({ status: from, orgId: null, assigneeUserId: null }).where(eq(admissionApplications.id, draft.id));
        const allowed = nextStatus(from, event);
        let result: string;
        try {
          await cause(event, { applicationId: draft.id }, { applicant, reviewer });
          result = `→ ${(await applicationRow(draft.id)).status}`;
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          result = `refused (${error.code})`;
          expect((await applicationRow(draft.id)).status, `${from} ${event} changed the state`).toBe(from);
        }
        outcomes.push(`${from} ${event} ${result}`);
        expect(result.startsWith("refused") ? "refused" : result, `${from} --${event}-->`).toBe(allowed ? `→ ${allowed}` : "refused");
      }
    }
    // A reviewer never sees a draft: staff events on it are "not found"; other refusals are conflicts.
    expect(outcomes).toContain("draft approve refused (not_found)");
    expect(outcomes).toContain("approved reject refused (conflict)");
    expect(outcomes).toContain("submitted approve refused (conflict)");
    expect(outcomes).toContain("in_review approve → approved");
    expect(outcomes).toContain("waitlisted reopen → in_review");
  }, 120_000);

  it("starts the review when a submitted application is assigned, and only then", async () => {
    const reviewer = await parkMember("admissions");
    const { applicant, application } = await submittedApplication();
    const started = await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    expect(started).toMatchObject({ status: "in_review", assigneeUserId: reviewer.user.id });
    const colleague = await parkMember("admin");
    const handed = await assignReviewer(reviewer.actor, application.id, { assigneeUserId: colleague.user.id }, meta);
    expect(handed).toMatchObject({ status: "in_review", assigneeUserId: colleague.user.id });
    // Only reviewers can be assigned.
    const finance = await parkMember("finance");
    await expect(assignReviewer(reviewer.actor, application.id, { assigneeUserId: finance.user.id }, meta)).rejects.toMatchObject({ messageKey: "errors.admissionNotReviewer" });
    await decide(reviewer.actor, application.id, { decision: "reject", reason: "不符合。" }, meta);
    await expect(assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta)).rejects.toMatchObject({ code: "conflict" });
    const draft = await completedDraft(await newApplicant());
    await expect(assignReviewer(reviewer.actor, draft.id, { assigneeUserId: reviewer.user.id }, meta)).rejects.toMatchObject({ code: "not_found" });
    expect(applicant.user.id).toBeTruthy();
  });

  it("tells a second reviewer the application was already decided", async () => {
    const { application } = await submittedApplication();
    const first = await parkMember("admissions");
    const second = await parkMember("admin");
    await assignReviewer(first.actor, application.id, { assigneeUserId: first.user.id }, meta);
    await decide(first.actor, application.id, { decision: "reject", reason: "不符合。" }, meta);
    await expect(decide(second.actor, application.id, approval, meta)).rejects.toMatchObject({ code: "conflict", messageKey: "errors.admissionAlreadyDecided" });
    const answer = await call(
      reviewAction,
      postRequest(`/admissions/${application.id}`, { intent: "decide", decision: "waitlist", reason: "再看看" }, second.cookie),
      { id: application.id },
    );
    expect(answer.status).toBe(409);
    expect(answer.data.result.error[""]).toEqual(["errors.admissionAlreadyDecided"]);
  });

  it("lets the applicant fix what was asked and resubmit, with the request on their status page", async () => {
    const { applicant, application } = await submittedApplication();
    const reviewer = await parkMember("admissions");
    await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    await commentInternally(reviewer.actor, application.id, { body: "内部：团队偏小" }, meta);
    await requestInformation(reviewer.actor, application.id, { message: "请补充过往作品。", fixSteps: ["team"] }, meta);

    const status = await call(statusLoader, getRequest("/apply/status", applicant.cookie));
    expect(status.data.current.status).toBe("info_requested");
    expect(status.data.current.infoRequest).toMatchObject({ message: "请补充过往作品。", fixSteps: ["team"] });
    // Internal notes never reach the applicant.
    expect(status.data.current.timeline.map((e: { kind: string }) => e.kind)).not.toContain("comment");
    expect(JSON.stringify(status.data)).not.toContain("内部：团队偏小");

    const save = await call(
      applyAction,
      postRequest("/apply", { intent: "next", step: "team", size: "12", keyPeople: "张三 · 导演", pastWorks: "《某剧》2025" }, applicant.cookie),
    );
    expect(save.status).toBe(302);
    const noNote = await call(applyAction, postRequest("/apply", { intent: "resubmit", step: "review", applicationId: application.id, ...DECLARED }, applicant.cookie));
    expect(noNote.status).toBe(400);
    expect(noNote.data.result.error.note).toEqual(["errors.required"]);
    const sent = await call(applyAction, postRequest("/apply", { intent: "resubmit", step: "review", applicationId: application.id, note: "已补充作品。", ...DECLARED }, applicant.cookie));
    expect(sent.location).toBe("/apply/status?done=resubmitted");
    const row = await applicationRow(application.id);
    expect(row.status).toBe("resubmitted");
    expect(row.team).toMatchObject({ pastWorks: "《某剧》2025" });
    const db = await getDb();
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, reviewer.user.id), eq(notifications.kind, "admissionResubmitted")));
    expect(told).toHaveLength(1);
  });
});

describe("approval", () => {
  it("creates the tenant with the applicant as owner, records the terms and grants 500 welcome credits for 90 days", async () => {
    const { applicant, application } = await submittedApplication({ company: { registered: "yes", uscc: VALID_USCC, foundedOn: "2022-05-01", nameEn: "Blue Whale Studio", category: "animation" } });
    const reviewer = await parkMember("admissions");
    await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    const criteria = await listRubric(await getDb());
    expect(criteria.map((c) => c.key)).toEqual(["fit", "team", "plan", "needs"]);
    await scoreApplication(reviewer.actor, application.id, { scores: criteria.map((c) => ({ criterionId: c.id, score: 4 })) }, meta);

    const answer = await call(
      reviewAction,
      postRequest(
        `/admissions/${application.id}`,
        { intent: "decide", decision: "approve", reason: "团队优秀。", seats: "8", moveInOn: inTwoWeeks(), incubationSupport: "导师辅导", welcomeCredits: "500" },
        reviewer.cookie,
      ),
      { id: application.id },
    );
    expect(answer.status).toBe(200);
    expect(answer.data.done).toBe("admission.review.done.decided");

    const row = await applicationRow(application.id);
    expect(row.status).toBe("approved");
    expect(row.terms).toMatchObject({ seats: 8, moveInOn: inTwoWeeks(), incubationSupport: "导师辅导", welcomeCredits: 500 });
    const db = await getDb();
    const [org] = await db.select().from(organisations).where(eq(organisations.id, row.orgId!));
    expect(org).toMatchObject({ kind: "tenant", slug: "blue-whale-studio", uscc: VALID_USCC, category: "animation", status: "active" });
    const owners = await db.select().from(memberships).where(eq(memberships.orgId, org.id));
    expect(owners).toEqual([expect.objectContaining({ userId: applicant.user.id, role: "owner" })]);
    const [lot] = await db.select().from(creditLots).where(eq(creditLots.orgId, org.id));
    expect(lot).toMatchObject({ source: "grant", amountMilli: 500_000n, remainingMilli: 500_000n });
    const days = (lot.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const [grant] = await db.select().from(creditGrants).where(eq(creditGrants.orgId, org.id));
    expect(grant.category).toBe("welcome");

    const audit = await db.select({ action: auditEvents.action, orgId: auditEvents.orgId }).from(auditEvents);
    expect(audit).toEqual(expect.arrayContaining([
      { action: "admission.approved", orgId: reviewer.org.id },
      { action: "admission.tenant_created", orgId: org.id },
      { action: "credits.granted", orgId: org.id },
      { action: "admission.scored", orgId: reviewer.org.id },
    ]));
    const told = await db.select().from(notifications).where(eq(notifications.userId, applicant.user.id));
    expect(told.map((n) => n.kind)).toEqual(expect.arrayContaining(["admissionReceived", "admissionInReview", "admissionApproved"]));
    const events = await db.select({ kind: admissionEvents.kind }).from(admissionEvents).where(eq(admissionEvents.applicationId, application.id));
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["submit", "startReview", "scored", "approve"]));

    // The tenant is in the applicant's organisation switcher.
    expect((await listMyOrganisations(applicant.user.id)).map((o) => o.id)).toContain(org.id);
    const status = await call(statusLoader, getRequest("/apply/status", applicant.cookie));
    expect(status.data.current).toMatchObject({ status: "approved", orgId: org.id });
  });

  it("approves without credits when asked, needs the terms, and hands an unregistered company to the registration hook", async () => {
    const calls: unknown[] = [];
    onApprovedUnregistered(async (_tx, company) => void calls.push(company));
    const { applicant, application } = await submittedApplication({ company: { registered: "no", nameEn: "" } });
    const reviewer = await parkMember("admin");
    await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    const noTerms = await call(reviewAction, postRequest(`/admissions/${application.id}`, { intent: "decide", decision: "approve", reason: "好" }, reviewer.cookie), { id: application.id });
    expect(noTerms.status).toBe(400);
    expect(noTerms.data.result.error.seats).toEqual(["errors.required"]);
    expect(noTerms.data.result.error.moveInOn).toEqual(["errors.required"]);

    const approved = await decide(reviewer.actor, application.id, { ...approval, welcomeCredits: 0 }, meta);
    const db = await getDb();
    const [org] = await db.select().from(organisations).where(eq(organisations.id, approved.orgId!));
    expect(org.slug).toMatch(/^tenant-[0-9a-f]{8}$/);
    expect(org.uscc).toBeNull();
    expect(await db.select().from(creditLots).where(eq(creditLots.orgId, org.id))).toHaveLength(0);
    expect(calls).toEqual([{ applicationId: application.id, orgId: org.id, applicantUserId: applicant.user.id, companyNameZh: expect.any(String), actorUserId: reviewer.user.id }]);
  });

  it("gives the second company with the same English name its own slug", async () => {
    const reviewer = await parkMember("admissions");
    const slugs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { application } = await submittedApplication({ company: { nameEn: "Same Name Films" } });
      await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
      const approved = await decide(reviewer.actor, application.id, approval, meta);
      const db = await getDb();
      const [org] = await db.select().from(organisations).where(eq(organisations.id, approved.orgId!));
      slugs.push(org.slug);
    }
    expect(slugs).toEqual(["same-name-films", "same-name-films-2"]);
  });
});

describe("who may see what", () => {
  it("keeps one applicant's application from another", async () => {
    const { application } = await submittedApplication();
    const other = await newApplicant();
    const status = await call(statusLoader, getRequest("/apply/status", other.cookie));
    expect(status.data.current).toBeNull();
    await expect(withdraw(other.actor, application.id, {}, meta)).rejects.toMatchObject({ code: "not_found" });
    await expect(submitApplication(other.actor, application.id, DECLARED, meta)).rejects.toMatchObject({ code: "not_found" });
    const withdrawal = await call(applyAction, postRequest("/apply", { intent: "submit", step: "review", applicationId: application.id, ...DECLARED }, other.cookie));
    expect(withdrawal.status).toBe(404);
    // The applicant is not a reviewer either.
    expect((await call(reviewLoader, getRequest(`/admissions/${application.id}`, other.cookie), { id: application.id })).status).toBe(404);
  });

  it("keeps tenant members out of the console (404) and park staff without the admissions role out too (403)", async () => {
    const { application } = await submittedApplication();
    const tenantOwner = await signedInMember({ role: "owner" });
    expect((await call(consoleLoader, getRequest("/admissions", tenantOwner.cookie))).status).toBe(404);
    expect((await call(reviewLoader, getRequest(`/admissions/${application.id}`, tenantOwner.cookie), { id: application.id })).status).toBe(404);
    expect((await call(csvLoader, getRequest("/admissions/export.csv", tenantOwner.cookie))).status).toBe(404);
    const services = await parkMember("services");
    expect((await call(consoleLoader, getRequest("/admissions", services.cookie))).status).toBe(403);
    const decideAsTenant = await call(reviewAction, postRequest(`/admissions/${application.id}`, { intent: "decide", decision: "approve", reason: "x" }, tenantOwner.cookie), { id: application.id });
    expect(decideAsTenant.status).toBe(404);
    expect((await applicationRow(application.id)).status).toBe("submitted");
  });
});

describe("the console", () => {
  it("counts the pipeline, filters, searches, exports CSV and reports months", async () => {
    const reviewer = await parkMember("admissions");
    const a = await submittedApplication({ company: { nameZh: "甲子动画", category: "animation" } });
    const b = await submittedApplication({ company: { nameZh: "乙丑短剧", category: "short_drama" } });
    await completedDraft(await newApplicant(), { company: { nameZh: "丙寅草稿" } });
    await assignReviewer(reviewer.actor, a.application.id, { assigneeUserId: reviewer.user.id }, meta);
    await decide(reviewer.actor, a.application.id, approval, meta);

    const page = await call(consoleLoader, getRequest("/admissions", reviewer.cookie));
    expect(page.status).toBe(200);
    const counts = Object.fromEntries(page.data.counts.map((c: { status: string; count: number }) => [c.status, c.count]));
    expect(counts).toMatchObject({ submitted: 1, approved: 1, in_review: 0 });
    expect(counts.draft).toBeUndefined();
    expect(page.data.rows.map((r: { nameZh: string }) => r.nameZh).sort()).toEqual(["乙丑短剧", "甲子动画"].sort());

    const searched = await call(consoleLoader, getRequest(`/admissions?q=${encodeURIComponent("乙丑")}`, reviewer.cookie));
    expect(searched.data.rows.map((r: { id: string }) => r.id)).toEqual([b.application.id]);
    const byCategory = await call(consoleLoader, getRequest("/admissions?category=animation", reviewer.cookie));
    expect(byCategory.data.rows.map((r: { id: string }) => r.id)).toEqual([a.application.id]);
    const mine = await call(consoleLoader, getRequest("/admissions?assignee=me", reviewer.cookie));
    expect(mine.data.rows.map((r: { id: string }) => r.id)).toEqual([a.application.id]);
    const unassigned = await call(consoleLoader, getRequest("/admissions?assignee=none&status=submitted", reviewer.cookie));
    expect(unassigned.data.rows.map((r: { id: string }) => r.id)).toEqual([b.application.id]);

    const thisMonth = page.data.months.at(-1);
    expect(thisMonth).toMatchObject({ submitted: 2, decided: 1, approved: 1, acceptancePercent: 100 });
    expect(page.data.months).toHaveLength(12);

    const csv = await call(csvLoader, getRequest("/admissions/export.csv?status=approved", reviewer.cookie));
    expect(csv.status).toBe(200);
  });

  it("exports the filtered list as CSV with a BOM and translated headers", async () => {
    const reviewer = await parkMember("admissions");
    await submittedApplication({ company: { nameZh: "导出测试影业" } });
    const response = (await csvLoader({ request: getRequest("/admissions/export.csv", reviewer.cookie), params: {}, context: { clientIp: null } })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    // text() drops a byte-order mark, so read the bytes.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith("\uFEFF申请编号,公司名称")).toBe(true);
    expect(text).toContain("导出测试影业");
    expect(text).toContain("已提交");
  });

  it("defuses a formula an applicant typed, and keeps the age column a number", async () => {
    const reviewer = await parkMember("admissions");
    const { applicant } = await submittedApplication({ company: { nameZh: '=HYPERLINK("http://evil.example","点我")' } });
    const db = await getDb();
    await db.update(users).set({ displayName: "@SUM(1+1)*cmd|' /C calc'!A0" }).where(eq(users.id, applicant.user.id));
    const response = (await csvLoader({ request: getRequest("/admissions/export.csv", reviewer.cookie), params: {}, context: { clientIp: null } })) as Response;
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
    const [header, row] = parseCsv(text.slice(1)) as string[][];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell("公司名称")).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(cell("申请人")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(Number.isInteger(Number(cell("当前状态停留（天）")))).toBe(true);
  });
});
