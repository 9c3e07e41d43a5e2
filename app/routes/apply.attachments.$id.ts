// GET /apply/attachments/:id — an application's attachment, for its applicant and for reviewers;
// to anyone else it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readAttachment } from "~/modules/admission/apply.server";
import { activeMembership, requireUser } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const actor = await requireUser(request);
  // Reviewers act for the park; the module decides who may see the file.
  const member = await activeMembership(actor);
  const file = await readAttachment(actor, member, params.id ?? "");
  return new Response(file.bytes, { headers: downloadHeaders(file) });
});
