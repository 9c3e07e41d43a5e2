// POST /circle/board/:id/attachments — the post's author adds files (intent "upload") or removes
// one (intent "remove", attachmentId). A resource route of its own because it is listed in
// UPLOAD_ROUTES (app/server/guards.js) for its larger body; the post page posts here with a
// fetcher, which reloads the page's data after it. A refused file is a 400 with the reason.
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { addAttachments, removeAttachment } from "~/modules/circle/attachments.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { encodeMessage, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export type AttachmentAnswer = { error?: string; done?: "added" | "removed" };

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:post", kind: "tenant" });
  const form = await readForm(request);
  const meta = await requestInfo(request, context);
  try {
    if (form.get("intent") === "remove") {
      await removeAttachment(member, String(form.get("attachmentId") ?? ""), meta);
      return data<AttachmentAnswer>({ done: "removed" });
    }
    const files = await Promise.all(
      form
        .getAll("attachments")
        .filter((value): value is File => value instanceof File && value.size > 0)
        .map(async (file) => ({ filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
    );
    await addAttachments(member, params.id ?? "", files, meta);
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") return data<AttachmentAnswer>({ error: encodeMessage(error.messageKey, error.params) }, { status: 400 });
    throw error;
  }
  return data<AttachmentAnswer>({ done: "added" });
});

export const loader = withAppErrors(async ({ params }: { params: { id?: string } }) => {
  if (!isUuid(params.id)) throw notFound();
  return redirect(`/circle/board/${params.id}`);
});
