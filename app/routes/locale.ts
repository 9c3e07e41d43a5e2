// Switches the interface language; remembered in a cookie and, when signed in, on the account.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { getActor } from "~/modules/identity/access.server";
import { setPreferredLanguage } from "~/modules/identity/accounts.server";
import { safeRedirect } from "~/modules/identity/schemas";
import { readForm } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const language = form.get("language");
  const back = safeRedirect(form.get("redirectTo"), "/");
  if (!isLanguage(language)) return redirect(back);
  const actor = await getActor(request);
  if (actor) await setPreferredLanguage(actor.user.id, language);
  return redirect(back, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
});

export const loader = () => redirect("/");
