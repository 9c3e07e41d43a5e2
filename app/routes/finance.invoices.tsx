// /finance/invoices — every tenant's invoices by status, and a manual invoice for anything no
// module sells (kind 'manual'), issued right away.
import { type FieldMetadata } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { BillingStatus } from "~/components/money";
import { FinanceNav } from "~/components/finance-nav";
import { ConformForm, FieldErrors, InputField, SelectField, SubmitButton, TextareaField, useZodForm } from "~/components/forms";
import { SelectFilter } from "~/components/select-filter";
import { PageHeader, ParkDate } from "~/components/ui";
import { formatCny } from "~/i18n/format";
import { manualInvoiceSchema, vatRates } from "~/modules/billing/finance-forms";
import { createManualInvoice, listInvoiceableTenants } from "~/modules/billing/finance.server";
import { addDays, listAllInvoices } from "~/modules/billing/invoices.server";
import { invoiceTransitions, shownStatus, type InvoiceStatus } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { parkDate } from "~/modules/platform/jobs.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("账单 · 财务");

const statuses = Object.keys(invoiceTransitions) as InvoiceStatus[];

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const requested = new URL(request.url).searchParams.get("status");
  const status = statuses.find((s) => s === requested);
  const [invoices, tenants] = await Promise.all([listAllInvoices(member, { status }), listInvoiceableTenants(member)]);
  return { status: status ?? "", invoices, tenants, today: parkDate(), defaultDueOn: addDays(parkDate(), 14) };
});

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return submitForm(request, manualInvoiceSchema, async ({ lines, vatRate, ...rest }) => {
    const invoice = await createManualInvoice(member, {
      ...rest,
      vatRateBp: Number(vatRate),
      lines: lines.map((line) => ({ ...line, unitPriceFen: line.unitPrice })),
    });
    return redirect(`/finance/invoices/${invoice.id}?created=1`);
  });
});

export default function FinanceInvoices() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { status, invoices, tenants, today, defaultDueOn } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(manualInvoiceSchema, {
    id: "manual-invoice",
    lastResult,
    defaultValue: { vatRate: "600", dueOn: defaultDueOn, lines: [{ quantity: "1" }] },
  });
  const lines = fields.lines.getFieldList();
  return (
    <section className="stack">
      <PageHeader title={t("finance.invoices.title")} lead={t("finance.invoices.lead")} />
      <FinanceNav />

      <details className="card inline-panel" open={Boolean(lastResult)}>
        <summary id="new-invoice">{t("finance.invoices.newTitle")}</summary>
        <p className="hint form-lead">{t("finance.invoices.newLead")}</p>
        {tenants.length === 0 ? (
          <p className="empty-state">{t("finance.invoices.noTenants")}</p>
        ) : (
          <ConformForm form={form} aria-labelledby="new-invoice">
            <div className="form-row">
              <SelectField
                meta={fields.orgId}
                label={t("finance.invoice.tenant")}
                placeholder={t("finance.invoices.chooseTenant")}
                options={tenants.map((tenant) => ({ value: tenant.id, label: lang === "en" ? tenant.nameEn : tenant.nameZh }))}
              />
              <InputField meta={fields.dueOn} label={t("finance.invoice.dueOn")} type="date" />
              <SelectField meta={fields.vatRate} label={t("finance.invoice.vatRate")} options={vatRates.map((rate) => ({ value: rate, label: `${Number(rate) / 100}%` }))} />
            </div>
            <fieldset className="lines">
              <legend>{t("finance.invoices.lines")}</legend>
              <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
              {lines.map((line, index) => (
                <LineFields
                  key={line.key}
                  line={line}
                  index={index}
                  removeButton={
                    lines.length > 1 ? (
                      <button className="button button-small button-secondary" {...form.remove.getButtonProps({ name: fields.lines.name, index })}>
                        {t("finance.invoices.removeLine")}
                      </button>
                    ) : null
                  }
                />
              ))}
              <button className="button button-small button-secondary" {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: { quantity: "1" } })}>
                {t("finance.invoices.addLine")}
              </button>
            </fieldset>
            <TextareaField meta={fields.note} label={t("finance.invoice.note")} rows={2} />
            <SubmitButton busy={busy}>{t("finance.invoices.create")}</SubmitButton>
          </ConformForm>
        )}
      </details>

      <SelectFilter
        id="status-filter"
        name="status"
        label={t("finance.invoices.filterStatus")}
        value={status}
        all={t("finance.invoices.allStatuses")}
        options={statuses.map((s) => ({ value: s, label: t(`billing.status.${s}`) }))}
        submitLabel={t("finance.invoices.filter")}
      />

      <DataTable
        card
        rows={invoices}
        rowKey={({ invoice }) => invoice.id}
        empty={<p className="empty-state card">{status ? t("finance.invoices.emptyFiltered") : t("finance.invoices.empty")}</p>}
        columns={[
          { header: t("finance.invoice.number"), cell: ({ invoice }) => <Link to={`/finance/invoices/${invoice.id}`}>{invoice.number ?? t("finance.invoice.draftNumber")}</Link> },
          { header: t("finance.invoice.tenant"), cell: (row) => (lang === "en" ? row.orgNameEn : row.orgNameZh) },
          { header: t("finance.invoice.kind"), cell: ({ invoice }) => t(`billing.kinds.${invoice.kind}`, { defaultValue: invoice.kind }) },
          { header: t("common.status"), cell: ({ invoice }) => <BillingStatus status={shownStatus(invoice, today)} labelKey={`billing.status.${shownStatus(invoice, today)}`} /> },
          { header: t("finance.invoice.dueOn"), cell: ({ invoice }) => <ParkDate day={invoice.dueOn} /> },
          { header: t("finance.invoice.total"), numeric: true, cell: ({ invoice }) => formatCny(invoice.totalFen, lang) },
          { header: t("finance.invoice.paid"), numeric: true, cell: ({ invoice }) => formatCny(invoice.paidFen, lang) },
        ]}
      />
    </section>
  );
}

type LineSchema = { descriptionZh: string; descriptionEn: string; quantity: number; unitPrice: string };

function LineFields({ line, index, removeButton }: { line: FieldMetadata<LineSchema>; index: number; removeButton: React.ReactNode }) {
  const { t } = useTranslation();
  const f = line.getFieldset();
  return (
    <div className="line-item">
      <p className="line-item-title">{t("finance.invoices.lineN", { n: index + 1 })}</p>
      <div className="form-row">
        <InputField meta={f.descriptionZh} label={t("finance.invoice.descriptionZh")} />
        <InputField meta={f.descriptionEn} label={t("finance.invoice.descriptionEn")} />
      </div>
      <div className="form-row">
        <InputField meta={f.quantity} label={t("finance.invoice.quantity")} type="number" min={1} step={1} inputMode="numeric" />
        <InputField meta={f.unitPrice} label={t("finance.invoice.unitPrice")} hint={t("finance.amountHint")} inputMode="decimal" autoComplete="off" />
      </div>
      {removeButton}
    </div>
  );
}
