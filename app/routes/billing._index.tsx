// A tenant's invoices: what is open, what is paid, and a CSV of them all.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Money, StatusPill } from "~/components/money";
import { formatDate } from "~/i18n/format";
import { listTenantInvoices } from "~/modules/billing/invoices.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = () => [{ title: "账单 · 昊浦汇" }];

const statuses = ["open", "paid", "void"] as const;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const status = new URL(request.url).searchParams.get("status");
  const filter = statuses.find((s) => s === status);
  const rows = await listTenantInvoices(member, { status: filter });
  const open = await listTenantInvoices(member, { status: "open" });
  const outstandingFen = open.reduce((sum, i) => sum + (i.totalFen - i.paidFen), 0n);
  return {
    outstandingFen: String(outstandingFen),
    openCount: open.length,
    invoices: rows.map((i) => ({
      id: i.id,
      number: i.number,
      kind: i.kind,
      status: i.status,
      totalFen: String(i.totalFen),
      paidFen: String(i.paidFen),
      dueOn: i.dueOn,
      issuedAt: i.issuedAt,
    })),
  };
});

export default function Billing() {
  const { t, i18n } = useTranslation();
  const { invoices, outstandingFen, openCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const current = params.get("status") ?? "";
  return (
    <section className="stack">
      <header className="page-header with-actions">
        <div>
          <h1>{t("billing.title")}</h1>
          <p className="lead">{t("billing.lead")}</p>
        </div>
        <p className="actions">
          <Link className="button button-secondary button-small" to="/billing/profile">
            {t("billing.profileLink")}
          </Link>
          <a className="button button-secondary button-small" href="/billing/invoices.csv" download>
            {t("billing.exportCsv")}
          </a>
        </p>
      </header>
      <ul className="stats">
        <li>
          <strong>
            <Money fen={outstandingFen} />
          </strong>
          <span>{t("billing.outstanding")}</span>
        </li>
        <li>
          <strong>{openCount}</strong>
          <span>{t("billing.openCount")}</span>
        </li>
      </ul>
      <nav className="tabs" aria-label={t("billing.filter")}>
        {["", ...statuses].map((s) => (
          <Link key={s || "all"} to={s ? `?status=${s}` : "."} className={current === s ? "tab active" : "tab"} aria-current={current === s ? "page" : undefined}>
            {s ? t(`billing.status.${s}`) : t("billing.all")}
          </Link>
        ))}
      </nav>
      {invoices.length === 0 ? (
        <p className="empty-state card">{t("billing.empty")}</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("billing.number")}</th>
                <th scope="col">{t("billing.kind")}</th>
                <th scope="col">{t("billing.total")}</th>
                <th scope="col">{t("billing.paid")}</th>
                <th scope="col">{t("billing.dueOn")}</th>
                <th scope="col">{t("common.status")}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td data-label={t("billing.number")}>
                    <Link to={`/billing/invoices/${invoice.id}`}>{invoice.number}</Link>
                    <div className="muted small">{formatDate(invoice.issuedAt, i18n.language)}</div>
                  </td>
                  <td data-label={t("billing.kind")}>{t(`billing.kinds.${invoice.kind}`, { defaultValue: invoice.kind })}</td>
                  <td data-label={t("billing.total")}>
                    <Money fen={invoice.totalFen} />
                  </td>
                  <td data-label={t("billing.paid")}>
                    <Money fen={invoice.paidFen} />
                  </td>
                  <td data-label={t("billing.dueOn")}>{formatDate(invoice.dueOn, i18n.language)}</td>
                  <td data-label={t("common.status")}>
                    <StatusPill status={invoice.status} labelKey={`billing.status.${invoice.status}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
