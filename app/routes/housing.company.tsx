// /housing/company — a tenant company's owner or admin: the apartment quota and its use, members'
// applications waiting to be endorsed (residents masked), the company's leases and its housing
// costs per month.
import { ActionButton } from "~/components/forms";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/money";
import { Stats } from "~/components/ui";
import { PageErrors, ReasonPanel } from "~/components/housing-forms";
import { ApplicationStatus, DateRange, RedirectNotice, HousingHeader, LeaseStatus, OverlapWarning, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { formatMonth } from "~/i18n/format";
import { declineApplication, endorseApplication, getApplication, listCompanyApplications } from "~/modules/housing/applications.server";
import { companyForms } from "~/modules/housing/forms";
import { listLeases } from "~/modules/housing/leases.server";
import { quotaUse } from "~/modules/housing/quotas.server";
import { housingCostsForOrg } from "~/modules/housing/rent.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("企业住房 · 人才公寓");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:endorse", kind: "tenant" });
  const [quota, applications, leases, costs] = await Promise.all([
    quotaUse(await getDb(), member.org.id),
    listCompanyApplications(member),
    listLeases(member, {}),
    housingCostsForOrg(member, { months: 6 }),
  ]);
  const waiting = await Promise.all(
    applications
      .filter((a) => a.application.status === "submitted")
      .map(async (a) => {
        const view = await getApplication(member, a.application.id);
        return { ...a, residents: view.residents, mayConfirm: view.mayConfirm, confirmedBy: view.confirmedBy, overlaps: view.overlaps };
      }),
  );
  return { quota, waiting, applications, leases, costs };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:endorse", kind: "tenant" });
  return submitForm(request, companyForms, (form) =>
    byIntent(form, {
      endorse: async ({ applicationId }) => {
        await endorseApplication(member, applicationId);
        return redirect("/housing/company?done=endorsed");
      },
      decline: async ({ applicationId, reason }) => {
        await declineApplication(member, applicationId, reason);
        return redirect("/housing/company?done=declined");
      },
    }),
  );
});

export default function CompanyHousing() {
  const { t, language } = useT();
  const { quota, waiting, applications, leases, costs } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const pct = (n: number) => (quota.places > 0 ? `${Math.min(100, Math.round((n * 100) / quota.places))}%` : "0%");
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.company.title")} lead={t("housing.company.lead")} company />
      <RedirectNotice keys={{ endorsed: "housing.company.endorsed", declined: "housing.company.declined" }} />
      <PageErrors />

      <div className="card" data-testid="quota">
        <h2 className="card-title">{t("housing.company.quotaTitle")}</h2>
        {quota.places === 0 ? <p className="hint">{t("housing.company.noQuota")}</p> : null}
        <Stats
          items={[
            { value: quota.places, label: t("housing.company.places") },
            { value: quota.used, label: t("housing.company.used") },
            { value: quota.pending, label: t("housing.company.pending") },
            { value: Math.max(0, quota.places - quota.used - quota.pending), label: t("housing.company.left") },
          ]}
        />
        {quota.places > 0 ? (
          <div className="quota-bar" aria-hidden="true">
            <span className="quota-used" style={{ width: pct(quota.used) }} />
            <span className="quota-pending" style={{ width: pct(quota.pending) }} />
          </div>
        ) : null}
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.company.toEndorse")}</h2>
        {waiting.length === 0 ? (
          <p className="empty-state">{t("housing.company.noneToEndorse")}</p>
        ) : (
          <ul className="list">
            {waiting.map(({ application, applicantName, residents, mayConfirm, confirmedBy, overlaps }) => (
              <li key={application.id} className="stack" data-testid="to-endorse">
                <div className="list-row">
                  <strong>
                    <Link to={`/housing/applications/${application.id}`}>{applicantName}</Link> · <UnitTypeLabel type={application.unitType} />
                  </strong>
                  <span className="muted small">
                    <DateRange from={application.moveInOn} to={application.moveOutOn} /> · {t(`housing.pages.payer.${application.payer}`)}
                  </span>
                </div>
                <p className="small">
                  {t("housing.company.residents")}:{" "}
                  {residents.map((r) => (
                    <span key={r.id} className="pii">
                      {r.name} {r.idNumber} {r.phone}
                      {"；"}
                    </span>
                  ))}
                </p>
                {application.note ? <p className="muted small">{application.note}</p> : null}
                <OverlapWarning overlaps={overlaps} />
                {mayConfirm ? null : (
                  <p className="hint" data-testid="not-yours-to-confirm">
                    {t(confirmedBy === "park" ? "housing.company.parkConfirms" : "housing.company.ownApplication")}
                  </p>
                )}
                <div className="actions">
                  {mayConfirm ? (
                    <ActionButton intent="endorse" fields={{ applicationId: application.id }} confirm={t("housing.company.endorseConfirm")} label={t("housing.company.endorse")} busy={busy} />
                  ) : null}
                  <ReasonPanel
                    id={`decline-${application.id}`}
                    sent={{ intent: "decline", applicationId: application.id }}
                    summary={t("housing.company.declineTitle")}
                    submitLabel={t("housing.company.declineSubmit")}
                    busy={busy}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.company.leasesTitle")}</h2>
        <DataTable
          rows={leases}
          rowKey={(lease) => lease.id}
          empty={<p className="empty-state">{t("housing.company.noLeases")}</p>}
          columns={[
            { header: t("housing.resident.leaseNumber"), cell: (lease) => <Link to={`/housing/leases/${lease.id}`}>{lease.number}</Link> },
            { header: t("housing.company.resident"), cell: (lease) => lease.residentName },
            { header: t("housing.resident.unit"), cell: (lease) => <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} /> },
            { header: t("housing.resident.dates"), cell: (lease) => <DateRange from={lease.startsOn} to={lease.endsOn} /> },
            { header: t("housing.resident.rent"), cell: (lease) => <Money fen={lease.monthlyRentFen} /> },
            { header: t("common.status"), cell: (lease) => <LeaseStatus status={lease.status} startsOn={lease.startsOn} /> },
          ]}
        />
      </div>

      <div className="card" data-testid="costs">
        <div className="card-header">
          <h2 className="card-title">{t("housing.company.costsTitle")}</h2>
          <Link to="/billing">{t("housing.company.billingLink")}</Link>
        </div>
        {costs.every((c) => c.leases === 0) ? (
          <p className="empty-state">{t("housing.company.noCosts")}</p>
        ) : (
          <DataTable
            rows={costs}
            rowKey={(c) => c.month}
            rowProps={() => ({ "data-testid": "cost-month" })}
            columns={[
              { header: t("housing.company.month"), cell: (c) => formatMonth(c.month, language) },
              { header: t("housing.company.leases"), cell: (c) => c.leases },
              { header: t("housing.company.rent"), cell: (c) => <Money fen={c.rentFen} /> },
              { header: t("housing.company.utilities"), cell: (c) => <Money fen={c.utilitiesFen} /> },
              { header: t("housing.company.total"), cell: (c) => <Money fen={c.totalFen} /> },
              { header: t("billing.outstanding"), cell: (c) => <Money fen={c.outstandingFen} /> },
            ]}
          />
        )}
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.company.allApplications")}</h2>
        {applications.length === 0 ? (
          <p className="empty-state">{t("housing.resident.noApplications")}</p>
        ) : (
          <ul className="list">
            {applications.map(({ application, applicantName, leaseStatus }) => (
              <li key={application.id} className="list-row">
                <span>
                  <Link to={`/housing/applications/${application.id}`}>{applicantName}</Link> · <UnitTypeLabel type={application.unitType} /> ·{" "}
                  <span className="muted small">
                    <When at={application.createdAt} />
                  </span>
                </span>
                <ApplicationStatus status={application.status} leaseStatus={leaseStatus} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
