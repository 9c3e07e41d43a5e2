// GET /housing/units/:id/photos/:index — a unit's photo, for any signed-in member of an organisation
// (tenant members browsing /apartments, housing staff); photos show rooms, never residents.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { unitPhoto } from "~/modules/housing/units.server";
import { activeMembership, requireUser } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { notFound } from "~/modules/platform/errors";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  if (!(await activeMembership(await requireUser(request)))) throw notFound();
  const file = await unitPhoto(params.id ?? "", Number(params.index));
  return new Response(file.bytes, { headers: { ...downloadHeaders(file), "Cache-Control": "private, max-age=300" } });
});
