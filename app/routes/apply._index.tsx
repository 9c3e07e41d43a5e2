// /apply — the move-in application form (入驻申请), one step at a time, saved as a draft on every
// step. A visitor is sent to sign up first and comes back here.
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StepProgress } from "~/components/admission";
import { Attachments, Review, StepForm } from "~/components/admission-apply";
import { DoneNotice, errorsOf, FormErrors, resultFor } from "~/components/forms";
import { PageHeader } from "~/components/ui";
import { VerifyEmailFirst } from "~/components/verify-email-first";
import { getActor } from "~/modules/identity/access.server";
import { applicationFormFor, removeAttachment, resubmit, saveDraft, submitApplication } from "~/modules/admission/apply.server";
import { answerSteps, applyFormSchema, isStep, steps, type Step } from "~/modules/admission/forms";
import { isEditable, type ApplicationStatus } from "~/modules/admission/workflow";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { readForm, requestInfo } from "~/modules/platform/http.server";
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
  const meta = await requestInfo(request, context);
  const form = await readForm(request);
  return submitForm(form, applyFormSchema(form), (value) =>
    byIntent<typeof value, Promise<string | Response>>(value, {
      draft: async ({ intent: _intent, step, ...answers }) => {
        await saveDraft(actor, { step, answers, mode: "draft" }, meta);
        return "admission.form.saved";
      },
      next: async ({ intent: _intent, step, ...answers }) => {
        await saveDraft(actor, { step, answers, mode: "complete" }, meta);
        return redirect(`/apply?step=${nextStepAfter(step)}`);
      },
      submit: async ({ applicationId, truthful, privacy }) => {
        await submitApplication(actor, applicationId, { truthful, privacy }, meta);
        return redirect("/apply/status?done=submitted");
      },
      resubmit: async ({ applicationId, note, truthful, privacy }) => {
        await resubmit(actor, applicationId, { note, declaration: { truthful, privacy } }, meta);
        return redirect("/apply/status?done=resubmitted");
      },
      removeAttachment: async ({ attachmentId }) => {
        await removeAttachment(actor, attachmentId, meta);
        return redirect("/apply?step=attachments");
      },
    }),
  );
});

export default function Apply() {
  const { t } = useTranslation();
  const { step, status, completion, infoRequest, saved, attachments, applicationId, email, emailVerified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="stack apply">
      <PageHeader title={t("admission.form.title")} lead={t("admission.form.lead", { total: steps.length })} />
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
      <DoneNotice message={actionData?.done} />
      <FormErrors id="apply-errors" errors={errorsOf(resultFor(actionData, "removeAttachment"))} />
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

