import { useTranslation } from "react-i18next";
import { formatCny } from "~/i18n/format";

/** An amount in fen, shown as CNY in the reader's language. */
export function Money({ fen }: { fen: bigint | string | number }) {
  const { i18n } = useTranslation();
  return <span className="money">{formatCny(fen, i18n.language)}</span>;
}

/** 600 basis points → "6%", 650 → "6.5%", without floating point. */
export function formatRateBp(bp: number) {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest ? `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}%` : `${whole}%`;
}

export function StatusPill({ status, labelKey }: { status: string; labelKey: string }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(labelKey)}</span>;
}
