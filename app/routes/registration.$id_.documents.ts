// POST /registration/:id/documents — a file for one checklist item of a case (an ID copy, the
// address proof), or the desk's licence scan together with the move to licence_issued. A resource
// route of its own because files need the larger body limit of paths under /documents (12 MB). The
// forms post with a fetcher, which reloads the case page's data after it.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/identity/access.server";
import { notFound } from "~/modules/platform/errors";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { readForm, requestInfo } from "~/modules/platform/http.server";
import { isUuid } from "~/modules/platform/ids";
import { withAppErrors } from "~/modules/platform/route-errors";
import { advanceCase } from "~/modules/registration/advance-case.server";
import { registrationActorFor } from "~/modules/registration/console.server";
import { documentFileProblem, removeDocument, uploadDocument } from "~/modules/registration/documents.server";
import { documentFormSchema } from "~/modules/registration/forms";

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  // The desk acts for the park; the module decides who may add a file to this case.
  const actor = await registrationActorFor(user);
  const caseId = params.id ?? "";
  const form = await readForm(request);
  const meta = await requestInfo(request, context);
  // What is wrong with the file itself (empty, too large, not a PDF or an image) is said at the file field.
  const file = form.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null;
  const schema = documentFormSchema(documentFileProblem(bytes));
  return submitForm<typeof schema, "uploaded" | "advanced">(form, schema, (value) =>
    byIntent(value, {
      upload: async (v) => {
        await uploadDocument(actor, caseId, v.requirement, { filename: v.file.name, bytes: bytes! }, meta);
        return "uploaded" as const;
      },
      licence: async (v) => {
        // The licence: USCC, issue date and the scan in one go; nothing is stored when any is wrong.
        const stored = await uploadDocument(actor, caseId, "licence", { filename: v.file.name, bytes: bytes! }, meta);
        try {
          await advanceCase(actor, caseId, { from: v.from, to: "licence_issued", uscc: v.uscc, licenceIssuedOn: v.licenceIssuedOn, approvedNameZh: v.approvedNameZh, note: v.note, dueOn: v.dueOn }, meta);
        } catch (error) {
          // A refused move leaves no orphan scan behind.
          if (stored) await removeDocument(actor, stored.id, meta).catch(() => undefined);
          throw error;
        }
        return "advanced" as const;
      },
    }),
  );
});

export const loader = withAppErrors(async ({ params }: { params: { id?: string } }) => {
  if (!isUuid(params.id)) throw notFound();
  return redirect(`/registration/${params.id}?step=documents`);
});
