// /registration — the signed-in person's company-registration cases (公司注册): each with its
// number, type, name, current step, progress, who acts next and by when; and opening a new one
// (a limited company, a sole proprietorship, an individual business, or moving a company in).
import { useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormErrors } from "~/components/forms";
import { CardSection, PageHeader } from "~/components/ui";
import { VerifyEmailFirst } from "~/components/verify-email-first";
import { caseTypeChoices, caseTypeKey, CaseStatus, DueOn, ProgressBar, WhoActs } from "~/components/registration-ui";
import { activeMembership, requireUser } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { openCaseSchema } from "~/modules/registration/forms";
import { listMyCases } from "~/modules/registration/find-cases.server";
import { openCase } from "~/modules/registration/open-case.server";
import { isFinal } from "~/modules/registration/workflow";
import { parkDate } from "~/modules/platform/dates";
import registrationStyles from "~/styles/registration.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("公司注册");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: registrationStyles }];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const actor = await requireUser(request);
  const member = await activeMembership(actor);
  const cases = await listMyCases(member ?? { user: actor.user });
  const today = parkDate();
  return {
    cases: cases.map((c) => ({
      id: c.id,
      number: c.number,
      caseType: c.caseType,
      status: c.status,
      resumeStatus: c.resumeStatus,
      stepOwner: c.stepOwner ?? "desk",
      dueOn: c.dueOn,
      overdue: c.dueOn !== null && c.dueOn < today && !isFinal(c.status),
      name: c.name,
      percent: c.progress,
    })),
    // A tenant's owner or admin may open a case for the company itself (a relocation, a new name).
    company: member && member.org.kind === "tenant" && (member.role === "owner" || member.role === "admin") ? { id: member.org.id, nameZh: member.org.nameZh, nameEn: member.org.nameEn } : null,
    email: actor.user.email,
    emailVerified: Boolean(actor.user.emailVerifiedAt),
  };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  const member = await activeMembership(actor);
  return submitForm(request, openCaseSchema, async (value) => {
    const forCompany = value.forCompany === "1" && member?.org.kind === "tenant";
    const opened = await openCase(member ?? { user: actor.user }, { caseType: value.caseType, orgId: forCompany ? member!.org.id : undefined });
    return redirect(`/registration/${opened.id}?done=opened`);
  });
});

export default function MyRegistrationCases() {
  const { t, i18n } = useTranslation();
  const { cases, company, email, emailVerified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "open-case", lastResult: actionData?.result });
  const open = cases.filter((c) => !isFinal(c.status));
  const closed = cases.filter((c) => isFinal(c.status));
  return (
    <section className="stack registration">
      <PageHeader title={t("registration.pages.title")} lead={t("registration.pages.lead")} />

      <section aria-labelledby="my-cases">
        <h2 id="my-cases">{t("registration.pages.myCases")}</h2>
        {cases.length === 0 ? (
          <div className="empty-state card">
            <p>{t("registration.pages.noCases")}</p>
          </div>
        ) : (
          <ul className="case-list">
            {[...open, ...closed].map((c) => (
              <li key={c.id} className="card case-card" data-case={c.number}>
                <div className="card-header">
                  <span className="small muted">
                    {c.number} · {t(caseTypeKey(c.caseType))}
                  </span>
                  <CaseStatus status={c.status} resumeStatus={c.resumeStatus} />
                </div>
                <h3>
                  <Link to={`/registration/${c.id}`}>{c.name ?? t("registration.pages.unnamed")}</Link>
                </h3>
                <ProgressBar percent={c.percent} />
                {!isFinal(c.status) ? (
                  <dl className="facts">
                    <dt>{t("registration.pages.whoActsNext")}</dt>
                    <dd>
                      <WhoActs owner={c.stepOwner} />
                    </dd>
                    <dt>{t("registration.pages.due")}</dt>
                    <dd>
                      <DueOn dueOn={c.dueOn} overdue={c.overdue} />
                    </dd>
                  </dl>
                ) : null}
                <p>
                  <Link to={`/registration/${c.id}`} className="button button-small button-secondary">
                    {c.stepOwner === "applicant" && !isFinal(c.status) ? t("registration.pages.continue") : t("registration.pages.view")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <CardSection id="open-case" title={t("registration.pages.openTitle")}>
        <p className="hint">{t("registration.pages.openLead")}</p>
        {!emailVerified ? <VerifyEmailFirst what="registration" email={email} next="/registration" /> : null}
        <FormErrors id={form.errorId} errors={form.errors} />
        <Form method="post" hidden={!emailVerified} id={form.id}>
          <input type="hidden" name="intent" value="open" />
          <fieldset className="case-type-choices" aria-describedby={fields.caseType.errors ? "case-type-error" : undefined}>
            <legend className="visually-hidden">{t("registration.pages.caseType")}</legend>
            {caseTypeChoices.map((type, i) => (
              <label key={type}>
                <input type="radio" name="caseType" value={type} defaultChecked={i === 0} />
                <span>
                  <strong>{t(caseTypeKey(type))}</strong>
                  <small>{t(`registration.pages.caseTypeHints.${type}`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id="case-type-error" errors={fields.caseType.errors} />
          {company ? (
            <label className="choice">
              <input type="checkbox" name="forCompany" value="1" />
              {t("registration.pages.forCompany", { name: i18n.language === "en" ? company.nameEn : company.nameZh })}
            </label>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            {busy ? t("common.working") : t("registration.pages.openButton")}
          </button>
        </Form>
      </CardSection>
    </section>
  );
}
