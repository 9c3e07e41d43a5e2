import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { formatDate } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { listTenants } from "~/modules/identity/organisations.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("入驻企业");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "tenants:read", kind: "park" });
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { q, tenants: await listTenants({ search: q }) };
});

export default function Tenants() {
  const { t, i18n } = useTranslation();
  const { q, tenants } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("tenants.title")}</h1>
        <p className="lead">{t("tenants.lead", { count: tenants.length })}</p>
      </header>
      <Form method="get" className="filters" role="search">
        <label htmlFor="tenant-search">{t("tenants.searchLabel")}</label>
        <input id="tenant-search" type="search" name="q" defaultValue={q} maxLength={100} />
        <button type="submit" className="button button-small">
          {t("common.search")}
        </button>
      </Form>
      <DataTable
        card
        rows={tenants}
        rowKey={(tenant) => tenant.id}
        empty={<p className="empty-state card">{t("tenants.empty")}</p>}
        columns={[
          { header: t("common.name"), cell: (tenant) => <Link to={`/admin/tenants/${tenant.id}`}>{i18n.language === "en" ? tenant.nameEn : tenant.nameZh}</Link> },
          { header: t("tenants.category"), cell: (tenant) => (tenant.category ? t(`categories.${tenant.category}`) : "—") },
          { header: t("tenants.members"), cell: (tenant) => tenant.members },
          { header: t("common.status"), cell: (tenant) => t(`tenants.status.${tenant.status}`) },
          { header: t("tenants.since"), cell: (tenant) => formatDate(tenant.createdAt, i18n.language) },
        ]}
      />
    </section>
  );
}
