// GET /billing/invoices.csv — the tenant's invoices for a spreadsheet (UTF-8 with BOM for Excel).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { getLanguage } from "~/i18n/i18n.server";
import { translator } from "~/i18n/i18n.server";
import { listTenantInvoices } from "~/modules/billing/invoices.server";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const t = await translator(await getLanguage(request));
  const rows = await listTenantInvoices(member);
  const csv = stringify(
    rows.map((i) => [
      i.number,
      t(`billing.kinds.${i.kind}`, { defaultValue: i.kind }),
      t(`billing.status.${i.status}`),
      i.issuedAt ? i.issuedAt.toISOString() : "",
      i.dueOn,
      fenToYuanString(i.subtotalFen),
      fenToYuanString(i.vatFen),
      fenToYuanString(i.totalFen),
      fenToYuanString(i.paidFen),
      i.transferReference,
    ]),
    {
      header: true,
      columns: ["number", "kind", "status", "issuedAt", "dueOn", "subtotal", "vat", "total", "paid", "transferReference"].map((c) =>
        t(`billing.csv.${c}`),
      ),
    },
  );
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="invoices-${member.org.slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
