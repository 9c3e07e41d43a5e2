// A lease as its resident (or the company's owner/admin) sees it — on /housing and on
// /housing/leases/:id — and the lines both the resident's and the office's lease pages show under
// a month's rent and the deposit.
import { getFormProps, useForm } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useState } from "react";
import { DataTable } from "~/components/data-table";
import { ConfirmForm, Field, FieldErrors } from "~/components/forms";
import { useLastResult, type FormFields } from "~/components/housing-forms";
import { DateRange, InvoiceStatus, LeaseStatus, UnitLabel, UnitTypeLabel, useT } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { formatDateTime, formatMonth } from "~/i18n/format";

export interface LeasePanelData {
  lease: {
    id: string;
    number: string;
    status: string;
    startsOn: string;
    endsOn: string;
    bedNo: number;
    payer: string;
    monthlyRentFen: bigint | string;
    depositFen: bigint | string;
    termsVersion: string;
    signedAt: Date | string | null;
    noticeGivenAt: Date | string | null;
    checkedInAt: Date | string | null;
    unitCode: string;
    unitType: string;
    buildingNameZh: string;
    buildingNameEn: string;
    residentName: string;
  };
  charges: {
    id: string;
    month: string;
    days: number;
    rentFen: bigint | string;
    utilitiesFen: bigint | string;
    /** Rent billed beyond the days let and going back to the payer (an early end after payment). */
    creditFen: bigint | string;
    /** Of what goes back, the part billing has not yet sent (a bank refund finance has to send). */
    refundPendingFen: bigint | string;
    invoiceId: string | null;
    invoiceNumber: string | null;
    invoiceStatus: string | null;
    totalFen: bigint | string | null;
    overdue: boolean;
  }[];
  deposit: {
    invoiceId: string | null;
    invoiceNumber: string | null;
    invoiceStatus: string | null;
    depositFen: bigint | string;
    refundPendingFen: bigint | string;
    refundSentFen: bigint | string;
  } | null;
  termsVersionCurrent: string;
  isResident: boolean;
  canOpenInvoices: boolean;
  earliestNoticeEnd: string;
}

/**
 * The line under a month's rent when part of what was paid for it goes back (an early end), and
 * whether that money is still to be sent (a refund is pending until finance or the gateway says so).
 */
export function RentCredited({ fen, pendingFen = 0n }: { fen: bigint | string; pendingFen?: bigint | string }) {
  const { t } = useT();
  if (BigInt(fen) <= 0n) return null;
  return (
    <span className="hint rent-credited" data-testid="rent-credited">
      {t("housing.resident.rentCredited")} <Money fen={fen} />
      {BigInt(pendingFen) > 0n ? <span data-testid="refund-pending"> · {t("housing.resident.refundPending")}</span> : null}
    </span>
  );
}

/** The deposit's way back: pending until the money has left, then sent. */
export function DepositRefund({ pendingFen, sentFen }: { pendingFen: bigint | string; sentFen: bigint | string }) {
  const { t } = useT();
  if (BigInt(pendingFen) <= 0n && BigInt(sentFen) <= 0n) return null;
  return (
    <span className="hint" data-testid="deposit-refund">
      {BigInt(pendingFen) > 0n ? (
        <span data-testid="refund-pending">
          {t("housing.resident.depositRefundPending")} <Money fen={pendingFen} />
        </span>
      ) : null}
      {BigInt(pendingFen) > 0n && BigInt(sentFen) > 0n ? " · " : null}
      {BigInt(sentFen) > 0n ? (
        <span>
          {t("housing.resident.depositRefundSent")} <Money fen={sentFen} />
        </span>
      ) : null}
    </span>
  );
}

/**
 * A lease as its resident (or the company's admin) sees it: the unit and dates, signing online
 * (terms, checkbox, version and time), the bills, and notice. Forms post to /housing/leases/:id.
 */
export function LeasePanel({ data, back }: { data: LeasePanelData; back: string }) {
  const { t, en, language } = useT();
  const { lease } = data;
  const action = `/housing/leases/${lease.id}`;
  const [agreed, setAgreed] = useState(false);
  const [signForm, signFields] = useForm({ id: "sign", lastResult: useLastResult({ intent: "sign" }) });
  const noticeResult = useLastResult({ intent: "notice" });
  const [noticeForm, noticeFields] = useForm<FormFields<"endsOn">>({ id: "notice", lastResult: noticeResult, defaultValue: { endsOn: data.earliestNoticeEnd } });
  const invoiceLink = (id: string | null, label: string | null) =>
    id && data.canOpenInvoices ? (
      <Link to={`/billing/invoices/${id}`} className="nowrap">
        {label ?? t("housing.resident.viewInvoice")}
      </Link>
    ) : (
      <span className="nowrap">{label ?? ""}</span>
    );
  return (
    <>
      <div className="card" data-testid="my-lease">
        <div className="card-header">
          <h2 className="card-title">{t("housing.resident.apartment")}</h2>
          <LeaseStatus status={lease.status} startsOn={lease.startsOn} />
        </div>
        <dl className="details">
          <dt>{t("housing.resident.unit")}</dt>
          <dd>
            <strong>
              <UnitLabel code={lease.unitCode} bedNo={lease.bedNo} />
            </strong>{" "}
            · <UnitTypeLabel type={lease.unitType} />
          </dd>
          <dt>{t("housing.resident.building")}</dt>
          <dd>{en ? lease.buildingNameEn : lease.buildingNameZh}</dd>
          <dt>{t("housing.resident.dates")}</dt>
          <dd>
            <DateRange from={lease.startsOn} to={lease.endsOn} />
          </dd>
          <dt>{t("housing.resident.rent")}</dt>
          <dd>
            <Money fen={lease.monthlyRentFen} />
          </dd>
          <dt>{t("housing.resident.deposit")}</dt>
          <dd>
            <Money fen={lease.depositFen} />
            {data.deposit?.invoiceId ? (
              <>
                {" "}
                · {invoiceLink(data.deposit.invoiceId, data.deposit.invoiceNumber)} <InvoiceStatus status={data.deposit.invoiceStatus} />{" "}
                <DepositRefund pendingFen={data.deposit.refundPendingFen} sentFen={data.deposit.refundSentFen} />
              </>
            ) : null}
          </dd>
          <dt>{t("housing.resident.payer")}</dt>
          <dd>{t(`housing.pages.payer.${lease.payer}`)}</dd>
          <dt>{t("housing.resident.leaseNumber")}</dt>
          <dd>{lease.number}</dd>
        </dl>
        {lease.signedAt ? (
          <p className="hint" data-testid="signed-at">
            {t("housing.resident.signedAt", { time: formatDateTime(lease.signedAt, en ? "en" : "zh-CN"), version: lease.termsVersion })}
          </p>
        ) : null}
      </div>

      {lease.status === "awaiting_signature" && data.isResident ? (
        <Form method="post" action={action} {...getFormProps(signForm)} className="card stack" data-testid="sign-form">
          <h2 className="card-title">{t("housing.resident.signTitle")}</h2>
          <div className="terms" tabIndex={0} aria-label={t("housing.leaseTerms.title")}>
            <p>
              <strong>{t("housing.leaseTerms.title")}</strong> · {t("housing.leaseTerms.version", { version: data.termsVersionCurrent })}
            </p>
            {(["use", "rent", "deposit", "notice", "care", "rules"] as const).map((key) => (
              <p key={key}>{t(`housing.leaseTerms.${key}`)}</p>
            ))}
          </div>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="termsVersion" value={data.termsVersionCurrent} />
          <input type="hidden" name="back" value={back} />
          <label className="check">
            <input type="checkbox" name={signFields.agree.name} value="yes" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} aria-describedby={signFields.agree.errorId} />
            {t("housing.leaseTerms.accept")}
          </label>
          <FieldErrors id={signFields.agree.errorId} errors={signFields.agree.errors} />
          <div className="actions">
            <button type="submit" className="button">
              {t("housing.resident.signSubmit")}
            </button>
          </div>
        </Form>
      ) : null}

      <div className="card">
        <h2 className="card-title">{t("housing.resident.billsTitle")}</h2>
        {lease.payer === "company" && !data.canOpenInvoices ? <p className="hint">{t("housing.resident.companyPays")}</p> : null}
        <DataTable
          rows={data.charges}
          rowKey={(c) => c.id}
          rowProps={() => ({ "data-testid": "rent-charge" })}
          empty={<p className="empty-state">{t("housing.resident.noBills")}</p>}
          columns={[
            { header: t("housing.resident.month"), cell: (c) => formatMonth(c.month, language) },
            { header: t("housing.resident.days"), cell: (c) => c.days },
            {
              header: t("housing.resident.rentAmount"),
              cell: (c) => (
                <>
                  <Money fen={c.rentFen} />
                  <RentCredited fen={c.creditFen} pendingFen={c.refundPendingFen} />
                </>
              ),
            },
            { header: t("housing.resident.utilities"), cell: (c) => <Money fen={c.utilitiesFen} /> },
            {
              header: t("housing.resident.invoice"),
              cell: (c) => (
                <>
                  {invoiceLink(c.invoiceId, c.invoiceNumber)} <InvoiceStatus status={c.invoiceStatus} overdue={c.overdue} />
                </>
              ),
            },
          ]}
        />
      </div>

      {lease.status === "active" ? (
        <div className="card">
          <h2 className="card-title">{t("housing.resident.noticeTitle")}</h2>
          {lease.noticeGivenAt ? (
            <p className="hint">{t("housing.resident.noticeGiven", { time: formatDateTime(lease.noticeGivenAt, en ? "en" : "zh-CN") })}</p>
          ) : null}
          <details className="inline-panel" open={Boolean(noticeResult)}>
            <summary>{t("housing.resident.noticeSubmit")}</summary>
            <ConfirmForm confirm={t("housing.resident.noticeConfirm")} className="stack" action={action} id={noticeForm.id}>
              <input type="hidden" name="intent" value="notice" />
              <input type="hidden" name="back" value={back} />
              <p className="hint">{t("housing.resident.noticeLead")}</p>
              <Field meta={noticeFields.endsOn} label={t("housing.resident.noticeEndsOn")}>
                <input id={noticeFields.endsOn.id} type="date" name={noticeFields.endsOn.name} min={data.earliestNoticeEnd} max={lease.endsOn} defaultValue={noticeFields.endsOn.initialValue as string} aria-describedby={noticeFields.endsOn.errorId} />
              </Field>
              <button type="submit" className="button button-secondary">
                {t("housing.resident.noticeSubmit")}
              </button>
            </ConfirmForm>
          </details>
        </div>
      ) : null}
    </>
  );
}
