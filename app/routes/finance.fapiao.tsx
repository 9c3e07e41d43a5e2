// /finance/fapiao — the fapiao (发票) request queue: issue each with its number and PDF, or
// reject it with a reason the tenant sees.
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FinanceNav } from "~/components/finance-nav";
import { BillingStatus } from "~/components/money";
import { Field, FormErrors, resultFor, SubmitButton, useZodForm } from "~/components/forms";
import { SelectFilter } from "~/components/select-filter";
import { formatCny, formatDateTime } from "~/i18n/format";
import { issueFapiaoSchema, rejectFapiaoSchema } from "~/modules/billing/fapiao-forms";
import { listFapiaoQueue, rejectFapiao } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import type { action as issueAction } from "./finance.fapiao_.uploads";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("发票申请 · 财务");

const statuses = ["requested", "issued", "rejected"] as const;

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const requested = new URL(request.url).searchParams.get("status");
  const status = statuses.find((s) => s === requested);
  return { status: status ?? "", requests: await listFapiaoQueue(member, { status }) };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return submitForm(
    request,
    rejectFapiaoSchema,
    async (value) => {
      const { ip } = await requestInfo(request, context);
      await rejectFapiao(member, value, { ip });
      return value.requestId;
    },
    { resetForm: true },
  );
});

type QueueRow = ReturnType<typeof useLoaderData<typeof loader>>["requests"][number];

export default function FapiaoQueue() {
  const { t } = useTranslation();
  const { status, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const issued = params.get("issued");
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("fapiao.queueTitle")}</h1>
        <p className="lead">{t("fapiao.queueLead")}</p>
      </header>
      <FinanceNav />
      {issued ? (
        <p className="notice" role="status">
          {t("fapiao.issuedNotice", { number: issued })}
        </p>
      ) : null}
      {actionData?.done ? (
        <p className="notice" role="status">
          {t("fapiao.rejectedNotice")}
        </p>
      ) : null}
      <SelectFilter
        id="fapiao-status"
        name="status"
        label={t("fapiao.filterStatus")}
        value={status}
        all={t("fapiao.allStatuses")}
        options={statuses.map((s) => ({ value: s, label: t(`fapiao.status.${s}`) }))}
        submitLabel={t("finance.invoices.filter")}
      />
      {requests.length === 0 ? (
        <p className="empty-state card">{t("fapiao.queueEmpty")}</p>
      ) : (
        <div>
          <ul className="stack">
            {requests.map((request) => (
              <QueueItem key={request.id} request={request} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function QueueItem({ request }: { request: QueueRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const d = request.details;
  return (
    <li className="card">
      <div className="list-row">
        <h2 className="card-title">
          {lang === "en" ? request.orgNameEn : request.orgNameZh} ·{" "}
          <Link to={`/finance/invoices/${request.invoiceId}`}>{request.invoiceNumber}</Link>
        </h2>
        <BillingStatus status={request.status} labelKey={`fapiao.status.${request.status}`} />
      </div>
      <dl className="details">
        <dt>{t("fapiao.type")}</dt>
        <dd>{t(`fapiao.types.${request.fapiaoType}`)}</dd>
        <dt>{t("fapiao.amount")}</dt>
        <dd>
          {formatCny(request.totalFen, lang)} <span className="muted small">{t("fapiao.vatIncluded", { rate: request.vatRateBp / 100 })}</span>
        </dd>
        <dt>{t("fapiao.title")}</dt>
        <dd>{d.title}</dd>
        <dt>{t("fapiao.taxpayerIdShort")}</dt>
        <dd>
          <code>{d.taxpayerId}</code>
        </dd>
        {d.address || d.phone ? (
          <>
            <dt>{t("fapiao.addressPhone")}</dt>
            <dd>{[d.address, d.phone].filter(Boolean).join(" ")}</dd>
          </>
        ) : null}
        {d.bankName || d.bankAccount ? (
          <>
            <dt>{t("fapiao.bankAccountLine")}</dt>
            <dd>{[d.bankName, d.bankAccount].filter(Boolean).join(" ")}</dd>
          </>
        ) : null}
        {d.email ? (
          <>
            <dt>{t("fapiao.email")}</dt>
            <dd>{d.email}</dd>
          </>
        ) : null}
        <dt>{t("fapiao.requestedAt")}</dt>
        <dd>{formatDateTime(request.createdAt, lang)}</dd>
        {request.status === "issued" ? (
          <>
            <dt>{t("fapiao.number")}</dt>
            <dd>
              {request.fapiaoNumber} · {formatDateTime(request.issuedAt, lang)}{" "}
              {request.hasPdf ? (
                <a href={`/billing/fapiao/${request.id}/pdf`} download>
                  {t("fapiao.downloadPdf")}
                </a>
              ) : null}
            </dd>
          </>
        ) : null}
        {request.status === "rejected" && request.rejectionReason ? (
          <>
            <dt>{t("fapiao.rejectionReason")}</dt>
            <dd>{request.rejectionReason}</dd>
          </>
        ) : null}
      </dl>
      {request.status === "requested" ? (
        <div className="grid-2 queue-actions">
          <IssueForm requestId={request.id} />
          <RejectForm requestId={request.id} />
        </div>
      ) : null}
    </li>
  );
}

function IssueForm({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof issueAction>();
  const [form, fields] = useForm({
    id: `issue-${requestId}`,
    lastResult: fetcher.data && "result" in fetcher.data ? fetcher.data.result : undefined,
    defaultValue: { requestId },
    // Revalidating as the file is chosen, not on blur: a blur as the button is pressed would clear
    // the server's "not a PDF" message, move the button and swallow the click.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: issueFapiaoSchema }),
  });
  return (
    <fetcher.Form method="post" action="/finance/fapiao/uploads" encType="multipart/form-data" {...getFormProps(form)}>
      <h3>{t("fapiao.issueTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.requestId, { type: "hidden" })} />
      <Field label={t("fapiao.number")} hint={t("fapiao.numberHint")} htmlFor={fields.fapiaoNumber.id} errors={fields.fapiaoNumber.errors} errorId={fields.fapiaoNumber.errorId}>
        <input {...getInputProps(fields.fapiaoNumber, { type: "text" })} inputMode="numeric" autoComplete="off" />
      </Field>
      <Field label={t("fapiao.pdf")} hint={t("fapiao.pdfHint")} htmlFor={fields.pdf.id} errors={fields.pdf.errors} errorId={fields.pdf.errorId}>
        <input {...getInputProps(fields.pdf, { type: "file" })} accept="application/pdf,.pdf" />
      </Field>
      <SubmitButton busy={fetcher.state !== "idle"}>{t("fapiao.issueSubmit")}</SubmitButton>
    </fetcher.Form>
  );
}

function RejectForm({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useZodForm(rejectFapiaoSchema, {
    id: `reject-${requestId}`,
    lastResult: resultFor(actionData, null, { match: { requestId }, resets: actionData?.done === requestId }),
    defaultValue: { requestId },
  });
  const busy = navigation.state === "submitting" && navigation.formData?.get("requestId") === requestId;
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      onSubmit={(event) => {
        if (!window.confirm(t("fapiao.confirmReject"))) event.preventDefault();
      }}
    >
      <h3>{t("fapiao.rejectTitle")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.requestId, { type: "hidden" })} />
      <Field label={t("fapiao.rejectionReason")} htmlFor={fields.reason.id} errors={fields.reason.errors} errorId={fields.reason.errorId}>
        <textarea {...getTextareaProps(fields.reason)} rows={2} />
      </Field>
      <SubmitButton busy={busy} className="button button-danger">
        {t("fapiao.rejectSubmit")}
      </SubmitButton>
    </Form>
  );
}
