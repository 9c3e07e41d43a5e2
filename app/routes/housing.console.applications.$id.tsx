// /housing/console/applications/:id — one housing application as the housing office sees it, in
// every state (the page each of the office's notifications links to, for as long as the
// notification is shown): company, applicant, dates, residents (masked), offers, the lease made
// from it, and any lease its resident already holds on the same nights. When nobody at the company
// may confirm it (an owner applying for themself), the office confirms it here.
import { ActionButton } from "~/components/forms";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ApplicationFacts, OfferHistory } from "~/components/housing-application";
import { PageErrors } from "~/components/housing-forms";
import { ApplicationStatus, RedirectNotice, LeaseStatus, OverlapWarning, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { endorseApplication, getApplication } from "~/modules/housing/applications.server";
import { offerUnits } from "~/modules/housing/console.server";
import { consoleApplicationForms } from "~/modules/housing/forms";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const view = await getApplication(member, params.id ?? "");
  const units = await offerUnits(await getDb(), view.offers.map((o) => o.unitId));
  return {
    ...view,
    offers: view.offers.map((o) => ({ ...o, unit: units.get(o.unitId) ?? null })),
    lease: view.lease ? { id: view.lease.id, number: view.lease.number, status: view.lease.status, startsOn: view.lease.startsOn } : null,
  };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  return submitForm(request, consoleApplicationForms, (form) =>
    byIntent(form, {
      confirm: async () => {
        await endorseApplication(member, id);
        return redirect(`/housing/console/applications/${id}?done=confirmed`);
      },
    }),
  );
});

export default function ConsoleApplication() {
  const { t, en } = useT();
  const { application, orgNameZh, orgNameEn, applicantName, residents, offers, lease, overlaps, waitlistPosition, mayConfirm } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const onWaitlist = application.status === "endorsed" || application.status === "offered";
  return (
    <div className="stack">
      <div className="card">
        <div className="card-header">
          <h2 className="card-title">
            {en ? orgNameEn : orgNameZh} · <UnitTypeLabel type={application.unitType} />
          </h2>
          <ApplicationStatus status={application.status} leaseStatus={lease?.status} />
        </div>
        <RedirectNotice keys={{ confirmed: "housing.company.endorsed" }} />
        <PageErrors />
        <ApplicationFacts
          application={application}
          waitlistPosition={waitlistPosition}
          lead={
            <>
              <dt>{t("housing.company.applicant")}</dt>
              <dd>
                {applicantName} · <When at={application.createdAt} />
              </dd>
            </>
          }
        />
        {onWaitlist ? (
          <p>
            <Link to="/housing/console/waitlist">{t("housing.console.tabs.waitlist")}</Link>
          </p>
        ) : null}
      </div>

      <OverlapWarning overlaps={overlaps} />

      {mayConfirm ? (
        <div className="card stack" data-testid="park-confirm">
          <p className="hint">{t("housing.company.parkConfirms")}</p>
          <ActionButton intent="confirm" label={t("housing.company.endorse")} busy={busy} />
        </div>
      ) : null}

      {lease ? (
        <p className="card">
          {t("housing.resident.leaseNumber")}: <Link to={`/housing/console/leases/${lease.id}`}>{lease.number}</Link> · <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
        </p>
      ) : null}

      <div className="card">
        <h2 className="card-title">{t("housing.apply.residents")}</h2>
        <ul className="list">
          {residents.map((r) => (
            <li key={r.id} className="list-row" data-testid="resident-row">
              <span>
                {r.name}
                {r.primary ? <span className="muted small"> · {t("housing.console.primary")}</span> : null}
              </span>
              <span className="pii small">
                {r.idNumber} · {r.phone}
              </span>
            </li>
          ))}
        </ul>
      </div>

      <OfferHistory offers={offers} />
    </div>
  );
}
