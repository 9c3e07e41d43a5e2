// /finance — the finance console's overview: what is owed and how overdue, today's receipts,
// payments waiting for a refund, transfers still to allocate.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { transferColumns } from "~/components/finance-transfers";
import { Card, PageHeader, ParkDate, parkDateLabel, Stats, StatusBadge } from "~/components/ui";
import { FinanceNav } from "~/components/finance-nav";
import { formatCny, formatDateTime } from "~/i18n/format";
import { getFinanceOverview } from "~/modules/billing/finance.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("财务");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return getFinanceOverview(member);
});

export default function FinanceOverview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { today, openInvoices, buckets, outstandingFen, receipts, needsRefund, unallocated } = useLoaderData<typeof loader>();
  const overdue = openInvoices.filter((invoice) => invoice.bucket !== "current");
  const orgName = (row: { orgNameZh: string; orgNameEn: string }) => (lang === "en" ? row.orgNameEn : row.orgNameZh);
  return (
    <section className="stack">
      <PageHeader title={t("finance.title")} lead={t("finance.overview.lead", { date: parkDateLabel(today, lang) })} />
      <FinanceNav />

      <div>
        <Stats
          label={t("finance.overview.receiptsTitle")}
          items={[
            { value: formatCny(receipts.totalFen, lang), label: t("finance.overview.receiptsToday") },
            { value: formatCny(receipts.onlineFen, lang), label: t("finance.overview.receiptsOnline", { count: receipts.onlineCount }) },
            { value: formatCny(receipts.transferFen, lang), label: t("finance.overview.receiptsTransfer", { count: receipts.transferCount }) },
            { value: formatCny(outstandingFen, lang), label: t("finance.overview.outstanding", { count: openInvoices.length }) },
          ]}
        />
      </div>

      <Card id="ageing-title" title={t("finance.overview.ageingTitle")} plainTitle>
        <ul className="buckets">
          {buckets.map((b) => (
            <li key={b.bucket} className={`bucket bucket-${b.bucket === "current" ? "current" : "overdue"}`}>
              <span>{t(`finance.buckets.${b.bucket}`)}</span>
              <strong>{formatCny(b.outstandingFen, lang)}</strong>
              <span className="muted small">{t("finance.invoiceCount", { count: b.count })}</span>
            </li>
          ))}
        </ul>
        <div className="card-header">
          <h3>{t("finance.overview.overdueTitle")}</h3>
          <Link to="/finance/invoices?status=open">{t("finance.overview.allOpen")}</Link>
        </div>
        <DataTable
          rows={overdue}
          rowKey={(invoice) => invoice.id}
          empty={<p className="empty-state">{openInvoices.length === 0 ? t("finance.overview.noOpenInvoices") : t("finance.overview.noOverdue")}</p>}
          columns={[
            { header: t("finance.invoice.number"), cell: (invoice) => <Link to={`/finance/invoices/${invoice.id}`}>{invoice.number}</Link> },
            { header: t("finance.invoice.tenant"), cell: orgName },
            { header: t("finance.invoice.dueOn"), cell: (invoice) => <ParkDate day={invoice.dueOn} /> },
            {
              header: t("finance.invoice.ageing"),
              cell: (invoice) => <StatusBadge tone={invoice.bucket === "current" ? "neutral" : "warning"}>{t(`finance.buckets.${invoice.bucket}`)}</StatusBadge>,
            },
            { header: t("finance.invoice.outstanding"), numeric: true, cell: (invoice) => formatCny(invoice.outstandingFen, lang) },
          ]}
        />
      </Card>

      <Card id="needs-refund-title" title={t("finance.overview.needsRefundTitle")} plainTitle>
        <DataTable
          rows={needsRefund}
          rowKey={(p) => p.paymentId}
          empty={<p className="empty-state">{t("finance.overview.noNeedsRefund")}</p>}
          columns={[
            { header: t("finance.invoice.number"), cell: (p) => <Link to={`/finance/invoices/${p.invoiceId}`}>{p.invoiceNumber}</Link> },
            { header: t("finance.invoice.tenant"), cell: orgName },
            { header: t("finance.payment.method"), cell: (p) => t(`billing.methods.${p.method}`) },
            { header: t("finance.payment.receivedAt"), cell: (p) => formatDateTime(p.receivedAt, lang) },
            { header: t("finance.payment.toRefund"), numeric: true, cell: (p) => formatCny(p.toRefundFen, lang) },
          ]}
        />
      </Card>

      <Card id="unallocated-title" title={t("finance.overview.unallocatedTitle")} actions={<Link to="/finance/transfers">{t("finance.overview.toTransfers")}</Link>}>
        <DataTable
          rows={unallocated}
          rowKey={(transfer) => transfer.id}
          empty={<p className="empty-state">{t("transfers.noUnallocated")}</p>}
          columns={[
            ...transferColumns(t),
            { header: t("transfers.remaining"), numeric: true, cell: (transfer) => formatCny(transfer.remainingFen, lang) },
          ]}
        />
      </Card>
    </section>
  );
}
