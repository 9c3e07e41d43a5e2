// The service desk (一站式服务台): park staff with `services:manage` review orders, see every
// resource's calendar and utilisation, and manage the catalogue. The tabs live here.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ServicesNav } from "~/components/services-ui";
import { PageHeader } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import servicesStyles from "~/styles/services.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction = titled("服务台");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "services:manage", kind: "park" });
  return null;
});

export default function DeskLayout() {
  const { t } = useTranslation();
  return (
    <section className="stack services desk">
      <PageHeader title={t("services.desk.title")} />
      <ServicesNav kind="desk" />
      <Outlet />
    </section>
  );
}
