// POST /finance/fapiao/uploads — finance marks a fapiao request issued with its number and PDF.
// A resource route of its own because the PDF (up to 5 MB) needs the server's upload body limit,
// which applies to paths under /uploads; the queue page posts here with a fetcher.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { issueFapiaoSchema } from "~/modules/billing/fapiao-forms";
import { issueFapiao } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

const fileErrors = ["errors.pdfRequired", "errors.pdfTooLarge", "errors.pdfNotPdf"];

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "finance:manage", kind: "park" });
  const form = await readForm(request);
  const requestId = String(form.get("requestId") ?? "");
  const submission = parseWithZod(form, { schema: issueFapiaoSchema });
  if (submission.status !== "success") return data({ requestId, result: submission.reply() }, { status: 400 });
  const { ip } = await requestInfo(request, context);
  try {
    const bytes = new Uint8Array(await submission.value.pdf.arrayBuffer());
    await issueFapiao(member, { requestId: submission.value.requestId, fapiaoNumber: submission.value.fapiaoNumber, pdf: bytes }, { ip });
  } catch (error) {
    // What is wrong with the file belongs next to the file field.
    if (error instanceof AppError && fileErrors.includes(error.messageKey)) {
      return data({ requestId, result: submission.reply({ fieldErrors: { pdf: [error.messageKey] } }) }, { status: 422 });
    }
    const { result, status } = errorReply(submission, error);
    return data({ requestId, result }, { status });
  }
  return redirect(`/finance/fapiao?issued=${encodeURIComponent(submission.value.fapiaoNumber)}`);
});
