// /housing/company — a tenant company's owner or admin: the apartment quota and its use, members'
// applications waiting to be endorsed (residents masked), the company's leases and its housing
// costs per month.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldErrors, translateMessage } from "~/components/forms";
import { Money } from "~/components/money";
import { ApplicationStatus, ConfirmForm, OverlapWarning, DateRange, HousingTabs, LeaseStatus, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { formatMonth } from "~/i18n/format";
import { declineApplication, endorseApplication, getApplication, listCompanyApplications } from "~/modules/housing/applications.server";
import { reasonSchema } from "~/modules/housing/forms";
import { listLeases } from "~/modules/housing/leases.server";
import { quotaUse } from "~/modules/housing/quotas.server";
import { housingCostsForOrg } from "~/modules/housing/rent.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { intent: string; applicationId: string; fieldErrors?: Record<string, string[]>; error?: string };

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:endorse", kind: "tenant" });
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const applicationId = String(form.get("applicationId") ?? "");
  const fail = (status: number, answer: Omit<Answer, "intent" | "applicationId">) => data<Answer>({ intent, applicationId, ...answer }, { status });
  try {
    if (intent === "endorse") {
      await endorseApplication(member, applicationId);
      return redirect("/housing/company?done=endorsed");
    }
    if (intent === "decline") {
      const parsed = reasonSchema.safeParse({ reason: form.get("reason") ?? "" });
      if (!parsed.success) return fail(400, { fieldErrors: { reason: parsed.error.issues.map((i) => i.message) } });
      await declineApplication(member, applicationId, parsed.data.reason);
      return redirect("/housing/company?done=declined");
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid")) {
      return fail(error.code === "invalid" ? 422 : 409, { error: encodeMessage(error.messageKey, error.params) });
    }
    throw error;
  }
  throw new AppError("invalid", "errors.badForm");
});

export default function CompanyHousing() {
  const { t, language } = useT();
  const { quota, waiting, applications, leases, costs } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const done = params.get("done");
  const pct = (n: number) => (quota.places > 0 ? `${Math.min(100, Math.round((n * 100) / quota.places))}%` : "0%");
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>{t("housing.company.title")}</h1>
        <p className="lead">{t("housing.company.lead")}</p>
      </header>
      <HousingTabs company />
      {done ? (
        <p className="notice" role="status">
          {t(done === "endorsed" ? "housing.company.endorsed" : "housing.company.declined")}
        </p>
      ) : null}
      {answer?.error ? (
        <p className="form-errors" role="alert">
          {translateMessage(t as never, answer.error)}
        </p>
      ) : null}

      <div className="card" data-testid="quota">
        <h2 className="card-title">{t("housing.company.quotaTitle")}</h2>
        {quota.places === 0 ? <p className="hint">{t("housing.company.noQuota")}</p> : null}
        <ul className="stats">
          <li>
            <strong>{quota.places}</strong>
            <span>{t("housing.company.places")}</span>
          </li>
          <li>
            <strong>{quota.used}</strong>
            <span>{t("housing.company.used")}</span>
          </li>
          <li>
            <strong>{quota.pending}</strong>
            <span>{t("housing.company.pending")}</span>
          </li>
          <li>
            <strong>{Math.max(0, quota.places - quota.used - quota.pending)}</strong>
            <span>{t("housing.company.left")}</span>
          </li>
        </ul>
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
                    <ConfirmForm message={t("housing.company.endorseConfirm")}>
                      <input type="hidden" name="intent" value="endorse" />
                      <input type="hidden" name="applicationId" value={application.id} />
                      <button type="submit" className="button" disabled={busy}>
                        {t("housing.company.endorse")}
                      </button>
                    </ConfirmForm>
                  ) : null}
                  <details className="inline-panel" open={answer?.applicationId === application.id && answer.intent === "decline"}>
                    <summary>{t("housing.company.declineTitle")}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="applicationId" value={application.id} />
                      <div className="field">
                        <label htmlFor={`reason-${application.id}`}>{t("housing.pages.reasonLabel")}</label>
                        <textarea id={`reason-${application.id}`} name="reason" rows={2} maxLength={2000} />
                        <FieldErrors id={`reason-${application.id}-errors`} errors={answer?.applicationId === application.id ? answer.fieldErrors?.reason : undefined} />
                      </div>
                      <button type="submit" className="button button-danger button-small" disabled={busy}>
                        {t("housing.company.declineSubmit")}
                      </button>
                    </Form>
                  </details>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h2 className="card-title">{t("housing.company.leasesTitle")}</h2>
        {leases.length === 0 ? (
          <p className="empty-state">{t("housing.company.noLeases")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("housing.resident.leaseNumber")}</th>
                  <th scope="col">{t("housing.company.resident")}</th>
                  <th scope="col">{t("housing.resident.unit")}</th>
                  <th scope="col">{t("housing.resident.dates")}</th>
                  <th scope="col">{t("housing.resident.rent")}</th>
                  <th scope="col">{t("common.status")}</th>
                </tr>
              </thead>
              <tbody>
                {leases.map((lease) => (
                  <tr key={lease.id}>
                    <td data-label={t("housing.resident.leaseNumber")}>
                      <Link to={`/housing/leases/${lease.id}`}>{lease.number}</Link>
                    </td>
                    <td data-label={t("housing.company.resident")}>{lease.residentName}</td>
                    <td data-label={t("housing.resident.unit")}>
                      <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} />
                    </td>
                    <td data-label={t("housing.resident.dates")}>
                      <DateRange from={lease.startsOn} to={lease.endsOn} />
                    </td>
                    <td data-label={t("housing.resident.rent")}>
                      <Money fen={lease.monthlyRentFen} />
                    </td>
                    <td data-label={t("common.status")}>
                      <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card" data-testid="costs">
        <div className="card-header">
          <h2 className="card-title">{t("housing.company.costsTitle")}</h2>
          <Link to="/billing">{t("housing.company.billingLink")}</Link>
        </div>
        {costs.every((c) => c.leases === 0) ? (
          <p className="empty-state">{t("housing.company.noCosts")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("housing.company.month")}</th>
                  <th scope="col">{t("housing.company.leases")}</th>
                  <th scope="col">{t("housing.company.rent")}</th>
                  <th scope="col">{t("housing.company.utilities")}</th>
                  <th scope="col">{t("housing.company.total")}</th>
                  <th scope="col">{t("billing.outstanding")}</th>
                </tr>
              </thead>
              <tbody>
                {costs.map((c) => (
                  <tr key={c.month} data-testid="cost-month">
                    <td data-label={t("housing.company.month")}>{formatMonth(c.month, language)}</td>
                    <td data-label={t("housing.company.leases")}>{c.leases}</td>
                    <td data-label={t("housing.company.rent")}>
                      <Money fen={c.rentFen} />
                    </td>
                    <td data-label={t("housing.company.utilities")}>
                      <Money fen={c.utilitiesFen} />
                    </td>
                    <td data-label={t("housing.company.total")}>
                      <Money fen={c.totalFen} />
                    </td>
                    <td data-label={t("billing.outstanding")}>
                      <Money fen={c.outstandingFen} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
