import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/i18n/format";
import { requireUser } from "~/modules/identity/access.server";
import { updateProfile } from "~/modules/identity/accounts.server";
import { profileSchema } from "~/modules/identity/schemas";
import { endOtherSessions, listSessions } from "~/modules/identity/session.server";
import { readForm } from "~/modules/platform/http.server";
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

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") === "logoutOthers") {
    const ended = await endOtherSessions(actor.user.id, actor.session.id);
    return { intent: "logoutOthers" as const, ended, result: undefined };
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
  const saved = actionData?.intent === "profile" && actionData.result?.status === "success";
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
