// /admin/credits — pack sales, every tenant's usage over the last 30 days with its balances, and
// (for park admins) the ledger's reconciliation on demand.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChartOrTable, HorizontalBars } from "~/components/charts";
import { DataTable } from "~/components/data-table";
import { Money, BillingStatus } from "~/components/money";
import { formatCny, formatDate, formatDateTime } from "~/i18n/format";
import { getSales, getUsageByTenant, runReconciliation } from "~/modules/credits/console.server";
import { creditsForChart, gpuHours, tokenCount } from "~/modules/credits/format";
import { formatCredits } from "~/modules/credits/units";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { reconcileSchema } from "~/modules/credits/forms";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  const [sales, usage] = await Promise.all([getSales(member), getUsageByTenant(member, { days: 30 })]);
  return {
    isAdmin: hasPermission(member, "credits:admin", { kind: "park" }),
    sales: {
      allTime: { issued: sales.allTime.issued, creditsMilli: String(sales.allTime.creditsMilli), bonusMilli: String(sales.allTime.bonusMilli), priceFen: String(sales.allTime.priceFen) },
      last30: { issued: sales.last30.issued, creditsMilli: String(sales.last30.creditsMilli), priceFen: String(sales.last30.priceFen) },
      awaiting: { count: sales.awaiting.count, priceFen: String(sales.awaiting.priceFen) },
      recent: sales.recent.map((p) => ({
        id: p.id,
        status: p.status,
        creditsMilli: String(p.creditsMilli + p.bonusMilli),
        priceFen: String(p.priceFen),
        createdAt: p.createdAt.toISOString(),
        packNameZh: p.packNameZh,
        packNameEn: p.packNameEn,
        orgNameZh: p.orgNameZh,
        orgNameEn: p.orgNameEn,
      })),
    },
    usage: usage.map((u) => ({
      id: u.id,
      slug: u.slug,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      gpuSeconds: String(u.gpuSeconds),
      tokens: String(u.tokensIn + u.tokensOut),
      costMilli: String(u.costMilli),
      availableMilli: String(u.availableMilli),
      heldMilli: String(u.heldMilli),
    })),
  };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:admin", kind: "park" });
  const { ip } = await requestInfo(request, context);
  return submitForm(request, reconcileSchema, () => runReconciliation(member, { ip }));
});

export default function CreditsAdminOverview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { sales, usage, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const name = (row: { nameZh: string; nameEn: string }) => (lang === "en" ? row.nameEn : row.nameZh);
  const chartNumber = (v: number) => v.toLocaleString(lang === "en" ? "en-US" : "zh-CN", { maximumFractionDigits: 1 });
  const used = usage.filter((u) => u.costMilli !== "0");
  const reconciliation = actionData?.done;
  return (
    <>
      <ul className="stats" aria-label={t("creditsAdmin.sales.title")}>
        <li>
          <strong>{sales.allTime.issued}</strong>
          <span>{t("creditsAdmin.sales.issued")}</span>
        </li>
        <li>
          <strong>{formatCredits(sales.allTime.creditsMilli)}</strong>
          <span>{t("creditsAdmin.sales.credits", { bonus: formatCredits(sales.allTime.bonusMilli) })}</span>
        </li>
        <li>
          <strong>{formatCny(sales.allTime.priceFen, lang)}</strong>
          <span>{t("creditsAdmin.sales.revenue")}</span>
        </li>
        <li>
          <strong>{formatCny(sales.last30.priceFen, lang)}</strong>
          <span>{t("creditsAdmin.sales.last30", { count: sales.last30.issued })}</span>
        </li>
      </ul>
      {sales.awaiting.count > 0 ? (
        <p className="hint">
          {t("creditsAdmin.sales.awaiting", { count: sales.awaiting.count })} <Money fen={sales.awaiting.priceFen} />
        </p>
      ) : null}

      {isAdmin ? (
        <section className="card" aria-labelledby="reconcile-title">
          <h2 id="reconcile-title">{t("creditsAdmin.reconcile.title")}</h2>
          <p className="hint">{t("creditsAdmin.reconcile.lead")}</p>
          {reconciliation ? (
            reconciliation.ok ? (
              <p className="notice" role="status" data-testid="reconcile-result">
                {t("creditsAdmin.reconcile.ok", { accounts: reconciliation.accounts, transfers: reconciliation.transfers, at: formatDateTime(reconciliation.checkedAt, lang) })}
              </p>
            ) : (
              <div className="form-errors" role="alert" data-testid="reconcile-result">
                <p>{t("creditsAdmin.reconcile.problems", { count: reconciliation.problems.length })}</p>
                <ul>
                  {reconciliation.problems.map((p) => (
                    <li key={p}>
                      <code>{p}</code>
                    </li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          <Form method="post">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {busy ? t("common.working") : t("creditsAdmin.reconcile.run")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="tenant-usage-title">
        <h2 id="tenant-usage-title">{t("creditsAdmin.usage.title")}</h2>
        {used.length > 0 ? (
          <ChartOrTable
            title={t("creditsAdmin.usage.chart")}
            chart={() => <HorizontalBars data={used.map((u) => ({ name: u.slug, value: creditsForChart(u.costMilli) }))} label={t("compute.unit")} format={chartNumber} />}
            table={<p className="muted small">{t("creditsAdmin.usage.tableBelow")}</p>}
          />
        ) : null}
        <DataTable
          className="compact"
          data-testid="usage-by-tenant"
          rows={usage}
          rowKey={(u) => u.id}
          rowProps={(u) => ({ "data-slug": u.slug })}
          columns={[
            {
              header: t("creditsAdmin.tenant"),
              cell: (u) => (
                <>
                  {name(u)} <span className="muted small">{u.slug}</span>
                </>
              ),
            },
            { header: t("creditsAdmin.usage.gpuHours"), cell: (u) => gpuHours(u.gpuSeconds) },
            { header: t("creditsAdmin.usage.tokens"), cell: (u) => tokenCount(u.tokens) },
            { header: t("creditsAdmin.usage.cost"), cell: (u) => formatCredits(u.costMilli) },
            { header: t("creditsAdmin.usage.available"), cell: (u) => formatCredits(u.availableMilli) },
            { header: t("creditsAdmin.usage.held"), cell: (u) => formatCredits(u.heldMilli) },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="purchases-title">
        <h2 id="purchases-title">{t("creditsAdmin.sales.recent")}</h2>
        <DataTable
          className="compact"
          rows={sales.recent}
          rowKey={(p) => p.id}
          empty={<p className="muted">{t("creditsAdmin.sales.none")}</p>}
          columns={[
            {
              header: t("creditsAdmin.tenant"),
              cell: (p) => (
                <>
                  {lang === "en" ? p.orgNameEn : p.orgNameZh}
                  <div className="muted small">{formatDate(p.createdAt, lang)}</div>
                </>
              ),
            },
            { header: t("creditsAdmin.packs.pack"), cell: (p) => (lang === "en" ? p.packNameEn : p.packNameZh) },
            { header: t("compute.unit"), cell: (p) => formatCredits(p.creditsMilli) },
            { header: t("creditsAdmin.packs.price"), cell: (p) => <Money fen={p.priceFen} /> },
            { header: t("common.status"), cell: (p) => <BillingStatus status={p.status} labelKey={`creditsAdmin.purchaseStatus.${p.status}`} /> },
          ]}
        />
      </section>
    </>
  );
}
