// GET /circle/calls/files/:fileId — a file of a call entry, for its company's owners and admins
// and, once the entry is sent in, for the call's reviewers and the staff who run calls; to anyone
// else it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readEntryAttachment } from "~/modules/circle/calls.server";
import { requireMember } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  const file = await readEntryAttachment(member, params.fileId ?? "");
  return new Response(file.bytes, { headers: downloadHeaders(file) });
});
