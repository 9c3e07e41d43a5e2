// /compute — the tenant's compute credits: one header and tabs around the overview, the
// statement, projects and budgets, and the gateway API's documentation.
import { type MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Tabs } from "~/components/ui";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("算力");

const tabs = [
  { to: "/compute", labelKey: "compute.nav.overview", end: true },
  { to: "/compute/statement", labelKey: "compute.nav.statement", end: false },
  { to: "/compute/projects", labelKey: "compute.nav.projects", end: false },
  { to: "/compute/api", labelKey: "compute.nav.api", end: false },
] as const;

export default function ComputeLayout() {
  const { t } = useTranslation();
  return (
    <section className="stack compute">
      <header className="page-header">
        <h1>{t("compute.title")}</h1>
        <p className="lead">{t("compute.lead")}</p>
      </header>
      <Tabs label={t("compute.nav.label")} items={tabs.map((tab) => ({ to: tab.to, end: tab.end, label: t(tab.labelKey) }))} />
      <Outlet />
    </section>
  );
}
