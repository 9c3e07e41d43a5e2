// /registration/:id — one registration case as its applicant sees it: where it stands (one tracker
// of the case's steps, who acts next and by when, what the desk is waiting for), the guided intake
// one step at a time (a step is saved only whole and valid; "保存并继续" never saves half of one),
// the documents checklist with uploads, and the submit step (components/registration-intake).
// The intake is locked once submitted, except while the desk waits for the applicant.
import { useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CardSection } from "~/components/ui";
import { DoneNotice, FormErrors } from "~/components/forms";
import { CancelCase, Documents, StepForm, Submit, viewsFor, type View } from "~/components/registration-intake";
import { caseTypeKey, CaseStatus, statusKey, CaseTimeline, DueOn, IntakeSummary, replyTo, NoteForm, StepTracker, trackerSteps, WhoActs } from "~/components/registration-ui";
import { requireUser } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { cancelCase } from "~/modules/registration/cancel-case.server";
import { caseView, registrationActorFor } from "~/modules/registration/console.server";
import { removeDocument } from "~/modules/registration/documents.server";
import { caseFormSchema } from "~/modules/registration/forms";
import { stepAnswers, stepsForCaseType, type IntakeStep } from "~/modules/registration/intake";
import { respondToRequest } from "~/modules/registration/respond-to-request.server";
import { saveIntakeStep, stepCheckFor } from "~/modules/registration/save-step.server";
import { submitIntake } from "~/modules/registration/submit-case.server";
import { isFinal, isIntakeEditable, type RegistrationStatus } from "~/modules/registration/workflow";
import registrationStyles from "~/styles/registration.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("公司注册");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: registrationStyles }];

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = await registrationActorFor(user);
  const view = await caseView(actor, params.id ?? "");
  const asked = new URL(request.url).searchParams.get("step");
  const editable = isIntakeEditable(view.case.status);
  const steps = viewsFor(view.case.caseType);
  const firstOpen = stepsForCaseType(view.case.caseType).find((s) => !view.completion[s]) ?? "documents";
  const current: View =
    asked && (steps as string[]).includes(asked) ? (asked as View) : asked === "overview" || !editable ? "overview" : view.case.status === "intake" ? firstOpen : "overview";
  return { ...view, current, editable, me: user.user.id };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const actor = await registrationActorFor(await requireUser(request));
  const id = params.id ?? "";
  const checkStep = await stepCheckFor(actor, id);
  const schema = caseFormSchema(checkStep);
  return submitForm<typeof schema, string>(request, schema, (value) => {
    const saveStep = async (step: IntakeStep, answers: Record<string, unknown>) => {
      const outcome = await saveIntakeStep(actor, id, step, answers);
      // Checked again under the case's lock: refused here only when another step changed meanwhile.
      if (!outcome.ok) {
        const [first] = Object.values(outcome.errors).flat();
        throw new AppError("invalid", first.key, first.params);
      }
    };
    return byIntent(value, {
      draft: async (v) => {
        await saveStep(v.step, stepAnswers(v.step, v));
        return "registration.pages.saved";
      },
      next: async (v) => {
        await saveStep(v.step, stepAnswers(v.step, v));
        const order = viewsFor((await caseView(actor, id)).case.caseType);
        return redirect(`/registration/${id}?step=${order[Math.min(order.indexOf(v.step) + 1, order.length - 1)]}`);
      },
      submit: async () => {
        await submitIntake(actor, id);
        return redirect(`/registration/${id}?done=submitted`);
      },
      respond: async (v) => {
        await respondToRequest(actor, id, { note: v.note });
        return redirect(`/registration/${id}?done=responded`);
      },
      removeDocument: async (v) => {
        await removeDocument(actor, v.documentId);
        return redirect(`/registration/${id}?step=documents`);
      },
      cancel: async (v) => {
        await cancelCase(actor, id, v.reason);
        return redirect(`/registration/${id}?done=cancelled`);
      },
    });
  });
});

const doneNotices: Record<string, string> = {
  opened: "registration.pages.done.opened",
  submitted: "registration.pages.done.submitted",
  responded: "registration.pages.done.responded",
  cancelled: "registration.pages.done.cancelled",
};

export default function RegistrationCase() {
  const { t, i18n } = useTranslation();
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const c = view.case;
  const [params] = useSearchParams();
  const done = doneNotices[params.get("done") ?? ""];
  const views = viewsFor(c.caseType);
  const stepShown = view.editable && !["overview", "documents", "submit"].includes(view.current);
  const stepReply = replyTo(actionData, ["draft", "next"], view.current);
  return (
    <section className="stack registration">
      <p className="back-link">
        <Link to="/registration">← {t("registration.pages.myCases")}</Link>
      </p>
      <header className="page-header">
        <p className="eyebrow">
          {c.number} · {t(caseTypeKey(c.caseType))}
        </p>
        <h1>{view.name ?? t("registration.pages.unnamed")}</h1>
        <div className="card-header">
          <CaseStatus status={c.status} resumeStatus={c.resumeStatus} />
          {c.stepOwner && !isFinal(c.status) ? (
            <span className="small">
              {t("registration.pages.whoActsNext")}: <WhoActs owner={c.stepOwner} />
              {c.dueOn ? (
                <>
                  {" · "}
                  {t("registration.pages.due")}: <DueOn dueOn={c.dueOn} overdue={view.overdue} />
                </>
              ) : null}
            </span>
          ) : null}
        </div>
      </header>
      <DoneNotice message={done} />
      {/* What refused a move (submit, reply, cancel, remove) is said here; a step's own problems are said in its form. */}
      <FormErrors id="case-errors" errors={stepReply && stepShown ? undefined : (actionData?.result.error?.[""] ?? undefined)} />

      {c.status === "waiting_for_applicant" ? <WaitingFor reason={c.waitingReason ?? ""} resumeStatus={c.resumeStatus} lastResult={replyTo(actionData, ["respond"])} /> : null}
      {c.status === "cancelled" ? (
        <p className="banner banner-warn">
          {t("registration.pages.cancelledBecause")} {c.cancelledReason}
        </p>
      ) : null}
      {c.status === "completed" || c.uscc ? (
        <section className="card">
          <h2 className="card-title">{t("registration.pages.licenceTitle")}</h2>
          <dl className="details">
            <dt>{t("registration.pages.approvedName")}</dt>
            <dd>{c.approvedNameZh ?? "—"}</dd>
            <dt>USCC</dt>
            <dd>
              <code>{c.uscc ?? "—"}</code>
            </dd>
            <dt>{t("registration.pages.licenceIssuedOn")}</dt>
            <dd>{c.licenceIssuedOn ?? "—"}</dd>
            {view.address ? (
              <>
                <dt>{t("registration.pages.registeredAddress")}</dt>
                <dd>{i18n.language === "en" ? view.address.addressEn : view.address.addressZh}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}

      <CardSection id="tracker-title" title={t("registration.pages.trackerTitle")}>
        <StepTracker steps={trackerSteps(c, view.timeline)} waiting={c.status === "waiting_for_applicant"} />
      </CardSection>

      <CardSection id="intake-title" title={t("registration.pages.intakeTitle")}>
        <IntakeNav views={views} current={view.current} completion={view.completion} caseId={c.id} editable={view.editable} />
        {view.current === "overview" ? (
          <div className="stack">
            {!view.editable ? <p className="locked-note">{isFinal(c.status) ? t("registration.pages.lockedFinal") : t("registration.pages.locked")}</p> : null}
            <IntakeSummary intake={c.intake} steps={stepsForCaseType(c.caseType)} editLink={view.editable ? (s) => `/registration/${c.id}?step=${s}` : undefined} />
            <Documents view={view} />
          </div>
        ) : view.current === "documents" ? (
          <Documents view={view} />
        ) : view.current === "submit" ? (
          <Submit view={view} />
        ) : view.editable ? (
          <StepForm key={view.current} step={view.current} view={view} lastResult={stepReply} notice={actionData?.done ?? null} />
        ) : (
          <IntakeSummary intake={c.intake} steps={[view.current]} />
        )}
      </CardSection>

      <CardSection id="timeline-title" title={t("registration.pages.timeline")}>
        <CaseTimeline events={view.timeline} viewer="applicant" />
      </CardSection>

      {!isFinal(c.status) && view.isOwner ? <CancelCase lastResult={replyTo(actionData, ["cancel"])} /> : null}
    </section>
  );
}

function IntakeNav({ views, current, completion, caseId, editable }: { views: View[]; current: View; completion: Record<string, boolean>; caseId: string; editable: boolean }) {
  const { t } = useTranslation();
  const answerSteps = views.filter((v) => v !== "documents" && v !== "submit");
  const done = answerSteps.filter((s) => completion[s]).length;
  return (
    <nav aria-label={t("registration.pages.intakeProgress")} className="stack">
      <p className="small muted">{t("registration.pages.stepsDone", { done, total: answerSteps.length })}</p>
      <ol className="intake-steps">
        <li className={current === "overview" ? "current" : undefined}>
          <Link to={`/registration/${caseId}?step=overview`} aria-current={current === "overview" ? "step" : undefined}>
            <span className="step-number" aria-hidden="true">
              ≡
            </span>
            <span className="step-label">{t("registration.pages.overview")}</span>
          </Link>
        </li>
        {views.map((v, i) => {
          if (!editable && v === "submit") return null;
          const complete = completion[v] === true;
          return (
            <li key={v} className={[v === current ? "current" : "", complete ? "complete" : ""].join(" ").trim() || undefined}>
              <Link to={`/registration/${caseId}?step=${v}`} aria-current={v === current ? "step" : undefined}>
                <span className="step-number" aria-hidden="true">
                  {complete ? "✓" : i + 1}
                </span>
                <span className="step-label">{t(v === "documents" ? "registration.pages.documentsTitle" : v === "submit" ? "registration.pages.submitTitle" : `registration.intakeSteps.${v}`)}</span>
                {v !== "documents" && v !== "submit" ? <span className="visually-hidden">{t("registration.pages.stepStateAside", { state: t(complete ? "registration.pages.stepState.done" : "registration.pages.stepState.next") })}</span> : null}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function WaitingFor({ reason, resumeStatus, lastResult }: { reason: string; resumeStatus: RegistrationStatus | null; lastResult: ReturnType<typeof replyTo> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({ id: "respond", lastResult, shouldValidate: "onSubmit" });
  return (
    <section className="waiting-reason" role="note" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t("registration.pages.waitingTitle")}</h2>
      <p className="multiline">
        <strong>{reason}</strong>
      </p>
      {resumeStatus ? <p className="small">{t("registration.pages.waitingThen", { step: t(statusKey(resumeStatus)) })}</p> : null}
      <p className="small">{t("registration.pages.waitingHint")}</p>
      <NoteForm formId={form.id} intent="respond" meta={fields.note} label={t("registration.pages.respondNote")} maxLength={1000} button={t("registration.pages.respondButton")} />
    </section>
  );
}
