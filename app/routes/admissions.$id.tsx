// /admissions/:id — one application as a reviewer sees it: its answers and attachments, the rubric
// scores, internal notes, the timeline, and what can be done next (assign, ask for more, schedule
// an interview, decide, reopen) as the state machine allows.
import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AnswersSummary, AttachmentList, StatusPill, Timeline } from "~/components/admission";
import { DataTable } from "~/components/data-table";
import { Field, FormErrors, translateMessage } from "~/components/forms";
import { formatDate, formatDateTime } from "~/i18n/format";
import { decide } from "~/modules/admission/decide.server";
import {
  answerSteps,
  commentSchema,
  decisionSchema,
  DEFAULT_WELCOME_CREDITS,
  interviewSchema,
  requestInfoSchema,
  scoreSchema,
} from "~/modules/admission/forms";
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

type Intent = "assign" | "comment" | "requestInfo" | "scheduleInterview" | "decide" | "score" | "reopen";
interface ActionAnswer {
  intent: Intent;
  result: SubmissionResult<string[]> | null;
  done: string | null;
  error?: string;
}

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

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

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
            {staffEvents.includes("approve") ? (
              <DecisionForm unregistered={company.registered === "no"} hookReady={view.registrationHookReady} apartmentsAsked={Number((application.needs as { apartments?: unknown } | null)?.apartments ?? 0) || 0} />
            ) : null}
            {staffEvents.includes("reopen") ? <ReopenForm /> : null}
          </div>
          {scorable ? <ScoreForm view={view} /> : null}
          <CommentForm />
          <div className="card">
            <h2>{t("admission.review.timeline")}</h2>
            <Timeline events={timeline} viewer="staff" applicantUserId={application.applicantUserId} />
          </div>
        </div>
      </div>
    </section>
  );
}

function useIntentForm(intent: Intent, schema: Parameters<typeof parseWithZod>[1]["schema"], defaultValue?: Record<string, string>) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [form, fields] = useForm({
    id: `review-${intent}`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return { form, fields: fields as unknown as Record<string, FieldMetadata<string>>, busy };
}

function Busy({ busy, children, className }: { busy: boolean; children: React.ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className ?? "button"} disabled={busy} aria-busy={busy}>
      {busy ? t("common.working") : children}
    </button>
  );
}

function AssignForm({ view }: { view: LoaderData }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "assign";
  const starting = view.staffEvents.includes("startReview");
  return (
    <Form method="post" id="review-assign">
      <h3>{t("admission.review.assignTitle")}</h3>
      <input type="hidden" name="intent" value="assign" />
      <div className="inline-form">
        <label className="visually-hidden" htmlFor="assignee">
          {t("admission.review.assignee")}
        </label>
        <select id="assignee" name="assigneeUserId" defaultValue={view.application.assigneeUserId ?? view.me}>
          {view.reviewers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.displayName}
            </option>
          ))}
        </select>
        <Busy busy={busy} className="button button-small">
          {starting ? t("admission.review.startReview") : t("admission.review.assign")}
        </Busy>
      </div>
    </Form>
  );
}

function RequestInfoForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("requestInfo", requestInfoSchema);
  return (
    <Form method="post" {...getFormProps(form)}>
      <h3>{t("admission.review.requestInfoTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="requestInfo" />
      <Field label={t("admission.review.requestInfoMessage")} htmlFor={fields.message.id} errors={fields.message.errors} errorId={fields.message.errorId}>
        <textarea {...getTextareaProps(fields.message)} rows={3} />
      </Field>
      <fieldset className="checks">
        <legend>{t("admission.review.fixSteps")}</legend>
        {answerSteps.map((step) => (
          <label key={step}>
            <input type="checkbox" name="fixSteps" value={step} />
            {t(`admission.steps.${step}`)}
          </label>
        ))}
      </fieldset>
      <Busy busy={busy} className="button button-secondary">
        {t("admission.review.requestInfo")}
      </Busy>
    </Form>
  );
}

function InterviewForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("scheduleInterview", interviewSchema);
  return (
    <Form method="post" {...getFormProps(form)}>
      <h3>{t("admission.review.interviewTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="scheduleInterview" />
      <div className="form-row">
        <Field label={t("admission.review.interviewAt")} htmlFor={fields.at.id} errors={fields.at.errors} errorId={fields.at.errorId}>
          <input {...getInputProps(fields.at, { type: "datetime-local" })} />
        </Field>
        <Field label={t("admission.review.interviewLocation")} htmlFor={fields.location.id} errors={fields.location.errors} errorId={fields.location.errorId}>
          <input {...getInputProps(fields.location, { type: "text" })} />
        </Field>
      </div>
      <Field label={t("admission.review.interviewNote")} htmlFor={fields.note.id} errors={fields.note.errors} errorId={fields.note.errorId}>
        <textarea {...getTextareaProps(fields.note)} rows={2} />
      </Field>
      <Busy busy={busy} className="button button-secondary">
        {t("admission.review.scheduleInterview")}
      </Busy>
    </Form>
  );
}

function DecisionForm({ unregistered, hookReady, apartmentsAsked }: { unregistered: boolean; hookReady: boolean; apartmentsAsked: number }) {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("decide", decisionSchema, { welcomeCredits: String(DEFAULT_WELCOME_CREDITS), housingPlaces: String(apartmentsAsked) });
  const [decision, setDecision] = useState("");
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      onSubmit={(event) => {
        // Conform validates a field by submitting with its own intent button; only a real submit asks.
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (submitter?.name !== "__intent__" && !window.confirm(t("admission.review.confirmDecide"))) {
          event.preventDefault();
          return;
        }
        form.onSubmit(event);
      }}
    >
      <h3>{t("admission.review.decideTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="decide" />
      <fieldset className="radio-group">
        <legend>{t("admission.review.decision")}</legend>
        {(["approve", "reject", "waitlist"] as const).map((value) => (
          <label key={value}>
            <input {...getInputProps(fields.decision, { type: "radio", value })} id={`${fields.decision.id}-${value}`} onChange={() => setDecision(value)} />
            {t(`admission.review.${value}`)}
          </label>
        ))}
        {fields.decision.errors?.length ? (
          <ul className="field-errors" role="alert">
            {fields.decision.errors.map((e) => (
              <li key={e}>{translateMessage(t, e)}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <Field label={t("admission.review.reason")} htmlFor={fields.reason.id} errors={fields.reason.errors} errorId={fields.reason.errorId}>
        <textarea {...getTextareaProps(fields.reason)} rows={3} />
      </Field>
      {decision !== "reject" && decision !== "waitlist" ? (
        <fieldset className="plain">
          <legend className="small muted">{t("admission.review.termsTitle")}</legend>
          {unregistered && !hookReady ? <p className="banner banner-warn">{t("admission.review.unregisteredNote")}</p> : null}
          <div className="form-row">
            <Field label={t("admission.review.seats")} htmlFor={fields.seats.id} errors={fields.seats.errors} errorId={fields.seats.errorId}>
              <input {...getInputProps(fields.seats, { type: "number" })} min={1} step={1} inputMode="numeric" />
            </Field>
            <Field label={t("admission.review.moveInOn")} htmlFor={fields.moveInOn.id} errors={fields.moveInOn.errors} errorId={fields.moveInOn.errorId}>
              <input {...getInputProps(fields.moveInOn, { type: "date" })} />
            </Field>
          </div>
          <Field label={t("admission.review.incubationSupport")} htmlFor={fields.incubationSupport.id} errors={fields.incubationSupport.errors} errorId={fields.incubationSupport.errorId}>
            <textarea {...getTextareaProps(fields.incubationSupport)} rows={2} />
          </Field>
          <Field
            label={t("admission.review.welcomeCredits")}
            hint={t("admission.review.welcomeCreditsHint")}
            htmlFor={fields.welcomeCredits.id}
            errors={fields.welcomeCredits.errors}
            errorId={fields.welcomeCredits.errorId}
          >
            <input {...getInputProps(fields.welcomeCredits, { type: "number" })} min={0} step={1} inputMode="numeric" />
          </Field>
          <Field
            label={t("housing.admissionTerms.places")}
            hint={t("housing.admissionTerms.placesHint")}
            htmlFor={fields.housingPlaces.id}
            errors={fields.housingPlaces.errors}
            errorId={fields.housingPlaces.errorId}
          >
            <input {...getInputProps(fields.housingPlaces, { type: "number" })} min={0} max={200} step={1} inputMode="numeric" />
          </Field>
        </fieldset>
      ) : null}
      <Busy busy={busy}>{t("admission.review.decide")}</Busy>
    </Form>
  );
}

function ReopenForm() {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "reopen";
  return (
    <Form method="post">
      <h3>{t("admission.review.reopenTitle")}</h3>
      <input type="hidden" name="intent" value="reopen" />
      <div className="field">
        <label htmlFor="reopen-note">{t("admission.review.reopenNote")}</label>
        <textarea id="reopen-note" name="note" rows={2} maxLength={1000} />
      </div>
      <Busy busy={busy} className="button button-secondary">
        {t("admission.review.reopen")}
      </Busy>
    </Form>
  );
}

function ScoreForm({ view }: { view: LoaderData }) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "score";
  const mine = new Map(view.scores.filter((s) => s.reviewerUserId === view.me).map((s) => [s.criterionId, s.score]));
  const reviewers = [...new Map(view.scores.map((s) => [s.reviewerUserId, s.reviewerName])).entries()];
  const label = (c: { labelZh: string; labelEn: string }) => (i18n.language === "en" ? c.labelEn : c.labelZh);
  return (
    <div className="card">
      <h2>{t("admission.review.rubricTitle")}</h2>
      <Form method="post" id="review-score">
        <input type="hidden" name="intent" value="score" />
        <div className="score-grid">
          {view.criteria.map((c) => (
            <div key={c.id} className="score-row">
              <label htmlFor={`score-${c.id}`}>
                <strong>{label(c)}</strong> <span className="muted small">· {t("admission.review.weight", { weight: c.weight })}</span>
                <div className="hint">{i18n.language === "en" ? c.descriptionEn : c.descriptionZh}</div>
              </label>
              <select id={`score-${c.id}`} name={`score.${c.id}`} defaultValue={String(mine.get(c.id) ?? "")}>
                <option value="">{t("admission.review.notScored")}</option>
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        <div className="field">
          <label htmlFor="score-note">{t("admission.review.scoreNote")}</label>
          <textarea id="score-note" name="note" rows={2} maxLength={1000} />
        </div>
        <Busy busy={busy} className="button button-secondary">
          {t("admission.review.saveScores")}
        </Busy>
      </Form>
      {reviewers.length > 0 ? (
        <>
          <h3>{t("admission.review.scoresBy")}</h3>
          <DataTable
            rows={reviewers}
            rowKey={([id]) => id}
            columns={[
              { header: t("admission.review.reviewer"), cell: ([, reviewerName]) => reviewerName },
              ...view.criteria.map((c) => ({
                header: label(c),
                cell: ([id]: (typeof reviewers)[number]) => view.scores.find((s) => s.reviewerUserId === id && s.criterionId === c.id)?.score ?? "—",
              })),
            ]}
          />
        </>
      ) : null}
    </div>
  );
}

function CommentForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("comment", commentSchema);
  return (
    <div className="card">
      <h2>{t("admission.review.commentTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="comment" />
        <Field label={t("admission.review.commentBody")} htmlFor={fields.body.id} errors={fields.body.errors} errorId={fields.body.errorId}>
          <textarea {...getTextareaProps(fields.body)} rows={2} />
        </Field>
        <Busy busy={busy} className="button button-secondary">
          {t("admission.review.addComment")}
        </Busy>
      </Form>
    </div>
  );
}
