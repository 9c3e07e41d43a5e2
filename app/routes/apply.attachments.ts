// POST /apply/attachments — the applicant uploads a file to their application. A resource route of
// its own because files need the larger body limit of paths under /attachments (12 MB; a bigger
// body is refused with 413 before it gets here). The form posts with a fetcher, which reloads the
// attachments step's data after it.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addAttachment } from "~/modules/admission/apply.server";
import { uploadSchema } from "~/modules/admission/forms";
import { requireUser } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

/** What is wrong with the file itself is shown next to the file field. */
const fileErrors = ["errors.fileEmpty", "errors.fileTooLarge", "errors.fileType"];

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(
    request,
    uploadSchema,
    async ({ file, kind }) => {
      await addAttachment(actor, { kind, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, await requestInfo(request, context));
      // Stored: the page empties the form for the next file.
      return true;
    },
    { resetForm: true, fieldOf: (error) => (fileErrors.includes(error.messageKey) ? { field: "file" } : undefined) },
  );
});

export const loader = () => redirect("/apply?step=attachments");
