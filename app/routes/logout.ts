import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getActor } from "~/modules/identity/access.server";
import { clearSessionCookie, endSession } from "~/modules/identity/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const actor = await getActor(request);
  if (actor) await endSession(actor.session.id);
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export const loader = () => redirect("/");
