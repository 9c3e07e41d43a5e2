// The desk's approval queue: orders waiting for a decision, oldest first with how long they have
// waited against the 24-hour SLA; then orders waiting for the tenant, and those under way.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/money";
import { OrderStatus } from "~/components/services-ui";
import { Card, Stats } from "~/components/ui";
import { formatDate } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { deskOverview } from "~/modules/services/console.server";

/** Hours a submitted order may wait for the desk's decision. */
const SLA_HOURS = 24;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  return { ...(await deskOverview(member)), slaHours: SLA_HOURS };
});

type Row = Awaited<ReturnType<typeof loader>>["waiting"][number];

function Age({ hours, sla }: { hours: number; sla?: number }) {
  const { t } = useTranslation();
  const text = hours >= 48 ? t("services.desk.ageDays", { days: Math.floor(hours / 24), hours: hours % 24 }) : t("services.desk.ageHours", { count: hours });
  const late = sla !== undefined && hours >= sla;
  return <span className={late ? "sla sla-late" : "sla"}>{late ? `${text} · ${t("services.desk.overSla")}` : text}</span>;
}

function OrdersTable({ rows, showAge, empty }: { rows: Row[]; showAge?: number; empty: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <DataTable
      rows={rows}
      rowKey={(o) => o.id}
      empty={<p className="muted">{empty}</p>}
      columns={[
        {
          header: t("services.orders.order"),
          cell: (o) => (
            <>
              <Link to={`/services/desk/${o.id}`}>{o.title}</Link>
              {o.needsQuote ? <span className="badge-soft"> {t("services.desk.needsQuote")}</span> : null}
            </>
          ),
        },
        { header: t("services.desk.tenant"), cell: (o) => (en ? o.orgNameEn : o.orgNameZh) },
        { header: t("services.orders.starts"), cell: (o) => (o.startsAt ? formatDate(o.startsAt, i18n.language) : "—") },
        { header: t("services.subtotal"), cell: (o) => (o.needsQuote && o.status === "submitted" ? t("services.awaitingQuote") : <Money fen={o.totalFen} />) },
        showAge !== undefined
          ? { header: t("services.desk.waiting"), cell: (o) => <Age hours={o.ageHours} sla={showAge} /> }
          : { header: t("common.status"), cell: (o) => <OrderStatus status={o.status} /> },
      ]}
    />
  );
}

export default function DeskQueue() {
  const { t } = useTranslation();
  const { waiting, withTenant, active, slaHours } = useLoaderData<typeof loader>();
  const late = waiting.filter((o) => o.ageHours >= slaHours).length;
  return (
    <>
      <Stats
        items={[
          { value: waiting.length, label: t("services.desk.waitingCount") },
          { value: late, label: t("services.desk.lateCount", { hours: slaHours }) },
          { value: withTenant.length, label: t("services.desk.withTenantCount") },
          { value: active.length, label: t("services.desk.activeCount") },
        ]}
      />
      <Card id="queue-title" title={t("services.desk.queueTitle")} hint={t("services.desk.queueHint", { hours: slaHours })}>
        <OrdersTable rows={waiting} showAge={slaHours} empty={t("services.desk.queueEmpty")} />
      </Card>
      <Card id="tenant-title" title={t("services.desk.withTenantTitle")}>
        <OrdersTable rows={withTenant} empty={t("common.none")} />
      </Card>
      <Card id="active-title" title={t("services.desk.activeTitle")}>
        <OrdersTable rows={active} empty={t("common.none")} />
      </Card>
    </>
  );
}
