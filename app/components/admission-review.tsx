// The reviewer's forms on /admissions/:id — assign, ask for more, schedule an interview, score,
// decide, reopen, comment — each posting its `intent` to the page's action, whose answer they read.
import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Field, FormErrors, InputField, resultFor, TextareaField, translateMessage, useZodForm } from "~/components/forms";
import { answerSteps, commentSchema, decisionSchema, DEFAULT_WELCOME_CREDITS, interviewSchema, requestInfoSchema } from "~/modules/admission/forms";

export type ReviewIntent = "assign" | "comment" | "requestInfo" | "scheduleInterview" | "decide" | "score" | "reopen";

/** What the page says after each form's success; it also tells which form an emptied result belongs to. */
export const reviewDone: Record<ReviewIntent, string> = {
  assign: "admission.review.done.assigned",
  comment: "admission.review.done.commented",
  requestInfo: "admission.review.done.infoRequested",
  scheduleInterview: "admission.review.done.interviewScheduled",
  decide: "admission.review.done.decided",
  score: "admission.review.done.scored",
  reopen: "admission.review.done.reopened",
};

/** What the page's action answers every form. */
type ReviewAnswer = { result: SubmissionResult<string[]>; done: string | null };

/** What the forms read of the page's data. */
export interface ReviewView {
  me: string;
  staffEvents: string[];
  application: { assigneeUserId: string | null };
  reviewers: { id: string; displayName: string }[];
  criteria: { id: string; labelZh: string; labelEn: string; descriptionZh: string; descriptionEn: string; weight: number }[];
  scores: { criterionId: string; reviewerUserId: string; score: number; reviewerName: string }[];
}

function useIntentForm(intent: ReviewIntent, schema: z.ZodTypeAny, defaultValue?: Record<string, string>) {
  const actionData = useActionData<ReviewAnswer>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [form, fields] = useZodForm(schema, {
    id: `review-${intent}`,
    lastResult: resultFor(actionData, intent, { resets: actionData?.done === reviewDone[intent] }),
    defaultValue,
  });
  return { form, fields: fields as unknown as Record<string, FieldMetadata<string>>, busy };
}

/** A reviewer's form with a title: its errors, its intent, then its fields. */
function IntentForm({ form, intent, title, children }: { form: ReturnType<typeof useIntentForm>["form"]; intent: ReviewIntent; title: string; children: React.ReactNode }) {
  return (
    <Form method="post" {...getFormProps(form)}>
      <h3>{title}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}

function Busy({ busy, children, className }: { busy: boolean; children: React.ReactNode; className?: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className ?? "button"} disabled={busy} aria-busy={busy}>
      {busy ? t("common.working") : children}
    </button>
  );
}

export function AssignForm({ view }: { view: ReviewView }) {
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

export function RequestInfoForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("requestInfo", requestInfoSchema);
  return (
    <IntentForm form={form} intent="requestInfo" title={t("admission.review.requestInfoTitle")}>
      <TextareaField meta={fields.message} label={t("admission.review.requestInfoMessage")} rows={3} />
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
    </IntentForm>
  );
}

export function InterviewForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("scheduleInterview", interviewSchema);
  return (
    <IntentForm form={form} intent="scheduleInterview" title={t("admission.review.interviewTitle")}>
      <div className="form-row">
        <Field label={t("admission.review.interviewAt")} meta={fields.at}>
          <input {...getInputProps(fields.at, { type: "datetime-local" })} />
        </Field>
        <InputField meta={fields.location} label={t("admission.review.interviewLocation")} />
      </div>
      <TextareaField meta={fields.note} label={t("admission.review.interviewNote")} rows={2} />
      <Busy busy={busy} className="button button-secondary">
        {t("admission.review.scheduleInterview")}
      </Busy>
    </IntentForm>
  );
}

export function DecisionForm({
  unregistered,
  hookReady,
  apartmentsAsked,
  weightedScoreTenths,
}: {
  unregistered: boolean;
  hookReady: boolean;
  apartmentsAsked: number;
  /** The weighted rubric score so far (tenths of a point), shown beside the decision; null before scoring. */
  weightedScoreTenths: number | null;
}) {
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
      <p className={weightedScoreTenths === null ? "banner banner-warn" : "small"}>
        {weightedScoreTenths === null
          ? t("admission.review.scoreFirst")
          : t("admission.review.scoreBeside", { score: (weightedScoreTenths / 10).toFixed(1) })}
      </p>
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
      <TextareaField meta={fields.reason} label={t("admission.review.reason")} rows={3} />
      {decision !== "reject" && decision !== "waitlist" ? (
        <fieldset className="plain">
          <legend className="small muted">{t("admission.review.termsTitle")}</legend>
          {unregistered && !hookReady ? <p className="banner banner-warn">{t("admission.review.unregisteredNote")}</p> : null}
          <div className="form-row">
            <InputField meta={fields.seats} label={t("admission.review.seats")} type="number" min={1} step={1} inputMode="numeric" />
            <InputField meta={fields.moveInOn} label={t("admission.review.moveInOn")} type="date" />
          </div>
          <TextareaField meta={fields.incubationSupport} label={t("admission.review.incubationSupport")} rows={2} />
          <Field
            label={t("admission.review.welcomeCredits")}
            hint={t("admission.review.welcomeCreditsHint")}
            meta={fields.welcomeCredits}
          >
            <input {...getInputProps(fields.welcomeCredits, { type: "number" })} min={0} step={1} inputMode="numeric" />
          </Field>
          <Field
            label={t("housing.admissionTerms.places")}
            hint={t("housing.admissionTerms.placesHint")}
            meta={fields.housingPlaces}
          >
            <input {...getInputProps(fields.housingPlaces, { type: "number" })} min={0} max={200} step={1} inputMode="numeric" />
          </Field>
        </fieldset>
      ) : null}
      <Busy busy={busy}>{t("admission.review.decide")}</Busy>
    </Form>
  );
}

export function ReopenForm() {
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

export function ScoreForm({ view }: { view: ReviewView }) {
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

export function CommentForm() {
  const { t } = useTranslation();
  const { form, fields, busy } = useIntentForm("comment", commentSchema);
  return (
    <div className="card">
      <h2>{t("admission.review.commentTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="comment" />
        <TextareaField meta={fields.body} label={t("admission.review.commentBody")} rows={2} />
        <Busy busy={busy} className="button button-secondary">
          {t("admission.review.addComment")}
        </Busy>
      </Form>
    </div>
  );
}
