// The housing office's console (公寓管理): park staff with `housing:manage` see the occupancy
// map, the waitlist and offers, leases, arrears, repairs, units and companies' quotas. The tabs
// live here.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { ConsoleTabs, useT } from "~/components/housing-ui";
import { PageHeader } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import housingStyles from "~/styles/housing.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: housingStyles }];
export const meta: MetaFunction = titled("公寓管理");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "housing:manage", kind: "park" });
  return null;
});

export default function HousingConsoleLayout() {
  const { t } = useT();
  return (
    <section className="stack housing housing-console">
      <PageHeader title={t("housing.console.title")} />
      <ConsoleTabs />
      <Outlet />
    </section>
  );
}
