import { getZodConstraint } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmForm, ConformForm, DoneNotice, InputField, resultFor, SubmitButton, useZodForm } from "~/components/forms";
import { Card } from "~/components/ui";
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
  const [form, fields] = useZodForm(profileSchema, { lastResult: resultFor(actionData, "profile"), defaultValue: { displayName } });
  const [passwordForm, passwordFields] = useZodForm(changePasswordSchema, {
    id: "change-password",
    lastResult: resultFor(actionData, "password"),
    constraint: getZodConstraint(changePasswordSchema),
  });
  const done = actionData?.done;
  const doneNotice = (intent: NonNullable<typeof done>["intent"], message: string) => (
    <DoneNotice message={done?.intent === intent ? message : null} params={intent === "profile" ? undefined : { count: done?.ended ?? 0 }} />
  );
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <section className="stack">
      <h1>{t("account.title")}</h1>
      <Card id="profile-title" title={t("account.profile")} plainTitle>
        <p className="muted">{email}</p>
        {doneNotice("profile", "account.saved")}
        <ConformForm form={form}>
          <input type="hidden" name="intent" value="profile" />
          <InputField meta={fields.displayName} label={t("account.displayName")} autoComplete="name" />
          <SubmitButton busy={busy("profile")}>{t("common.save")}</SubmitButton>
        </ConformForm>
      </Card>
      <Card id="password-title" title={t("account.password")} hint={t("account.passwordLead")} plainTitle>
        {doneNotice("password", "account.passwordChanged")}
        <ConformForm form={passwordForm}>
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          <InputField meta={passwordFields.currentPassword} label={t("account.currentPassword")} type="password" autoComplete="current-password" />
          <InputField meta={passwordFields.password} label={t("auth.newPassword")} hint={t("auth.passwordHint")} type="password" autoComplete="new-password" />
          <InputField meta={passwordFields.confirmPassword} label={t("auth.confirmPassword")} type="password" autoComplete="new-password" />
          <SubmitButton busy={busy("password")}>{t("account.passwordSubmit")}</SubmitButton>
        </ConformForm>
      </Card>
      <Card id="language-title" title={t("account.language")} hint={t("account.languageHint")} plainTitle>
        <Form method="post" action="/locale" className="inline-form">
          <input type="hidden" name="redirectTo" value="/account" />
          <button type="submit" name="language" value="zh-CN" className={i18n.language === "zh-CN" ? "button" : "button button-secondary"}>
            中文
          </button>{" "}
          <button type="submit" name="language" value="en" className={i18n.language === "en" ? "button" : "button button-secondary"}>
            English
          </button>
        </Form>
      </Card>
      <Card id="sessions-title" title={t("account.sessions")} hint={t("account.sessionsLead")} plainTitle>
        {doneNotice("logoutOthers", "account.loggedOutOthers")}
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
        <ConfirmForm confirm={t("account.confirmLogoutOthers")}>
          <input type="hidden" name="intent" value="logoutOthers" />
          <SubmitButton className="button button-secondary" busy={busy("logoutOthers")}>
            {t("account.logoutOthers")}
          </SubmitButton>
        </ConfirmForm>
      </Card>
    </section>
  );
}
