import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { listTenants } from "~/modules/identity/organisations.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = () => [{ title: "入驻企业 · 昊浦汇" }];

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
      {tenants.length === 0 ? (
        <p className="empty-state card">{t("tenants.empty")}</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("common.name")}</th>
                <th scope="col">{t("tenants.category")}</th>
                <th scope="col">{t("tenants.members")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("tenants.since")}</th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((tenant) => (
                <tr key={tenant.id}>
                  <td data-label={t("common.name")}>
                    <Link to={`/admin/tenants/${tenant.id}`}>{i18n.language === "en" ? tenant.nameEn : tenant.nameZh}</Link>
                  </td>
                  <td data-label={t("tenants.category")}>{tenant.category ? t(`categories.${tenant.category}`) : "—"}</td>
                  <td data-label={t("tenants.members")}>{tenant.members}</td>
                  <td data-label={t("common.status")}>{t(`tenants.status.${tenant.status}`)}</td>
                  <td data-label={t("tenants.since")}>{formatDate(tenant.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
