// /org/profile — the tenant's company as registered: its names, USCC and registered address
// (written when a registration case completes), the yearly duties of a company in Shanghai with
// their dates, and the company's registration cases, with a way to open one.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { caseTypeKey, CaseStatus } from "~/components/registration-ui";
import { ParkDate } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { parkDate } from "~/modules/platform/dates";
import { withAppErrors } from "~/modules/platform/route-errors";
import { companyProfile } from "~/modules/registration/console.server";
import { dutiesForOrg } from "~/modules/registration/reminders.server";
import { getDb } from "~/modules/platform/db.server";
import registrationStyles from "~/styles/registration.css";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("公司信息");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: registrationStyles }];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "org:read", kind: "tenant" });
  const profile = await companyProfile(member);
  const today = parkDate();
  const duties = (await dutiesForOrg(await getDb(), member.org.id, today)).map((d) => ({
    code: d.code,
    labelKey: d.labelKey,
    detailKey: d.detailKey,
    frequency: d.frequency,
    period: d.period,
    opensOn: d.opensOn,
    dueOn: d.dueOn,
    state: d.state,
    daysLeft: Math.round((Date.parse(`${d.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000),
  }));
  return { ...profile, duties, today, mayOpen: member.role === "owner" || member.role === "admin" };
});

export default function CompanyProfile() {
  const { t, i18n } = useTranslation();
  const { company, cases, duties, openCase, mayOpen } = useLoaderData<typeof loader>();
  const registered = Boolean(company.uscc);
  return (
    <section className="stack registration">
      <header className="page-header">
        <h1>{t("registration.profile.title")}</h1>
        <p className="lead">{t("registration.profile.lead")}</p>
      </header>

      <section className="card" aria-labelledby="company-title">
        <h2 id="company-title" className="card-title">
          {i18n.language === "en" ? company.nameEn || company.nameZh : company.nameZh}
        </h2>
        <dl className="details" id="company-facts">
          <dt>{t("registration.profile.nameZh")}</dt>
          <dd>{company.nameZh}</dd>
          <dt>{t("registration.profile.nameEn")}</dt>
          <dd>{company.nameEn || "—"}</dd>
          <dt>{t("registration.profile.uscc")}</dt>
          <dd data-field="uscc">{company.uscc ? <code>{company.uscc}</code> : <span className="muted">{t("registration.profile.notRegistered")}</span>}</dd>
          <dt>{t("registration.profile.registeredAddress")}</dt>
          <dd data-field="registered-address">{company.registeredAddress ?? <span className="muted">—</span>}</dd>
        </dl>
        {!registered && !openCase && mayOpen ? (
          <p className="banner banner-warn">
            {t("registration.profile.registerPrompt")} <Link to="/registration">{t("registration.profile.openCase")}</Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="duties-title">
        <h2 id="duties-title" className="card-title">
          {t("registration.profile.dutiesTitle")}
        </h2>
        {!registered ? (
          <p className="muted">{t("registration.profile.dutiesAfterRegistration")}</p>
        ) : (
          <>
            <p className="hint">{t("registration.profile.dutiesHint")}</p>
            <ul className="duties">
              {duties.map((d) => (
                <li key={`${d.code}-${d.period}`} className={`duty duty-${d.state === "open" && d.daysLeft <= 14 ? "overdue" : d.state === "open" ? "open" : "upcoming"}`} data-duty={d.code}>
                  <h3>
                    {t(d.labelKey, { period: d.period })}
                    <span className={`status ${d.state === "open" ? "status-open" : ""}`}>{t(`registration.profile.dutyState.${d.state}`)}</span>
                  </h3>
                  <p className="small">
                    <ParkDate day={d.opensOn} /> – <ParkDate day={d.dueOn} />
                    {d.state === "open" ? ` · ${t("registration.profile.daysLeft", { count: d.daysLeft })}` : ""}
                  </p>
                  <p className="small muted">{t(d.detailKey, { period: d.period })}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="cases-title">
        <div className="card-header">
          <h2 id="cases-title" className="card-title">
            {t("registration.profile.casesTitle")}
          </h2>
          {mayOpen ? (
            <Link to="/registration" className="button button-small button-secondary">
              {registered ? t("registration.profile.openRelocation") : t("registration.profile.openCase")}
            </Link>
          ) : null}
        </div>
        {cases.length === 0 ? (
          <p className="muted">{t("registration.profile.noCases")}</p>
        ) : (
          <ul className="list">
            {cases.map((c) => (
              <li key={c.id} className="list-row">
                <span>
                  <Link to={`/registration/${c.id}`}>{c.number}</Link> · {c.name ?? t("registration.pages.unnamed")} <span className="small muted">{t(caseTypeKey(c.caseType))}</span>
                </span>
                <CaseStatus status={c.status} resumeStatus={c.resumeStatus} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
