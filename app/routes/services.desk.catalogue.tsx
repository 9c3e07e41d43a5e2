// The catalogue as the desk manages it: every offering (active or not) with its price and rules,
// the bookable resources, and the packages.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/money";
import { DoneNotice } from "~/components/forms";
import { CancellationPolicy, PriceTag } from "~/components/services-ui";
import { Card } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listCatalogueForDesk } from "~/modules/services/catalogue.server";
import { hhmmOf } from "~/modules/services/forms";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return listCatalogueForDesk(member);
});

function NewLink({ to, label }: { to: string; label: string }) {
  return (
    <Link className="button button-small" to={to}>
      {label}
    </Link>
  );
}

/** An offering's or a resource's name, linked to its editor, over what kind it is and its code. */
function NameCell({ to, name, kind, code }: { to: string; name: string; kind: string; code: string }) {
  return (
    <>
      <Link to={to}>{name}</Link>
      <div className="muted small">
        {kind} · <code>{code}</code>
      </div>
    </>
  );
}

export default function DeskCatalogue() {
  const { t, i18n } = useTranslation();
  const { offerings, resources, packages } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const en = i18n.language === "en";
  const saved = params.get("saved");
  return (
    <>
      <DoneNotice message={saved ? "services.desk.saved" : null} />
      <Card id="offerings-title" title={t("services.desk.offerings")} actions={<NewLink to="/services/desk/offerings/new" label={t("services.desk.newOffering")} />}>
        <DataTable
          rows={offerings}
          rowKey={(o) => o.id}
          columns={[
            {
              header: t("services.desk.offering"),
              cell: (o) => <NameCell to={`/services/desk/offerings/${o.id}`} name={en ? o.nameEn : o.nameZh} kind={t(`services.categories.${o.category}`)} code={o.code} />,
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
      </Card>
      <Card id="resources-title" title={t("services.desk.resources")} actions={<NewLink to="/services/desk/resources/new" label={t("services.desk.newResource")} />}>
        <DataTable
          rows={resources}
          rowKey={(r) => r.id}
          columns={[
            {
              header: t("services.desk.resource"),
              cell: (r) => <NameCell to={`/services/desk/resources/${r.id}`} name={en ? r.nameEn : r.nameZh} kind={t(`services.desk.kinds.${r.kind}`, { defaultValue: r.kind })} code={r.code} />,
            },
            { header: t("services.desk.capacity"), cell: (r) => (r.capacity > 1 ? t("services.poolOf", { count: r.capacity }) : t("services.desk.whole")) },
            { header: t("services.desk.hours"), cell: (r) => (r.opensMinute !== null ? `${hhmmOf(r.opensMinute)}–${hhmmOf(r.closesMinute)}` : t("services.desk.allDay")) },
            { header: t("services.desk.buffers"), cell: (r) => t("services.buffers", { setup: r.setupMinutes, teardown: r.teardownMinutes }) },
            { header: t("common.status"), cell: (r) => (r.active ? t("services.desk.active") : <span className="muted">{t("services.desk.inactive")}</span>) },
          ]}
        />
      </Card>
      <Card id="packages-admin-title" title={t("services.packagesTitle")} actions={<NewLink to="/services/desk/packages/new" label={t("services.desk.newPackage")} />}>
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
      </Card>
    </>
  );
}
