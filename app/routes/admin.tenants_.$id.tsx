import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/modules/identity/access.server";
import { listTenantMembers } from "~/modules/identity/members.server";
import { getTenant } from "~/modules/identity/organisations.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "tenants:read", kind: "park" });
  const tenant = await getTenant(params.id ?? "");
  const members = await listTenantMembers(staff, tenant.id);
  return { tenant, members };
});

export default function Tenant() {
  const { t, i18n } = useTranslation();
  const { tenant, members } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  return (
    <section className="stack">
      <p>
        <Link to="/admin/tenants">← {t("tenants.title")}</Link>
      </p>
      <header className="page-header">
        <h1>{en ? tenant.nameEn : tenant.nameZh}</h1>
        <p className="lead">{en ? tenant.summaryEn : tenant.summaryZh}</p>
      </header>
      <dl className="card details">
        <dt>{t("tenants.category")}</dt>
        <dd>{tenant.category ? t(`categories.${tenant.category}`) : "—"}</dd>
        <dt>{t("tenants.uscc")}</dt>
        <dd>
          <code>{tenant.uscc ?? "—"}</code>
        </dd>
        <dt>{t("common.status")}</dt>
        <dd>{t(`tenants.status.${tenant.status}`)}</dd>
      </dl>
      <div className="card">
        <h2>{t("tenants.membersTitle")}</h2>
        <ul className="list">
          {members.map((m) => (
            <li key={m.membershipId} className="list-row">
              <span>
                <strong>{m.displayName}</strong> · {t(`roles.${m.role}`)} {m.title ? <span className="muted small">· {m.title}</span> : null}
              </span>
              <span className="muted">{m.email}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
