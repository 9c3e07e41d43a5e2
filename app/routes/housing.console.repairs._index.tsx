// /housing/console/repairs — repair requests: open ones first, the oldest at the top, with their
// age; filter by status or to those assigned to me.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Age, HousingStatus, ListFilter, useT, When } from "~/components/housing-ui";
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
      <ListFilter
        id="repair-status"
        label={t("housing.console.filterStatus")}
        value={status}
        options={[
          { value: "open", label: t("housing.console.allOpen") },
          { value: "all", label: t("housing.console.allStatuses") },
          ...repairStatuses.map((s) => ({ value: s, label: t(`housing.pages.repairStatus.${s}`) })),
        ]}
        check={{ name: "mine", value: "1", checked: mine, label: t("housing.console.assignedToMe") }}
      />
      <DataTable
        card
        rows={repairs}
        rowKey={(r) => r.id}
        rowProps={() => ({ "data-testid": "console-repair-row" })}
        empty={<p className="empty-state card">{t("housing.console.emptyRepairs")}</p>}
        columns={[
          { header: t("housing.console.unit"), cell: (r) => <Link to={`/housing/console/repairs/${r.id}`}>{r.unitCode}</Link> },
          { header: t("housing.resident.category"), cell: (r) => t(`housing.pages.repairCategory.${r.category}`) },
          {
            header: t("housing.console.reportedBy"),
            cell: (r) => (
              <>
                {r.reporterName} · <When at={r.createdAt} />
              </>
            ),
          },
          { header: t("housing.console.age"), cell: (r) => (r.open ? <Age since={String(r.createdAt)} now={now} /> : "—") },
          { header: t("housing.console.assignee"), cell: (r) => r.assigneeName ?? "—" },
          { header: t("common.status"), cell: (r) => <HousingStatus kind="repairStatus" status={r.status} /> },
        ]}
      />
    </>
  );
}
