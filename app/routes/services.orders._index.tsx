// A tenant's service orders: what is open, what is done.
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { Money } from "~/components/money";
import { OrderStatus, ServicesNav } from "~/components/services-ui";
import { DoneNotice } from "~/components/forms";
import { EmptyState, PageHeader, Tabs } from "~/components/ui";
import { formatDate, formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { readCart } from "~/modules/services/catalogue.server";
import { tenantOrderList } from "~/modules/services/console.server";
import servicesStyles from "~/styles/services.css";
import { titled } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction = titled("服务订单");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const open = new URL(request.url).searchParams.get("show") !== "all";
  const [orders, cart] = await Promise.all([tenantOrderList(member, { open }), readCart(request)]);
  return { orders, open, cartCount: cart.length };
});

export default function TenantOrders() {
  const { t, i18n } = useTranslation();
  const { orders, open, cartCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section className="stack services">
      <PageHeader title={t("services.orders.title")} lead={t("services.orders.lead")} />
      <ServicesNav kind="tenant" cartCount={cartCount} />
      <Tabs
        label={t("services.orders.filter")}
        items={[
          { to: "/services/orders", label: t("services.orders.open"), current: open },
          { to: "/services/orders?show=all", label: t("services.orders.all"), current: !open },
        ]}
      />
      <DoneNotice message={params.get("cancelled") ? "services.orders.cancelledNotice" : null} />
      <DataTable
        card
        rows={orders}
        rowKey={(o) => o.id}
        empty={
          <EmptyState
            action={
              <Link className="button" to="/services">
                {t("services.cart.browse")}
              </Link>
            }
          >
            {t("services.orders.empty")}
          </EmptyState>
        }
        columns={[
          {
            header: t("services.orders.order"),
            cell: (o) => (
              <>
                <Link to={`/services/orders/${o.id}`}>{o.title}</Link>
                <div className="muted small">
                  {t("services.orders.submittedAt", { time: formatDateTime(o.submittedAt, i18n.language) })} · {t("services.orders.lineCount", { count: o.lines })}
                </div>
              </>
            ),
          },
          { header: t("services.orders.starts"), cell: (o) => (o.startsAt ? formatDate(o.startsAt, i18n.language) : "—") },
          { header: t("services.total"), cell: (o) => (o.unpriced ? <span className="muted">{t("services.awaitingQuote")}</span> : <Money fen={o.totalWithVatFen} />) },
          { header: t("common.status"), cell: (o) => <OrderStatus status={o.status} /> },
        ]}
      />
    </section>
  );
}
