// /admissions/:id — one application as a reviewer sees it: its answers and attachments, the rubric
// scores, internal notes, the timeline, and what can be done next (assign, ask for more, schedule
// an interview, decide, reopen) as the state machine allows.
import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnswersSummary, AttachmentList, Timeline } from "~/components/admission";
import { ApplicationStatusBadge } from "~/components/admission-status";
import {
  AssignForm,
  CommentForm,
  DecisionForm,
  InterviewForm,
  ReopenForm,
  RequestInfoForm,
  ScoreForm,
  reviewDone,
} from "~/components/admission-review";
import { DoneNotice, errorsOf, FormErrors, resultFor } from "~/components/forms";
import { BackLink, PageHeader, ParkDate } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { decide } from "~/modules/admission/decide.server";
import { givenScores, reviewFormSchema } from "~/modules/admission/forms";
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
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
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

export const action = withAppErrors(async ({ request, context, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "admission:review", kind: "park" });
  const meta = await requestInfo(request, context);
  const id = params.id ?? "";
  return submitForm(
    request,
    reviewFormSchema,
    async (value) => {
      await byIntent<typeof value, Promise<unknown>>(value, {
        assign: ({ assigneeUserId }) => assignReviewer(member, id, { assigneeUserId }, meta),
        comment: ({ body }) => commentInternally(member, id, { body }, meta),
        requestInfo: ({ message, fixSteps }) => requestInformation(member, id, { message, fixSteps }, meta),
        scheduleInterview: ({ at, location, note }) => scheduleInterview(member, id, { at, location, note }, meta),
        decide: ({ intent: _intent, ...decision }) => decide(member, id, decision, meta),
        score: ({ score, note }) => scoreApplication(member, id, { scores: givenScores(score), note: note || undefined }, meta),
        reopen: ({ note }) => reopenApplication(member, id, { note }, meta),
      });
      return reviewDone[value.intent];
    },
    { resetForm: true },
  );
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
      <BackLink to="/admissions">{t("admission.review.back")}</BackLink>
      <PageHeader title={name}>
        <p>
          <ApplicationStatusBadge status={status} />
        </p>
      </PageHeader>
      <DoneNotice message={actionData?.done} />
      <FormErrors id="review-errors" errors={errorsOf(resultFor(actionData, ["assign", "reopen", "score"]))} />

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
                    <ParkDate day={application.terms.moveInOn} /> · {t("admission.statusPage.welcomeCredits")}{" "}
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

