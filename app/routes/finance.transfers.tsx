// /finance/transfers — corporate bank transfers (对公转账): record one, import a bank statement
// as the bank exports it (CSV in UTF-8 or GB18030, or .xlsx: previewed first, then applied), and
// allocate what is not yet allocated to invoices.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { FinanceNav } from "~/components/finance-nav";
import { Field, FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { formatCny, formatDate } from "~/i18n/format";
import { allocateTransferSchema, recordTransferSchema, statementApplySchema, statementImportSchema } from "~/modules/billing/finance-forms";
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
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
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

/** A sentence about what matching a transfer's memo against invoice references did. */
function describeMatch(t: TFunction, language: string, match: MatchResult): string {
  if (!match.matched) return t(`transfers.unmatched.${match.reason}`, { references: match.references.join(", ") });
  const invoices = match.allocations.map((a) => a.invoiceNumber ?? "").join(", ");
  return match.unallocatedFen > 0n
    ? t("transfers.matchedWithRemainder", { invoices, remaining: formatCny(match.unallocatedFen, language) })
    : t("transfers.matched", { invoices });
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const form = await readForm(request);
  const intent = String(form.get("intent")) as Intent;
  const { ip } = await requestInfo(request, context);
  const target = intent === "allocate" ? String(form.get("transferId") ?? "") : "";
  const reply = (
    body: { result: SubmissionResult<string[]>; done?: string | null; recorded?: MatchResult | null; report?: StatementImport | null; preview?: StatementPreview | null },
    status = 200,
  ) => data({ intent, target, done: null, recorded: null, report: null, preview: null, ...body }, { status });

  if (intent === "record") {
    const submission = parseWithZod(form, { schema: recordTransferSchema });
    if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
    try {
      const { amount, ...rest } = submission.value;
      const { match } = await recordTransfer(member, { ...rest, amountFen: amount }, { ip });
      return reply({ result: submission.reply({ resetForm: true }), recorded: match });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply({ result }, status);
    }
  }
  if (intent === "allocate") {
    const submission = parseWithZod(form, { schema: allocateTransferSchema });
    if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
    try {
      const { transferId, invoiceId, amount } = submission.value;
      const { allocations } = await allocateTransfer(member, { transferId, allocations: [{ invoiceId, amountFen: amount }] }, { ip });
      return reply({ result: submission.reply({ resetForm: true }), done: encodeMessage("transfers.allocated", { invoice: allocations[0]?.invoiceNumber ?? "" }) });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply({ result }, status);
    }
  }
  if (intent === "preview") {
    const submission = parseWithZod(form, { schema: statementImportSchema });
    if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
    try {
      const { file, csv } = submission.value;
      const statement = file?.size ? new Uint8Array(await file.arrayBuffer()) : (csv ?? "");
      const preview = await previewBankStatement(member, statement);
      return reply({ result: submission.reply(), preview }, preview.invalid.length ? 422 : 200);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply({ result }, status);
    }
  }
  if (intent === "import" && form.has("rows")) {
    // Applying what a preview showed: its rows come back and are checked again whole.
    const submission = parseWithZod(form, { schema: statementApplySchema });
    if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
    try {
      const report = await importBankStatement(member, submission.value.rows, { ip });
      return reply({ result: submission.reply({ resetForm: true }), report });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply({ result }, status);
    }
  }
  if (intent === "import") {
    const submission = parseWithZod(form, { schema: statementImportSchema });
    if (submission.status !== "success") return reply({ result: submission.reply() }, 400);
    try {
      const { file, csv } = submission.value;
      const statement = file?.size ? new Uint8Array(await file.arrayBuffer()) : (csv ?? "");
      const report = await importBankStatement(member, statement, { ip });
      return reply({ result: report.applied ? submission.reply({ resetForm: true }) : submission.reply(), report }, report.applied ? 200 : 422);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply({ result }, status);
    }
  }
  throw new AppError("invalid", "errors.badForm");
});

function useResultFor(intent: Intent, target = "") {
  const actionData = useActionData<typeof action>();
  return actionData?.intent === intent && actionData.target === target ? actionData.result : undefined;
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
  const actionData = useActionData<typeof action>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("transfers.title")}</h1>
        <p className="lead">{t("transfers.lead")}</p>
      </header>
      <FinanceNav />
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done)}
        </p>
      ) : null}
      {actionData?.recorded ? (
        <p className="notice" role="status">
          {t("transfers.recorded")} {describeMatch(t, lang, actionData.recorded)}
        </p>
      ) : null}
      {actionData?.preview ? <PreviewReport preview={actionData.preview} /> : null}
      {actionData?.report ? <ImportReport report={actionData.report} /> : null}

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
                    <strong>{transfer.payerName}</strong> · {formatDate(transfer.receivedOn, lang)} · <code>{transfer.bankReference}</code>
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
            { header: t("transfers.receivedOn"), cell: (transfer) => formatDate(transfer.receivedOn, lang) },
            { header: t("transfers.payer"), cell: (transfer) => transfer.payerName },
            { header: t("transfers.reference"), cell: (transfer) => <code>{transfer.bankReference}</code> },
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
  const [form, fields] = useForm({
    id: "record-transfer",
    lastResult: useResultFor("record"),
    defaultValue: { receivedOn: today },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordTransferSchema }),
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
          <Field label={t("transfers.amount")} hint={t("finance.amountHint")} htmlFor={fields.amount.id} errors={fields.amount.errors} errorId={fields.amount.errorId}>
            <input {...getInputProps(fields.amount, { type: "text" })} inputMode="decimal" autoComplete="off" />
          </Field>
          <Field label={t("transfers.receivedOn")} htmlFor={fields.receivedOn.id} errors={fields.receivedOn.errors} errorId={fields.receivedOn.errorId}>
            <input {...getInputProps(fields.receivedOn, { type: "date" })} max={today} />
          </Field>
        </div>
        <div className="form-row">
          <Field label={t("transfers.payer")} htmlFor={fields.payerName.id} errors={fields.payerName.errors} errorId={fields.payerName.errorId}>
            <input {...getInputProps(fields.payerName, { type: "text" })} autoComplete="off" />
          </Field>
          <Field label={t("transfers.reference")} hint={t("transfers.referenceHint")} htmlFor={fields.bankReference.id} errors={fields.bankReference.errors} errorId={fields.bankReference.errorId}>
            <input {...getInputProps(fields.bankReference, { type: "text" })} autoComplete="off" />
          </Field>
        </div>
        <Field label={t("transfers.memo")} hint={t("transfers.memoHint")} htmlFor={fields.memo.id} errors={fields.memo.errors} errorId={fields.memo.errorId}>
          <input {...getInputProps(fields.memo, { type: "text" })} autoComplete="off" />
        </Field>
        <SubmitButton busy={busy}>{t("transfers.recordSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}

function AllocateForm({ transferId }: { transferId: string }) {
  const { t, i18n } = useTranslation();
  const { invoices } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: `allocate-${transferId}`,
    lastResult: useResultFor("allocate", transferId),
    defaultValue: { transferId },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: allocateTransferSchema }),
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
  const [form, fields] = useForm({
    id: "import-statement",
    lastResult: useResultFor("preview"),
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
        <Field label={t("transfers.importPaste")} htmlFor={fields.csv.id} errors={fields.csv.errors} errorId={fields.csv.errorId}>
          <textarea {...getTextareaProps(fields.csv)} rows={5} spellCheck={false} />
        </Field>
        <SubmitButton busy={busy}>{t("transfers.previewSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}

/** Rows as the apply form carries them back: amounts as strings of fen. */
function rowsJson(rows: StatementPreview["rows"]) {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

/** What an import would do, row by row, and the button that applies it. */
function PreviewReport({ preview }: { preview: StatementPreview }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const result = useResultFor("import");
  const [form] = useForm({ id: "apply-statement", lastResult: result, shouldValidate: "onSubmit" });
  const busy = useBusy("import");
  const toRecord = preview.matched.length + preview.unmatched.length;
  return (
    <div className={preview.invalid.length ? "card report report-refused" : "card report"} role="status" aria-live="polite" data-testid="statement-preview">
      <h2>{t("transfers.preview.title")}</h2>
      <p>
        {t("transfers.preview.summary", {
          matched: preview.matched.length,
          unmatched: preview.unmatched.length,
          skipped: preview.skipped.length,
          already: preview.alreadyImported.length,
        })}
      </p>
      {preview.headerLine > 1 ? <p className="muted small">{t("transfers.preview.headerFound", { line: preview.headerLine })}</p> : null}
      <InvalidRows rows={preview.invalid} />
      {preview.matched.length ? (
        <>
          <h3>{t("transfers.preview.matched")}</h3>
          <ul className="list">
            {preview.matched.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {row.payerName} · {formatCny(row.amountFen, lang)} →{" "}
                {row.match.matched ? row.match.allocations.map((a) => `${a.invoiceNumber} ${formatCny(a.amountFen, lang)}`).join("，") : null}
                {row.match.unallocatedFen > 0n ? (
                  <span className="muted small"> {t("transfers.remainingShort", { amount: formatCny(row.match.unallocatedFen, lang) })}</span>
                ) : null}
                {row.memo ? <div className="muted small">{t("transfers.memoShown", { memo: row.memo })}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.unmatched.length ? (
        <>
          <h3>{t("transfers.preview.unmatched")}</h3>
          <ul className="list">
            {preview.unmatched.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {row.payerName} · {formatCny(row.amountFen, lang)}
                {" — "}
                {describeMatch(t, lang, row.match)}
                {row.memo ? <div className="muted small">{t("transfers.memoShown", { memo: row.memo })}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <SkippedRows rows={preview.skipped} />
      {preview.alreadyImported.length ? (
        <>
          <h3>{t("transfers.report.already")}</h3>
          <ul className="list">
            {preview.alreadyImported.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {formatCny(row.amountFen, lang)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.ready ? (
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="rows" value={rowsJson(preview.rows)} />
          <p className="hint">{t("transfers.preview.applyHint", { count: toRecord, matched: preview.matched.length })}</p>
          <SubmitButton busy={busy}>{t("transfers.preview.apply", { count: toRecord })}</SubmitButton>
        </Form>
      ) : (
        <p className="form-errors">{preview.invalid.length ? t("transfers.report.refused", { count: preview.invalid.length }) : t("transfers.preview.nothing")}</p>
      )}
    </div>
  );
}

function InvalidRows({ rows }: { rows: StatementImport["invalid"] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{t("transfers.report.invalid")}</h3>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.line}>
            {t("transfers.report.line", { line: row.line })}
            {row.bankReference ? (
              <>
                {" "}
                · <code>{row.bankReference}</code>
              </>
            ) : null}
            : {row.reasons.map((m) => translateMessage(t, m)).join(" ")}
          </li>
        ))}
      </ul>
    </>
  );
}

function SkippedRows({ rows }: { rows: StatementImport["skipped"] }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{t("transfers.preview.skipped")}</h3>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.line}>
            {t("transfers.report.line", { line: row.line })} · {t(`transfers.skip.${row.reason}`)}
            {row.amountFen !== null ? ` · ${formatCny(row.amountFen, i18n.language)}` : ""}
            <span className="muted small"> — {row.text}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function ImportReport({ report }: { report: StatementImport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className={report.applied ? "card report" : "card report report-refused"} role="status" aria-live="polite">
      <h2>{t("transfers.report.title")}</h2>
      {report.applied ? (
        <p>
          {t("transfers.report.summary", {
            matched: report.matched.length,
            unmatched: report.unmatched.length,
            already: report.alreadyImported.length,
            skipped: report.skipped.length,
          })}
        </p>
      ) : (
        <p className="form-errors">{t("transfers.report.refused", { count: report.invalid.length })}</p>
      )}
      <InvalidRows rows={report.invalid} />
      {report.matched.length ? (
        <>
          <h3>{t("transfers.report.matched")}</h3>
          <ul className="list">
            {report.matched.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {row.payerName} · {formatCny(row.amountFen, lang)} →{" "}
                {row.match.matched
                  ? row.match.allocations.map((a) => (
                      <span key={a.invoiceId}>
                        <Link to={`/finance/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link> {formatCny(a.amountFen, lang)}{" "}
                      </span>
                    ))
                  : null}
                {row.match.unallocatedFen > 0n ? (
                  <span className="muted small">{t("transfers.remainingShort", { amount: formatCny(row.match.unallocatedFen, lang) })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.unmatched.length ? (
        <>
          <h3>{t("transfers.report.unmatched")}</h3>
          <ul className="list">
            {report.unmatched.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {row.payerName} · {formatCny(row.amountFen, lang)}
                {" — "}
                {describeMatch(t, lang, row.match)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.alreadyImported.length ? (
        <>
          <h3>{t("transfers.report.already")}</h3>
          <ul className="list">
            {report.alreadyImported.map((row) => (
              <li key={row.line}>
                {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {formatCny(row.amountFen, lang)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
