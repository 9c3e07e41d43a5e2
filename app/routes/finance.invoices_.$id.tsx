// /finance/invoices/:id — one invoice as finance works on it: lines, payments and refunds; refund
// a payment, void an unpaid invoice, issue a draft, allocate a received bank transfer to it.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { BillingStatus } from "~/components/money";
import { FinanceNav } from "~/components/finance-nav";
import { Field, FormErrors, resultFor, SubmitButton, translateMessage, useZodForm } from "~/components/forms";
import { ParkDate } from "~/components/ui";
import { formatCny, formatDateTime } from "~/i18n/format";
import { allocateTransferSchema, financeInvoiceSchema, invoiceStatusChangeSchema, refundSchema } from "~/modules/billing/finance-forms";
import { getFinanceInvoice } from "~/modules/billing/finance.server";
import { changeInvoiceStatus } from "~/modules/billing/invoices.server";
import { fenToYuanString, shownStatus } from "~/modules/billing/money";
import { parkDate } from "~/modules/platform/dates";
import { refundPayment } from "~/modules/billing/refunds.server";
import { allocateTransfer } from "~/modules/billing/transfers.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("账单详情 · 财务");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return { ...(await getFinanceInvoice(member, params.id ?? "")), today: parkDate() };
});

type Intent = "refund" | "void" | "issue" | "allocate";

/** Which of several forms of one intent was sent: each payment has its own refund form. */
function targetOf(sent: { intent?: string; paymentId?: string }) {
  return sent.intent === "refund" ? sent.paymentId ?? "" : "";
}

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const { ip } = await requestInfo(request, context);
  const invoiceId = params.id ?? "";
  return submitForm(
    request,
    financeInvoiceSchema,
    async (value) => {
      const message: string = await byIntent(value, {
        refund: async ({ paymentId, amount, reason }) => {
          await refundPayment(member, { paymentId, amountFen: amount, reason }, { ip });
          return "finance.detail.refunded";
        },
        allocate: async ({ transferId, amount }) => {
          // The invoice is the one in the URL, whatever the form says.
          await allocateTransfer(member, { transferId, allocations: [{ invoiceId, amountFen: amount }] }, { ip });
          return "finance.detail.allocated";
        },
        void: async ({ reason }) => {
          await changeInvoiceStatus(member, { invoiceId, to: "void", reason }, { ip });
          return "finance.detail.voided";
        },
        issue: async ({ reason }) => {
          await changeInvoiceStatus(member, { invoiceId, to: "open", reason }, { ip });
          return "finance.detail.issued";
        },
      });
      return { message, intent: value.intent, target: targetOf(value) };
    },
    { resetForm: true },
  );
});

export default function FinanceInvoice() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { invoice, org, lines, payments, refunds, fapiao, transfers, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const outstandingFen = invoice.totalFen - invoice.paidFen;
  const mayVoid = (invoice.status === "open" || invoice.status === "draft") && invoice.paidFen === 0n;
  const mayAllocate = invoice.status === "open" || invoice.status === "paid";
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/finance/invoices">← {t("finance.invoices.title")}</Link>
        </p>
        <h1>
          {t("finance.detail.title", { number: invoice.number ?? t("finance.invoice.draftNumber") })}{" "}
          <BillingStatus status={shownStatus(invoice, today)} labelKey={`billing.status.${shownStatus(invoice, today)}`} />
        </h1>
        <p className="lead">{lang === "en" ? org.nameEn : org.nameZh}</p>
      </header>
      <FinanceNav />
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("finance.detail.created")}
        </p>
      ) : null}
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done.message)}
        </p>
      ) : null}

      <div className="card">
        <dl className="details">
          <dt>{t("finance.invoice.kind")}</dt>
          <dd>{t(`billing.kinds.${invoice.kind}`, { defaultValue: invoice.kind })}</dd>
          <dt>{t("finance.invoice.dueOn")}</dt>
          <dd>
            <ParkDate day={invoice.dueOn} />
          </dd>
          <dt>{t("finance.invoice.transferReference")}</dt>
          <dd>
            <code>{invoice.transferReference}</code>
          </dd>
          <dt>{t("finance.invoice.subtotal")}</dt>
          <dd>{formatCny(invoice.subtotalFen, lang)}</dd>
          <dt>{t("finance.invoice.vat", { rate: invoice.vatRateBp / 100 })}</dt>
          <dd>{formatCny(invoice.vatFen, lang)}</dd>
          <dt>{t("finance.invoice.total")}</dt>
          <dd>
            <strong>{formatCny(invoice.totalFen, lang)}</strong>
          </dd>
          <dt>{t("finance.invoice.paid")}</dt>
          <dd>{formatCny(invoice.paidFen, lang)}</dd>
          {invoice.status === "open" ? (
            <>
              <dt>{t("finance.invoice.outstanding")}</dt>
              <dd>
                <strong>{formatCny(outstandingFen, lang)}</strong>
              </dd>
            </>
          ) : null}
          {invoice.note ? (
            <>
              <dt>{t("finance.invoice.note")}</dt>
              <dd>{invoice.note}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <div className="card">
        <h2>{t("finance.invoices.lines")}</h2>
        <DataTable
          rows={lines}
          rowKey={(line) => line.id}
          columns={[
            { header: t("finance.invoice.description"), cell: (line) => (lang === "en" ? line.descriptionEn : line.descriptionZh) },
            { header: t("finance.invoice.quantity"), numeric: true, cell: (line) => (lang === "en" ? line.quantityLabelEn : line.quantityLabelZh) ?? line.quantity },
            { header: t("finance.invoice.unitPrice"), numeric: true, cell: (line) => formatCny(line.unitPriceFen, lang) },
            { header: t("finance.invoice.amount"), numeric: true, cell: (line) => formatCny(line.amountFen, lang) },
          ]}
        />
      </div>

      <div className="card">
        <h2>{t("finance.detail.payments")}</h2>
        {payments.length === 0 ? (
          <p className="empty-state">{t("finance.detail.noPayments")}</p>
        ) : (
          <ul className="list">
            {payments.map((payment) => (
              <li key={payment.id}>
                <div className="list-row">
                  <span>
                    <strong>{formatCny(payment.amountFen, lang)}</strong> · {t(`billing.methods.${payment.method}`)} ·{" "}
                    {formatDateTime(payment.receivedAt, lang)}
                    <span className="muted small">
                      {" "}
                      · <code>{paymentReference(payment)}</code>
                    </span>
                  </span>
                  <BillingStatus status={payment.status} labelKey={`finance.paymentStatus.${payment.status}`} />
                </div>
                <p className="muted small">
                  {t("finance.detail.paymentBreakdown", {
                    applied: formatCny(payment.appliedFen, lang),
                    excess: formatCny(payment.amountFen - payment.appliedFen, lang),
                    refunded: formatCny(payment.refundedFen, lang),
                  })}
                </p>
                {payment.refundedFen < payment.amountFen ? (
                  <RefundForm paymentId={payment.id} suggestedFen={payment.status === "needs_refund" ? payment.amountFen - payment.appliedFen - payment.refundedFen : null} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {refunds.length > 0 ? (
          <>
            <h3>{t("finance.detail.refunds")}</h3>
            <ul className="list">
              {refunds.map((refund) => (
                <li key={refund.id} className="list-row">
                  <span>
                    <strong>{formatCny(refund.amountFen, lang)}</strong> · {refund.reason}
                    <span className="muted small"> · {formatDateTime(refund.createdAt, lang)}</span>
                  </span>
                  <BillingStatus status={refund.status} labelKey={`finance.refundStatus.${refund.status}`} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>

      {mayAllocate ? <AllocateForm invoiceId={invoice.id} transfers={transfers} invoiceStatus={invoice.status} outstandingFen={outstandingFen} /> : null}

      {fapiao.length > 0 ? (
        <div className="card">
          <h2>{t("fapiao.requestsTitle")}</h2>
          <ul className="list">
            {fapiao.map((request) => (
              <li key={request.id} className="list-row">
                <span>
                  {t(`fapiao.types.${request.fapiaoType}`)} · {request.details.title}
                  {request.fapiaoNumber ? <span className="muted small"> · {request.fapiaoNumber}</span> : null}
                </span>
                <span>
                  <BillingStatus status={request.status} labelKey={`fapiao.status.${request.status}`} />{" "}
                  <Link to="/finance/fapiao">{t("fapiao.toQueue")}</Link>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {invoice.status === "draft" ? <StatusForm intent="issue" /> : null}
      {mayVoid ? <StatusForm intent="void" /> : null}
    </section>
  );
}

/** A bank transfer's payment is keyed `${bankReference}#${invoiceId}`; finance knows it by the bank reference. */
function paymentReference(payment: { method: string; externalRef: string }) {
  return payment.method === "bank_transfer" ? payment.externalRef.replace(/#[0-9a-f-]{36}$/, "") : payment.externalRef;
}

function useResultFor(intent: Intent, target = "") {
  const actionData = useActionData<typeof action>();
  const done = actionData?.done;
  return resultFor(actionData, intent, { match: intent === "refund" ? { paymentId: target } : {}, resets: done?.intent === intent && done.target === target });
}

function useBusy(intent: Intent, target = "") {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("intent") === intent && targetOf({ intent, paymentId: String(navigation.formData.get("paymentId") ?? "") }) === target;
}

function RefundForm({ paymentId, suggestedFen }: { paymentId: string; suggestedFen: bigint | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(refundSchema, {
    id: `refund-${paymentId}`,
    lastResult: useResultFor("refund", paymentId),
    defaultValue: { paymentId, amount: suggestedFen ? fenToYuanString(suggestedFen) : "" },
  });
  const busy = useBusy("refund", paymentId);
  return (
    <details className="inline-panel" open={Boolean(form.errors?.length || fields.amount.errors || fields.reason.errors)}>
      <summary>{t("finance.detail.refund")}</summary>
      <Form
        method="post"
        {...getFormProps(form)}
        onSubmit={(event) => {
          const amount = new FormData(event.currentTarget).get("amount");
          if (!window.confirm(t("finance.detail.confirmRefund", { amount: String(amount ?? "") }))) event.preventDefault();
        }}
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="refund" />
        <input {...getInputProps(fields.paymentId, { type: "hidden" })} />
        <div className="form-row">
          <Field label={t("finance.detail.refundAmount")} hint={t("finance.amountHint")} htmlFor={fields.amount.id} errors={fields.amount.errors} errorId={fields.amount.errorId}>
            <input {...getInputProps(fields.amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
          </Field>
          <Field label={t("finance.reason")} htmlFor={fields.reason.id} errors={fields.reason.errors} errorId={fields.reason.errorId}>
            <input {...getInputProps(fields.reason, { type: "text" })} />
          </Field>
        </div>
        <SubmitButton busy={busy} className="button button-danger">
          {t("finance.detail.refundSubmit")}
        </SubmitButton>
      </Form>
    </details>
  );
}

interface TransferOption {
  id: string;
  bankReference: string;
  payerName: string;
  receivedOn: string;
  remainingFen: bigint;
}

interface AllocateFormProps {
  invoiceId: string;
  transfers: TransferOption[];
  invoiceStatus: string;
  outstandingFen: bigint;
}

function AllocateForm({ invoiceId, transfers, invoiceStatus, outstandingFen }: AllocateFormProps) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useZodForm(allocateTransferSchema, {
    id: "allocate",
    lastResult: useResultFor("allocate"),
    defaultValue: { invoiceId },
  });
  const busy = useBusy("allocate");
  return (
    <div className="card">
      <h2>{t("finance.detail.allocateTitle")}</h2>
      {transfers.length === 0 ? (
        <p className="empty-state">{t("transfers.noUnallocated")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <p className="hint form-lead">
            {invoiceStatus === "paid" ? t("finance.detail.allocatePaidHint") : t("finance.detail.allocateHint", { amount: formatCny(outstandingFen, i18n.language) })}
          </p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="allocate" />
          <div className="form-row">
            <Field label={t("transfers.transfer")} htmlFor={fields.transferId.id} errors={fields.transferId.errors} errorId={fields.transferId.errorId}>
              <select {...getSelectProps(fields.transferId)}>
                <option value="">{t("transfers.chooseTransfer")}</option>
                {transfers.map((transfer) => (
                  <option key={transfer.id} value={transfer.id}>
                    {`${transfer.receivedOn} · ${transfer.payerName} · ${transfer.bankReference} · ${formatCny(transfer.remainingFen, i18n.language)}`}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("transfers.allocateAmount")} hint={t("transfers.allocateAmountHint")} htmlFor={fields.amount.id} errors={fields.amount.errors} errorId={fields.amount.errorId}>
              <input {...getInputProps(fields.amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
            </Field>
          </div>
          <input {...getInputProps(fields.invoiceId, { type: "hidden" })} />
          <SubmitButton busy={busy}>{t("transfers.allocateSubmit")}</SubmitButton>
        </Form>
      )}
    </div>
  );
}

function StatusForm({ intent }: { intent: "void" | "issue" }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm(invoiceStatusChangeSchema, {
    id: intent,
    lastResult: useResultFor(intent),
  });
  const busy = useBusy(intent);
  return (
    <div className="card">
      <h2>{intent === "void" ? t("finance.detail.voidTitle") : t("finance.detail.issueTitle")}</h2>
      <p className="hint form-lead">{intent === "void" ? t("finance.detail.voidLead") : t("finance.detail.issueLead")}</p>
      <Form
        method="post"
        {...getFormProps(form)}
        onSubmit={(event) => {
          if (intent === "void" && !window.confirm(t("finance.detail.confirmVoid"))) event.preventDefault();
        }}
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value={intent} />
        <Field label={t("finance.reason")} htmlFor={fields.reason.id} errors={fields.reason.errors} errorId={fields.reason.errorId}>
          <textarea {...getTextareaProps(fields.reason)} rows={2} />
        </Field>
        <SubmitButton busy={busy} className={intent === "void" ? "button button-danger" : "button"}>
          {intent === "void" ? t("finance.detail.voidSubmit") : t("finance.detail.issueSubmit")}
        </SubmitButton>
      </Form>
    </div>
  );
}
