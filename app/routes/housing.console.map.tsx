// /housing/console/map — the occupancy map: every building → floor → unit (and each bed of a
// shared room), coloured by its state on the chosen date (free, let, awaiting signature, short
// stay, maintenance), and a 14-day strip per building. At 375 px the strip scrolls inside its box.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PlaceLegend, useT } from "~/components/housing-ui";
import { parkDateLabel } from "~/components/ui";
import { dateParam, occupancyMap, type PlaceState } from "~/modules/housing/console.server";
import { requireMember } from "~/modules/identity/access.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "housing:manage", kind: "park" });
  const date = dateParam(new URL(request.url).searchParams.get("date"));
  const map = await occupancyMap(await getDb(), { date, days: 14 });
  return { ...map, today: parkDate() };
});

function dayHead(day: string, language: string) {
  const noon = new Date(`${day}T12:00:00+08:00`);
  return {
    weekday: new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", weekday: "narrow" }).format(noon),
    date: day.slice(8),
  };
}

export default function OccupancyMap() {
  const { t, language, en } = useT();
  const map = useLoaderData<typeof loader>();
  const stateLabel = (state: PlaceState) => t(`housing.pages.placeState.${state}`);
  return (
    <>
      <p className="lead">{t("housing.console.mapLead")}</p>
      <Form method="get" className="date-form card">
        <div className="field">
          <label htmlFor="map-date">{t("housing.console.date")}</label>
          <input id="map-date" type="date" name="date" defaultValue={map.date} />
        </div>
        <button type="submit" className="button button-small">
          {t("housing.console.show")}
        </button>
        <Link to={`?date=${addDaysIso(map.date, -7)}`} className="button button-small button-secondary">
          ← {t("housing.console.earlier")}
        </Link>
        <Link to={`?date=${addDaysIso(map.date, 7)}`} className="button button-small button-secondary">
          {t("housing.console.later")} →
        </Link>
        {map.date !== map.today ? (
          <Link to="?" className="button button-small button-secondary">
            {t("housing.console.today")}
          </Link>
        ) : null}
      </Form>
      <PlaceLegend />
      {map.buildings.length === 0 ? <p className="empty-state card">{t("housing.console.noUnits")}</p> : null}
      {map.buildings.map((building) => (
        <section key={building.id} className="card map-building stack" data-testid="map-building">
          <h2>
            {en ? building.nameEn : building.nameZh} <span className="muted small">{parkDateLabel(map.date, language)}</span>
          </h2>
          <div>
            {building.floors.map((floor) => (
              <div key={floor.floor} className="map-floor">
                <span className="map-floor-label">{t("housing.console.floor", { n: floor.floor })}</span>
                <ul className="map-units">
                  {floor.units.map((unit) => {
                    const first = unit.places[0].states[0];
                    const shared = unit.unitType === "shared";
                    const mixed = shared && unit.places.some((p) => p.states[0] !== first);
                    return (
                      <li
                        key={unit.id}
                        className={`map-unit hs-${mixed ? "mixed" : first}`}
                        data-testid="map-unit"
                        data-state={mixed ? "mixed" : first}
                        title={`${unit.code} · ${t(`housing.pages.unitTypes.${unit.unitType}`)}${mixed ? "" : ` · ${stateLabel(first)}`}`}
                      >
                        <span className="map-unit-code">{unit.code}</span>
                        {shared ? (
                          <span className="map-beds">
                            {unit.places.map((p) => (
                              <span key={p.bedNo} className={`map-bed hs-${p.states[0]}`} title={`${t("housing.pages.bed", { n: p.bedNo })} · ${stateLabel(p.states[0])}`} />
                            ))}
                          </span>
                        ) : (
                          <span>{stateLabel(first)}</span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </div>
          <h3 className="small muted">{t("housing.console.stripTitle", { from: parkDateLabel(map.date, language) })}</h3>
          <div className="map-scroll">
            <table className="map-strip">
              <thead>
                <tr>
                  <th scope="col">{t("housing.console.unit")}</th>
                  {map.dates.map((day) => {
                    const head = dayHead(day, language);
                    return (
                      <th key={day} scope="col" className={day === map.today ? "today" : undefined}>
                        <span className="cal-weekday">{head.weekday}</span>
                        <span className="cal-date">{head.date}</span>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {building.floors.flatMap((floor) =>
                  floor.units.flatMap((unit) =>
                    unit.places.map((place) => (
                      <tr key={`${unit.id}-${place.bedNo}`}>
                        <th scope="row">{place.bedNo ? `${unit.code}·${place.bedNo}` : unit.code}</th>
                        {place.states.map((state, i) => (
                          <td key={map.dates[i]} className={`hs-${state}`} title={`${map.dates[i]} · ${stateLabel(state)}${place.leaseNumbers[i] ? ` · ${place.leaseNumbers[i]}` : ""}`}>
                            <span className="visually-hidden">{stateLabel(state)}</span>
                          </td>
                        ))}
                      </tr>
                    )),
                  ),
                )}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
