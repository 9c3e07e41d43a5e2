// The catalogue as the desk manages it: every offering (active or not) with its price and rules,
// the bookable resources, and the packages.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/money";
import { CancellationPolicy, PriceTag } from "~/components/services-ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listCatalogueForDesk } from "~/modules/services/catalogue.server";
import { hhmmOf } from "~/modules/services/forms";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return listCatalogueForDesk(member);
});

export default function DeskCatalogue() {
  const { t, i18n } = useTranslation();
  const { offerings, resources, packages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const saved = params.get("saved");
  return (
    <>
      {saved ? (
        <p className="notice" role="status">
          {t("services.desk.saved")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="offerings-title">
        <div className="card-header">
          <h2 id="offerings-title">{t("services.desk.offerings")}</h2>
          <Link className="button button-small" to="/services/desk/offerings/new">
            {t("services.desk.newOffering")}
          </Link>
        </div>
        <DataTable
          rows={offerings}
          rowKey={(o) => o.id}
          columns={[
            {
              header: t("services.desk.offering"),
              cell: (o) => (
                <>
                  <Link to={`/services/desk/offerings/${o.id}`}>{en ? o.nameEn : o.nameZh}</Link>
                  <div className="muted small">
                    {t(`services.categories.${o.category}`)} · <code>{o.code}</code>
                  </div>
                </>
              ),
            },
            {
              header: t("services.price"),
              cell: (o) => (
                <>
                  <PriceTag priceFen={o.priceFen} unit={o.pricingUnit} />
                  <div className="muted small">{t("services.quantityRange", { min: o.minQuantity, max: o.maxQuantity })}</div>
                </>
              ),
            },
            { header: t("services.cancellation"), cellClassName: () => "small", cell: (o) => <CancellationPolicy freeCancelHours={o.freeCancelHours} cancelFeeBp={o.cancelFeeBp} /> },
            { header: t("services.desk.resource"), cell: (o) => (o.resource ? (en ? o.resource.nameEn : o.resource.nameZh) : "—") },
            {
              header: t("common.status"),
              cell: (o) => (
                <>
                  {o.active ? t("services.desk.active") : <span className="muted">{t("services.desk.inactive")}</span>}
                  {o.requiresApproval ? <div className="muted small">{t("services.needsApproval")}</div> : null}
                </>
              ),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="resources-title">
        <div className="card-header">
          <h2 id="resources-title">{t("services.desk.resources")}</h2>
          <Link className="button button-small" to="/services/desk/resources/new">
            {t("services.desk.newResource")}
          </Link>
        </div>
        <DataTable
          rows={resources}
          rowKey={(r) => r.id}
          columns={[
            {
              header: t("services.desk.resource"),
              cell: (r) => (
                <>
                  <Link to={`/services/desk/resources/${r.id}`}>{en ? r.nameEn : r.nameZh}</Link>
                  <div className="muted small">
                    {t(`services.desk.kinds.${r.kind}`, { defaultValue: r.kind })} · <code>{r.code}</code>
                  </div>
                </>
              ),
            },
            { header: t("services.desk.capacity"), cell: (r) => (r.capacity > 1 ? t("services.poolOf", { count: r.capacity }) : t("services.desk.whole")) },
            { header: t("services.desk.hours"), cell: (r) => (r.opensMinute !== null ? `${hhmmOf(r.opensMinute)}–${hhmmOf(r.closesMinute)}` : t("services.desk.allDay")) },
            { header: t("services.desk.buffers"), cell: (r) => t("services.buffers", { setup: r.setupMinutes, teardown: r.teardownMinutes }) },
            { header: t("common.status"), cell: (r) => (r.active ? t("services.desk.active") : <span className="muted">{t("services.desk.inactive")}</span>) },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="packages-admin-title">
        <div className="card-header">
          <h2 id="packages-admin-title">{t("services.packagesTitle")}</h2>
          <Link className="button button-small" to="/services/desk/packages/new">
            {t("services.desk.newPackage")}
          </Link>
        </div>
        <ul className="list">
          {packages.map((p) => (
            <li key={p.id} className="list-row">
              <span>
                <Link to={`/services/desk/packages/${p.id}`}>{en ? p.nameEn : p.nameZh}</Link>{" "}
                <span className="muted small">
                  {t("services.desk.itemCount", { count: p.items.length })} {p.active ? "" : `· ${t("services.desk.inactive")}`}
                </span>
              </span>
              <Money fen={p.priceFen} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
