// /housing/console/repairs — repair requests: open ones first, the oldest at the top, with their
// age; filter by status or to those assigned to me.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Age, HousingStatus, useT, When } from "~/components/housing-ui";
import { repairStatuses, type RepairStatus } from "#db/schema/housing-values";
import { listRepairs } from "~/modules/housing/repairs.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const url = new URL(request.url);
  const requested = url.searchParams.get("status") ?? "open";
  const status = repairStatuses.find((s) => s === requested) as RepairStatus | undefined;
  const mine = url.searchParams.get("mine") === "1";
  const all = await listRepairs(member, { status, mine });
  const repairs = requested === "open" ? all.filter((r) => r.open) : all;
  return { repairs, status: requested === "open" ? "open" : (status ?? "all"), mine, now: new Date().toISOString() };
});

export default function ConsoleRepairs() {
  const { t } = useT();
  const { repairs, status, mine, now } = useLoaderData<typeof loader>();
  return (
    <>
      <Form method="get" className="filters card">
        <label htmlFor="repair-status">{t("housing.console.filterStatus")}</label>
        <select id="repair-status" name="status" defaultValue={status}>
          <option value="open">{t("housing.console.allOpen")}</option>
          <option value="all">{t("housing.console.allStatuses")}</option>
          {repairStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`housing.pages.repairStatus.${s}`)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" name="mine" value="1" defaultChecked={mine} /> {t("housing.console.assignedToMe")}
        </label>
        <button type="submit" className="button button-small">
          {t("housing.console.show")}
        </button>
      </Form>
      {repairs.length === 0 ? (
        <p className="empty-state card">{t("housing.console.emptyRepairs")}</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("housing.console.unit")}</th>
                <th scope="col">{t("housing.resident.category")}</th>
                <th scope="col">{t("housing.console.reportedBy")}</th>
                <th scope="col">{t("housing.console.age")}</th>
                <th scope="col">{t("housing.console.assignee")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {repairs.map((r) => (
                <tr key={r.id} data-testid="console-repair-row">
                  <td data-label={t("housing.console.unit")}>
                    <Link to={`/housing/console/repairs/${r.id}`}>{r.unitCode}</Link>
                  </td>
                  <td data-label={t("housing.resident.category")}>{t(`housing.pages.repairCategory.${r.category}`)}</td>
                  <td data-label={t("housing.console.reportedBy")}>
                    {r.reporterName} · <When at={r.createdAt} />
                  </td>
                  <td data-label={t("housing.console.age")}>{r.open ? <Age since={String(r.createdAt)} now={now} /> : "—"}</td>
                  <td data-label={t("housing.console.assignee")}>{r.assigneeName ?? "—"}</td>
                  <td data-label={t("common.status")}>
                    <HousingStatus kind="repairStatus" status={r.status} />
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
