// POST /registration/:id/documents — a file for one checklist item of a case (an ID copy, the
// address proof), or the desk's licence scan together with the move to licence_issued. A resource
// route of its own because files need the larger body limit of paths under /documents (12 MB). The
// forms post with a fetcher, which reloads the case page's data after it.
import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/identity/access.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { encodeMessage, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { registrationActorFor } from "~/modules/registration/console.server";
import { isValidUscc } from "~/modules/platform/uscc";
import { advanceCase } from "~/modules/registration/cases.server";
import { removeDocument, uploadDocument } from "~/modules/registration/documents.server";

/** What is wrong with the file itself is shown next to the file field. */
const fileErrors = ["errors.fileEmpty", "errors.fileTooLarge", "errors.fileType"];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

type UploadAnswer = { errors: Record<string, string[]>; uploaded?: boolean; advanced?: boolean };

function refused(error: unknown) {
  if (error instanceof AppError && fileErrors.includes(error.messageKey)) {
    return data<UploadAnswer>({ errors: { file: [encodeMessage(error.messageKey, error.params)] } }, { status: 400 });
  }
  if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict")) {
    return data<UploadAnswer>({ errors: { "": [encodeMessage(error.messageKey, error.params)] } }, { status: error.code === "conflict" ? 409 : 422 });
  }
  throw error;
}

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const user = await requireUser(request);
  // The desk acts for the park; the module decides who may add a file to this case.
  const actor = await registrationActorFor(user);
  const caseId = params.id ?? "";
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "upload");
  const meta = await requestInfo(request, context);
  const file = form.get("file");
  const errors: Record<string, string[]> = {};
  if (!(file instanceof File) || file.size === 0) errors.file = ["errors.fileEmpty"];

  if (intent === "upload") {
    const requirement = String(form.get("requirement") ?? "");
    if (!requirement) errors.requirement = ["registration.errors.required"];
    if (Object.keys(errors).length) return data<UploadAnswer>({ errors }, { status: 400 });
    try {
      await uploadDocument(actor, caseId, requirement, { filename: (file as File).name, bytes: new Uint8Array(await (file as File).arrayBuffer()) }, meta);
    } catch (error) {
      return refused(error);
    }
    return data<UploadAnswer>({ errors: {}, uploaded: true });
  }

  if (intent === "licence") {
    // The licence: USCC, issue date and the scan in one go; nothing is stored when any is wrong.
    const uscc = String(form.get("uscc") ?? "").toUpperCase().replace(/\s+/g, "");
    const licenceIssuedOn = String(form.get("licenceIssuedOn") ?? "").trim();
    const approvedNameZh = String(form.get("approvedNameZh") ?? "").trim();
    const note = String(form.get("note") ?? "").trim();
    const dueOn = String(form.get("dueOn") ?? "").trim();
    if (!uscc) errors.uscc = ["registration.errors.usccRequired"];
    else if (!isValidUscc(uscc)) errors.uscc = ["registration.errors.usccCheck"];
    if (!isoDate.test(licenceIssuedOn)) errors.licenceIssuedOn = ["registration.errors.date"];
    if (!approvedNameZh) errors.approvedNameZh = ["registration.errors.required"];
    if (dueOn && !isoDate.test(dueOn)) errors.dueOn = ["registration.errors.date"];
    if (Object.keys(errors).length) return data<UploadAnswer>({ errors }, { status: 400 });
    let documentId: string | null = null;
    try {
      const stored = await uploadDocument(actor, caseId, "licence", { filename: (file as File).name, bytes: new Uint8Array(await (file as File).arrayBuffer()) }, meta);
      documentId = stored?.id ?? null;
      await advanceCase(
        actor,
        caseId,
        { from: String(form.get("from") ?? "filed"), to: "licence_issued", uscc, licenceIssuedOn, approvedNameZh, note: note || undefined, dueOn: dueOn || undefined },
        meta,
      );
    } catch (error) {
      // A refused move leaves no orphan scan behind.
      if (documentId) await removeDocument(actor, documentId, meta).catch(() => undefined);
      return refused(error);
    }
    return data<UploadAnswer>({ errors: {}, uploaded: true, advanced: true });
  }
  throw new AppError("invalid", "errors.badForm");
});

export const loader = withAppErrors(async ({ params }: { params: { id?: string } }) => {
  if (!isUuid(params.id)) throw notFound();
  return redirect(`/registration/${params.id}?step=documents`);
});
