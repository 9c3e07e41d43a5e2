// The finance console's own tabs: overview, invoices, transfers, fapiao requests, refunds to send.
import { useTranslation } from "react-i18next";
import { Tabs } from "~/components/ui";

const tabs = [
  { to: "/finance", labelKey: "finance.nav.overview", end: true },
  { to: "/finance/invoices", labelKey: "finance.nav.invoices", end: false },
  { to: "/finance/transfers", labelKey: "finance.nav.transfers", end: false },
  { to: "/finance/fapiao", labelKey: "finance.nav.fapiao", end: false },
  { to: "/finance/refunds", labelKey: "finance.nav.refunds", end: false },
] as const;

export function FinanceNav() {
  const { t } = useTranslation();
  return <Tabs label={t("finance.nav.label")} items={tabs.map((tab) => ({ to: tab.to, end: tab.end, label: t(tab.labelKey) }))} />;
}
