import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { requireUser } from "~/modules/identity/access.server";
import { changePassword, updateProfile } from "~/modules/identity/accounts.server";
import { changePasswordSchema, profileSchema } from "~/modules/identity/schemas";
import { endOtherSessions, listSessions } from "~/modules/identity/session.server";
import { AppError } from "~/modules/platform/errors";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("账户与安全");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const sessions = await listSessions(actor.user.id);
  return {
    displayName: actor.user.displayName,
    email: actor.user.email,
    sessions: sessions.map((s) => ({
      current: s.id === actor.session.id,
      createdAt: s.createdAt,
      userAgent: s.userAgent,
      ip: s.ip,
      // The id is a token hash: never sent to the browser.
      key: s.id.slice(0, 8),
    })),
  };
}

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "logoutOthers") {
    const ended = await endOtherSessions(actor.user.id, actor.session.id);
    return { intent: "logoutOthers" as const, ended, result: undefined };
  }
  if (form.get("intent") === "password") {
    const submission = parseWithZod(form, { schema: changePasswordSchema });
    const hideFields = ["currentPassword", "password", "confirmPassword"];
    if (submission.status !== "success") return data({ intent: "password" as const, ended: 0, result: submission.reply({ hideFields }) }, { status: 400 });
    try {
      const ended = await changePassword(
        { userId: actor.user.id, email: actor.user.email, sessionId: actor.session.id },
        { currentPassword: submission.value.currentPassword, password: submission.value.password },
        await requestInfo(request, context),
      );
      return { intent: "password" as const, ended, result: submission.reply({ hideFields }) };
    } catch (error) {
      if (error instanceof AppError && error.messageKey === "errors.currentPasswordWrong") {
        return data({ intent: "password" as const, ended: 0, result: submission.reply({ hideFields, fieldErrors: { currentPassword: [error.messageKey] } }) }, { status: 400 });
      }
      const { result, status } = errorReply({ reply: (o) => submission.reply({ ...o, hideFields }) }, error);
      return data({ intent: "password" as const, ended: 0, result }, { status });
    }
  }
  const submission = parseWithZod(form, { schema: profileSchema });
  if (submission.status !== "success") return data({ intent: "profile" as const, ended: 0, result: submission.reply() }, { status: 400 });
  await updateProfile(actor.user.id, submission.value);
  return { intent: "profile" as const, ended: 0, result: submission.reply() };
});

export default function Account() {
  const { t, i18n } = useTranslation();
  const { displayName, email, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    defaultValue: { displayName },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "change-password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  const saved = actionData?.intent === "profile" && actionData.result?.status === "success";
  const passwordChanged = actionData?.intent === "password" && actionData.result?.status === "success";
  return (
    <section className="stack">
      <h1>{t("account.title")}</h1>
      <div className="card">
        <h2>{t("account.profile")}</h2>
        <p className="muted">{email}</p>
        {saved ? (
          <p className="notice" role="status">
            {t("account.saved")}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="profile" />
          <Field label={t("account.displayName")} htmlFor={fields.displayName.id} errors={fields.displayName.errors} errorId={fields.displayName.errorId}>
            <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="name" />
          </Field>
          <SubmitButton busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "profile"}>{t("common.save")}</SubmitButton>
        </Form>
      </div>
      <div className="card">
        <h2>{t("account.password")}</h2>
        <p className="hint">{t("account.passwordLead")}</p>
        {passwordChanged ? (
          <p className="notice" role="status">
            {t("account.passwordChanged", { count: actionData.ended })}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(passwordForm)}>
          <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <Field
            label={t("account.currentPassword")}
            htmlFor={passwordFields.currentPassword.id}
            errors={passwordFields.currentPassword.errors}
            errorId={passwordFields.currentPassword.errorId}
          >
            <input {...getInputProps(passwordFields.currentPassword, { type: "password" })} autoComplete="current-password" />
          </Field>
          <Field
            label={t("auth.newPassword")}
            hint={t("auth.passwordHint")}
            htmlFor={passwordFields.password.id}
            errors={passwordFields.password.errors}
            errorId={passwordFields.password.errorId}
          >
            <input {...getInputProps(passwordFields.password, { type: "password" })} autoComplete="new-password" />
          </Field>
          <Field
            label={t("auth.confirmPassword")}
            htmlFor={passwordFields.confirmPassword.id}
            errors={passwordFields.confirmPassword.errors}
            errorId={passwordFields.confirmPassword.errorId}
          >
            <input {...getInputProps(passwordFields.confirmPassword, { type: "password" })} autoComplete="new-password" />
          </Field>
          <SubmitButton busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "password"}>{t("account.passwordSubmit")}</SubmitButton>
        </Form>
      </div>
      <div className="card">
        <h2>{t("account.language")}</h2>
        <p className="hint">{t("account.languageHint")}</p>
        <Form method="post" action="/locale" className="inline-form">
          <input type="hidden" name="redirectTo" value="/account" />
          <button type="submit" name="language" value="zh-CN" className={i18n.language === "zh-CN" ? "button" : "button button-secondary"}>
            中文
          </button>{" "}
          <button type="submit" name="language" value="en" className={i18n.language === "en" ? "button" : "button button-secondary"}>
            English
          </button>
        </Form>
      </div>
      <div className="card">
        <h2>{t("account.sessions")}</h2>
        <p className="hint">{t("account.sessionsLead")}</p>
        {actionData?.intent === "logoutOthers" ? (
          <p className="notice" role="status">
            {t("account.loggedOutOthers", { count: actionData.ended })}
          </p>
        ) : null}
        <ul className="list">
          {sessions.map((s) => (
            <li key={s.key}>
              <strong>{s.current ? t("account.thisDevice") : (s.userAgent ?? t("account.unknownDevice")).slice(0, 80)}</strong>
              <span className="muted">
                {" "}
                {t("account.signedInAt", { time: formatDateTime(s.createdAt, i18n.language) })}
                {s.ip ? ` · ${s.ip}` : ""}
              </span>
            </li>
          ))}
        </ul>
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(t("account.confirmLogoutOthers"))) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="logoutOthers" />
          <SubmitButton className="button button-secondary" busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "logoutOthers"}>
            {t("account.logoutOthers")}
          </SubmitButton>
        </Form>
      </div>
    </section>
  );
}
