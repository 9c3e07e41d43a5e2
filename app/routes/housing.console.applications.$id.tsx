// /housing/console/applications/:id — one housing application as the housing office sees it, in
// every state (the page each of the office's notifications links to, for as long as the
// notification is shown): company, applicant, dates, residents (masked), offers, the lease made
// from it, and any lease its resident already holds on the same nights. When nobody at the company
// may confirm it (an owner applying for themself), the office confirms it here.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { translateMessage } from "~/components/forms";
import { ApplicationStatus, DateRange, HousingStatus, LeaseStatus, OverlapWarning, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { endorseApplication, getApplication } from "~/modules/housing/applications.server";
import { offerUnits } from "~/modules/housing/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, readForm } from "~/modules/platform/http.server";
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

type Answer = { error?: string };

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const id = params.id ?? "";
  const form = await readForm(request);
  if (form.get("intent") !== "confirm") throw new AppError("invalid", "errors.badForm");
  try {
    await endorseApplication(member, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return data<Answer>({ error: encodeMessage(error.messageKey, error.params) }, { status: 409 });
    throw error;
  }
  return redirect(`/housing/console/applications/${id}?done=confirmed`);
});

export default function ConsoleApplication() {
  const { t, en } = useT();
  const { application, orgNameZh, orgNameEn, applicantName, residents, offers, lease, overlaps, waitlistPosition, mayConfirm } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
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
        {params.get("done") === "confirmed" ? (
          <p className="notice" role="status">
            {t("housing.company.endorsed")}
          </p>
        ) : null}
        {answer?.error ? (
          <p className="form-errors" role="alert">
            {translateMessage(t as never, answer.error)}
          </p>
        ) : null}
        <dl className="details">
          <dt>{t("housing.company.applicant")}</dt>
          <dd>
            {applicantName} · <When at={application.createdAt} />
          </dd>
          <dt>{t("housing.company.dates")}</dt>
          <dd>
            <DateRange from={application.moveInOn} to={application.moveOutOn} />
          </dd>
          <dt>{t("housing.resident.payer")}</dt>
          <dd>{t(`housing.pages.payer.${application.payer}`)}</dd>
          {waitlistPosition ? (
            <>
              <dt>{t("housing.console.rank")}</dt>
              <dd>{waitlistPosition}</dd>
            </>
          ) : null}
          {application.note ? (
            <>
              <dt>{t("housing.console.note")}</dt>
              <dd>{application.note}</dd>
            </>
          ) : null}
          {application.decisionReason ? (
            <>
              <dt>{t("housing.pages.reasonLabel")}</dt>
              <dd>{application.decisionReason}</dd>
            </>
          ) : null}
        </dl>
        {onWaitlist ? (
          <p>
            <Link to="/housing/console/waitlist">{t("housing.console.tabs.waitlist")}</Link>
          </p>
        ) : null}
      </div>

      <OverlapWarning overlaps={overlaps} />

      {mayConfirm ? (
        <Form method="post" className="card stack" data-testid="park-confirm">
          <p className="hint">{t("housing.company.parkConfirms")}</p>
          <input type="hidden" name="intent" value="confirm" />
          <button type="submit" className="button" disabled={busy}>
            {t("housing.company.endorse")}
          </button>
        </Form>
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

      {offers.length > 0 ? (
        <div className="card">
          <h2 className="card-title">{t("housing.console.offersTitle")}</h2>
          <ul className="list">
            {offers.map((o) => (
              <li key={o.id} className="list-row">
                <span>
                  {o.unit ? <UnitLabel code={o.unit.code} bedNo={o.bedNo} /> : null} · <DateRange from={o.startsOn} to={o.endsOn} />
                </span>
                <HousingStatus kind="offerStatus" status={o.status} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
