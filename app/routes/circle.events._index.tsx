// /circle/events — park events: upcoming (soonest first), past, and my registrations. Visitors see
// the events open to the public; staff who run events get the "new event" button.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventWhen } from "~/components/circle-events-ui";
import { CardGrid, CirclePageHeader, eventStateTone, registrationTone } from "~/components/circle-page";
import { StatusBadge, Tabs } from "~/components/ui";
import { titled } from "~/i18n/page-titles";
import { eventListQuerySchema, eventViews } from "~/modules/circle/events-forms";
import { listEvents, mayRunEvents } from "~/modules/circle/events.server";
import { circleViewer } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("园区活动 · 生态朋友圈");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const { view } = eventListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    viewer: viewer.kind,
    view,
    events: await listEvents(viewer, view),
    mayCreate: viewer.kind === "staff" && mayRunEvents(viewer.member),
  };
});

export default function CircleEvents() {
  const { t } = useTranslation();
  const { viewer, view, events, mayCreate } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle", label: t("circle.board.back") }} title={t("circleEvents.title")} lead={viewer === "visitor" ? t("circleEvents.visitorLead") : t("circleEvents.lead")}>
        {mayCreate ? (
          <p>
            <Link to="/circle/events/new" className="button button-small">
              {t("circleEvents.create")}
            </Link>
          </p>
        ) : null}
      </CirclePageHeader>
      <Tabs
        label={t("circleEvents.title")}
        items={eventViews.filter((v) => v !== "mine" || viewer !== "visitor").map((v) => ({ to: `/circle/events?view=${v}`, label: t(`circleEvents.views.${v}`), current: v === view }))}
      />
      <CardGrid items={events} itemKey={(e) => e.id} empty={t(`circleEvents.empty.${view}`)} testId="circle-events">
        {(e) => (
          <>
            <p className="muted small">
              <StatusBadge tone="neutral">{t(`circleEvents.audience.${e.audience}`)}</StatusBadge>{" "}
              {e.status === "cancelled" ? <StatusBadge tone={eventStateTone.cancelled}>{t("circleEvents.state.cancelled")}</StatusBadge> : null}
              {e.myStatus ? <StatusBadge tone={registrationTone[e.myStatus]}>{t(`circleEvents.status.${e.myStatus}`)}</StatusBadge> : null}
            </p>
            <h3>
              <Link to={`/circle/events/${e.id}`}>{e.title}</Link>
            </h3>
            <p className="small">
              <EventWhen startsAt={e.startsAt} endsAt={e.endsAt} />
              {e.venue ? ` · ${e.venue}` : ""}
            </p>
            {e.status === "published" ? <p className="muted small">{t("circleEvents.placesLeft", { count: e.capacity - e.confirmedCount, capacity: e.capacity })}</p> : null}
          </>
        )}
      </CardGrid>
    </section>
  );
}
