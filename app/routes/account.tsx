import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, InputField, resultFor, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { requireUser } from "~/modules/identity/access.server";
import { changePassword, updateProfile } from "~/modules/identity/accounts.server";
import { accountFormSchema, changePasswordSchema, profileSchema } from "~/modules/identity/schemas";
import { endOtherSessions, listSessions } from "~/modules/identity/session.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
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

/** What the page says after a success: which form, and how many other sessions ended. */
type AccountDone = {
  intent: "profile" | "password" | "logoutOthers";
  ended: number;
};

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(
    request,
    accountFormSchema,
    (value) =>
      byIntent<typeof value, Promise<AccountDone>>(value, {
        logoutOthers: async () => ({
          intent: "logoutOthers" as const,
          ended: await endOtherSessions(actor.user.id, actor.session.id),
        }),
        password: async ({ currentPassword, password }) => {
          const who = {
            userId: actor.user.id,
            email: actor.user.email,
            sessionId: actor.session.id,
          };
          return {
            intent: "password" as const,
            ended: await changePassword(who, { currentPassword, password }, await requestInfo(request, context)),
          };
        },
        profile: async ({ displayName }) => {
          await updateProfile(actor.user.id, { displayName });
          return { intent: "profile" as const, ended: 0 };
        },
      }),
    {
      hideFields: ["currentPassword", "password", "confirmPassword"],
      fieldOf: (error) => (error.messageKey === "errors.currentPasswordWrong" ? { field: "currentPassword" } : undefined),
    }
  );
});

export default function Account() {
  const { t, i18n } = useTranslation();
  const { displayName, email, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: resultFor(actionData, "profile"),
    defaultValue: { displayName },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "change-password",
    lastResult: resultFor(actionData, "password"),
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  const done = actionData?.done;
  return (
    <section className="stack">
      <h1>{t("account.title")}</h1>
      <div className="card">
        <h2>{t("account.profile")}</h2>
        <p className="muted">{email}</p>
        {done?.intent === "profile" ? (
          <p className="notice" role="status">
            {t("account.saved")}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="profile" />
          <InputField meta={fields.displayName} label={t("account.displayName")} autoComplete="name" />
          <SubmitButton busy={navigation.state === "submitting" && navigation.formData?.get("intent") === "profile"}>{t("common.save")}</SubmitButton>
        </Form>
      </div>
      <div className="card">
        <h2>{t("account.password")}</h2>
        <p className="hint">{t("account.passwordLead")}</p>
        {done?.intent === "password" ? (
          <p className="notice" role="status">
            {t("account.passwordChanged", { count: done.ended })}
          </p>
        ) : null}
        <Form method="post" {...getFormProps(passwordForm)}>
          <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <Field label={t("account.currentPassword")} meta={passwordFields.currentPassword}>
            <input
              {...getInputProps(passwordFields.currentPassword, {
                type: "password",
              })}
              autoComplete="current-password"
            />
          </Field>
          <InputField meta={passwordFields.password} label={t("auth.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
          <Field label={t("auth.confirmPassword")} meta={passwordFields.confirmPassword}>
            <input
              {...getInputProps(passwordFields.confirmPassword, {
                type: "password",
              })}
              autoComplete="new-password"
            />
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
        {done?.intent === "logoutOthers" ? (
          <p className="notice" role="status">
            {t("account.loggedOutOthers", { count: done.ended })}
          </p>
        ) : null}
        <ul className="list">
          {sessions.map((s) => (
            <li key={s.key}>
              <strong>{s.current ? t("account.thisDevice") : (s.userAgent ?? t("account.unknownDevice")).slice(0, 80)}</strong>
              <span className="muted">
                {" "}
                {t("account.signedInAt", {
                  time: formatDateTime(s.createdAt, i18n.language),
                })}
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
