// /admin/credits — the park's credits console: one header and tabs around sales and usage,
// grants, prices, packs and API keys. Finance (credits:grant) sees sales, usage and grants;
// park admins (credits:admin) also prices, packs, keys and reconciliation.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { withAppErrors } from "~/modules/platform/route-errors";
import { Tabs } from "~/components/ui";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("算力管理");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "credits:grant", kind: "park" });
  return { isAdmin: hasPermission(member, "credits:admin", { kind: "park" }) };
});

const tabs = [
  { to: "/admin/credits", labelKey: "creditsAdmin.nav.overview", end: true, adminOnly: false },
  { to: "/admin/credits/grants", labelKey: "creditsAdmin.nav.grants", end: false, adminOnly: false },
  { to: "/admin/credits/prices", labelKey: "creditsAdmin.nav.prices", end: false, adminOnly: false },
  { to: "/admin/credits/packs", labelKey: "creditsAdmin.nav.packs", end: false, adminOnly: false },
  { to: "/admin/credits/keys", labelKey: "creditsAdmin.nav.keys", end: false, adminOnly: true },
] as const;

export default function CreditsAdminLayout() {
  const { t } = useTranslation();
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <section className="stack compute">
      <header className="page-header">
        <h1>{t("creditsAdmin.title")}</h1>
        <p className="lead">{t("creditsAdmin.lead")}</p>
      </header>
      <Tabs label={t("creditsAdmin.nav.label")} items={tabs.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => ({ to: tab.to, end: tab.end, label: t(tab.labelKey) }))} />
      <Outlet />
    </section>
  );
}
