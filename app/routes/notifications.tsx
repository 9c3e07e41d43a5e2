import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { requireUser } from "~/modules/identity/access.server";
import { markReadSchema } from "~/modules/identity/schemas";
import { submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listNotifications, markNotificationsRead } from "~/modules/platform/notifications.server";
import { titled } from "~/i18n/page-titles";

export const meta: MetaFunction = titled("通知");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return { notifications: await listNotifications(actor.user.id) };
}

export const action = withAppErrors(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireUser(request);
  return submitForm(request, markReadSchema, async ({ notificationId }) => {
    await markNotificationsRead(actor.user.id, notificationId);
    return "read" as const;
  });
});

/** Marks one notification read, or all of them when no `notificationId` is given. */
function MarkRead({ notificationId, className, label }: { notificationId?: string; className: string; label: string }) {
  return (
    <Form method="post" className={notificationId ? "inline-form" : undefined}>
      {notificationId ? <input type="hidden" name="notificationId" value={notificationId} /> : null}
      <button type="submit" className={className}>
        {label}
      </button>
    </Form>
  );
}

export default function Notifications() {
  const { t, i18n } = useTranslation();
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.some((n) => !n.readAt);
  return (
    <section className="stack">
      <header className="page-header with-actions">
        <h1>{t("notifications.title")}</h1>
        {unread ? <MarkRead className="button button-secondary button-small" label={t("notifications.markAllRead")} /> : null}
      </header>
      {notifications.length === 0 ? (
        <p className="empty-state card">{t("notifications.empty")}</p>
      ) : (
        <ul className="list card">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? "list-row" : "list-row unread"}>
              <span>
                {!n.readAt ? <span className="pill">{t("notifications.unread")}</span> : null} {t(`notification.${n.kind}`, { ...n.params, role: n.params.role ? t(`roles.${n.params.role}`) : undefined })}
                <span className="muted small"> · {formatDateTime(n.createdAt, i18n.language)}</span>
              </span>
              <span className="row-actions">
                {n.link ? <Link to={n.link}>{t("notifications.open")}</Link> : null}
                {!n.readAt ? <MarkRead notificationId={n.id} className="link-button" label="✓" /> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
