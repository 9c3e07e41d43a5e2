// Utilisation per resource per week: the share of a stage's (or suite's) open hours that is held
// or confirmed, and the share of a pool's daily capacity that is taken.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { mondayOf, utilisation } from "~/modules/services/console.server";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
import { Card, parkDateLabel } from "~/components/ui";

const WEEKS = 6;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const from = new URL(request.url).searchParams.get("from");
  const start = mondayOf(from && /^\d{4}-\d{2}-\d{2}$/.test(from) && !Number.isNaN(Date.parse(from)) ? from : addDaysIso(parkDay(new Date()), -7));
  return { ...(await utilisation(member, start, WEEKS)), start };
});

export default function Utilisation() {
  const { t, i18n } = useTranslation();
  const { weeks, resources, start } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <Card id="utilisation-title" className="stack" title={t("services.desk.utilisationTitle")} hint={t("services.desk.utilisationHint")}>
      <div className="cal-nav">
        <Link to={`/services/desk/utilisation?from=${addDaysIso(start, -7 * WEEKS)}`} className="button button-small button-secondary" aria-label={t("services.calendar.previous")}>
          ‹
        </Link>
        <Link to={`/services/desk/utilisation?from=${addDaysIso(start, 7 * WEEKS)}`} className="button button-small button-secondary" aria-label={t("services.calendar.next")}>
          ›
        </Link>
      </div>
      <div className="table-wrap">
        <table className="table utilisation">
          <thead>
            <tr>
              <th scope="col">{t("services.desk.resource")}</th>
              {weeks.map((w) => (
                <th key={w} scope="col">
                  {t("services.desk.weekOf", { date: parkDateLabel(w, i18n.language) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {resources.map(({ resource, weeks: cells }) => (
              <tr key={resource.id}>
                <th scope="row">
                  <Link to={`/services/desk/calendar?resource=${resource.id}`}>{en ? resource.nameEn : resource.nameZh}</Link>
                  <div className="muted small">{resource.capacity > 1 ? t("services.poolOf", { count: resource.capacity }) : t(`services.desk.kinds.${resource.kind}`, { defaultValue: resource.kind })}</div>
                </th>
                {cells.map((c) => (
                  <td key={c.week} data-label={t("services.desk.weekOf", { date: parkDateLabel(c.week, i18n.language) })}>
                    <div className="meter" role="img" aria-label={`${c.percent}%`}>
                      {c.confirmedPercent !== null ? (
                        <>
                          <span className="meter-held" style={{ width: `${c.percent}%` }} />
                          <span className="meter-confirmed" style={{ width: `${c.confirmedPercent}%` }} />
                        </>
                      ) : (
                        <span className="meter-pool" style={{ width: `${c.percent}%` }} />
                      )}
                    </div>
                    <span className="meter-text">
                      {c.percent}%{" "}
                      <span className="muted small">
                        {c.unit === "hour" ? t("services.desk.hoursOf", { used: c.used, available: c.available }) : t("services.desk.unitsOf", { used: c.used, available: c.available })}
                      </span>
                    </span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
