// POST /circle/board/:id/attachments — the post's author adds files (intent "upload") or removes
// one (intent "remove", attachmentId). A resource route of its own because it is listed in
// UPLOAD_ROUTES (app/server/guards.js) for its larger body; the post page posts here with a
// fetcher, which reloads the page's data after it. A refused file is a 400 with the reason.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addAttachments, removeAttachment } from "~/modules/circle/attachments.server";
import { attachmentActionSchema, isFileError, readUploads } from "~/modules/circle/forms";
import { requireMember } from "~/modules/identity/access.server";
import { notFound } from "~/modules/platform/errors";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { isUuid } from "~/modules/platform/ids";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:post", kind: "tenant" });
  const meta = await requestInfo(request, context);
  return submitForm(
    request,
    attachmentActionSchema,
    (value) =>
      byIntent(value, {
        upload: async ({ attachments }) => {
          await addAttachments(member, params.id ?? "", await readUploads(attachments), meta);
          return "added" as const;
        },
        remove: async ({ attachmentId }) => {
          await removeAttachment(member, attachmentId, meta);
          return "removed" as const;
        },
      }),
    { fieldOf: (error) => (isFileError(error) ? { field: "attachments", status: 400 } : undefined) },
  );
});

export const loader = withAppErrors(async ({ params }: { params: { id?: string } }) => {
  if (!isUuid(params.id)) throw notFound();
  return redirect(`/circle/board/${params.id}`);
});
