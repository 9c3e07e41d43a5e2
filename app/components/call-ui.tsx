// Programmes and open calls: shared UI parts — the call's title in the reader's language, its
// status badge, the deadline with a countdown, the sub-navigation, and the staff's call form.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, FieldErrors, FormErrors, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { attachmentKinds, callKinds, timeLeft } from "~/modules/circle/calls-forms";

export function useCallText() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  return {
    title: (c: { titleZh: string; titleEn: string }) => (en && c.titleEn ? c.titleEn : c.titleZh),
    description: (c: { descriptionZh: string; descriptionEn: string }) => (en && c.descriptionEn ? c.descriptionEn : c.descriptionZh),
    criteria: (c: { criteriaZh: string; criteriaEn: string }) => (en && c.criteriaEn ? c.criteriaEn : c.criteriaZh),
    criterion: (c: { nameZh: string; nameEn: string }) => (en && c.nameEn ? c.nameEn : c.nameZh),
  };
}

const badgeClass: Record<string, string> = { draft: "status-void", open: "status-open", closed: "status", decided: "status-paid" };

export function CallStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status ${badgeClass[status] ?? ""}`}>{t(`circleCalls.status.${status}`)}</span>;
}

/**
 * The deadline in Shanghai time and what is left of it, ticking each minute once the page is live;
 * a call closed early by staff shows as closed whatever its deadline.
 */
export function Deadline({ deadlineAt, serverNow, status }: { deadlineAt: string | Date; serverNow: string | Date; status: string }) {
  const { t, i18n } = useTranslation();
  const deadline = new Date(deadlineAt);
  // The server's clock first (so the page hydrates with the same text), then the browser's.
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const left = status === "open" || status === "draft" ? timeLeft(deadline, now) : null;
  return (
    <span data-testid="call-deadline">
      {t("circleCalls.deadlineValue", { when: formatDateTime(deadline, i18n.language) })}{" "}
      <strong className={left ? "call-countdown" : "call-countdown muted"}>{left ? t("circleCalls.timeLeft", left) : t("circleCalls.timeUp")}</strong>
    </span>
  );
}

/** The calls' pages link back to the circle and to each other. */
export function CallsNav({ current }: { current?: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted small">
      <Link to="/circle">{t("circle.title")}</Link>
      {" · "}
      {current ? <Link to="/circle/calls">{t("circleCalls.title")}</Link> : <span>{t("circleCalls.title")}</span>}
    </p>
  );
}

/** The staff's form for a call, as the browser holds it. */
export interface CallFormValues {
  kind: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  criteriaZh: string;
  criteriaEn: string;
  deadlineDate: string;
  deadlineTime: string;
  requiredAttachments: string[];
  rubric: string;
  reviewerIds: string[];
  awardCredits: string;
}

export function CallForm({
  lastResult,
  defaultValue,
  reviewers,
  busy,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined | null;
  defaultValue: Partial<CallFormValues>;
  reviewers: { userId: string; name: string }[];
  busy: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm<CallFormValues>({ id: "call-form", lastResult, defaultValue, shouldValidate: "onSubmit" });
  const chosenFiles = new Set(defaultValue.requiredAttachments ?? []);
  const chosenReviewers = new Set(defaultValue.reviewerIds ?? []);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label={t("circleCalls.form.kind")} htmlFor={fields.kind.id} errors={fields.kind.errors} errorId={fields.kind.errorId}>
        <select {...getSelectProps(fields.kind)}>
          {callKinds.map((k) => (
            <option key={k} value={k}>
              {t(`circleCalls.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("circleCalls.form.titleZh")} htmlFor={fields.titleZh.id} errors={fields.titleZh.errors} errorId={fields.titleZh.errorId}>
        <input {...getInputProps(fields.titleZh, { type: "text" })} maxLength={120} />
      </Field>
      <Field label={t("circleCalls.form.titleEn")} htmlFor={fields.titleEn.id} errors={fields.titleEn.errors} errorId={fields.titleEn.errorId}>
        <input {...getInputProps(fields.titleEn, { type: "text" })} maxLength={200} />
      </Field>
      <Field label={t("circleCalls.form.descriptionZh")} htmlFor={fields.descriptionZh.id} errors={fields.descriptionZh.errors} errorId={fields.descriptionZh.errorId}>
        <textarea {...getTextareaProps(fields.descriptionZh)} rows={4} />
      </Field>
      <Field label={t("circleCalls.form.descriptionEn")} htmlFor={fields.descriptionEn.id} errors={fields.descriptionEn.errors} errorId={fields.descriptionEn.errorId}>
        <textarea {...getTextareaProps(fields.descriptionEn)} rows={3} />
      </Field>
      <Field label={t("circleCalls.form.criteriaZh")} htmlFor={fields.criteriaZh.id} errors={fields.criteriaZh.errors} errorId={fields.criteriaZh.errorId}>
        <textarea {...getTextareaProps(fields.criteriaZh)} rows={4} />
      </Field>
      <Field label={t("circleCalls.form.criteriaEn")} htmlFor={fields.criteriaEn.id} errors={fields.criteriaEn.errors} errorId={fields.criteriaEn.errorId}>
        <textarea {...getTextareaProps(fields.criteriaEn)} rows={3} />
      </Field>
      <div className="form-row">
        <Field label={t("circleCalls.form.deadlineDate")} htmlFor={fields.deadlineDate.id} errors={fields.deadlineDate.errors} errorId={fields.deadlineDate.errorId}>
          <input {...getInputProps(fields.deadlineDate, { type: "date" })} />
        </Field>
        <Field label={t("circleCalls.form.deadlineTime")} htmlFor={fields.deadlineTime.id} errors={fields.deadlineTime.errors} errorId={fields.deadlineTime.errorId}>
          <input {...getInputProps(fields.deadlineTime, { type: "time" })} />
        </Field>
      </div>
      <fieldset className="check-grid">
        <legend>{t("circleCalls.form.requiredFiles")}</legend>
        {attachmentKinds.map((k) => (
          <label key={k}>
            <input type="checkbox" name="requiredAttachments" value={k} defaultChecked={chosenFiles.has(k)} />
            {t(`circleCalls.files.${k}`)}
          </label>
        ))}
        <FieldErrors id={fields.requiredAttachments.errorId} errors={fields.requiredAttachments.errors} />
      </fieldset>
      <Field label={t("circleCalls.form.rubric")} hint={t("circleCalls.form.rubricHint")} htmlFor={fields.rubric.id} errors={fields.rubric.errors} errorId={fields.rubric.errorId}>
        <textarea {...getTextareaProps(fields.rubric)} rows={5} />
      </Field>
      <fieldset className="check-grid">
        <legend>{t("circleCalls.form.reviewers")}</legend>
        {reviewers.map((r) => (
          <label key={r.userId}>
            <input type="checkbox" name="reviewerIds" value={r.userId} defaultChecked={chosenReviewers.has(r.userId)} />
            {r.name}
          </label>
        ))}
        <FieldErrors id={fields.reviewerIds.errorId} errors={fields.reviewerIds.errors} />
      </fieldset>
      <Field label={t("circleCalls.form.awardCredits")} htmlFor={fields.awardCredits.id} errors={fields.awardCredits.errors} errorId={fields.awardCredits.errorId}>
        <input {...getInputProps(fields.awardCredits, { type: "number" })} min={1} inputMode="numeric" />
      </Field>
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
    </Form>
  );
}
