// /circle/events/:id/attendees — staff: who is confirmed (in arrival order), who waits, who has
// checked in; a CSV export for the door list.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventStaffLinks } from "~/components/circle-events-ui";
import { formatDateTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { eventAttendees } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("报名名单 · 园区活动");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const { event, attendees, checkedIn } = await eventAttendees(staff, params.id ?? "");
  return { event: { id: event.id, title: event.title, capacity: event.capacity, confirmedCount: event.confirmedCount }, attendees, checkedIn };
});

export default function EventAttendees() {
  const { t, i18n } = useTranslation();
  const { event, attendees, checkedIn } = useLoaderData<typeof loader>();
  const waitlisted = attendees.filter((a) => a.status === "waitlisted").length;
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/events">{t("circleEvents.back")}</Link>
        </p>
        <h1>{t("circleEvents.console.title")}</h1>
        <p className="lead">{event.title}</p>
      </header>
      <EventStaffLinks eventId={event.id} />
      <p role="status">{t("circleEvents.console.summary", { confirmed: event.confirmedCount, capacity: event.capacity, waitlisted, checkedIn })}</p>
      <p>
        <a href={`/circle/events/${event.id}/attendees.csv`} className="button button-small button-secondary" download>
          {t("circleEvents.console.exportCsv")}
        </a>
      </p>
      {attendees.length === 0 ? (
        <p className="empty-state card">{t("circleEvents.console.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="attendees">
            <thead>
              <tr>
                <th scope="col">{t("circleEvents.console.columns.name")}</th>
                <th scope="col">{t("circleEvents.console.columns.email")}</th>
                <th scope="col">{t("circleEvents.console.columns.kind")}</th>
                <th scope="col">{t("circleEvents.console.columns.status")}</th>
                <th scope="col">{t("circleEvents.console.columns.checkedIn")}</th>
              </tr>
            </thead>
            <tbody>
              {attendees.map((a) => (
                <tr key={a.id}>
                  <td data-label={t("circleEvents.console.columns.name")}>{a.name}</td>
                  <td data-label={t("circleEvents.console.columns.email")}>{a.email}</td>
                  <td data-label={t("circleEvents.console.columns.kind")}>{a.member ? t("circleEvents.console.memberKind") : t("circleEvents.console.publicKind")}</td>
                  <td data-label={t("circleEvents.console.columns.status")}>
                    <span className={`status status-${a.status}`}>{t(`circleEvents.status.${a.status}`)}</span>
                  </td>
                  <td data-label={t("circleEvents.console.columns.checkedIn")}>{a.checkedInAt ? formatDateTime(a.checkedInAt, i18n.language) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
