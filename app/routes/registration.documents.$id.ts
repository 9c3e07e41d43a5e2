// GET /registration/documents/:id — a case's document, for the case's owner and the registration
// desk; to anyone else it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/identity/access.server";
import { downloadHeaders } from "~/modules/platform/files.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { registrationActorFor } from "~/modules/registration/console.server";
import { documentForDownload } from "~/modules/registration/documents.server";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const actor = await registrationActorFor(user);
  const file = await documentForDownload(actor, params.id ?? "");
  return new Response(file.bytes, { headers: downloadHeaders(file) });
});
