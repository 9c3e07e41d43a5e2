// /finance — the finance console's overview: what is owed and how overdue, today's receipts,
// payments waiting for a refund, transfers still to allocate.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FinanceNav } from "~/components/finance-nav";
import { formatCny, formatDate, formatDateTime } from "~/i18n/format";
import { getFinanceOverview } from "~/modules/billing/finance.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = () => [{ title: "财务 · 昊浦汇" }];

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
        <p className="lead">{t("finance.overview.lead", { date: formatDate(today, lang) })}</p>
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
        {overdue.length === 0 ? (
          <p className="empty-state">{openInvoices.length === 0 ? t("finance.overview.noOpenInvoices") : t("finance.overview.noOverdue")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("finance.invoice.number")}</th>
                  <th scope="col">{t("finance.invoice.tenant")}</th>
                  <th scope="col">{t("finance.invoice.dueOn")}</th>
                  <th scope="col">{t("finance.invoice.ageing")}</th>
                  <th scope="col" className="money">
                    {t("finance.invoice.outstanding")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overdue.map((invoice) => (
                  <tr key={invoice.id}>
                    <td data-label={t("finance.invoice.number")}>
                      <Link to={`/finance/invoices/${invoice.id}`}>{invoice.number}</Link>
                    </td>
                    <td data-label={t("finance.invoice.tenant")}>{orgName(invoice)}</td>
                    <td data-label={t("finance.invoice.dueOn")}>{formatDate(invoice.dueOn, lang)}</td>
                    <td data-label={t("finance.invoice.ageing")}>
                      <span className={invoice.bucket === "current" ? "status" : "status status-open"}>{t(`finance.buckets.${invoice.bucket}`)}</span>
                    </td>
                    <td data-label={t("finance.invoice.outstanding")} className="money">
                      {formatCny(invoice.outstandingFen, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <h2>{t("finance.overview.needsRefundTitle")}</h2>
        {needsRefund.length === 0 ? (
          <p className="empty-state">{t("finance.overview.noNeedsRefund")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("finance.invoice.number")}</th>
                  <th scope="col">{t("finance.invoice.tenant")}</th>
                  <th scope="col">{t("finance.payment.method")}</th>
                  <th scope="col">{t("finance.payment.receivedAt")}</th>
                  <th scope="col" className="money">
                    {t("finance.payment.toRefund")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {needsRefund.map((p) => (
                  <tr key={p.paymentId}>
                    <td data-label={t("finance.invoice.number")}>
                      <Link to={`/finance/invoices/${p.invoiceId}`}>{p.invoiceNumber}</Link>
                    </td>
                    <td data-label={t("finance.invoice.tenant")}>{orgName(p)}</td>
                    <td data-label={t("finance.payment.method")}>{t(`billing.methods.${p.method}`)}</td>
                    <td data-label={t("finance.payment.receivedAt")}>{formatDateTime(p.receivedAt, lang)}</td>
                    <td data-label={t("finance.payment.toRefund")} className="money">
                      {formatCny(p.toRefundFen, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <div className="card-header">
          <h2>{t("finance.overview.unallocatedTitle")}</h2>
          <Link to="/finance/transfers">{t("finance.overview.toTransfers")}</Link>
        </div>
        {unallocated.length === 0 ? (
          <p className="empty-state">{t("transfers.noUnallocated")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("transfers.receivedOn")}</th>
                  <th scope="col">{t("transfers.payer")}</th>
                  <th scope="col">{t("transfers.reference")}</th>
                  <th scope="col" className="money">
                    {t("transfers.remaining")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {unallocated.map((transfer) => (
                  <tr key={transfer.id}>
                    <td data-label={t("transfers.receivedOn")}>{formatDate(transfer.receivedOn, lang)}</td>
                    <td data-label={t("transfers.payer")}>{transfer.payerName}</td>
                    <td data-label={t("transfers.reference")}>
                      <code>{transfer.bankReference}</code>
                    </td>
                    <td data-label={t("transfers.remaining")} className="money">
                      {formatCny(transfer.remainingFen, lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
