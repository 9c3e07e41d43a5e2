// The housing office's forms on a lease (/housing/console/leases/:id): the residents with "show in
// full", check-in and check-out, notice and renewal, and the deposit with its deductions.
import { getFormProps, useForm } from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { ActionButton, InputField } from "~/components/forms";
import { RowSubmit, useLastResult, type FormFields } from "~/components/housing-forms";
import { DepositRefund } from "~/components/housing-lease";
import { InvoiceStatus, useT } from "~/components/housing-ui";
import { Money } from "~/components/money";
import { formatDateTime } from "~/i18n/format";

/** Check-in or check-out: keys, access cards and both meters. */
export function HandoverForm({ intent, busy }: { intent: "checkIn" | "checkOut"; busy: boolean }) {
  const { t } = useT();
  const [form, fields] = useForm<FormFields<"keys" | "accessCards" | "electricityKwh" | "waterM3" | "note">>({ id: intent, lastResult: useLastResult({ intent }), defaultValue: { keys: "2", accessCards: "1" } });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid={`${intent}-form`}>
      <h3 className="card-title">{t(intent === "checkIn" ? "housing.console.checkInTitle" : "housing.console.checkOutTitle")}</h3>
      <input type="hidden" name="intent" value={intent} />
      <div className="handover-grid">
        <InputField meta={fields.keys} label={t("housing.console.keys")} type="number" min={0} max={50} step={1} />
        <InputField meta={fields.accessCards} label={t("housing.console.accessCards")} type="number" min={0} max={50} step={1} />
        <InputField meta={fields.electricityKwh} label={t("housing.console.electricity")} inputMode="decimal" />
        <InputField meta={fields.waterM3} label={t("housing.console.water")} inputMode="decimal" />
      </div>
      <InputField meta={fields.note} label={t("housing.console.note")} maxLength={1000} />
      <button type="submit" className="button" disabled={busy}>
        {t(intent === "checkIn" ? "housing.console.checkInSubmit" : "housing.console.checkOutSubmit")}
      </button>
    </Form>
  );
}

/** Notice (an earlier end) or renewal (a later one): one date. */
export function EndDateForm({ intent, endsOn, busy }: { intent: "notice" | "renew"; endsOn: string; busy: boolean }) {
  const { t } = useT();
  const [form, fields] = useForm({ id: intent, lastResult: useLastResult({ intent }) });
  const notice = intent === "notice";
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3 className="card-title">{t(notice ? "housing.console.noticeTitle" : "housing.console.renewTitle")}</h3>
      <input type="hidden" name="intent" value={intent} />
      <InputField meta={fields.endsOn} label={t(notice ? "housing.console.noticeEndsOn" : "housing.console.renewEndsOn")} type="date" {...(notice ? { max: endsOn } : { min: endsOn })} />
      <button type="submit" className="button button-secondary" disabled={busy}>
        {t(notice ? "housing.console.noticeSubmit" : "housing.console.renewSubmit")}
      </button>
    </Form>
  );
}

interface ResidentRow {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
  primary: boolean;
  masked: boolean;
}

/** The residents, masked; "show in full" reveals one (the module audits who looked). */
export function ResidentsCard({ residents }: { residents: ResidentRow[] }) {
  const { t } = useT();
  const reply = useActionData<{ done?: { revealed?: ResidentRow } | null }>();
  const revealed = reply?.done?.revealed;
  return (
    <div className="card">
      <h3 className="card-title">{t("housing.console.residents")}</h3>
      <p className="hint">{t("housing.console.revealNote")}</p>
      <ul className="list">
        {residents.map((r) => {
          const shown = revealed?.id === r.id ? revealed : r;
          return (
            <li key={r.id} className="list-row" data-testid="console-resident">
              <span className="pii">
                {shown.name}
                {r.primary ? ` (${t("housing.console.primary")})` : ""} · {shown.idNumber} · {shown.phone}
              </span>
              {shown.masked ? <ActionButton intent="reveal" fields={{ residentId: r.id }} className="link-button" label={t("housing.console.showFullId")} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface DepositData {
  depositFen: bigint | string;
  invoiceNumber: string | null;
  invoiceStatus: string | null;
  deductions: { id: string; descriptionZh: string; descriptionEn: string; amountFen: bigint | string }[];
  refundFen: bigint | string;
  refundPendingFen: bigint | string;
  refundSentFen: bigint | string;
  settledAt: Date | string | null;
}

/** The deposit: paid by which invoice, deductions (added and removed until settled), what goes back, settling. */
export function DepositCard({ deposit, ended, busy }: { deposit: DepositData; ended: boolean; busy: boolean }) {
  const { t, en, language } = useT();
  const [form, fields] = useForm({ id: "deduction", lastResult: useLastResult({ intent: "addDeduction" }) });
  return (
    <div className="card stack" data-testid="deposit">
      <h3 className="card-title">{t("housing.console.depositTitle")}</h3>
      <p>
        <Money fen={deposit.depositFen} /> · {t("housing.console.depositPaid")} <span className="nowrap">{deposit.invoiceNumber ?? "—"}</span> <InvoiceStatus status={deposit.invoiceStatus} />
      </p>
      <h4>{t("housing.console.deductions")}</h4>
      {deposit.deductions.length === 0 ? <p className="hint">{t("housing.console.noDeductions")}</p> : null}
      <ul className="list">
        {deposit.deductions.map((d) => (
          <li key={d.id} className="list-row">
            <span>
              {en ? d.descriptionEn : d.descriptionZh} · <Money fen={d.amountFen} />
            </span>
            {!deposit.settledAt ? <ActionButton intent="removeDeduction" fields={{ deductionId: d.id }} className="link-button" label={t("housing.console.removeDeduction")} /> : null}
          </li>
        ))}
      </ul>
      <p>
        {t("housing.console.refundable")}:{" "}
        <strong>
          <Money fen={deposit.refundFen} />
        </strong>{" "}
        <DepositRefund pendingFen={deposit.refundPendingFen} sentFen={deposit.refundSentFen} />
      </p>
      {deposit.settledAt ? (
        <p className="notice">{t("housing.console.settled", { time: formatDateTime(deposit.settledAt, language) })}</p>
      ) : (
        <>
          <Form method="post" {...getFormProps(form)} className="form-row">
            <input type="hidden" name="intent" value="addDeduction" />
            <InputField meta={fields.descriptionZh} label={t("housing.console.deductionZh")} maxLength={200} />
            <InputField meta={fields.descriptionEn} label={t("housing.console.deductionEn")} maxLength={200} />
            <InputField meta={fields.amount} label={t("housing.console.amountYuan")} inputMode="decimal" className="field-narrow" />
            <RowSubmit label={t("housing.console.addDeduction")} busy={busy} narrow />
          </Form>
          {ended ? <ActionButton intent="settle" confirm={t("housing.console.settleConfirm")} label={t("housing.console.settle")} busy={busy} /> : null}
        </>
      )}
    </div>
  );
}
