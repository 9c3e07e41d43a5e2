import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, InputField, SubmitButton } from "~/components/forms";
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
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(signUpSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
  });
  const redirectTo = params.get("redirectTo") ?? "";
  if (sentTo) {
    return (
      <section className="narrow card">
        <h1>{t("auth.signupSentTitle")}</h1>
        <p className="notice" role="status">
          {t("auth.signupSent", { email: sentTo })}
        </p>
        <p className="hint">{t("auth.signupSentHint")}</p>
        <Link className="button button-secondary" to={`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>
          {t("nav.login")}
        </Link>
      </section>
    );
  }
  return (
    <section className="narrow card">
      <h1>{t("auth.signupTitle")}</h1>
      <p className="lead">{t("auth.signupLead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <InputField meta={fields.email} label={t("auth.email")} type="email" autoComplete="email" autoFocus />
        <Field
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          meta={fields.password}
        >
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
        </Field>
        <Field
          label={t("auth.displayName")}
          hint={t("auth.displayNameHint")}
          meta={fields.displayName}
        >
          <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="name" />
        </Field>
        <SubmitButton busy={busy}>{t("auth.submitSignup")}</SubmitButton>
      </Form>
      <p className="muted">
        {t("auth.haveAccount")} <Link to={`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>{t("nav.login")}</Link>
      </p>
    </section>
  );
}
