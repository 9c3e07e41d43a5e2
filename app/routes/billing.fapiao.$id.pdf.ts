// GET /billing/fapiao/:id/pdf — an issued fapiao's PDF, for its tenant's billing members and park
// finance; to anyone else it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readFapiaoPdf } from "~/modules/billing/fapiao.server";
import { requireMember } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  // Any member of the active organisation gets this far; the module decides who sees the file.
  const member = await requireMember(request, { permission: "org:read" });
  const { bytes, filename } = await readFapiaoPdf(member, params.id ?? "");
  return new Response(new Uint8Array(bytes), {
    headers: downloadHeaders({ contentType: "application/pdf", sizeBytes: bytes.byteLength, filename }),
  });
});
