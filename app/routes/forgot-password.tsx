import { getZodConstraint } from "@conform-to/zod";
import { type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard } from "~/components/auth-card";
import { ConformForm, DoneNotice, InputField, SubmitButton, useZodForm } from "~/components/forms";
import { requestPasswordReset } from "~/modules/identity/accounts.server";
import { forgotPasswordSchema } from "~/modules/identity/schemas";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("找回密码");

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  return submitForm(
    request,
    forgotPasswordSchema,
    async ({ email }) => {
      await requestPasswordReset(email, await requestInfo(request, context));
      return "sent" as const;
    },
    { resetForm: true },
  );
});

export default function ForgotPassword() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useZodForm(forgotPasswordSchema, { lastResult: actionData?.result, constraint: getZodConstraint(forgotPasswordSchema) });
  return (
    <AuthCard title={t("auth.forgotTitle")} lead={t("auth.forgotLead")}>
      <DoneNotice message={actionData?.done === "sent" ? "auth.forgotSent" : null} />
      <ConformForm form={form}>
        <InputField meta={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <SubmitButton busy={busy}>{t("auth.forgotSubmit")}</SubmitButton>
      </ConformForm>
      <p className="muted">
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </AuthCard>
  );
}
