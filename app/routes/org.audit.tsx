// A tenant's own activity log (owners and admins).
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditTable } from "~/components/audit-table";
import { requireMember } from "~/modules/identity/access.server";
import { listAuditEntries } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("操作记录");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "audit:read", kind: "tenant" });
  return { rows: await listAuditEntries(await getDb(), { orgId: member.org.id }) };
});

export default function OrgAudit() {
  const { t } = useTranslation();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("audit.title")}</h1>
        <p className="lead">{t("audit.lead")}</p>
      </header>
      <AuditTable rows={rows} detailBase="/org/audit" />
    </section>
  );
}
