// /finance — the finance console's overview: what is owed and how overdue, today's receipts,
// payments waiting for a refund, transfers still to allocate.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { transferColumns } from "~/components/finance-transfers";
import { ParkDate, parkDateLabel, StatusBadge } from "~/components/ui";
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
      <header className="page-header">
        <h1>{t("finance.title")}</h1>
        <p className="lead">{t("finance.overview.lead", { date: parkDateLabel(today, lang) })}</p>
      </header>
      <FinanceNav />

      <div>
        <ul className="stats" aria-label={t("finance.overview.receiptsTitle")}>
          <li>
            <strong>{formatCny(receipts.totalFen, lang)}</strong>
            <span>{t("finance.overview.receiptsToday")}</span>
          </li>
          <li>
            <strong>{formatCny(receipts.onlineFen, lang)}</strong>
            <span>{t("finance.overview.receiptsOnline", { count: receipts.onlineCount })}</span>
          </li>
          <li>
            <strong>{formatCny(receipts.transferFen, lang)}</strong>
            <span>{t("finance.overview.receiptsTransfer", { count: receipts.transferCount })}</span>
          </li>
          <li>
            <strong>{formatCny(outstandingFen, lang)}</strong>
            <span>{t("finance.overview.outstanding", { count: openInvoices.length })}</span>
          </li>
        </ul>
      </div>

      <div className="card">
        <h2>{t("finance.overview.ageingTitle")}</h2>
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
      </div>

      <div className="card">
        <h2>{t("finance.overview.needsRefundTitle")}</h2>
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
      </div>

      <div className="card">
        <div className="card-header">
          <h2>{t("finance.overview.unallocatedTitle")}</h2>
          <Link to="/finance/transfers">{t("finance.overview.toTransfers")}</Link>
        </div>
        <DataTable
          rows={unallocated}
          rowKey={(transfer) => transfer.id}
          empty={<p className="empty-state">{t("transfers.noUnallocated")}</p>}
          columns={[
            ...transferColumns(t),
            { header: t("transfers.remaining"), numeric: true, cell: (transfer) => formatCny(transfer.remainingFen, lang) },
          ]}
        />
      </div>
    </section>
  );
}
