// The finance console's own tabs: overview, invoices, transfers, fapiao requests, refunds to send.
import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const tabs = [
  { to: "/finance", labelKey: "finance.nav.overview", end: true },
  { to: "/finance/invoices", labelKey: "finance.nav.invoices", end: false },
  { to: "/finance/transfers", labelKey: "finance.nav.transfers", end: false },
  { to: "/finance/fapiao", labelKey: "finance.nav.fapiao", end: false },
  { to: "/finance/refunds", labelKey: "finance.nav.refunds", end: false },
] as const;

export function FinanceNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("finance.nav.label")}>
      <ul className="tabs">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end} prefetch="intent" className="tab">
              {t(tab.labelKey)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
