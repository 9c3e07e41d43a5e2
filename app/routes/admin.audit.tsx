// The park-wide audit log, for park admins.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditTable } from "~/components/audit-table";
import { requireMember } from "~/modules/identity/access.server";
import { listAuditEntries } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import zhCN from "~/i18n/locales/zh-CN";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("审计日志");

const knownActions = Object.keys(zhCN.audit.actions);

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "audit:read-all", kind: "park" });
  const action = new URL(request.url).searchParams.get("action") ?? "";
  const rows = await listAuditEntries(await getDb(), {
    orgId: null,
    action: knownActions.includes(action) ? action : undefined,
  });
  return { rows, action };
});

export default function AdminAudit() {
  const { t } = useTranslation();
  const { rows, action } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("audit.titleAll")}</h1>
        <p className="lead">{t("audit.lead")}</p>
      </header>
      <Form method="get" className="filters">
        <label htmlFor="audit-action">{t("audit.filterAction")}</label>
        <select id="audit-action" name="action" defaultValue={action}>
          <option value="">{t("audit.allActions")}</option>
          {knownActions.map((a) => (
            <option key={a} value={a}>
              {t(`audit.actions.${a}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small">
          {t("common.search")}
        </button>
      </Form>
      <AuditTable rows={rows} showOrg detailBase="/admin/audit" />
    </section>
  );
}
