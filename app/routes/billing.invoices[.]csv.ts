// GET /billing/invoices.csv — the tenant's invoices for a spreadsheet (UTF-8 with BOM for Excel).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLanguage } from "~/i18n/i18n.server";
import { translator } from "~/i18n/i18n.server";
import { listTenantInvoices } from "~/modules/billing/invoices.server";
import { fenToYuanString } from "~/modules/billing/money";
import { requireMember } from "~/modules/identity/access.server";
import { csvNumber, csvResponse } from "~/modules/platform/csv.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:read", kind: "tenant" });
  const t = await translator(await getLanguage(request));
  const rows = await listTenantInvoices(member);
  return csvResponse(
    `invoices-${member.org.slug}.csv`,
    ["number", "kind", "status", "issuedAt", "dueOn", "subtotal", "vat", "total", "paid", "transferReference"].map((c) => t(`billing.csv.${c}`)),
    rows.map((i) => [
      i.number,
      t(`billing.kinds.${i.kind}`, { defaultValue: i.kind }),
      t(`billing.status.${i.status}`),
      i.issuedAt ? i.issuedAt.toISOString() : "",
      i.dueOn,
      csvNumber(fenToYuanString(i.subtotalFen)),
      csvNumber(fenToYuanString(i.vatFen)),
      csvNumber(fenToYuanString(i.totalFen)),
      csvNumber(fenToYuanString(i.paidFen)),
      i.transferReference,
    ]),
  );
});
