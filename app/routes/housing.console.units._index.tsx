// /housing/console/units — every unit by building, floor and code: type, beds, area, rent, status
// and whether it takes short stays; create a new one or open one to edit, add photos or block it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
      {units.length === 0 ? (
        <p className="empty-state card">{t("housing.console.emptyUnits")}</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("housing.console.code")}</th>
                <th scope="col">{t("housing.console.building")}</th>
                <th scope="col">{t("housing.console.floorLabel")}</th>
                <th scope="col">{t("housing.console.unitType")}</th>
                <th scope="col">{t("housing.console.rent")}</th>
                <th scope="col">{t("housing.console.unitStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map(({ unit, buildingNameZh, buildingNameEn }) => (
                <tr key={unit.id} data-testid="unit-row">
                  <td data-label={t("housing.console.code")}>
                    <Link to={`/housing/console/units/${unit.id}`}>{unit.code}</Link>
                  </td>
                  <td data-label={t("housing.console.building")}>{en ? buildingNameEn : buildingNameZh}</td>
                  <td data-label={t("housing.console.floorLabel")}>{unit.floor}</td>
                  <td data-label={t("housing.console.unitType")}>
                    <UnitTypeLabel type={unit.unitType} />
                    {unit.unitType === "shared" ? ` · ${unit.beds}` : ""} · {unit.areaM2} ㎡{unit.shortStay ? ` · ${t("housing.pages.placeState.short_stay")}` : ""}
                  </td>
                  <td data-label={t("housing.console.rent")}>
                    <Money fen={unit.monthlyRentFen} />
                  </td>
                  <td data-label={t("housing.console.unitStatus")}>
                    <HousingStatus kind="unitStatus" status={unit.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
