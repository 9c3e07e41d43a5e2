// The mail outbox: every email the platform sent or stored. Without SMTP it is the mailbox.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { requireMember } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listOutbox } from "~/modules/platform/mail.server";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("邮件发件箱");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "outbox:read", kind: "park" });
  const to = (new URL(request.url).searchParams.get("to") ?? "").trim().toLowerCase().slice(0, 254);
  const emails = await listOutbox(await getDb(), { to: to || undefined });
  return { to, emails: emails.reverse() };
});

/** Turns URLs in a plain-text email into links, so reset and invitation links work from here. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <pre className="email-body">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default function Outbox() {
  const { t, i18n } = useTranslation();
  const { to, emails } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <header className="page-header">
        <h1>{t("outbox.title")}</h1>
        <p className="lead">{t("outbox.lead")}</p>
      </header>
      <Form method="get" className="filters">
        <label htmlFor="outbox-to">{t("outbox.filterTo")}</label>
        <input id="outbox-to" type="search" name="to" defaultValue={to} />
        <button type="submit" className="button button-small">
          {t("common.search")}
        </button>
      </Form>
      {emails.length === 0 ? (
        <p className="empty-state card">{t("outbox.empty")}</p>
      ) : (
        <ul className="stack">
          {emails.map((email) => (
            <li key={email.id} className="card email" data-to={email.toAddress}>
              <details>
                <summary>
                  <strong>{email.subject}</strong>
                  <span className="muted small">
                    {" "}
                    · {t("outbox.to")} {email.toAddress} · {formatDateTime(email.createdAt, i18n.language)} ·{" "}
                    {t(`outbox.status.${email.status}`)}
                  </span>
                </summary>
                <Linkified text={email.textBody} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
