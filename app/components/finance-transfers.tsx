// The bank-statement reports of /finance/transfers: what an import would do (with the button that
// applies it) and what it did, row by row, and the sentence for a transfer's memo match.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { DataColumn } from "~/components/data-table";
import { FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { ParkDate } from "~/components/ui";
import { formatCny } from "~/i18n/format";
import type { MatchResult, StatementImport, StatementPreview } from "~/modules/billing/transfers.server";

/** The columns every list of bank transfers starts with: when it came, from whom, the bank's reference. */
export function transferColumns(t: TFunction): DataColumn<{ receivedOn: string; payerName: string; bankReference: string }>[] {
  return [
    { header: t("transfers.receivedOn"), cell: (transfer) => <ParkDate day={transfer.receivedOn} /> },
    { header: t("transfers.payer"), cell: (transfer) => transfer.payerName },
    { header: t("transfers.reference"), cell: (transfer) => <code>{transfer.bankReference}</code> },
  ];
}

/** A sentence about what matching a transfer's memo against invoice references did. */
export function describeMatch(t: TFunction, language: string, match: MatchResult): string {
  if (!match.matched) return t(`transfers.unmatched.${match.reason}`, { references: match.references.join(", ") });
  const invoices = match.allocations.map((a) => a.invoiceNumber ?? "").join(", ");
  return match.unallocatedFen > 0n
    ? t("transfers.matchedWithRemainder", { invoices, remaining: formatCny(match.unallocatedFen, language) })
    : t("transfers.matched", { invoices });
}

/** Rows as the apply form carries them back: amounts as strings of fen. */
function rowsJson(rows: StatementPreview["rows"]) {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

/** What an import would do, row by row, and the button that applies it. */
export function PreviewReport({ preview, result, busy }: { preview: StatementPreview; result?: SubmissionResult<string[]>; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = useForm({ id: "apply-statement", lastResult: result, shouldValidate: "onSubmit" });
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
      <UnmatchedRows title={t("transfers.preview.unmatched")} rows={preview.unmatched} withMemo />
      <SkippedRows rows={preview.skipped} />
      <AlreadyImportedRows rows={preview.alreadyImported} />
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

export function ImportReport({ report }: { report: StatementImport }) {
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
      <UnmatchedRows title={t("transfers.report.unmatched")} rows={report.unmatched} />
      <AlreadyImportedRows rows={report.alreadyImported} />
    </div>
  );
}

function UnmatchedRows({ title, rows, withMemo = false }: { title: string; rows: StatementPreview["unmatched"]; withMemo?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.line}>
            {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {row.payerName} · {formatCny(row.amountFen, lang)}
            {" — "}
            {describeMatch(t, lang, row.match)}
            {withMemo && row.memo ? <div className="muted small">{t("transfers.memoShown", { memo: row.memo })}</div> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function AlreadyImportedRows({ rows }: { rows: StatementImport["alreadyImported"] }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{t("transfers.report.already")}</h3>
      <ul className="list">
        {rows.map((row) => (
          <li key={row.line}>
            {t("transfers.report.line", { line: row.line })} · <code>{row.bankReference}</code> · {formatCny(row.amountFen, i18n.language)}
          </li>
        ))}
      </ul>
    </>
  );
}
