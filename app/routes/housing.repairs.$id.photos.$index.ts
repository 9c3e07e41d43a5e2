// GET /housing/repairs/:id/photos/:index — a photo of a repair request, for whoever may see the
// request (its reporter, the company's owner/admin, housing staff); to anyone else it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { repairPhoto } from "~/modules/housing/repairs.server";
import { activeMembership, requireUser } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { notFound } from "~/modules/platform/errors";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await activeMembership(await requireUser(request));
  if (!member) throw notFound();
  const file = await repairPhoto(member, params.id ?? "", Number(params.index));
  return new Response(file.bytes, { headers: downloadHeaders(file) });
});
