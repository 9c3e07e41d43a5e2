import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { getActor } from "~/modules/identity/access.server";
import { signUp } from "~/modules/identity/accounts.server";
import { signUpSchema } from "~/modules/identity/schemas";
import { readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("注册");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/dashboard");
  return null;
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const submission = parseWithZod(await readForm(request), { schema: signUpSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { email, password, displayName, redirectTo } = submission.value;
  // The same answer whether or not the address has an account (see signUp).
  await signUp({ email, password, displayName, next: redirectTo }, await requestInfo(request, context));
  return { sent: true as const, email };
});

export default function SignUp() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "sent" in actionData ? undefined : actionData;
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
  if (actionData && "sent" in actionData) {
    return (
      <section className="narrow card">
        <h1>{t("auth.signupSentTitle")}</h1>
        <p className="notice" role="status">
          {t("auth.signupSent", { email: actionData.email })}
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
        <Field label={t("auth.email")} htmlFor={fields.email.id} errors={fields.email.errors} errorId={fields.email.errorId}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" autoFocus />
        </Field>
        <Field
          label={t("auth.password")}
          hint={t("auth.passwordHint")}
          htmlFor={fields.password.id}
          errors={fields.password.errors}
          errorId={fields.password.errorId}
        >
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
        </Field>
        <Field
          label={t("auth.displayName")}
          hint={t("auth.displayNameHint")}
          htmlFor={fields.displayName.id}
          errors={fields.displayName.errors}
          errorId={fields.displayName.errorId}
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
