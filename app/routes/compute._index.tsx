// /compute — balances, buying a pack (a purchase becomes an invoice, paid on the billing pages),
// and the last 30 days of usage by day, by model and by project.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChartOrTable, chartColours, HorizontalBars, StackedColumns } from "~/components/charts";
import { DataTable, type DataColumn } from "~/components/data-table";
import { FormErrors } from "~/components/form-messages";
import { Money } from "~/components/money";
import { formatCny, formatDate } from "~/i18n/format";
import { computeOverviewSchema } from "~/modules/credits/forms.server";
import { creditsForChart, gpuHours, lastUsableInstant, packFigures, tokenCount } from "~/modules/credits/format";
import { buyPack, cancelPackPurchase, CREDITS_VAT_RATE_BP, listActivePacks } from "~/modules/credits/purchases.server";
import { getBalances, listPurchases } from "~/modules/credits/statements.server";
import { formatCredits } from "~/modules/credits/units";
import { getCurrentPrices, getUsageReport } from "~/modules/credits/usage-report.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:read", kind: "tenant" });
  const [balances, packs, purchases, usage, prices] = await Promise.all([
    getBalances(member),
    listActivePacks(),
    listPurchases(member, 10),
    getUsageReport(member, { days: 30 }),
    getCurrentPrices(member),
  ]);
  const next = balances.expiring[0];
  // ?pack=<id>: the summary shown before anything is billed.
  const chosen = packs.find((p) => p.id === new URL(request.url).searchParams.get("pack"));
  const vat = chosen ? (chosen.priceFen * BigInt(CREDITS_VAT_RATE_BP) + 5000n) / 10000n : 0n;
  return {
    summary: chosen
      ? {
          ...packFigures(chosen),
          vatFen: String(vat),
          totalFen: String(chosen.priceFen + vat),
        }
      : null,
    mayBuy: hasPermission(member, "credits:buy", { kind: "tenant" }),
    mayPay: hasPermission(member, "billing:pay", { kind: "tenant" }),
    balances: {
      availableMilli: String(balances.availableMilli),
      heldMilli: String(balances.heldMilli),
      expiringMilli: String(balances.expiringMilli),
      nextExpiry: next ? { amountMilli: String(next.remainingMilli), at: next.expiresAt!.toISOString() } : null,
    },
    packs: packs.map((p) => {
      const totalMilli = p.creditsMilli + p.bonusMilli;
      return {
        ...packFigures(p),
        // Fen per credit, rounded to the fen: what a credit costs with the bonus counted.
        unitFen: String((p.priceFen * 1000n + totalMilli / 2n) / totalMilli),
      };
    }),
    pending: purchases
      .filter((p) => p.status === "awaiting_payment")
      .map((p) => ({ id: p.id, invoiceId: p.invoiceId, packNameZh: p.packNameZh, packNameEn: p.packNameEn, priceFen: String(p.priceFen), createdAt: p.createdAt.toISOString() })),
    usage: {
      totalMilli: String(usage.totalMilli),
      days: usage.days.map((d) => ({ day: d.day, gpuMilli: String(d.gpuMilli), llmMilli: String(d.llmMilli) })),
      models: usage.models.map((m) => ({ meter: m.meter, model: m.model, quantity: String(m.quantity), costMilli: String(m.costMilli) })),
      projects: usage.projects.map((p) => ({ code: p.code, name: p.name, costMilli: String(p.costMilli) })),
    },
    prices: prices.map((p) => ({ meter: p.meter, model: p.model, priceMilli: String(p.priceMilli) })),
  };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:buy", kind: "tenant" });
  return submitForm(
    request,
    computeOverviewSchema,
    (value) =>
      byIntent<typeof value, Promise<"cancelled" | Response>>(value, {
        buy: async ({ packId }) => {
          const { invoice } = await buyPack(member, packId);
          return redirect(`/billing/invoices/${invoice.id}`);
        },
        cancel: async ({ purchaseId }) => {
          await cancelPackPurchase(member, purchaseId);
          return "cancelled" as const;
        },
      }),
    // A pack that went off sale while the page was open: say so here rather than on an error page.
    { onForm: ["errors.unknownPack"] },
  );
});

export default function ComputeOverview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { balances, packs, pending, usage, prices, mayBuy, mayPay, summary } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const buying = navigation.state !== "idle" ? navigation.formData?.get("packId") : null;
  const numberLocale = lang === "en" ? "en-US" : "zh-CN";
  const chartNumber = (v: number) => v.toLocaleString(numberLocale, { maximumFractionDigits: 1 });
  const meterLabel = (meter: string) => t(`compute.meters.${meter}`);

  // By model: a model's input and output tokens are one bar.
  const byModel = new Map<string, bigint>();
  for (const m of usage.models) byModel.set(m.model, (byModel.get(m.model) ?? 0n) + BigInt(m.costMilli));
  const noProject = t("compute.usage.noProject");

  return (
    <>
      <ul className="stats balance-cards" aria-label={t("compute.balance.title")}>
        <li className="balance-available" data-testid="balance-available">
          <strong>{formatCredits(balances.availableMilli)}</strong>
          <span>{t("compute.balance.available")}</span>
        </li>
        <li>
          <strong>{formatCredits(balances.heldMilli)}</strong>
          <span>{t("compute.balance.held")}</span>
        </li>
        <li>
          <strong>{formatCredits(balances.expiringMilli)}</strong>
          <span>
            {t("compute.balance.expiring")}
            {balances.nextExpiry ? (
              <>
                <br />
                {t("compute.balance.nextExpiry", { amount: formatCredits(balances.nextExpiry.amountMilli), date: formatDate(lastUsableInstant(balances.nextExpiry.at), lang) })}
              </>
            ) : null}
          </span>
        </li>
        <li>
          <strong>{formatCredits(usage.totalMilli)}</strong>
          <span>{t("compute.balance.used30")}</span>
        </li>
      </ul>

      {pending.length > 0 ? (
        <div className="banner banner-warn" role="status">
          <p>{t("compute.buy.pending", { count: pending.length })}</p>
          <ul className="list">
            {pending.map((p) => (
              <li key={p.id} className="list-row">
                <span>
                  {lang === "en" ? p.packNameEn : p.packNameZh} · <Money fen={p.priceFen} />
                  <span className="muted small"> · {formatDate(p.createdAt, lang)}</span>
                </span>
                <span className="actions">
                  {p.invoiceId ? (
                    <Link className="button button-small" to={`/billing/invoices/${p.invoiceId}`}>
                      {mayPay ? t("compute.buy.payNow") : t("compute.buy.viewInvoice")}
                    </Link>
                  ) : null}
                  {mayBuy ? (
                    <Form method="post" className="inline-form" onSubmit={(event) => (window.confirm(t("compute.buy.confirmCancel")) ? undefined : event.preventDefault())}>
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="purchaseId" value={p.id} />
                      <button type="submit" className="button button-small button-secondary">
                        {t("compute.buy.cancel")}
                      </button>
                    </Form>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card" aria-labelledby="buy-title">
        <h2 id="buy-title">{t("compute.buy.title")}</h2>
        <p className="hint">{t("compute.buy.lead")}</p>
        <FormErrors id="buy-errors" errors={actionData?.result.error?.[""] ?? undefined} />
        {actionData?.done === "cancelled" ? (
          <p className="notice" role="status">
            {t("compute.buy.cancelled")}
          </p>
        ) : null}
        {summary && mayBuy ? (
          <div className="card card-accent" data-testid="pack-summary" id="buy-summary">
            <h3>{t("compute.buy.summaryTitle", { name: lang === "en" ? summary.nameEn : summary.nameZh })}</h3>
            <dl className="details totals">
              <dt>{t("compute.buy.summaryCredits")}</dt>
              <dd>
                {formatCredits(summary.creditsMilli)} {t("compute.unit")}
                {summary.bonusMilli !== "0" ? <span className="pack-bonus"> {t("compute.buy.bonus", { amount: formatCredits(summary.bonusMilli) })}</span> : null}
              </dd>
              <dt>{t("billing.subtotal")}</dt>
              <dd>
                <Money fen={summary.priceFen} />
              </dd>
              <dt>{t("billing.vat", { rate: "6%" })}</dt>
              <dd>
                <Money fen={summary.vatFen} />
              </dd>
              <dt>
                <strong>{t("billing.total")}</strong>
              </dt>
              <dd>
                <strong>
                  <Money fen={summary.totalFen} />
                </strong>
              </dd>
            </dl>
            <p className="hint">{t("compute.buy.howToPay")}</p>
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="buy" />
              <input type="hidden" name="packId" value={summary.id} />
              <button type="submit" className="button" disabled={Boolean(buying)}>
                {buying ? t("common.working") : t("compute.buy.confirm")}
              </button>
              <Link to="/compute" className="button button-secondary">
                {t("common.back")}
              </Link>
            </Form>
          </div>
        ) : null}
        {packs.length === 0 ? (
          <p className="muted">{t("compute.buy.none")}</p>
        ) : (
          <ul className="packs">
            {packs.map((pack) => (
              <li key={pack.id} className="pack">
                <h3>{lang === "en" ? pack.nameEn : pack.nameZh}</h3>
                <p className="pack-credits">
                  <strong>{formatCredits(pack.creditsMilli)}</strong> {t("compute.unit")}
                  {pack.bonusMilli !== "0" ? <span className="pack-bonus">{t("compute.buy.bonus", { amount: formatCredits(pack.bonusMilli) })}</span> : null}
                </p>
                <p className="pack-price">
                  <Money fen={pack.priceFen} />
                </p>
                <p className="muted small">{t("compute.buy.unitPrice", { price: formatCny(pack.unitFen, lang) })}</p>
                {mayBuy ? (
                  <Link to={`/compute?pack=${pack.id}#buy-summary`} className="button">
                    {t("compute.buy.submit")}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p className="hint">{mayBuy ? t("compute.buy.vatNote") : t("compute.buy.askAdmin")}</p>
      </section>

      <section className="card" aria-labelledby="usage-title">
        <h2 id="usage-title">{t("compute.usage.title")}</h2>
        <ChartOrTable
          title={t("compute.usage.byDay")}
          chart={() => (
            <StackedColumns
              data={usage.days.map((d) => ({ label: d.day.slice(5), gpu: creditsForChart(d.gpuMilli), llm: creditsForChart(d.llmMilli) }))}
              series={[
                { key: "gpu", label: t("compute.usage.gpu"), colour: chartColours[0] },
                { key: "llm", label: t("compute.usage.llm"), colour: chartColours[1] },
              ]}
              format={chartNumber}
            />
          )}
          table={
            <DataTable
              className="compact"
              data-testid="usage-by-day"
              rows={usage.days}
              rowKey={(d) => d.day}
              rowProps={(d) => ({ "data-day": d.day })}
              columns={[
                { header: t("compute.usage.day"), cell: (d) => d.day },
                { header: t("compute.usage.gpu"), cell: (d) => formatCredits(d.gpuMilli) },
                { header: t("compute.usage.llm"), cell: (d) => formatCredits(d.llmMilli) },
              ]}
            />
          }
        />
        <div className="grid-2">
          <SpendingChart
            title={t("compute.usage.byModel")}
            testId="usage-by-model"
            bars={() => [...byModel].map(([name, milli]) => ({ name, value: creditsForChart(milli) }))}
            format={chartNumber}
            rows={usage.models}
            rowKey={(m) => `${m.meter}|${m.model}`}
            columns={[
              {
                header: t("compute.usage.model"),
                cell: (m) => (
                  <>
                    {m.model} <span className="muted small">{meterLabel(m.meter)}</span>
                  </>
                ),
              },
              {
                header: t("compute.usage.quantity"),
                cell: (m) => (m.meter === "gpu_seconds" ? t("compute.usage.hours", { hours: gpuHours(m.quantity) }) : t("compute.usage.tokens", { tokens: tokenCount(m.quantity) })),
              },
              { header: t("compute.unit"), cell: (m) => formatCredits(m.costMilli) },
            ]}
          />
          <SpendingChart
            title={t("compute.usage.byProject")}
            testId="usage-by-project"
            bars={() => usage.projects.map((p) => ({ name: p.code ?? noProject, value: creditsForChart(p.costMilli) }))}
            format={chartNumber}
            rows={usage.projects}
            rowKey={(p) => p.code ?? "-"}
            columns={[
              { header: t("compute.usage.project"), cell: (p) => (p.code ? `${p.code} · ${p.name}` : noProject) },
              { header: t("compute.unit"), cell: (p) => formatCredits(p.costMilli) },
            ]}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="prices-title">
        <h2 id="prices-title">{t("compute.prices.title")}</h2>
        <p className="hint">{t("compute.prices.lead")}</p>
        <DataTable
          className="compact"
          rows={prices}
          rowKey={(p) => `${p.meter}|${p.model}`}
          columns={[
            { header: t("compute.usage.model"), cell: (p) => p.model },
            { header: t("compute.prices.meter"), cell: (p) => meterLabel(p.meter) },
            { header: t("compute.prices.price"), cell: (p) => t(`compute.prices.per.${p.meter}`, { price: formatCredits(p.priceMilli) }) },
          ]}
        />
      </section>
    </>
  );
}

/** Credits spent by one thing (a model, a project): bars, and the same rows as a table; "no usage" when there are none. */
function SpendingChart<Row>({
  title,
  testId,
  bars,
  format,
  rows,
  rowKey,
  columns,
}: {
  title: string;
  testId: string;
  bars: () => { name: string; value: number }[];
  format: (value: number) => string;
  rows: Row[];
  rowKey: (row: Row) => string;
  columns: DataColumn<Row>[];
}) {
  const { t } = useTranslation();
  const empty = <p className="muted">{t("compute.usage.empty")}</p>;
  return (
    <ChartOrTable
      title={title}
      chart={() => {
        const data = bars();
        return data.length ? <HorizontalBars data={data} label={t("compute.unit")} format={format} /> : empty;
      }}
      table={<DataTable className="compact" data-testid={testId} rows={rows} rowKey={rowKey} empty={empty} columns={columns} />}
    />
  );
}
