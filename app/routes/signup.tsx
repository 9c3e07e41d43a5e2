import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, withRedirectTo } from "~/components/auth-card";
import { ConformForm, DoneNotice, InputField, SubmitButton, useZodForm } from "~/components/forms";
import { getActor } from "~/modules/identity/access.server";
import { signUp } from "~/modules/identity/accounts.server";
import { signUpSchema } from "~/modules/identity/schemas";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("注册");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/dashboard");
  return null;
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  return submitForm(
    request,
    signUpSchema,
    async ({ email, password, displayName, redirectTo }) => {
      // The same answer whether or not the address has an account (see signUp).
      await signUp({ email, password, displayName, next: redirectTo }, await requestInfo(request, context));
      return { sentTo: email };
    },
    // Nothing typed comes back: the answer is the same whether or not the address has an account.
    { hideFields: ["password"], resetForm: true },
  );
});

export default function SignUp() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const sentTo = actionData?.done?.sentTo;
  const lastResult = sentTo ? undefined : actionData?.result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(signUpSchema, { lastResult, constraint: getZodConstraint(signUpSchema) });
  const redirectTo = params.get("redirectTo") ?? "";
  const loginLink = withRedirectTo("/login", redirectTo);
  if (sentTo) {
    return (
      <AuthCard title={t("auth.signupSentTitle")}>
        <DoneNotice message="auth.signupSent" params={{ email: sentTo }} />
        <p className="hint">{t("auth.signupSentHint")}</p>
        <Link className="button button-secondary" to={loginLink}>
          {t("nav.login")}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("auth.signupTitle")} lead={t("auth.signupLead")}>
      <ConformForm form={form}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <InputField meta={fields.email} label={t("auth.email")} type="email" autoComplete="email" autoFocus />
        <InputField meta={fields.password} label={t("auth.password")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
        <InputField meta={fields.displayName} label={t("auth.displayName")} hint={t("auth.displayNameHint")} autoComplete="name" />
        <SubmitButton busy={busy}>{t("auth.submitSignup")}</SubmitButton>
      </ConformForm>
      <p className="muted">
        {t("auth.haveAccount")} <Link to={loginLink}>{t("nav.login")}</Link>
      </p>
    </AuthCard>
  );
}
