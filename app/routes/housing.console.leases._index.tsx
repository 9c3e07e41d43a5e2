// /housing/console/leases — every lease, filtered by status or to those ending within 30 days.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { DateRange, LeaseStatus, ListFilter, UnitLabel, useT } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { housingLeaseStatuses, type HousingLeaseStatus } from "#db/schema/housing-values";
import { listLeases } from "~/modules/housing/leases.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "housing:manage", kind: "park" });
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  const status = housingLeaseStatuses.find((s) => s === requested) as HousingLeaseStatus | undefined;
  const ending = url.searchParams.get("ending") === "30";
  const leases = await listLeases(member, { status, endingWithinDays: ending ? 30 : undefined });
  return { leases, status: status ?? "", ending };
});

export default function ConsoleLeases() {
  const { t, en } = useT();
  const { leases, status, ending } = useLoaderData<typeof loader>();
  return (
    <>
      <ListFilter
        id="lease-status"
        label={t("housing.console.filterStatus")}
        value={status}
        all={t("housing.console.allStatuses")}
        options={housingLeaseStatuses.map((s) => ({ value: s, label: t(`housing.pages.leaseStatus.${s}`) }))}
        check={{ name: "ending", value: "30", checked: ending, label: t("housing.console.endingWithin") }}
      />
      <DataTable
        card
        rows={leases}
        rowKey={(l) => l.id}
        rowProps={() => ({ "data-testid": "lease-row" })}
        empty={<p className="empty-state card">{t("housing.console.emptyLeases")}</p>}
        columns={[
          { header: t("housing.console.number"), cell: (l) => <Link to={`/housing/console/leases/${l.id}`}>{l.number}</Link> },
          { header: t("housing.console.unit"), cell: (l) => <UnitLabel code={l.unitCode} bedNo={l.bedNo} /> },
          { header: t("housing.console.resident"), cell: (l) => l.residentName },
          { header: t("housing.console.company"), cell: (l) => (en ? l.orgNameEn : l.orgNameZh) },
          { header: t("housing.console.dates"), cell: (l) => <DateRange from={l.startsOn} to={l.endsOn} /> },
          { header: t("housing.console.rent"), cell: (l) => <Money fen={l.monthlyRentFen} /> },
          { header: t("common.status"), cell: (l) => <LeaseStatus status={l.status} startsOn={l.startsOn} /> },
        ]}
      />
    </>
  );
}
