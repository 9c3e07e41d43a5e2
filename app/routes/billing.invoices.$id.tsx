// One invoice: printable, payable online or by bank transfer, with its payments and fapiao.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { DoneNotice, FormErrors, SubmitButton } from "~/components/forms";
import { AmountRows, formatRateBp, Money, BillingStatus } from "~/components/money";
import { formatCny, formatDate, formatDateTime } from "~/i18n/format";
import { FapiaoRequest } from "~/components/fapiao-request";
import { BackLink, Details, ParkDate, parkDateLabel, RowList } from "~/components/ui";
import { fapiaoDetailsFor, listFapiaoRequestsForInvoice } from "~/modules/billing/fapiao.server";
import { invoiceKindHandler } from "~/modules/billing/handlers.server";
import { getDb } from "~/modules/platform/db.server";
import { getInvoiceDetail } from "~/modules/billing/invoices.server";
import { onlinePaymentOffered } from "~/modules/billing/gateway.server";
import { shownStatus } from "~/modules/billing/money";
import { parkDate } from "~/modules/platform/dates";
import { payInvoiceSchema } from "~/modules/billing/payment-forms";
import { startCheckout } from "~/modules/billing/payments.server";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { config } from "~/modules/platform/config.server";
import { AppError } from "~/modules/platform/errors";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { languageOf, pageTitle } from "~/i18n/page-titles";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(data?.invoice.number ?? "账单", languageOf(matches)) }];

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const detail = await getInvoiceDetail(member, params.id ?? "");
  const { invoice } = detail;
  const justPaid = new URL(request.url).searchParams.has("paid") && invoice.status === "paid";
  const [fapiao, fapiaoDetails, paidNotice] = await Promise.all([
    listFapiaoRequestsForInvoice(member, invoice.id),
    fapiaoDetailsFor(member),
    justPaid ? invoiceKindHandler(invoice.kind).paidNotice?.(await getDb(), invoice) : undefined,
  ]);
  const lastPayment = detail.payments.at(-1);
  return {
    fapiao,
    fapiaoDetails,
    // After paying: what was paid, how, what it did, and the way back to where the person came from.
    paid:
      justPaid && lastPayment
        ? { amountFen: String(lastPayment.amountFen), method: lastPayment.method, notice: paidNotice ?? null }
        : null,
    mayPay: hasPermission(member, "billing:pay", { kind: "tenant" }),
    onlinePayment: onlinePaymentOffered(),
    refunds: detail.refunds.map((r) => ({ id: r.id, paymentId: r.paymentId, amountFen: String(r.amountFen), status: r.status, sentOn: r.sentOn })),
    bank: { accountName: config().PARK_BANK_ACCOUNT_NAME, bankName: config().PARK_BANK_NAME, account: config().PARK_BANK_ACCOUNT },
    org: detail.org,
    invoice: {
      id: invoice.id,
      number: invoice.number,
      kind: invoice.kind,
      status: invoice.status,
      shownStatus: shownStatus(invoice, parkDate()),
      subtotalFen: String(invoice.subtotalFen),
      vatRateBp: invoice.vatRateBp,
      vatFen: String(invoice.vatFen),
      totalFen: String(invoice.totalFen),
      paidFen: String(invoice.paidFen),
      outstandingFen: String(invoice.status === "open" ? invoice.totalFen - invoice.paidFen : 0n),
      dueOn: invoice.dueOn,
      issuedAt: invoice.issuedAt,
      paidAt: invoice.paidAt,
      transferReference: invoice.transferReference,
      note: invoice.note,
    },
    lines: detail.lines.map((l) => ({
      id: l.id,
      descriptionZh: l.descriptionZh,
      descriptionEn: l.descriptionEn,
      quantity: l.quantity,
      quantityLabelZh: l.quantityLabelZh,
      quantityLabelEn: l.quantityLabelEn,
      unitPriceFen: String(l.unitPriceFen),
      amountFen: String(l.amountFen),
    })),
    payments: detail.payments.map((p) => ({
      id: p.id,
      method: p.method,
      amountFen: String(p.amountFen),
      appliedFen: String(p.appliedFen),
      refundedFen: String(p.refundedFen),
      status: p.status,
      receivedAt: p.receivedAt,
    })),
  };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:pay", kind: "tenant" });
  return submitForm(request, payInvoiceSchema, async () => {
    const { url } = await startCheckout(member, params.id ?? "", await requestInfo(request, context)).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
      // The gateway could not be reached: say so on the page rather than failing the whole request.
      throw new AppError("conflict", "billing.gatewayUnavailable");
    });
    return redirect(url);
  });
});

export default function InvoicePage() {
  const { t, i18n } = useTranslation();
  const { invoice, lines, payments, refunds, org, bank, mayPay, onlinePayment, fapiao, fapiaoDetails, paid } = useLoaderData<typeof loader>();
  const payErrors = useActionData<typeof action>()?.result.error?.[""] ?? undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const en = i18n.language === "en";
  return (
    <section className="stack invoice">
      <BackLink to="/billing">{t("billing.title")}</BackLink>
      <DoneNotice message={params.get("paid") && invoice.status !== "paid" ? "billing.paymentProcessing" : null} />
      {paid ? (
        <div className="notice" role="status" data-testid="paid-notice">
          <p>
            {t("billing.paidBy", { amount: formatCny(paid.amountFen, i18n.language), method: t(`billing.methods.${paid.method}`) })}
            {paid.notice?.messageKey ? `${en ? " " : ""}${t(paid.notice.messageKey, paid.notice.params ?? {})}` : ""}
          </p>
          {paid.notice ? (
            <p>
              <Link to={paid.notice.returnTo}>{t(paid.notice.returnLabelKey)} →</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {params.get("cancelled") ? (
        <p className="banner banner-warn" role="status">
          {t("billing.paymentCancelled")}
        </p>
      ) : null}
      <article className="card invoice-sheet">
        <header className="invoice-head">
          <div>
            <p className="muted small">{t("billing.issuer")}</p>
            <h1>
              {t("billing.invoice")} {invoice.number}
            </h1>
            <BillingStatus status={invoice.shownStatus} labelKey={`billing.status.${invoice.shownStatus}`} />
          </div>
          <Details
            items={[
              {
                label: t("billing.billedTo"),
                value: (
                  <>
                    {en ? org.nameEn : org.nameZh}
                    {org.uscc ? <div className="muted small">{org.uscc}</div> : null}
                  </>
                ),
              },
              { label: t("billing.issuedAt"), value: formatDate(invoice.issuedAt, i18n.language) },
              { label: t("billing.dueOn"), value: <ParkDate day={invoice.dueOn} /> },
            ]}
          />
        </header>
        <DataTable
          rows={lines}
          rowKey={(line) => line.id}
          columns={[
            { header: t("billing.item"), cell: (line) => (en ? line.descriptionEn : line.descriptionZh) },
            { header: t("billing.quantity"), cell: (line) => (en ? line.quantityLabelEn : line.quantityLabelZh) ?? line.quantity },
            { header: t("billing.unitPrice"), cell: (line) => <Money fen={line.unitPriceFen} /> },
            { header: t("billing.amount"), cell: (line) => <Money fen={line.amountFen} /> },
          ]}
        />
        <dl className="details totals">
          <AmountRows
            rows={[
              { label: t("billing.subtotal"), fen: invoice.subtotalFen },
              { label: t("billing.vat", { rate: formatRateBp(invoice.vatRateBp) }), fen: invoice.vatFen },
              { label: t("billing.total"), fen: invoice.totalFen, strong: true },
              { label: t("billing.paid"), fen: invoice.paidFen },
              ...(invoice.status === "open" ? [{ label: t("billing.outstanding"), fen: invoice.outstandingFen, strong: true }] : []),
            ]}
          />
        </dl>
        {invoice.note ? <p className="muted">{invoice.note}</p> : null}
        {invoice.status === "open" ? (
          <p className="invoice-due">
            {t("billing.payBy", { date: parkDateLabel(invoice.dueOn, i18n.language) })}
            {i18n.exists(`billing.lateConsequence.${invoice.kind}`) ? `${en ? " " : ""}${t(`billing.lateConsequence.${invoice.kind}`)}` : ""}
          </p>
        ) : null}
      </article>

      {invoice.status === "open" ? (
        <div className="grid-2 no-print">
          <div className="card">
            <h2>{t("billing.payOnline")}</h2>
            {!onlinePayment ? (
              <p className="muted" data-testid="online-payment-off">
                {t("billing.onlinePaymentOff")}
              </p>
            ) : mayPay ? (
              <Form method="post">
                <p className="hint">{t("billing.payOnlineHint")}</p>
                <FormErrors id="pay-errors" errors={payErrors} />
                <SubmitButton busy={busy}>
                  {t("billing.payNow")} <Money fen={invoice.outstandingFen} />
                </SubmitButton>
              </Form>
            ) : (
              <p className="muted">{t("billing.askAdminToPay")}</p>
            )}
          </div>
          <div className="card">
            <h2>{t("billing.payByTransfer")}</h2>
            <Details
              items={[
                { label: t("billing.bankAccountName"), value: bank.accountName },
                { label: t("billing.bankName"), value: bank.bankName },
                { label: t("billing.bankAccount"), value: <code>{bank.account}</code> },
                { label: t("billing.transferReference"), value: <code className="reference">{invoice.transferReference}</code> },
              ]}
            />
            <p className="hint">{t("billing.transferHint")}</p>
          </div>
        </div>
      ) : null}

      <div className="card">
        <h2>{t("billing.payments")}</h2>
        <RowList rows={payments} rowKey={(p) => p.id} empty={t("billing.noPayments")}>
          {(p) => (
            <>
              <span>
                {t(`billing.methods.${p.method}`)} · <Money fen={p.amountFen} />
                {p.status === "needs_refund" ? <span className="pill"> {t("billing.paymentNeedsRefund")}</span> : null}
                {p.refundedFen !== "0" ? (
                  <span className="muted small">
                    {" "}
                    · {t("billing.refunded")} <Money fen={p.refundedFen} />
                  </span>
                ) : null}
                {refunds
                  .filter((r) => r.paymentId === p.id && r.status === "pending")
                  .map((r) => (
                    <span key={r.id} className="pill" data-testid="refund-pending">
                      {" "}
                      {t(p.method === "bank_transfer" ? "billing.refundPendingBank" : "billing.refundPendingGateway", { amount: formatCny(r.amountFen, i18n.language) })}
                    </span>
                  ))}
              </span>
              <span className="muted small">{formatDateTime(p.receivedAt, i18n.language)}</span>
            </>
          )}
        </RowList>
      </div>
      <div className="no-print">
        <FapiaoRequest invoiceId={invoice.id} invoiceStatus={invoice.status} requests={fapiao} mayRequest={mayPay} details={fapiaoDetails} />
      </div>
      <p className="no-print">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t("billing.print")}
        </button>
      </p>
    </section>
  );
}
