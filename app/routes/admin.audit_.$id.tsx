import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuditDetail } from "~/components/audit-table";
import { requireMember } from "~/modules/identity/access.server";
import { getAuditEntry } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "audit:read-all", kind: "park" });
  return { row: await getAuditEntry(await getDb(), { orgId: null, id: params.id ?? "" }) };
});

export default function AdminAuditEntry() {
  const { t } = useTranslation();
  const { row } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <p>
        <Link to="/admin/audit">← {t("audit.titleAll")}</Link>
      </p>
      <AuditDetail row={row} />
    </section>
  );
}
