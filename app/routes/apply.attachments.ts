// POST /apply/attachments — the applicant uploads a file to their application. A resource route of
// its own because files need the larger body limit of paths under /attachments (12 MB; a bigger
// body is refused with 413 before it gets here). The form posts with a fetcher, which reloads the
// attachments step's data after it.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addAttachment } from "~/modules/admission/apply.server";
import { uploadSchema } from "~/modules/admission/forms";
import { requireUser } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

/** What is wrong with the file itself is shown next to the file field. */
const fileErrors = ["errors.fileEmpty", "errors.fileTooLarge", "errors.fileType"];

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: uploadSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { file, kind } = submission.value;
    await addAttachment(actor, { kind, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, await requestInfo(request, context));
  } catch (error) {
    if (error instanceof AppError && fileErrors.includes(error.messageKey)) {
      return data({ result: submission.reply({ fieldErrors: { file: [encodeMessage(error.messageKey, error.params)] } }) }, { status: 422 });
    }
    const { result, status } = errorReply(submission, error);
    return data({ result }, { status });
  }
  return { result: submission.reply({ resetForm: true }), uploaded: true };
});

export const loader = () => redirect("/apply?step=attachments");
