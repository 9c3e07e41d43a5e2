// /apartments — the talent apartments for any signed-in member: unit types with their rents,
// deposits, areas, furnishing and photos, how many places are free today, and how to apply.
// Nobody's name or unit appears here.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { HousingTabs, useT } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { apartmentTypesForMembers } from "~/modules/housing/units.server";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";
import { hasPermission } from "~/modules/identity/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("人才公寓");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "org:read" });
  const types = await apartmentTypesForMembers(await getDb());
  return { types, tenant: member.org.kind === "tenant", company: hasPermission(member, "housing:endorse", { kind: "tenant" }) };
});

function areaText(t: ReturnType<typeof useT>["t"], area: { min: number; max: number }) {
  return area.min === area.max ? t("housing.apartments.areaOne", { area: area.min }) : t("housing.apartments.areaValue", { min: area.min, max: area.max });
}

export default function Apartments() {
  const { t, en } = useT();
  const { types, tenant, company } = useLoaderData<typeof loader>();
  return (
    <section className="stack housing">
      <header className="page-header">
        <h1>{t("housing.apartments.title")}</h1>
        <p className="lead">{t("housing.apartments.lead")}</p>
      </header>
      {tenant ? <HousingTabs company={company} /> : null}
      {types.length === 0 ? (
        <p className="empty-state card">{t("housing.apartments.empty")}</p>
      ) : (
        <ul className="unit-types">
          {types.map((type) => {
            const shared = type.unitType === "shared";
            return (
              <li key={type.unitType} className="card unit-type" data-testid="unit-type">
                {type.photos[0] ? (
                  <img className="unit-photo" src={`/housing/units/${type.photos[0].unitId}/photos/${type.photos[0].index}`} alt={t("housing.pages.photoAlt", { unit: t(`housing.pages.unitTypes.${type.unitType}`), n: 1 })} loading="lazy" />
                ) : null}
                <h2>{t(`housing.pages.unitTypes.${type.unitType}`)}</h2>
                <p className="rent">
                  <Money fen={type.rentFen.min} />
                  {type.rentFen.min !== type.rentFen.max ? (
                    <>
                      {" – "}
                      <Money fen={type.rentFen.max} />
                    </>
                  ) : null}
                  <span className="rent-unit"> {t(shared ? "housing.pages.perBedMonth" : "housing.pages.perMonth")}</span>
                </p>
                <dl className="facts">
                  <dt>{t("housing.apartments.deposit")}</dt>
                  <dd>
                    <Money fen={type.depositFen.min} />
                    {type.depositFen.max !== type.depositFen.min ? (
                      <>
                        {" – "}
                        <Money fen={type.depositFen.max} />
                      </>
                    ) : null}
                  </dd>
                  <dt>{t("housing.apartments.area")}</dt>
                  <dd>{areaText(t, type.areaM2)}</dd>
                  <dt>{t("housing.apartments.furnishing")}</dt>
                  <dd>{type.furnishings.map((f) => t(`housing.pages.furnishing.${f}`)).join(" / ")}</dd>
                  <dt>{t("housing.apartments.free")}</dt>
                  <dd className={type.freeNow > 0 ? "free-count" : "free-none"} data-testid="free-now">
                    {type.freeNow > 0 ? t("housing.apartments.freeCount", { count: type.freeNow }) : t("housing.apartments.noneFree")}
                  </dd>
                </dl>
                {(en ? type.descriptionEn : type.descriptionZh) ? <p className="muted small">{en ? type.descriptionEn : type.descriptionZh}</p> : null}
                {type.photos.length > 1 ? (
                  <div className="unit-photos">
                    {type.photos.slice(1).map((p, i) => (
                      <img key={`${p.unitId}-${p.index}`} src={`/housing/units/${p.unitId}/photos/${p.index}`} alt={t("housing.pages.photoAlt", { unit: t(`housing.pages.unitTypes.${type.unitType}`), n: i + 2 })} loading="lazy" />
                    ))}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <div className="card">
        <h2 className="card-title">{t("housing.apartments.howTitle")}</h2>
        <ol className="steps">
          <li>{t("housing.apartments.how1")}</li>
          <li>{t("housing.apartments.how2")}</li>
          <li>{t("housing.apartments.how3")}</li>
          <li>{t("housing.apartments.how4")}</li>
        </ol>
        {tenant ? (
          <Link className="button" to="/housing/apply">
            {t("housing.apartments.applyCta")}
          </Link>
        ) : (
          <p className="hint">{t("housing.apartments.noPermission")}</p>
        )}
      </div>
    </section>
  );
}
