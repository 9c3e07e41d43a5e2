// /compute/statement — every movement of the company's available credits in a month, with the
// balance after each, and the same as CSV.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { SelectFilter } from "~/components/select-filter";
import { StatusBadge, type Tone } from "~/components/ui";
import { formatDateTime } from "~/i18n/format";
import { describeStatementRow, signedCredits, toStatementRow } from "~/modules/credits/format";
import { parkToday } from "~/modules/credits/forms";
import { getStatement } from "~/modules/credits/statements.server";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

/** More lines than this are left to the CSV file. */
const PAGE_LINES = 500;

/** Each ledger entry kind's colour on the one status scale: money in, spent, held, taken back. */
const creditKindTone: Record<string, Tone> = {
  purchase: "success",
  bonus: "success",
  grant: "success",
  release: "success",
  usage: "info",
  capture: "info",
  hold: "warning",
  expiry: "danger",
  refund: "danger",
  reversal: "danger",
};

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:read", kind: "tenant" });
  const params = new URL(request.url).searchParams;
  const requested = params.get("month");
  const statement = await getStatement(member, { month: requested === "all" ? null : (requested ?? parkToday().slice(0, 7)) });
  let inMilli = 0n;
  let outMilli = 0n;
  for (const line of statement.lines) {
    if (line.changeMilli > 0n) inMilli += line.changeMilli;
    else outMilli -= line.changeMilli;
  }
  // Newest first; a long month shows its latest lines here and everything in the CSV.
  const lines = statement.lines.slice(-PAGE_LINES).reverse().map(toStatementRow);
  return {
    month: statement.month,
    months: statement.months,
    openingMilli: String(statement.openingMilli),
    closingMilli: String(statement.closingMilli),
    inMilli: String(inMilli),
    outMilli: String(outMilli),
    total: statement.lines.length,
    lines,
  };
});

export default function ComputeStatement() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { month, months, openingMilli, closingMilli, inMilli, outMilli, total, lines } = useLoaderData<typeof loader>();
  const when = (iso: string) => formatDateTime(iso, lang);
  const csvHref = `/compute/statement.csv${month ? `?month=${month}` : ""}`;
  return (
    <>
      <div className="with-actions statement-head">
        <SelectFilter
          id="statement-month"
          name="month"
          label={t("compute.statement.month")}
          value={month ?? "all"}
          options={[...months.map((m) => ({ value: m, label: m })), { value: "all", label: t("compute.statement.allMonths") }]}
          submitLabel={t("compute.statement.show")}
          secondary
        />
        <a className="button button-secondary button-small" href={csvHref} download>
          {t("compute.statement.exportCsv")}
        </a>
      </div>
      <ul className="stats" aria-label={t("compute.statement.summary")}>
        <li>
          <strong>{formatCredits(openingMilli)}</strong>
          <span>{t("compute.statement.opening")}</span>
        </li>
        <li>
          <strong>+{formatCredits(inMilli)}</strong>
          <span>{t("compute.statement.in")}</span>
        </li>
        <li>
          <strong>-{formatCredits(outMilli)}</strong>
          <span>{t("compute.statement.out")}</span>
        </li>
        <li>
          <strong data-testid="statement-closing">{formatCredits(closingMilli)}</strong>
          <span>{t("compute.statement.closing")}</span>
        </li>
      </ul>
      <DataTable
        card
        className="statement"
        data-testid="statement"
        rows={lines}
        rowKey={(line) => line.key}
        rowProps={(line) => ({ "data-kind": line.kind })}
        empty={<p className="empty-state card">{t("compute.statement.empty")}</p>}
        before={total > lines.length ? <p className="hint">{t("compute.statement.truncated", { shown: lines.length, total })}</p> : null}
        columns={[
          { header: t("compute.statement.at"), cell: (line) => when(line.at) },
          { header: t("compute.statement.kind"), cell: (line) => <StatusBadge tone={creditKindTone[line.kind] ?? "neutral"}>{t(`compute.kinds.${line.kind}`)}</StatusBadge> },
          {
            header: t("compute.statement.description"),
            cell: (line) => (
              <>
                {describeStatementRow(line, t, lang)}
                {line.detail.type === "purchase" && line.detail.invoiceId && line.kind === "purchase" ? (
                  <>
                    {" · "}
                    <Link to={`/billing/invoices/${line.detail.invoiceId}`}>{t("compute.statement.invoice")}</Link>
                  </>
                ) : null}
              </>
            ),
          },
          {
            header: t("compute.statement.change"),
            className: "num",
            cellClassName: (line) => (BigInt(line.changeMilli) < 0n ? "negative" : "positive"),
            cell: (line) => (line.changeMilli === "0" ? "—" : signedCredits(line.changeMilli)),
          },
          { header: t("compute.statement.balance"), className: "num", cell: (line) => formatCredits(line.balanceMilli) },
        ]}
      />
    </>
  );
}
