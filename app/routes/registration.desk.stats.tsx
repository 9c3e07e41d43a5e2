// The desk's numbers: cases completed per month (by case type), days from opening a case to its
// licence (median and average), open cases by step.
import { CardSection, Stats } from "~/components/ui";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChartOrTable, chartColours, StackedColumns } from "~/components/charts";
import { formatMonth } from "~/i18n/format";
import { caseTypeChoices, caseTypeKey, statusKey } from "~/components/registration-ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { deskStats } from "~/modules/registration/console.server";

const caseTypes = caseTypeChoices;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "registration:manage", kind: "park" });
  return deskStats(member);
});

export default function RegistrationStats() {
  const { t, i18n } = useTranslation();
  const stats = useLoaderData<typeof loader>();
  const maxOpen = Math.max(1, ...stats.openByStep.map((s) => s.count));
  const days = (value: number | null) => (value === null ? "—" : t("registration.desk.stats.days", { count: value }));
  return (
    <>
      <Stats
        items={[
          { value: stats.completedTotal, label: t("registration.desk.stats.completed12") },
          { value: days(stats.medianDaysToLicence), label: t("registration.desk.stats.medianToLicence") },
          { value: days(stats.averageDaysToLicence), label: t("registration.desk.stats.averageToLicence") },
          { value: stats.licensedCount, label: t("registration.desk.stats.licensed") },
        ]}
      />

      <section className="card">
        <ChartOrTable
          title={t("registration.desk.stats.perMonth")}
          chart={() => (
            <StackedColumns
              data={stats.completedByMonth.map((m) => ({ label: formatMonth(m.month, i18n.language), ...Object.fromEntries(caseTypes.map((c) => [c, m[c] ?? 0])) }))}
              series={caseTypes.map((c, i) => ({ key: c, label: t(caseTypeKey(c)), colour: chartColours[i] }))}
              format={(v) => String(v)}
            />
          )}
          table={
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t("registration.desk.stats.month")}</th>
                    {caseTypes.map((c) => (
                      <th key={c} scope="col" className="num">
                        {t(caseTypeKey(c))}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t("registration.desk.stats.total")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stats.completedByMonth.map((m) => (
                    <tr key={m.month}>
                      <th scope="row">{formatMonth(m.month, i18n.language)}</th>
                      {caseTypes.map((c) => (
                        <td key={c} className="num">
                          {m[c] ?? 0}
                        </td>
                      ))}
                      <td className="num">
                        <strong>{m.total}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          }
        />
      </section>

      <CardSection id="open-by-step" title={t("registration.desk.stats.openByStep")}>
        <table className="table table-compact">
          <tbody>
            {stats.openByStep.map((s) => (
              <tr key={s.status}>
                <th scope="row">{t(statusKey(s.status))}</th>
                <td>
                  <span className="month-bar" style={{ width: `${Math.round((s.count * 8) / maxOpen)}rem` }} aria-hidden="true" />
                  {s.count}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">{t("registration.desk.stats.cancelled", { count: stats.cancelled })}</p>
      </CardSection>
    </>
  );
}
