// The apply page's parts (/apply): one step's form, the attachments step's upload and list, and
// the review step that sends the application. Each reads the page action's answer for its form.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link, useActionData, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AnswersSummary, AttachmentList, Declaration, MissingNote, RemoveFileButton, type AttachmentView } from "~/components/admission";
import { Field, FieldErrors, FormErrors, resultFor, SubmitButton, TextareaField } from "~/components/forms";
import {
  answerSteps,
  attachmentKinds,
  categories,
  resubmitSchema,
  stepFields,
  declarationSchema as submitSchema,
  steps,
  stepSchema,
  type AnswerStep,
  type FieldInput,
  type SavedAnswers,
} from "~/modules/admission/forms";
import type { ApplicationStatus } from "~/modules/admission/workflow";

/** What the page's action answers every form: conform's result, and the notice after a draft is saved. */
type ApplyAnswer = { result: SubmissionResult<string[]>; done: string | null };

export function StepForm({ step, defaults }: { step: AnswerStep; defaults: Record<string, unknown> }) {
  const { t } = useTranslation();
  const actionData = useActionData<ApplyAnswer>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" && navigation.formData?.get("step") === step ? navigation.formData.get("intent") : null;
  const [form, fields] = useForm({
    id: `apply-${step}`,
    lastResult: resultFor(actionData, ["draft", "next"], { match: { step } }),
    // Saved numbers are turned into strings by conform like every other default.
    defaultValue: defaults as Record<string, string | undefined>,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: stepSchema(step, formData.get("intent") === "next" ? "complete" : "draft") }),
  });
  const [registered, setRegistered] = useState(String(defaults.registered ?? ""));
  const previous = steps[steps.indexOf(step) - 1];
  return (
    <Form method="post" {...getFormProps(form)} className="apply-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="step" value={step} />
      {step === "attachments" ? <hr className="separator" /> : null}
      {stepFields[step].map(({ name, input, hint, optional }) => {
        if (name === "uscc" && registered === "no") return null;
        return (
          <AnswerField
            key={name}
            field={fields[name as keyof typeof fields] as FieldMetadata<string>}
            name={name}
            input={input}
            label={optional ? t("admission.form.optionalLabel", { label: t(`admission.fields.${name}`) }) : t(`admission.fields.${name}`)}
            hint={hint ? t(`admission.hints.${name}`) : undefined}
            onRegisteredChange={setRegistered}
          />
        );
      })}
      <div className="form-actions">
        <IntentButton intent="next" busy={busyIntent === "next"}>
          {t("admission.form.saveNext")}
        </IntentButton>
        <IntentButton intent="draft" busy={busyIntent === "draft"} className="button button-secondary">
          {t("admission.form.saveDraft")}
        </IntentButton>
        {previous ? <Link to={`/apply?step=${previous}`}>← {t("admission.form.back")}</Link> : null}
      </div>
    </Form>
  );
}

function AnswerField({
  field,
  name,
  input,
  label,
  hint,
  onRegisteredChange,
}: {
  field: FieldMetadata<string>;
  name: string;
  input: FieldInput;
  label: string;
  hint?: string;
  onRegisteredChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  if (input === "registered") {
    return (
      <fieldset className="radio-group" aria-describedby={field.errors?.length ? field.errorId : undefined}>
        <legend>{label}</legend>
        {(["yes", "no"] as const).map((value) => (
          <label key={value}>
            <input {...getInputProps(field, { type: "radio", value })} id={`${field.id}-${value}`} onChange={() => onRegisteredChange(value)} />
            {t(value === "yes" ? "admission.fields.registeredYes" : "admission.fields.registeredNo")}
          </label>
        ))}
        <FieldErrors id={field.errorId} errors={field.errors} />
      </fieldset>
    );
  }
  let control: React.ReactNode;
  if (input === "textarea") control = <textarea {...getTextareaProps(field)} rows={name === "description" ? 2 : 4} />;
  else if (input === "category")
    control = (
      <select {...getSelectProps(field)}>
        <option value="">—</option>
        {categories.map((c) => (
          <option key={c} value={c}>
            {t(`categories.${c}`)}
          </option>
        ))}
      </select>
    );
  else if (input === "number") control = <input {...getInputProps(field, { type: "number" })} inputMode="numeric" min={0} step={1} />;
  else if (input === "date") control = <input {...getInputProps(field, { type: "date" })} />;
  else if (input === "tel") control = <input {...getInputProps(field, { type: "tel" })} autoComplete="tel" />;
  else
    control = (
      <input
        {...getInputProps(field, { type: "text" })}
        {...(name === "uscc" ? { autoCapitalize: "characters", spellCheck: false, maxLength: 24, autoComplete: "off" } : {})}
        {...(name === "nameZh" ? { autoComplete: "organization" } : {})}
      />
    );
  return (
    <Field label={label} hint={hint} meta={field}>
      {control}
    </Field>
  );
}

/** A submit button that tells the action what to do (its `intent`). */
function IntentButton({ intent, busy, className, children }: { intent: string; busy: boolean; className?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <button type="submit" name="intent" value={intent} className={className ?? "button"} disabled={busy} aria-busy={busy}>
      {busy ? t("common.working") : children}
    </button>
  );
}

type UploadAnswer = { result?: { error?: Record<string, string[] | null> | null; status?: string } | null; done?: boolean | null };

export function Attachments({ attachments, businessPlanMissing }: { attachments: AttachmentView[]; businessPlanMissing: boolean }) {
  const { t } = useTranslation();
  const upload = useFetcher<UploadAnswer>();
  const busy = upload.state !== "idle";
  const uploadForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A stored file empties the form for the next one.
    if (upload.state === "idle" && upload.data?.done) uploadForm.current?.reset();
  }, [upload.state, upload.data]);
  const errors = upload.data?.result?.error ?? {};
  const fileErrors = errors.file ?? undefined;
  const kindErrors = errors.kind ?? undefined;
  const formErrors = errors[""] ?? undefined;
  return (
    <div className="stack">
      <h3>{t("admission.form.uploadTitle")}</h3>
      <upload.Form method="post" action="/apply/attachments" encType="multipart/form-data" id="apply-upload" ref={uploadForm}>
        <FormErrors id="apply-upload-errors" errors={formErrors} />
        <div className="form-row">
          <Field label={t("admission.fields.attachmentKind")} htmlFor="upload-kind" errors={kindErrors} errorId="upload-kind-error">
            <select id="upload-kind" name="kind" defaultValue={businessPlanMissing ? "business_plan" : "other"}>
              {attachmentKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`admission.attachmentKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t("admission.fields.file")} hint={t("admission.hints.file")} htmlFor="upload-file" errors={fileErrors} errorId="upload-file-error">
            <input
              id="upload-file"
              type="file"
              name="file"
              required
              accept="application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
              aria-invalid={fileErrors ? true : undefined}
              aria-describedby={fileErrors ? "upload-file-error" : undefined}
            />
          </Field>
        </div>
        <SubmitButton busy={busy} className="button button-secondary">
          {t("admission.form.upload")}
        </SubmitButton>
      </upload.Form>
      <h3>{t("admission.form.uploadedTitle")}</h3>
      {businessPlanMissing ? <p className="banner banner-warn">{t("admission.form.businessPlanMissing")}</p> : null}
      {attachments.length === 0 ? (
        <p className="muted">{t("admission.form.noAttachments")}</p>
      ) : (
        <AttachmentList
          attachments={attachments}
          actions={(a) => (
            <RemoveFileButton
              intent="removeAttachment"
              fields={{ attachmentId: a.id }}
              confirm={t("admission.form.confirmRemove", { name: a.filename })}
              label={t("admission.form.remove")}
            />
          )}
        />
      )}
    </div>
  );
}

export function Review({
  status,
  applicationId,
  saved,
  completion,
  attachments,
  emailVerified,
}: {
  status: ApplicationStatus;
  applicationId: string | null;
  emailVerified: boolean;
  saved: SavedAnswers;
  completion: Record<AnswerStep, boolean>;
  attachments: AttachmentView[];
}) {
  const { t } = useTranslation();
  const actionData = useActionData<ApplyAnswer>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("step") === "review";
  const resubmitting = status === "info_requested";
  const [form, fields] = useForm<{ note?: string; truthful: "on"; privacy: "on" }>({
    id: "apply-review",
    lastResult: resultFor(actionData, ["submit", "resubmit"]),
    shouldValidate: "onBlur",
    // A ticked box loses its error at once, not when focus leaves it (which moved the submit button under the pointer).
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resubmitting ? resubmitSchema : submitSchema }),
  });
  const missing = answerSteps.filter((s) => !completion[s]);
  return (
    <div className="stack">
      <p className="lead">{t("admission.form.reviewLead")}</p>
      {missing.length > 0 ? (
        <MissingNote title={t("admission.form.missing")}>
          {missing.map((s) => (
            <li key={s}>
              <Link to={`/apply?step=${s}`}>{t(`admission.steps.${s}`)}</Link>
            </li>
          ))}
        </MissingNote>
      ) : null}
      <AnswersSummary saved={saved} editable />
      {attachments.length > 0 ? (
        <section>
          <h3>{t("admission.form.uploadedTitle")}</h3>
          <AttachmentList attachments={attachments} />
        </section>
      ) : null}
      {/* Without a verified address there is nothing to send yet: the notice above says why. */}
      <Form method="post" {...getFormProps(form)} hidden={!emailVerified && !resubmitting}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="step" value="review" />
        <input type="hidden" name="applicationId" value={applicationId ?? ""} />
        {resubmitting ? (
          <TextareaField meta={fields.note} label={t("admission.form.resubmitNote")} hint={t("admission.form.resubmitHint")} rows={3} />
        ) : null}
        <Declaration truthful={fields.truthful} privacy={fields.privacy} />
        <IntentButton intent={resubmitting ? "resubmit" : "submit"} busy={busy}>
          {resubmitting ? t("admission.form.resubmit") : t("admission.form.submit")}
        </IntentButton>
      </Form>
    </div>
  );
}
