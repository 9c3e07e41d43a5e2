// POST /finance/fapiao/uploads — finance marks a fapiao request issued with its number and PDF.
// A resource route of its own because the PDF (up to 5 MB) needs the server's upload body limit,
// which applies to paths under /uploads; the queue page posts here with a fetcher.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { issueFapiaoSchema } from "~/modules/billing/fapiao-forms";
import { issueFapiao } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

/** What is wrong with the file itself belongs next to the file field. */
const fileErrors = ["errors.pdfRequired", "errors.pdfTooLarge", "errors.pdfNotPdf"];

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  return submitForm(
    request,
    issueFapiaoSchema,
    async ({ requestId, fapiaoNumber, pdf }) => {
      const { ip } = await requestInfo(request, context);
      await issueFapiao(member, { requestId, fapiaoNumber, pdf: new Uint8Array(await pdf.arrayBuffer()) }, { ip });
      return redirect(`/finance/fapiao?issued=${encodeURIComponent(fapiaoNumber)}`);
    },
    { fieldOf: (error) => (fileErrors.includes(error.messageKey) ? { field: "pdf" } : undefined) },
  );
});
