import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, withRedirectTo } from "~/components/auth-card";
import { ConformForm, DoneNotice, InputField, SubmitButton, useZodForm } from "~/components/forms";
import { isLanguage } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18n.server";
import { getActor } from "~/modules/identity/access.server";
import { logIn } from "~/modules/identity/accounts.server";
import { logInSchema, safeRedirect } from "~/modules/identity/schemas";
import { endSession } from "~/modules/identity/session.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("登录");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  return submitForm(
    request,
    logInSchema,
    async (value) => {
      const previous = await getActor(request);
      const { cookie, locale } = await logIn(value, await requestInfo(request, context));
      // A new session on every login; whatever session the browser had before ends here.
      if (previous) await endSession(previous.session.id);
      const headers = new Headers();
      headers.append("Set-Cookie", cookie);
      if (isLanguage(locale)) headers.append("Set-Cookie", await languageCookie.serialize(locale));
      return redirect(value.redirectTo, { headers });
    },
    { hideFields: ["password"] },
  );
});

export default function LogIn() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(logInSchema, { lastResult, constraint: getZodConstraint(logInSchema) });
  const redirectTo = params.get("redirectTo") ?? "";
  const notice = params.get("loggedOut") ? "auth.loggedOut" : params.get("reset") ? "auth.resetDone" : null;
  return (
    <AuthCard title={t("auth.loginTitle")} lead={notice ? null : t("auth.loginLead")}>
      <DoneNotice message={notice} />
      <ConformForm form={form}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <InputField meta={fields.email} label={t("auth.email")} type="email" autoComplete="username" autoFocus />
        <InputField meta={fields.password} label={t("auth.password")} type="password" autoComplete="current-password" />
        <SubmitButton busy={busy}>{t("auth.submitLogin")}</SubmitButton>
      </ConformForm>
      <p className="muted">
        <Link to="/forgot-password">{t("auth.forgot")}</Link>
      </p>
      <p className="muted">
        {t("auth.noAccount")} <Link to={withRedirectTo("/signup", redirectTo)}>{t("nav.signup")}</Link>
      </p>
    </AuthCard>
  );
}
