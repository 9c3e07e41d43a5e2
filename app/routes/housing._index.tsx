// /housing — the resident's page (我的公寓): the current lease (sign it, its bills, notice), repair
// requests with their status and age (confirm and rate a resolved one), and the member's housing
// applications with any open offer and its deadline.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OpenOfferCard } from "~/components/housing-application";
import { LeasePanel } from "~/components/housing-lease";
import { Age, DateRange, RedirectNotice, HousingStatus, HousingHeader, UnitLabel, UnitTypeLabel, useT, When } from "~/components/housing-ui";
import { getApplication, listMyApplications } from "~/modules/housing/applications.server";
import { leasePanel, offerUnits } from "~/modules/housing/console.server";
import { leasesToSign, myHousing } from "~/modules/housing/leases.server";
import { listRepairs } from "~/modules/housing/repairs.server";
import { applicationStage } from "~/modules/housing/rules";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("我的公寓 · 人才公寓");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:apply", kind: "tenant" });
  const [home, applications, repairs, toSign] = await Promise.all([myHousing(member), listMyApplications(member), listRepairs(member, { mine: true }), leasesToSign(member)]);
  const panel = home ? await leasePanel(member, home.lease.id) : null;
  const openOffers = (
    await Promise.all(
      applications
        .filter((a) => a.status === "offered")
        .map(async (a) => (await getApplication(member, a.id)).offers.filter((o) => o.status === "open").map((o) => ({ ...o, applicationId: a.id }))),
    )
  ).flat();
  const units = await offerUnits(await getDb(), openOffers.map((o) => o.unitId));
  return {
    panel,
    // Leases to sign that the panel below is not already showing.
    toSign: toSign.filter((l) => l.id !== panel?.lease.id),
    applications,
    offers: openOffers.map((o) => ({ ...o, unit: units.get(o.unitId) ?? null })),
    repairs,
    company: hasPermission(member, "housing:endorse", { kind: "tenant" }),
    now: new Date().toISOString(),
  };
});

const doneKeys: Record<string, string> = {
  signed: "housing.resident.signedNotice",
  notice: "housing.resident.noticeDone",
  accepted: "housing.resident.accepted",
  reported: "housing.resident.reported",
  confirmed: "housing.resident.confirmed",
  reopened: "housing.resident.reopened",
};

export default function MyHousing() {
  const { t, en } = useT();
  const { panel, toSign, applications, offers, repairs, company, now } = useLoaderData<typeof loader>();
  return (
    <section className="stack housing">
      <HousingHeader title={t("housing.resident.title")} lead={t("housing.resident.lead")} company={company} />
      <RedirectNotice keys={doneKeys} />

      {offers.map((offer) => (
        <OpenOfferCard
          key={offer.id}
          offer={offer}
          now={now}
          action={`/housing/applications/${offer.applicationId}`}
          what={
            <>
              <strong>{offer.unit ? <UnitLabel code={offer.unit.code} bedNo={offer.bedNo} /> : null}</strong>
              {offer.unit ? ` · ${en ? offer.unit.buildingNameEn : offer.unit.buildingNameZh}` : null} · <DateRange from={offer.startsOn} to={offer.endsOn} />
            </>
          }
        />
      ))}

      {toSign.length > 0 ? (
        <div className="card stack" data-testid="leases-to-sign">
          <h2 className="card-title">{t("housing.company.toSignTitle")}</h2>
          <ul className="list">
            {toSign.map((lease) => (
              <li key={lease.id} className="list-row">
                <span>
                  <strong>
                    <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} />
                  </strong>{" "}
                  · {lease.number} · <DateRange from={lease.startsOn} to={lease.endsOn} />
                </span>
                <Link className="button button-small" to={`/housing/leases/${lease.id}`}>
                  {t("housing.company.signLease")}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {panel ? (
        <LeasePanel data={panel} back="/housing" />
      ) : (
        <div className="card empty-state">
          <p>{t("housing.resident.noLease")}</p>
          <Link className="button" to="/housing/apply">
            {t("housing.resident.applyCta")}
          </Link>
        </div>
      )}

      <div className="card" id="repairs">
        <div className="card-header">
          <h2 className="card-title">{t("housing.resident.repairsTitle")}</h2>
          {panel?.lease.status === "active" ? (
            <Link className="button button-small" to="/housing/uploads/repair">
              {t("housing.resident.reportTitle")}
            </Link>
          ) : null}
        </div>
        {repairs.length === 0 ? (
          <p className="empty-state">{t("housing.resident.noRepairs")}</p>
        ) : (
          <ul className="list repair-list">
            {repairs.map((r) => (
              <li key={r.id} data-testid="repair-row">
                <div className="list-row">
                  <Link to={`/housing/repairs/${r.id}`}>
                    {t(`housing.pages.repairCategory.${r.category}`)} · {r.unitCode}
                  </Link>
                  <HousingStatus kind="repairStatus" status={r.status} />
                </div>
                <p className="small muted">{r.description}</p>
                <p className="small">
                  <When at={r.createdAt} />
                  {r.open ? (
                    <>
                      {" "}
                      · {t("housing.console.age")} <Age since={String(r.createdAt)} now={now} />
                    </>
                  ) : null}
                  {r.status === "resolved" ? (
                    <>
                      {" "}
                      · <Link to={`/housing/repairs/${r.id}`}>{t("housing.resident.confirmTitle")}</Link>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <div className="card-header">
          <h2 className="card-title">{t("housing.resident.applicationsTitle")}</h2>
          <Link to="/housing/apply">{t("housing.resident.applyCta")}</Link>
        </div>
        {applications.length === 0 ? (
          <p className="empty-state">{t("housing.resident.noApplications")}</p>
        ) : (
          <ul className="list">
            {applications.map((a) => (
              <li key={a.id} className="list-row" data-testid="my-application">
                <span>
                  <Link to={`/housing/applications/${a.id}`}>
                    <UnitTypeLabel type={a.unitType} />
                  </Link>{" "}
                  · <DateRange from={a.moveInOn} to={a.moveOutOn} />
                </span>
                <HousingStatus kind="applicationStatus" status={applicationStage(a.status, a.leaseStatus)} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
