// /finance/transfers — corporate bank transfers (对公转账): record one, import a bank statement
// as the bank exports it (CSV in UTF-8 or GB18030, or .xlsx: previewed first, then applied), and
// allocate what is not yet allocated to invoices.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { describeMatch, ImportReport, PreviewReport, transferColumns } from "~/components/finance-transfers";
import { FinanceNav } from "~/components/finance-nav";
import { Field, FormErrors, InputField, resultFor, SubmitButton, TextareaField, translateMessage, useZodForm } from "~/components/forms";
import { ParkDate } from "~/components/ui";
import { formatCny } from "~/i18n/format";
import { allocateTransferSchema, recordTransferSchema, transfersSchema } from "~/modules/billing/finance-forms";
import {
  allocateTransfer,
  importBankStatement,
  listAllocatableInvoices,
  listRecentTransfers,
  listUnallocatedTransfers,
  previewBankStatement,
  recordTransfer,
  type MatchResult,
  type StatementImport,
  type StatementPreview,
} from "~/modules/billing/transfers.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { parkDate } from "~/modules/platform/jobs.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("对公转账 · 财务");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const [unallocated, recent, invoices] = await Promise.all([
    listUnallocatedTransfers(member),
    listRecentTransfers(member, 30),
    listAllocatableInvoices(member),
  ]);
  return { today: parkDate(), unallocated, recent, invoices };
});

type Intent = "record" | "preview" | "import" | "allocate";

/** What a form on this page did (one of these), and which form it was (an allocation names its transfer). */
interface Done {
  intent: Intent;
  recorded?: MatchResult;
  transferId?: string;
  message?: string;
  preview?: StatementPreview;
  report?: StatementImport;
}

/** A statement as sent: an uploaded file's bytes, or the pasted text. */
async function statementOf({ file, csv }: { file?: File; csv?: string }) {
  return file?.size ? new Uint8Array(await file.arrayBuffer()) : (csv ?? "");
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const { ip } = await requestInfo(request, context);
  const answer = await submitForm(
    request,
    transfersSchema,
    async (value) => {
      const done: Done = await byIntent(value, {
        record: async ({ intent, amount, ...rest }) => {
          const { match } = await recordTransfer(member, { ...rest, amountFen: amount }, { ip });
          return { intent, recorded: match };
        },
        allocate: async ({ intent, transferId, invoiceId, amount }) => {
          const { allocations } = await allocateTransfer(member, { transferId, allocations: [{ invoiceId, amountFen: amount }] }, { ip });
          return { intent, transferId, message: encodeMessage("transfers.allocated", { invoice: allocations[0]?.invoiceNumber ?? "" }) };
        },
        preview: async ({ intent, ...statement }) => ({ intent, preview: await previewBankStatement(member, await statementOf(statement)) }),
        // Applying what a preview showed: its rows come back and are checked again whole.
        import: async ({ intent, rows, ...statement }) => ({ intent, report: await importBankStatement(member, rows ?? (await statementOf(statement)), { ip }) }),
      });
      return done;
    },
    { resetForm: true },
  );
  // A statement with a row in error is refused whole: its report comes back as a refused form does.
  const done = answer.data.done;
  const refused = Boolean(done?.preview?.invalid.length) || (done?.report !== undefined && !done.report.applied);
  return refused ? data(answer.data, { status: 422 }) : answer;
});

/** The answer for one form on the page: what it did, or what was wrong with what it sent. */
function useResultFor(intent: Intent, target = "") {
  const actionData = useActionData<typeof action>();
  const done = actionData?.done;
  return resultFor(actionData, intent, { match: intent === "allocate" ? { transferId: target } : {}, resets: done?.intent === intent && (done.transferId ?? "") === target });
}

function useBusy(intent: Intent, target = "") {
  const navigation = useNavigation();
  const formData = navigation.formData;
  return navigation.state === "submitting" && formData?.get("intent") === intent && (intent !== "allocate" || formData.get("transferId") === target);
}

export default function Transfers() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { unallocated, recent } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  const applyResult = useResultFor("import");
  const applyBusy = useBusy("import");
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("transfers.title")}</h1>
        <p className="lead">{t("transfers.lead")}</p>
      </header>
      <FinanceNav />
      {done?.message ? (
        <p className="notice" role="status">
          {translateMessage(t, done.message)}
        </p>
      ) : null}
      {done?.recorded ? (
        <p className="notice" role="status">
          {t("transfers.recorded")} {describeMatch(t, lang, done.recorded)}
        </p>
      ) : null}
      {done?.preview ? <PreviewReport preview={done.preview} result={applyResult} busy={applyBusy} /> : null}
      {done?.report ? <ImportReport report={done.report} /> : null}

      <div className="card">
        <h2>{t("transfers.unallocatedTitle")}</h2>
        <p className="hint form-lead">{t("transfers.unallocatedLead")}</p>
        {unallocated.length === 0 ? (
          <p className="empty-state">{t("transfers.noUnallocated")}</p>
        ) : (
          <ul className="list">
            {unallocated.map((transfer) => (
              <li key={transfer.id}>
                <div className="list-row">
                  <span>
                    <strong>{transfer.payerName}</strong> · <ParkDate day={transfer.receivedOn} /> · <code>{transfer.bankReference}</code>
                  </span>
                  <span>
                    {t("transfers.remainingOf", { remaining: formatCny(transfer.remainingFen, lang), amount: formatCny(transfer.amountFen, lang) })}
                  </span>
                </div>
                {transfer.memo ? <p className="muted small">{t("transfers.memoShown", { memo: transfer.memo })}</p> : null}
                {transfer.allocations.length ? (
                  <p className="muted small">
                    {t("transfers.allocatedTo")}{" "}
                    {transfer.allocations.map((a, i) => (
                      <span key={a.invoiceId}>
                        {i > 0 ? "，" : ""}
                        <Link to={`/finance/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link> {formatCny(a.amountFen, lang)}
                      </span>
                    ))}
                  </p>
                ) : null}
                <AllocateForm transferId={transfer.id} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <RecordForm />
      <ImportForm />

      <div className="card">
        <h2>{t("transfers.recentTitle")}</h2>
        <DataTable
          rows={recent}
          rowKey={(transfer) => transfer.id}
          empty={<p className="empty-state">{t("transfers.noTransfers")}</p>}
          columns={[
            ...transferColumns(t),
            { header: t("transfers.amount"), numeric: true, cell: (transfer) => formatCny(transfer.amountFen, lang) },
            {
              header: t("transfers.allocatedTo"),
              cell: (transfer) => (
                <>
                  {transfer.allocations.length === 0 ? (
                    <span className="muted">{t("transfers.notAllocated")}</span>
                  ) : (
                    transfer.allocations.map((a) => (
                      <div key={a.invoiceId}>
                        <Link to={`/finance/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link> {formatCny(a.amountFen, lang)}
                      </div>
                    ))
                  )}
                  {transfer.remainingFen > 0n && transfer.allocations.length > 0 ? (
                    <div className="muted small">{t("transfers.remainingShort", { amount: formatCny(transfer.remainingFen, lang) })}</div>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      </div>
    </section>
  );
}

function RecordForm() {
  const { t } = useTranslation();
  const { today } = useLoaderData<typeof loader>();
  const [form, fields] = useZodForm(recordTransferSchema, {
    id: "record-transfer",
    lastResult: useResultFor("record"),
    defaultValue: { receivedOn: today },
  });
  const busy = useBusy("record");
  return (
    <div className="card">
      <h2 id="record-title">{t("transfers.recordTitle")}</h2>
      <p className="hint form-lead">{t("transfers.recordLead")}</p>
      <Form method="post" {...getFormProps(form)} aria-labelledby="record-title">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="record" />
        <div className="form-row">
          <InputField meta={fields.amount} label={t("transfers.amount")} hint={t("finance.amountHint")} inputMode="decimal" autoComplete="off" />
          <InputField meta={fields.receivedOn} label={t("transfers.receivedOn")} type="date" max={today} />
        </div>
        <div className="form-row">
          <InputField meta={fields.payerName} label={t("transfers.payer")} autoComplete="off" />
          <InputField meta={fields.bankReference} label={t("transfers.reference")} hint={t("transfers.referenceHint")} autoComplete="off" />
        </div>
        <InputField meta={fields.memo} label={t("transfers.memo")} hint={t("transfers.memoHint")} autoComplete="off" />
        <SubmitButton busy={busy}>{t("transfers.recordSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}

function AllocateForm({ transferId }: { transferId: string }) {
  const { t, i18n } = useTranslation();
  const { invoices } = useLoaderData<typeof loader>();
  const [form, fields] = useZodForm(allocateTransferSchema, {
    id: `allocate-${transferId}`,
    lastResult: useResultFor("allocate", transferId),
    defaultValue: { transferId },
  });
  const busy = useBusy("allocate", transferId);
  return (
    <details className="inline-panel" open={Boolean(form.errors?.length || fields.invoiceId.errors || fields.amount.errors)}>
      <summary>{t("transfers.allocate")}</summary>
      {invoices.length === 0 ? (
        <p className="muted">{t("transfers.noOpenInvoices")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="allocate" />
          <input {...getInputProps(fields.transferId, { type: "hidden" })} />
          <div className="form-row">
            <Field label={t("transfers.invoice")} htmlFor={fields.invoiceId.id} errors={fields.invoiceId.errors} errorId={fields.invoiceId.errorId}>
              <select {...getSelectProps(fields.invoiceId)}>
                <option value="">{t("transfers.chooseInvoice")}</option>
                {invoices.map((invoice) => (
                  <option key={invoice.id} value={invoice.id}>
                    {`${invoice.number} · ${i18n.language === "en" ? invoice.orgNameEn : invoice.orgNameZh} · ${invoice.transferReference} · ${formatCny(invoice.outstandingFen, i18n.language)}`}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t("transfers.allocateAmount")} hint={t("transfers.allocateAmountHint")} htmlFor={fields.amount.id} errors={fields.amount.errors} errorId={fields.amount.errorId}>
              <input {...getInputProps(fields.amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
            </Field>
          </div>
          <SubmitButton busy={busy} className="button button-small">
            {t("transfers.allocateSubmit")}
          </SubmitButton>
        </Form>
      )}
    </details>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const previewResult = useResultFor("preview");
  // A preview keeps the statement as typed: its success clears the form's errors, not the form.
  const lastResult = useMemo(() => (previewResult && !previewResult.error ? { status: previewResult.status } : previewResult), [previewResult]);
  const [form, fields] = useForm({
    id: "import-statement",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const busy = useBusy("preview");
  return (
    <div className="card">
      <h2 id="import-title">{t("transfers.importTitle")}</h2>
      <p className="hint form-lead">{t("transfers.importLead")}</p>
      <pre className="small form-lead">{t("transfers.importExample")}</pre>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} aria-labelledby="import-title">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="preview" />
        <Field label={t("transfers.importFile")} hint={t("transfers.importFileHint")} htmlFor={fields.file.id} errors={fields.file.errors} errorId={fields.file.errorId}>
          <input {...getInputProps(fields.file, { type: "file" })} accept=".csv,.txt,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </Field>
        <TextareaField meta={fields.csv} label={t("transfers.importPaste")} rows={5} spellCheck={false} />
        <SubmitButton busy={busy}>{t("transfers.previewSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}
