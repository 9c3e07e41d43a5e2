import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { StatusBadge, type Tone } from "~/components/ui";
import { formatCny } from "~/i18n/format";

/** An amount in fen, shown as CNY in the reader's language. */
export function Money({ fen }: { fen: bigint | string | number }) {
  const { i18n } = useTranslation();
  return <span className="money">{formatCny(fen, i18n.language)}</span>;
}

export interface AmountRow {
  label: string;
  fen: bigint | string | number;
  /** A total: label and amount in bold. */
  strong?: boolean;
}

/** Amounts under their labels, the `<dt>`/`<dd>` pairs of a `<dl>`: a subtotal, the VAT, a total. */
export function AmountRows({ rows }: { rows: readonly AmountRow[] }) {
  return (
    <>
      {rows.map((row) => (
        <Fragment key={row.label}>
          <dt>{row.strong ? <strong>{row.label}</strong> : row.label}</dt>
          <dd>
            {row.strong ? (
              <strong>
                <Money fen={row.fen} />
              </strong>
            ) : (
              <Money fen={row.fen} />
            )}
          </dd>
        </Fragment>
      ))}
    </>
  );
}

/** 600 basis points → "6%", 650 → "6.5%", without floating point. */
export function formatRateBp(bp: number) {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest ? `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%` : `${whole}%`;
}

/** Billing's statuses — an invoice's, a payment's, a refund's, a fapiao request's — on the one colour scale. */
const billingTone: Record<string, Tone> = {
  open: "warning",
  requested: "warning",
  pending: "warning",
  paid: "success",
  issued: "success",
  succeeded: "success",
  applied: "success",
  void: "danger",
  rejected: "danger",
  failed: "danger",
  needs_refund: "danger",
  overdue: "danger",
};

/** A billing status as a badge: `status` picks the tone, `labelKey` the words. */
export function BillingStatus({ status, labelKey }: { status: string; labelKey: string }) {
  const { t } = useTranslation();
  return <StatusBadge tone={billingTone[status] ?? "neutral"}>{t(labelKey)}</StatusBadge>;
}
