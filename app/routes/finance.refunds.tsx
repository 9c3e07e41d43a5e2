// /finance/refunds — money to send back by bank transfer: each pending refund of a transfer with how
// long it has waited and whom to pay; finance records the day it left and the bank's reference.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { FinanceNav } from "~/components/finance-nav";
import { Field, FormErrors, resultFor, SubmitButton } from "~/components/forms";
import { formatCny, formatDateTime } from "~/i18n/format";
import { refundSentSchema } from "~/modules/billing/finance-forms";
import { confirmRefundSent, listRefundsToSend } from "~/modules/billing/refunds.server";
import { requireMember } from "~/modules/identity/access.server";
import { parkDate } from "~/modules/platform/dates";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("待退款 · 财务");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const refunds = await listRefundsToSend(member);
  return { today: parkDate(), refunds: refunds.map((r) => ({ ...r, amountFen: String(r.amountFen) })) };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return submitForm(
    request,
    refundSentSchema,
    async (value) => {
      const { ip } = await requestInfo(request, context);
      await confirmRefundSent(member, value, { ip });
      return value.refundId;
    },
    { resetForm: true },
  );
});

export default function RefundsToSend() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { refunds, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("finance.nav.refunds")}</h1>
        <p className="lead">{t("finance.refunds.lead")}</p>
      </header>
      <FinanceNav />
      {answer?.done ? (
        <p className="notice" role="status">
          {t("finance.refunds.confirmed")}
        </p>
      ) : null}
      <div className="card">
        <DataTable
          rows={refunds}
          rowKey={(refund) => refund.id}
          empty={<p className="empty-state">{t("finance.refunds.empty")}</p>}
          columns={[
            { header: t("finance.invoice.number"), cell: (r) => <Link to={`/finance/invoices/${r.invoiceId}`}>{r.invoiceNumber}</Link> },
            { header: t("finance.invoice.tenant"), cell: (r) => (lang === "en" ? r.orgNameEn : r.orgNameZh) },
            { header: t("finance.refunds.payee"), cell: (r) => r.payerName ?? t("finance.refunds.payeeUnknown") },
            { header: t("finance.detail.refundAmount"), cell: (r) => <strong>{formatCny(r.amountFen, lang)}</strong> },
            { header: t("finance.reason"), cell: (r) => r.reason },
            {
              header: t("finance.refunds.requestedOn"),
              cell: (r) => (
                <>
                  {formatDateTime(r.createdAt, lang)}
                  <span className={r.waitingDays >= 3 ? "hint overdue" : "hint"}>
                    {" "}
                    · {r.waitingDays > 0 ? t("finance.refunds.waiting", { count: r.waitingDays }) : t("finance.refunds.waitingToday")}
                  </span>
                </>
              ),
            },
            { header: t("finance.refunds.confirm"), cell: (r) => <SentForm refundId={r.id} today={today} answer={resultFor(answer, null, { match: { refundId: r.id }, resets: answer?.done === r.id })} /> },
          ]}
        />
      </div>
    </section>
  );
}

function SentForm({ refundId, today, answer }: { refundId: string; today: string; answer?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("refundId") === refundId;
  const [form, fields] = useForm({
    id: `refund-sent-${refundId}`,
    lastResult: answer,
    constraint: getZodConstraint(refundSentSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: refundSentSchema }),
    defaultValue: { refundId, sentOn: today },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack compact">
      <input {...getInputProps(fields.refundId, { type: "hidden" })} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label={t("finance.refunds.sentOn")} htmlFor={fields.sentOn.id} errors={fields.sentOn.errors} errorId={fields.sentOn.errorId}>
        <input {...getInputProps(fields.sentOn, { type: "date" })} max={today} />
      </Field>
      <Field label={t("finance.refunds.bankReference")} htmlFor={fields.bankReference.id} errors={fields.bankReference.errors} errorId={fields.bankReference.errorId}>
        <input {...getInputProps(fields.bankReference, { type: "text" })} autoComplete="off" />
      </Field>
      <SubmitButton busy={busy} className="button button-small">
        {t("finance.refunds.confirm")}
      </SubmitButton>
    </Form>
  );
}
