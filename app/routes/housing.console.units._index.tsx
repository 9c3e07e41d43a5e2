// /housing/console/units — every unit by building, floor and code: type, beds, area, rent, status
// and whether it takes short stays; create a new one or open one to edit, add photos or block it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { HousingStatus, UnitTypeLabel, useT } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { listUnits } from "~/modules/housing/units.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  return { units: await listUnits(member) };
});

export default function Units() {
  const { t, en } = useT();
  const { units } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header with-actions">
        <h2>{t("housing.console.unitsTitle")}</h2>
        <Link className="button" to="/housing/console/units/new">
          {t("housing.console.newUnit")}
        </Link>
      </div>
      <DataTable
        card
        rows={units}
        rowKey={({ unit }) => unit.id}
        rowProps={() => ({ "data-testid": "unit-row" })}
        empty={<p className="empty-state card">{t("housing.console.emptyUnits")}</p>}
        columns={[
          { header: t("housing.console.code"), cell: ({ unit }) => <Link to={`/housing/console/units/${unit.id}`}>{unit.code}</Link> },
          { header: t("housing.console.building"), cell: ({ buildingNameZh, buildingNameEn }) => (en ? buildingNameEn : buildingNameZh) },
          { header: t("housing.console.floorLabel"), cell: ({ unit }) => unit.floor },
          {
            header: t("housing.console.unitType"),
            cell: ({ unit }) => (
              <>
                <UnitTypeLabel type={unit.unitType} />
                {unit.unitType === "shared" ? ` · ${unit.beds}` : ""} · {unit.areaM2} ㎡{unit.shortStay ? ` · ${t("housing.pages.placeState.short_stay")}` : ""}
              </>
            ),
          },
          { header: t("housing.console.rent"), cell: ({ unit }) => <Money fen={unit.monthlyRentFen} /> },
          { header: t("housing.console.unitStatus"), cell: ({ unit }) => <HousingStatus kind="unitStatus" status={unit.status} /> },
        ]}
      />
    </>
  );
}
