import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/identity/access.server";
import { switchOrganisation } from "~/modules/identity/organisations.server";
import { safeRedirect } from "~/modules/identity/schemas";
import { readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  const form = await readForm(request);
  await switchOrganisation({ userId: actor.user.id, sessionId: actor.session.id, orgId: String(form.get("orgId") ?? "") });
  return redirect(safeRedirect(form.get("redirectTo")));
});

export const loader = () => redirect("/dashboard");
