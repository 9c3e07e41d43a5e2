// /circle/events/:id/attendees — staff: who is confirmed (in arrival order), who waits, who has
// checked in; a CSV export for the door list.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventStaffHeader } from "~/components/circle-events-ui";
import { registrationTone } from "~/components/circle-page";
import { DataTable } from "~/components/data-table";
import { StatusBadge } from "~/components/ui";
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
      <EventStaffHeader event={event} title={t("circleEvents.console.title")} />
      <p role="status">{t("circleEvents.console.summary", { confirmed: event.confirmedCount, capacity: event.capacity, waitlisted, checkedIn })}</p>
      <p>
        <a href={`/circle/events/${event.id}/attendees.csv`} className="button button-small button-secondary" download>
          {t("circleEvents.console.exportCsv")}
        </a>
      </p>
      <DataTable
        data-testid="attendees"
        rows={attendees}
        rowKey={(a) => a.id}
        empty={<p className="empty-state card">{t("circleEvents.console.empty")}</p>}
        columns={[
          { header: t("circleEvents.console.columns.name"), cell: (a) => a.name },
          { header: t("circleEvents.console.columns.email"), cell: (a) => a.email },
          { header: t("circleEvents.console.columns.kind"), cell: (a) => (a.member ? t("circleEvents.console.memberKind") : t("circleEvents.console.publicKind")) },
          { header: t("circleEvents.console.columns.status"), cell: (a) => <StatusBadge tone={registrationTone[a.status]}>{t(`circleEvents.status.${a.status}`)}</StatusBadge> },
          { header: t("circleEvents.console.columns.checkedIn"), cell: (a) => (a.checkedInAt ? formatDateTime(a.checkedInAt, i18n.language) : "—") },
        ]}
      />
    </section>
  );
}
