// POST /circle/calls/:id/files — a tenant's owner or admin attaches a file to the company's entry.
// A resource route of its own because files need the larger body limit listed in
// app/server/guards.js UPLOAD_ROUTES (12 MB; a bigger body is refused with 413 before it gets
// here). The entry page posts with a fetcher, which reloads the entry's data after it.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { entryUploadSchema } from "~/modules/circle/calls-forms";
import { addEntryAttachment } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

/** What is wrong with the file itself is shown next to the file field. */
const fileErrors = ["errors.fileEmpty", "errors.fileTooLarge", "errors.fileType"];
const schema = entryUploadSchema.extend({ draftTitle: z.string().trim().max(200).default("") });

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:enter-calls", kind: "tenant" });
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    const { file, kind, draftTitle } = submission.value;
    await addEntryAttachment(member, params.id ?? "", { kind, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()), draftTitle: draftTitle || file.name }, await requestInfo(request, context));
  } catch (error) {
    if (error instanceof AppError && fileErrors.includes(error.messageKey)) {
      return data({ result: submission.reply({ fieldErrors: { file: [encodeMessage(error.messageKey, error.params)] } }) }, { status: 422 });
    }
    const { result, status } = errorReply(submission, error);
    return data({ result }, { status });
  }
  return { result: submission.reply({ resetForm: true }), uploaded: true };
});

export const loader = ({ params }: LoaderFunctionArgs) => redirect(`/circle/calls/${encodeURIComponent(params.id ?? "")}/entry`);
