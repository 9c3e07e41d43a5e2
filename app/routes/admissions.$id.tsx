// /admissions/:id — one application as a reviewer sees it: its answers and attachments, the rubric
// scores, internal notes, the timeline, and what can be done next (assign, ask for more, schedule
// an interview, decide, reopen) as the state machine allows.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnswersSummary, AttachmentList, StatusPill, Timeline } from "~/components/admission";
import {
  AssignForm,
  CommentForm,
  DecisionForm,
  InterviewForm,
  ReopenForm,
  RequestInfoForm,
  ScoreForm,
  type ReviewAnswer as ActionAnswer,
  type ReviewIntent as Intent,
} from "~/components/admission-review";
import { translateMessage } from "~/components/forms";
import { formatDate, formatDateTime } from "~/i18n/format";
import { decide } from "~/modules/admission/decide.server";
import { commentSchema, decisionSchema, interviewSchema, requestInfoSchema, scoreSchema } from "~/modules/admission/forms";
import { hasApprovedUnregisteredHandler } from "~/modules/admission/hooks.server";
import {
  applicationForReview,
  assignReviewer,
  commentInternally,
  reopenApplication,
  requestInformation,
  scheduleInterview,
  scoreApplication,
} from "~/modules/admission/review.server";
import { isInReview, type ApplicationStatus } from "~/modules/admission/workflow";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("入驻申请审核");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: admissionStyles }];

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:review", kind: "park" });
  const view = await applicationForReview(member, params.id ?? "");
  return { ...view, me: member.user.id, registrationHookReady: hasApprovedUnregisteredHandler() };
});

const conformIntents = {
  comment: { schema: commentSchema, run: commentInternally, done: "admission.review.done.commented" },
  requestInfo: { schema: requestInfoSchema, run: requestInformation, done: "admission.review.done.infoRequested" },
  scheduleInterview: { schema: interviewSchema, run: scheduleInterview, done: "admission.review.done.interviewScheduled" },
  decide: { schema: decisionSchema, run: decide, done: "admission.review.done.decided" },
} as const;

export const action = withAppErrors(async ({ request, context, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:review", kind: "park" });
  const form = await readForm(request);
  const intent = String(form.get("intent")) as Intent;
  const meta = await requestInfo(request, context);
  const id = params.id ?? "";
  if (intent in conformIntents) {
    const { schema, run, done } = conformIntents[intent as keyof typeof conformIntents];
    const submission = parseWithZod(form, { schema });
    if (submission.status !== "success") return data<ActionAnswer>({ intent, result: submission.reply(), done: null }, { status: 400 });
    try {
      await (run as (m: typeof member, id: string, input: unknown, meta: unknown) => Promise<unknown>)(member, id, submission.value, meta);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return data<ActionAnswer>({ intent, result, done: null }, { status });
    }
    return data<ActionAnswer>({ intent, result: submission.reply({ resetForm: true }), done });
  }
  try {
    if (intent === "assign") {
      await assignReviewer(member, id, { assigneeUserId: String(form.get("assigneeUserId") ?? "") }, meta);
      return data<ActionAnswer>({ intent, result: null, done: "admission.review.done.assigned" });
    }
    if (intent === "reopen") {
      await reopenApplication(member, id, { note: String(form.get("note") ?? "") }, meta);
      return data<ActionAnswer>({ intent, result: null, done: "admission.review.done.reopened" });
    }
    if (intent === "score") {
      const scores = [...form.entries()]
        .filter(([name, value]) => name.startsWith("score.") && value !== "")
        .map(([name, value]) => ({ criterionId: name.slice("score.".length), score: Number(value) }));
      const parsed = scoreSchema.safeParse({ scores, note: String(form.get("note") ?? "").trim() || undefined });
      if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "errors.badForm");
      await scoreApplication(member, id, parsed.data, meta);
      return data<ActionAnswer>({ intent, result: null, done: "admission.review.done.scored" });
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return data<ActionAnswer>({ intent, result: null, done: null, error: encodeMessage(error.messageKey, error.params) }, { status: error.code === "conflict" ? 409 : 422 });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function ReviewApplication() {
  const { t, i18n } = useTranslation();
  const view = useLoaderData<typeof loader>();
  const { application, applicant, assignee, attachments, timeline, weightedScoreTenths, missingSteps, staffEvents } = view;
  const actionData = useActionData<typeof action>();
  const status = application.status as ApplicationStatus;
  const company = (application.company ?? {}) as { nameZh?: string; nameEn?: string; registered?: string };
  const name = (i18n.language === "en" ? company.nameEn || company.nameZh : company.nameZh) || "—";
  const scorable = isInReview(status) || status === "info_requested";
  return (
    <section className="stack">
      <header className="page-header">
        <p className="small">
          <Link to="/admissions">← {t("admission.review.back")}</Link>
        </p>
        <h1>{name}</h1>
        <p>
          <StatusPill status={status} />
        </p>
      </header>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t(actionData.done)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}

      <div className="review-layout">
        <div className="stack">
          <div className="card">
            <dl className="details">
              <dt>{t("admission.review.applicant")}</dt>
              <dd>
                {applicant?.displayName} · {applicant?.email}
              </dd>
              <dt>{t("admission.review.submittedAt")}</dt>
              <dd>{formatDateTime(application.submittedAt, i18n.language)}</dd>
              <dt>{t("admission.review.assignee")}</dt>
              <dd>{assignee?.displayName ?? <span className="muted">{t("admission.review.nobody")}</span>}</dd>
              <dt>{t("admission.declaration.title")}</dt>
              <dd data-field="declaration">
                {application.declaredAt ? (
                  t("admission.declaration.recorded", { version: application.declarationVersion, at: formatDateTime(application.declaredAt, i18n.language) })
                ) : (
                  <span className="muted">{t("admission.declaration.none")}</span>
                )}
              </dd>
              <dt>{t("admission.review.score")}</dt>
              <dd>{weightedScoreTenths === null ? <span className="muted">{t("admission.review.noScore")}</span> : t("admission.review.scoreValue", { score: (weightedScoreTenths / 10).toFixed(1) })}</dd>
              {application.interviewAt ? (
                <>
                  <dt>{t("admission.statusPage.interview")}</dt>
                  <dd>
                    {formatDateTime(application.interviewAt, i18n.language)} · {application.interviewLocation}
                  </dd>
                </>
              ) : null}
              {application.decisionReason ? (
                <>
                  <dt>{t("admission.statusPage.reason")}</dt>
                  <dd className="multiline">{application.decisionReason}</dd>
                </>
              ) : null}
              {application.terms ? (
                <>
                  <dt>{t("admission.statusPage.terms")}</dt>
                  <dd>
                    {t("admission.statusPage.seats")} {application.terms.seats} · {t("admission.statusPage.moveInOn")}{" "}
                    {formatDate(`${application.terms.moveInOn}T00:00:00+08:00`, i18n.language)} · {t("admission.statusPage.welcomeCredits")}{" "}
                    {application.terms.welcomeCredits}
                    {application.terms.incubationSupport ? <div className="multiline">{application.terms.incubationSupport}</div> : null}
                  </dd>
                </>
              ) : null}
              {application.orgId ? (
                <>
                  <dt>{t("admission.review.tenant")}</dt>
                  <dd>
                    <Link to={`/admin/tenants/${application.orgId}`}>{name}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
            {missingSteps.length > 0 ? (
              <p className="banner banner-warn">
                {t("admission.review.missingSteps")} {missingSteps.map((s) => t(`admission.steps.${s}`)).join("、")}
              </p>
            ) : null}
          </div>

          <div className="card">
            <h2>{t("admission.review.answers")}</h2>
            <AnswersSummary saved={application} />
          </div>

          <div className="card">
            <h2>{t("admission.review.attachments")}</h2>
            {attachments.length === 0 ? <p className="muted">{t("admission.review.noAttachments")}</p> : <AttachmentList attachments={attachments} />}
          </div>
        </div>

        <div className="stack">
          <div className="card review-actions" id="review-actions">
            {staffEvents.length === 0 && !scorable ? <p className="muted">{t("admission.review.noActions")}</p> : null}
            {staffEvents.includes("startReview") || scorable ? <AssignForm view={view} /> : null}
            {staffEvents.includes("requestInfo") ? <RequestInfoForm /> : null}
            {staffEvents.includes("scheduleInterview") ? <InterviewForm /> : null}
            {staffEvents.includes("reopen") ? <ReopenForm /> : null}
          </div>
          {/* Score against the rubric first; the decision comes after, with the score beside it. */}
          {scorable ? <ScoreForm view={view} /> : null}
          {staffEvents.includes("approve") ? (
            <div className="card review-actions">
              <DecisionForm
                unregistered={company.registered === "no"}
                hookReady={view.registrationHookReady}
                apartmentsAsked={Number((application.needs as { apartments?: unknown } | null)?.apartments ?? 0) || 0}
                weightedScoreTenths={weightedScoreTenths}
              />
            </div>
          ) : null}
          <CommentForm />
          <div className="card">
            <h2>{t("admission.review.timeline")}</h2>
            <Timeline events={timeline} viewer="staff" applicantUserId={application.applicantUserId} criteria={view.rubricLabels} />
          </div>
        </div>
      </div>
    </section>
  );
}

