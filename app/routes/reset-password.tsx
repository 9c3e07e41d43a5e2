import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard } from "~/components/auth-card";
import { ConformForm, InputField, SubmitButton, useZodForm } from "~/components/forms";
import { isResetTokenUsable, resetPassword } from "~/modules/identity/accounts.server";
import { resetPasswordSchema } from "~/modules/identity/schemas";
import { clearSessionCookie } from "~/modules/identity/session.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("设置新密码");

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, usable: token.length > 0 && token.length <= 200 && (await isResetTokenUsable(token)) };
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  return submitForm(
    request,
    resetPasswordSchema,
    async (value) => {
      await resetPassword(value, await requestInfo(request, context));
      return redirect("/login?reset=1", { headers: { "Set-Cookie": clearSessionCookie(request) } });
    },
    { hideFields: ["password", "confirmPassword"] },
  );
});

export default function ResetPassword() {
  const { t } = useTranslation();
  const { token, usable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(resetPasswordSchema, { lastResult, constraint: getZodConstraint(resetPasswordSchema) });
  if (!usable && !lastResult) {
    return (
      <AuthCard title={t("auth.resetTitle")}>
        <p className="form-errors" role="alert">
          {t("auth.resetInvalid")}
        </p>
        <Link className="button" to="/forgot-password">
          {t("auth.forgotSubmit")}
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("auth.resetTitle")}>
      <ConformForm form={form}>
        <input type="hidden" name="token" value={token} />
        <InputField meta={fields.password} label={t("auth.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
        <InputField meta={fields.confirmPassword} label={t("auth.confirmPassword")} type="password" autoComplete="new-password" />
        <SubmitButton busy={busy}>{t("auth.resetSubmit")}</SubmitButton>
      </ConformForm>
    </AuthCard>
  );
}
