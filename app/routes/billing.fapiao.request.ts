// POST /billing/fapiao/request — a tenant owner or admin asks for a fapiao for a paid invoice.
// Posted by the <FapiaoRequest> panel; success goes back to the invoice page.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { fapiaoRequestSchema } from "~/modules/billing/fapiao-forms";
import { requestFapiao } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { safeRedirect } from "~/modules/identity/schemas";
import { submitForm } from "~/modules/platform/forms.server";
import { readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "billing:pay", kind: "tenant" });
  const form = await readForm(request);
  return submitForm(form, fapiaoRequestSchema, async (value) => {
    await requestFapiao(member, value, await requestInfo(request, context));
    const back = new URL(safeRedirect(form.get("redirectTo"), `/billing/invoices/${value.invoiceId}`), "http://localhost");
    back.searchParams.set("fapiao", "requested");
    return redirect(back.pathname + back.search);
  });
});
