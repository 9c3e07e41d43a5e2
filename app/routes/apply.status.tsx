// /apply/status — the applicant's application: where it stands, what to fix when the park asks,
// the interview, the decision and its terms, and the timeline.
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AttachmentList, Timeline } from "~/components/admission";
import { ApplicationStatusBadge } from "~/components/admission-status";
import { DoneNotice, errorsOf, FormErrors } from "~/components/forms";
import { PageHeader, ParkDate } from "~/components/ui";
import { formatDate, formatDateTime } from "~/i18n/format";
import { myApplications, withdraw } from "~/modules/admission/apply.server";
import { openRegistrationCaseFromApplication } from "~/modules/admission/registration-link.server";
import { applicationStatusSchema } from "~/modules/admission/forms";
import { allowedEvents, isEditable, type ApplicationStatus } from "~/modules/admission/workflow";
import { requireUser } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import admissionStyles from "~/styles/admission.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("我的入驻申请");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: admissionStyles }];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireUser(request);
  const { current, earlier } = await myApplications(actor);
  return { me: actor.user.id, current, earlier };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(request, applicationStatusSchema, (value) =>
    byIntent(value, {
      // 办理公司注册: a company not registered yet gets a registration case linked to its application.
      openRegistration: async ({ applicationId }) => {
        const opened = await openRegistrationCaseFromApplication({ user: actor.user }, applicationId);
        return redirect(`/registration/${opened.id}?done=opened`);
      },
      withdraw: async ({ applicationId, reason }) => {
        await withdraw(actor, applicationId, { reason }, await requestInfo(request, context));
        return redirect("/apply/status?done=withdrawn");
      },
    }),
  );
});

const doneNotices: Record<string, string> = {
  submitted: "admission.statusPage.submitted",
  resubmitted: "admission.statusPage.resubmitted",
  withdrawn: "admission.statusPage.withdrawnNotice",
};

export default function ApplicationStatus() {
  const { t, i18n } = useTranslation();
  const { current, earlier, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = doneNotices[params.get("done") ?? ""];
  if (!current) {
    return (
      <section className="stack">
        <PageHeader title={t("admission.statusPage.title")} />
        <div className="empty-state card">
          <p>{t("admission.statusPage.none")}</p>
          <p>
            <Link className="button" to="/apply">
              {t("admission.statusPage.start")}
            </Link>
          </p>
        </div>
      </section>
    );
  }
  const status = current.status as ApplicationStatus;
  const company = (current.company ?? {}) as { nameZh?: string; nameEn?: string; registered?: string };
  const name = (i18n.language === "en" ? company.nameEn || company.nameZh : company.nameZh) || "—";
  const mayWithdraw = allowedEvents(status, "applicant").includes("withdraw");
  const mayStartAgain = status === "rejected" || status === "withdrawn";
  return (
    <section className="stack">
      <PageHeader title={t("admission.statusPage.title")} />
      <DoneNotice message={done} />
      <FormErrors id="application-errors" errors={errorsOf(actionData?.result)} />

      <div className="card stack">
        <div className="card-header">
          <h2>{name}</h2>
          <ApplicationStatusBadge status={status} />
        </div>
        <p className="lead" id="next-step">
          {t(`admission.statusPage.next.${status}`)}
        </p>
        {current.submittedAt ? (
          <p className="small muted">
            {t("admission.statusPage.since")} {formatDateTime(current.submittedAt, i18n.language)}
          </p>
        ) : null}

        {status === "info_requested" && current.infoRequest ? (
          <div className="info-request" role="note">
            <h3>{t("admission.form.infoRequestedTitle")}</h3>
            <p className="multiline">{current.infoRequest.message}</p>
            {current.infoRequest.fixSteps.length > 0 ? (
              <p>
                {t("admission.form.fixSteps")}{" "}
                {current.infoRequest.fixSteps.map((s, i) => (
                  <span key={s}>
                    {i > 0 ? "、" : ""}
                    {t(`admission.steps.${s}`)}
                  </span>
                ))}
              </p>
            ) : null}
            <p>
              <Link className="button" to={`/apply?step=${current.infoRequest.fixSteps[0] ?? "company"}`}>
                {t("admission.statusPage.fixNow")}
              </Link>
            </p>
          </div>
        ) : null}
        {isEditable(status) && status === "draft" ? (
          <p>
            <Link className="button" to="/apply">
              {t("admission.statusPage.continue")}
            </Link>
          </p>
        ) : null}

        {current.interviewAt && status === "interview_scheduled" ? (
          <section>
            <h3>{t("admission.statusPage.interview")}</h3>
            <dl className="details">
              <dt>{t("admission.statusPage.interviewAt")}</dt>
              <dd>{formatDateTime(current.interviewAt, i18n.language)}</dd>
              <dt>{t("admission.statusPage.location")}</dt>
              <dd>{current.interviewLocation}</dd>
            </dl>
          </section>
        ) : null}

        {current.decidedAt && (status === "approved" || status === "rejected" || status === "waitlisted") ? (
          <section>
            <h3>{t("admission.statusPage.decision")}</h3>
            <dl className="details">
              <dt>{t("admission.statusPage.reason")}</dt>
              <dd className="multiline">{current.decisionReason}</dd>
              {status === "approved" && current.terms ? (
                <>
                  <dt>{t("admission.statusPage.seats")}</dt>
                  <dd>{current.terms.seats}</dd>
                  <dt>{t("admission.statusPage.moveInOn")}</dt>
                  <dd>
                    <ParkDate day={current.terms.moveInOn} />
                  </dd>
                  {current.terms.incubationSupport ? (
                    <>
                      <dt>{t("admission.statusPage.incubation")}</dt>
                      <dd className="multiline">{current.terms.incubationSupport}</dd>
                    </>
                  ) : null}
                  {current.terms.welcomeCredits > 0 ? (
                    <>
                      <dt>{t("admission.statusPage.welcomeCredits")}</dt>
                      <dd>{t("admission.statusPage.welcomeCreditsValue", { credits: current.terms.welcomeCredits.toLocaleString("en-US") })}</dd>
                    </>
                  ) : null}
                </>
              ) : null}
            </dl>
            {status === "approved" && company.registered === "no" ? <p className="banner banner-warn">{t("admission.statusPage.registrationNote")}</p> : null}
            {status === "approved" && current.orgId ? (
              <Form method="post" action="/orgs/switch" className="actions">
                <input type="hidden" name="orgId" value={current.orgId} />
                <input type="hidden" name="redirectTo" value="/dashboard" />
                <button type="submit" className="button">
                  {t("admission.statusPage.goToCompany")}
                </button>
              </Form>
            ) : null}
          </section>
        ) : null}

        {company.registered === "no" && !["draft", "rejected", "withdrawn"].includes(status) ? (
          <section className="registration-link" id="company-registration">
            <h3>{t("registration.pages.fromApplication.title")}</h3>
            {current.registrationCaseId ? (
              <p>
                <Link className="button button-secondary" to={`/registration/${current.registrationCaseId}`}>
                  {t("registration.pages.fromApplication.follow")}
                </Link>
              </p>
            ) : (
              <Form method="post">
                <p className="small">{t("registration.pages.fromApplication.body")}</p>
                <input type="hidden" name="intent" value="openRegistration" />
                <input type="hidden" name="applicationId" value={current.id} />
                <button type="submit" className="button" disabled={busy}>
                  {t("registration.pages.fromApplication.open")}
                </button>
              </Form>
            )}
          </section>
        ) : null}

        {current.attachments.length > 0 ? (
          <section>
            <h3>{t("admission.statusPage.attachments")}</h3>
            <AttachmentList attachments={current.attachments} />
          </section>
        ) : null}
      </div>

      <div className="card">
        <h2>{t("admission.statusPage.timeline")}</h2>
        <Timeline events={current.timeline} viewer="applicant" applicantUserId={me} />
      </div>

      {mayWithdraw ? (
        <details className="card inline-panel">
          <summary>{t("admission.statusPage.withdraw")}</summary>
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t("admission.statusPage.confirmWithdraw"))) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="applicationId" value={current.id} />
            <div className="field">
              <label htmlFor="withdraw-reason">{t("admission.statusPage.withdrawReason")}</label>
              <textarea id="withdraw-reason" name="reason" rows={2} maxLength={1000} />
            </div>
            <button type="submit" className="button button-danger" disabled={busy}>
              {t("admission.statusPage.withdraw")}
            </button>
          </Form>
        </details>
      ) : null}

      {mayStartAgain ? (
        <p>
          <Link to="/apply">{t("admission.statusPage.start")}</Link>
        </p>
      ) : null}

      {earlier.length > 0 ? (
        <div className="card">
          <h2>{t("admission.statusPage.earlier")}</h2>
          <ul className="list">
            {earlier.map((a) => (
              <li key={a.id} className="list-row">
                <span>{((a.company ?? {}) as { nameZh?: string }).nameZh || "—"}</span>
                <span>
                  <ApplicationStatusBadge status={a.status} /> <span className="muted small">{formatDate(a.createdAt, i18n.language)}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
