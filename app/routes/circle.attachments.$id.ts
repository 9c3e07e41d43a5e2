// GET /circle/attachments/:id — a board post's file, for whoever may see the post (members of
// active tenants and park staff; a hidden post's files only to its company and staff). To anyone
// else it does not exist. Sent as a download under its own name, never rendered in our origin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentForDownload } from "~/modules/circle/attachments.server";
import { requireMember } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "circle:read" });
  const file = await attachmentForDownload(member, params.id ?? "");
  return new Response(file.bytes, { headers: { ...downloadHeaders(file), "Content-Security-Policy": "default-src 'none'; sandbox" } });
});
