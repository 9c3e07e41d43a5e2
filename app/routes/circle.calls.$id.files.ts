// POST /circle/calls/:id/files — a tenant's owner or admin attaches a file to the company's entry.
// A resource route of its own because files need the larger body limit listed in
// app/server/guards.js UPLOAD_ROUTES (12 MB; a bigger body is refused with 413 before it gets
// here). The entry page posts with a fetcher, which reloads the entry's data after it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { entryUploadSchema } from "~/modules/circle/calls-forms";
import { addEntryAttachment } from "~/modules/circle/calls.server";
import { isFileError } from "~/modules/circle/forms";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:enter-calls", kind: "tenant" });
  return submitForm(
    request,
    entryUploadSchema,
    async ({ file, kind, draftTitle }) => {
      const upload = { kind, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()), draftTitle: draftTitle || file.name };
      await addEntryAttachment(member, params.id ?? "", upload, await requestInfo(request, context));
      return "circleCalls.entry.uploaded";
    },
    // What is wrong with the file itself is shown next to the file field.
    { resetForm: true, fieldOf: (error) => (isFileError(error) ? { field: "file", status: 400 } : undefined) },
  );
});

export const loader = ({ params }: LoaderFunctionArgs) => redirect(`/circle/calls/${encodeURIComponent(params.id ?? "")}/entry`);
