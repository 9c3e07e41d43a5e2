// /housing/console — the housing office's overview: today's places by state, the occupancy rate of
// the last six months, the queues (waitlist, offers, signatures), open repairs by age, arrears and
// leases ending within 30 days; and the button that bills this month's rent now (idempotent).
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { SubmitButton } from "~/components/forms";
import { Money } from "~/components/money";
import { placeStateList, useT } from "~/components/housing-ui";
import { parkDateLabel } from "~/components/ui";
import { formatMonth } from "~/i18n/format";
import { housingOverview } from "~/modules/housing/console.server";
import { billRentSchema } from "~/modules/housing/forms";
import { monthOf } from "~/modules/housing/proration";
import { billRentForMonth } from "~/modules/housing/rent.server";
import { requireMember } from "~/modules/identity/access.server";
import { parkDate } from "~/modules/platform/dates";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return housingOverview(member);
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return submitForm(request, billRentSchema, async () => {
    const run = await billRentForMonth(monthOf(parkDate()), { actorUserId: member.user.id });
    return { billed: run.created, skipped: run.skipped };
  });
});

function percent(bp: number) {
  return `${Math.floor(bp / 100)}.${String(Math.floor((bp % 100) / 10))}%`;
}

export default function HousingOverview() {
  const { t, language } = useT();
  const o = useLoaderData<typeof loader>();
  const billed = useActionData<typeof action>()?.done;
  const busy = useNavigation().state === "submitting";
  const maxRate = Math.max(10_000, ...o.rates.map((r) => r.rateBp));
  return (
    <>
      <p className="lead">{t("housing.console.overviewLead", { date: parkDateLabel(o.today, language) })}</p>
      <ul className="stats" data-testid="place-counts">
        {placeStateList.map((state) => (
          <li key={state}>
            <strong>{o.counts[state]}</strong>
            <span>
              <span className={`hs-swatch hs-${state}`} aria-hidden="true" /> {t(`housing.pages.placeState.${state}`)}
            </span>
          </li>
        ))}
        <li>
          <strong>{o.places}</strong>
          <span>{t("housing.console.places")}</span>
        </li>
      </ul>
      <p className="hint">{t("housing.console.placesNote")}</p>

      <div className="grid-2">
        <figure className="card chart" data-testid="occupancy-rate">
          <figcaption>{t("housing.console.rateTitle")}</figcaption>
          <ol className="rate-bars" aria-hidden="true">
            {o.rates.map((r) => (
              <li key={r.month}>
                <span className="rate-value">{percent(r.rateBp)}</span>
                <span className="rate-bar" style={{ height: `${Math.round((r.rateBp * 100) / maxRate)}%` }} />
                <span>{r.month.slice(5)}</span>
              </li>
            ))}
          </ol>
          <details className="chart-data">
            <summary>{t("compute.charts.viewTable")}</summary>
            <DataTable
              className="compact"
              rows={o.rates}
              rowKey={(r) => r.month}
              columns={[
                { header: t("housing.console.month"), cell: (r) => formatMonth(r.month, language) },
                { header: t("housing.console.rate"), cell: (r) => percent(r.rateBp) },
                { header: t("housing.console.occupied"), cell: (r) => r.occupiedPlaceNights },
                { header: t("housing.console.available"), cell: (r) => r.availablePlaceNights },
              ]}
            />
          </details>
        </figure>

        <div className="card stack">
          <h2 className="card-title">{t("housing.console.repairsByAge")}</h2>
          <ul className="age-buckets">
            <li>
              <strong>{o.repairs.under1}</strong>
              {t("housing.console.under1")}
            </li>
            <li>
              <strong>{o.repairs.under3}</strong>
              {t("housing.console.under3")}
            </li>
            <li className={o.repairs.under7 ? "late" : undefined}>
              <strong>{o.repairs.under7}</strong>
              {t("housing.console.under7")}
            </li>
            <li className={o.repairs.over7 ? "late" : undefined}>
              <strong>{o.repairs.over7}</strong>
              {t("housing.console.over7")}
            </li>
          </ul>
          <Link to="/housing/console/repairs">{t("housing.console.repairsTitle")} →</Link>
        </div>
      </div>

      <ul className="stats">
        <li>
          <strong>
            <Money fen={o.arrearsFen} />
          </strong>
          <span>
            <Link to="/housing/console/arrears">{t("housing.console.arrearsTotal")}</Link> · {t("housing.console.arrearsCompanies", { count: o.arrearsCompanies })}
          </span>
        </li>
        {[
          { value: o.endingSoon, to: "/housing/console/leases?ending=30", label: t("housing.console.endingSoon") },
          { value: o.waitlist, to: "/housing/console/waitlist", label: t("housing.console.waitlist") },
          { value: o.openOffers, to: "/housing/console/offers", label: t("housing.console.openOffers") },
          { value: o.awaitingSignature, to: "/housing/console/leases?status=awaiting_signature", label: t("housing.console.awaitingSignature") },
        ].map((stat) => (
          <li key={stat.to}>
            <strong>{stat.value}</strong>
            <span>
              <Link to={stat.to}>{stat.label}</Link>
            </span>
          </li>
        ))}
        <li>
          <strong>{o.awaitingCompany}</strong>
          <span>{t("housing.console.awaitingCompany")}</span>
        </li>
      </ul>

      <Form method="post" className="card stack">
        <h2 className="card-title">{t("housing.console.rentRunTitle")}</h2>
        <p className="hint">{t("housing.console.rentRunLead")}</p>
        {billed ? (
          <p className="notice" role="status" data-testid="rent-run-done">
            {t("housing.console.rentRunDone", { count: billed.billed })}
          </p>
        ) : null}
        <input type="hidden" name="intent" value="billRent" />
        <div className="actions">
          <SubmitButton busy={busy}>{t("housing.console.rentRunSubmit")}</SubmitButton>
        </div>
      </Form>
    </>
  );
}
