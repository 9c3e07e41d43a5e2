// A tenant's invoices: what is open, what is paid, and a CSV of them all.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Money, BillingStatus } from "~/components/money";
import { PageHeader, ParkDate, Stats, Tabs } from "~/components/ui";
import { formatDate } from "~/i18n/format";
import { listTenantInvoices } from "~/modules/billing/invoices.server";
import { isOverdue, shownStatus } from "~/modules/billing/money";
import { parkDate } from "~/modules/platform/dates";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("账单");

const statuses = ["open", "paid", "void"] as const;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const status = new URL(request.url).searchParams.get("status");
  const filter = statuses.find((s) => s === status);
  const rows = await listTenantInvoices(member, { status: filter });
  // The whole list (under its cap of 500) already holds every open invoice: no second query.
  const open = !filter && rows.length < 500 ? rows.filter((i) => i.status === "open") : await listTenantInvoices(member, { status: "open" });
  const outstandingFen = open.reduce((sum, i) => sum + (i.totalFen - i.paidFen), 0n);
  const today = parkDate();
  return {
    outstandingFen: String(outstandingFen),
    openCount: open.length,
    overdueCount: open.filter((i) => isOverdue(i, today)).length,
    invoices: rows.map((i) => ({
      id: i.id,
      number: i.number,
      kind: i.kind,
      status: i.status,
      shownStatus: shownStatus(i, today),
      totalFen: String(i.totalFen),
      paidFen: String(i.paidFen),
      dueOn: i.dueOn,
      issuedAt: i.issuedAt,
    })),
  };
});

export default function Billing() {
  const { t, i18n } = useTranslation();
  const { invoices, outstandingFen, openCount, overdueCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status") ?? "";
  return (
    <section className="stack">
      <PageHeader
        title={t("billing.title")}
        lead={t("billing.lead")}
        actions={
          <>
            <Link className="button button-secondary button-small" to="/billing/profile">
              {t("billing.profileLink")}
            </Link>
            <a className="button button-secondary button-small" href="/billing/invoices.csv" download>
              {t("billing.exportCsv")}
            </a>
          </>
        }
      />
      <Stats
        items={[
          { value: <Money fen={outstandingFen} />, label: t("billing.outstanding") },
          { value: openCount, label: t("billing.openCount") },
          ...(overdueCount ? [{ value: overdueCount, label: t("billing.status.overdue") }] : []),
        ]}
      />
      <Tabs
        label={t("billing.filter")}
        items={["", ...statuses].map((s) => ({ to: s ? `?status=${s}` : ".", label: s ? t(`billing.status.${s}`) : t("billing.all"), current: current === s }))}
      />
      <DataTable
        card
        rows={invoices}
        rowKey={(invoice) => invoice.id}
        empty={<p className="empty-state card">{t("billing.empty")}</p>}
        columns={[
          {
            header: t("billing.number"),
            cell: (invoice) => (
              <>
                <Link to={`/billing/invoices/${invoice.id}`}>{invoice.number}</Link>
                <div className="muted small">{formatDate(invoice.issuedAt, i18n.language)}</div>
              </>
            ),
          },
          { header: t("billing.kind"), cell: (invoice) => t(`billing.kinds.${invoice.kind}`, { defaultValue: invoice.kind }) },
          { header: t("billing.total"), cell: (invoice) => <Money fen={invoice.totalFen} /> },
          { header: t("billing.paid"), cell: (invoice) => <Money fen={invoice.paidFen} /> },
          { header: t("billing.dueOn"), cell: (invoice) => <ParkDate day={invoice.dueOn} /> },
          { header: t("common.status"), cell: (invoice) => <BillingStatus status={invoice.shownStatus} labelKey={`billing.status.${invoice.shownStatus}`} /> },
        ]}
      />
    </section>
  );
}
