// The registration desk (注册服务台): park staff with `registration:manage` run the queue of cases,
// the park's address pool, the fees per case type and the statistics. The tabs live here.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeskNav } from "~/components/registration-ui";
import { PageHeader } from "~/components/ui";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import registrationStyles from "~/styles/registration.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: registrationStyles }];

export const meta: MetaFunction = titled("注册服务台");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "registration:manage", kind: "park" });
  return null;
});

export default function RegistrationDeskLayout() {
  const { t } = useTranslation();
  return (
    <section className="stack registration desk">
      <PageHeader title={t("registration.desk.title")} lead={t("registration.desk.lead")} className="no-print" />
      <DeskNav />
      <Outlet />
    </section>
  );
}
