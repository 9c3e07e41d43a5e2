// /apply — the move-in application form (入驻申请), one step at a time, saved as a draft on every
// step. A visitor is sent to sign up first and comes back here.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AnswersSummary, AttachmentList, Declaration, StepProgress } from "~/components/admission";
import { Field, FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { VerifyEmailFirst } from "~/components/verify-email-first";
import { getActor } from "~/modules/identity/access.server";
import { applicationFormFor, removeAttachment, resubmit, saveDraft, submitApplication } from "~/modules/admission/apply.server";
import {
  answerSteps,
  attachmentKinds,
  categories,
  isAnswerStep,
  isStep,
  resubmitSchema,
  stepFields,
  declarationSchema as submitSchema,
  steps,
  stepSchema,
  type AnswerStep,
  type Declaration as DeclarationInput,
  type FieldInput,
  type Step,
} from "~/modules/admission/forms";
import { isEditable, type ApplicationStatus } from "~/modules/admission/workflow";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("入驻申请");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: admissionStyles }];

async function requireApplicant(request: Request) {
  const actor = await getActor(request);
  // Applying starts with an account: sign up (or log in from there) and come straight back.
  if (!actor) throw redirect(`/signup?redirectTo=${encodeURIComponent("/apply")}`);
  return actor;
}

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireApplicant(request);
  const { application, completion, attachments, infoRequest } = await applicationFormFor(actor);
  if (application && !isEditable(application.status as ApplicationStatus)) throw redirect("/apply/status");
  const asked = new URL(request.url).searchParams.get("step");
  const firstOpen = answerSteps.find((s) => !completion[s]) ?? "review";
  const step: Step = isStep(asked) ? asked : firstOpen;
  return {
    step,
    applicationId: application?.id ?? null,
    status: (application?.status ?? "draft") as ApplicationStatus,
    saved: {
      company: application?.company ?? null,
      team: application?.team ?? null,
      plan: application?.plan ?? null,
      needs: application?.needs ?? null,
      materials: application?.materials ?? null,
    },
    completion,
    attachments,
    infoRequest,
    email: actor.user.email,
    emailVerified: Boolean(actor.user.emailVerifiedAt),
  };
});

const nextStepAfter = (step: Step): Step => steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)];

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireApplicant(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const meta = await requestInfo(request, context);

  if (intent === "draft" || intent === "next") {
    const step = String(form.get("step") ?? "");
    if (!isAnswerStep(step)) throw new AppError("invalid", "errors.badForm");
    const mode = intent === "next" ? "complete" : "draft";
    const submission = parseWithZod(form, { schema: stepSchema(step, mode) });
    if (submission.status !== "success") return data({ intent, step, result: submission.reply(), notice: null }, { status: 400 });
    try {
      await saveDraft(actor, { step, answers: submission.value, mode }, meta);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return data({ intent, step, result, notice: null }, { status });
    }
    if (intent === "next") return redirect(`/apply?step=${nextStepAfter(step)}`);
    return { intent, step, result: submission.reply(), notice: "admission.form.saved" };
  }

  const applicationId = String(form.get("applicationId") ?? "");
  if (intent === "submit" || intent === "resubmit") {
    const submission = parseWithZod(form, { schema: intent === "resubmit" ? resubmitSchema : submitSchema });
    if (submission.status !== "success") return data({ intent, step: "review", result: submission.reply(), notice: null }, { status: 400 });
    try {
      const { note, ...declaration } = submission.value as { note?: string } & DeclarationInput;
      if (intent === "submit") await submitApplication(actor, applicationId, declaration, meta);
      else await resubmit(actor, applicationId, { note: note ?? "", declaration }, meta);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return data({ intent, step: "review", result, notice: null }, { status });
    }
    return redirect(`/apply/status?done=${intent === "submit" ? "submitted" : "resubmitted"}`);
  }

  if (intent === "removeAttachment") {
    try {
      await removeAttachment(actor, String(form.get("attachmentId") ?? ""), meta);
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") {
        return data({ intent, step: "attachments", result: null, notice: null, error: encodeMessage(error.messageKey) }, { status: 409 });
      }
      throw error;
    }
    return redirect("/apply?step=attachments");
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function Apply() {
  const { t } = useTranslation();
  const { step, status, completion, infoRequest, saved, attachments, applicationId, email, emailVerified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const actionError = actionData && "error" in actionData ? actionData.error : null;
  return (
    <section className="stack apply">
      <header className="page-header">
        <h1>{t("admission.form.title")}</h1>
        <p className="lead">{t("admission.form.lead", { total: steps.length })}</p>
      </header>
      {!emailVerified ? <VerifyEmailFirst what="apply" email={email} next="/apply?step=review" /> : null}
      {status === "info_requested" && infoRequest ? (
        <div className="info-request" role="note">
          <h2>{t("admission.form.infoRequestedTitle")}</h2>
          <p className="multiline">{infoRequest.message}</p>
          {infoRequest.fixSteps.length > 0 ? (
            <p>
              {t("admission.form.fixSteps")}{" "}
              {infoRequest.fixSteps.map((s, i) => (
                <span key={s}>
                  {i > 0 ? "、" : ""}
                  <Link to={`/apply?step=${s}`}>{t(`admission.steps.${s}`)}</Link>
                </span>
              ))}
            </p>
          ) : null}
          <p className="small">{t("admission.form.fixThenResubmit")}</p>
        </div>
      ) : null}
      <StepProgress current={step} completion={completion} />
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(actionData.notice)}
        </p>
      ) : null}
      {actionError ? (
        <p className="form-errors" role="alert">
          {translateMessage(t, actionError)}
        </p>
      ) : null}
      <div className="card">
        <h2 className="card-title">
          <span className="muted small">{t("admission.form.stepOf", { n: steps.indexOf(step) + 1, total: steps.length })}</span>
          <br />
          {t(`admission.steps.${step}`)}
        </h2>
        {step === "attachments" ? <Attachments attachments={attachments} businessPlanMissing={!attachments.some((a) => a.kind === "business_plan")} /> : null}
        {step === "review" ? (
          <Review status={status} applicationId={applicationId} saved={saved} completion={completion} attachments={attachments} emailVerified={emailVerified} />
        ) : (
          <StepForm key={step} step={step} defaults={(step === "attachments" ? saved.materials : saved[step]) ?? {}} />
        )}
      </div>
    </section>
  );
}

function StepForm({ step, defaults }: { step: AnswerStep; defaults: Record<string, unknown> }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" && navigation.formData?.get("step") === step ? navigation.formData.get("intent") : null;
  const [form, fields] = useForm({
    id: `apply-${step}`,
    lastResult: actionData && actionData.step === step && (actionData.intent === "draft" || actionData.intent === "next") ? actionData.result : undefined,
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
        <FieldErrorList id={field.errorId} errors={field.errors} />
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

function FieldErrorList({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

type UploadAnswer = { result?: { error?: Record<string, string[] | null> | null; status?: string } | null; uploaded?: boolean };

function Attachments({ attachments, businessPlanMissing }: { attachments: ReturnType<typeof useLoaderData<typeof loader>>["attachments"]; businessPlanMissing: boolean }) {
  const { t } = useTranslation();
  const upload = useFetcher<UploadAnswer>();
  const busy = upload.state !== "idle";
  const uploadForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A stored file empties the form for the next one.
    if (upload.state === "idle" && upload.data?.uploaded) uploadForm.current?.reset();
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
            <Form
              method="post"
              className="inline-form"
              onSubmit={(event) => {
                if (!window.confirm(t("admission.form.confirmRemove", { name: a.filename }))) event.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="removeAttachment" />
              <input type="hidden" name="attachmentId" value={a.id} />
              <button type="submit" className="button button-small button-danger">
                {t("admission.form.remove")}
              </button>
            </Form>
          )}
        />
      )}
    </div>
  );
}

function Review({
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
  saved: ReturnType<typeof useLoaderData<typeof loader>>["saved"];
  completion: Record<AnswerStep, boolean>;
  attachments: ReturnType<typeof useLoaderData<typeof loader>>["attachments"];
}) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("step") === "review";
  const resubmitting = status === "info_requested";
  const [form, fields] = useForm<{ note?: string; truthful: "on"; privacy: "on" }>({
    id: "apply-review",
    lastResult: actionData && (actionData.intent === "submit" || actionData.intent === "resubmit") ? actionData.result : undefined,
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
        <div className="banner banner-warn" role="note">
          <p>{t("admission.form.missing")}</p>
          <ul>
            {missing.map((s) => (
              <li key={s}>
                <Link to={`/apply?step=${s}`}>{t(`admission.steps.${s}`)}</Link>
              </li>
            ))}
          </ul>
        </div>
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
          <Field label={t("admission.form.resubmitNote")} hint={t("admission.form.resubmitHint")} meta={fields.note}>
            <textarea {...getTextareaProps(fields.note)} rows={3} />
          </Field>
        ) : null}
        <Declaration truthful={fields.truthful} privacy={fields.privacy} />
        <IntentButton intent={resubmitting ? "resubmit" : "submit"} busy={busy}>
          {resubmitting ? t("admission.form.resubmit") : t("admission.form.submit")}
        </IntentButton>
      </Form>
    </div>
  );
}
