// /circle/events — park events: upcoming (soonest first), past, and my registrations. Visitors see
// the events open to the public; staff who run events get the "new event" button.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventWhen } from "~/components/circle-events-ui";
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
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle">{t("circle.board.back")}</Link>
        </p>
        <h1>{t("circleEvents.title")}</h1>
        <p className="lead">{viewer === "visitor" ? t("circleEvents.visitorLead") : t("circleEvents.lead")}</p>
        {mayCreate ? (
          <p>
            <Link to="/circle/events/new" className="button button-small">
              {t("circleEvents.create")}
            </Link>
          </p>
        ) : null}
      </header>
      <nav className="filters" aria-label={t("circleEvents.title")}>
        {eventViews
          .filter((v) => v !== "mine" || viewer !== "visitor")
          .map((v) => (
            <Link key={v} to={`/circle/events?view=${v}`} className={v === view ? "button button-small" : "button button-small button-secondary"} aria-current={v === view ? "page" : undefined}>
              {t(`circleEvents.views.${v}`)}
            </Link>
          ))}
      </nav>
      {events.length === 0 ? (
        <p className="empty-state card">{t(`circleEvents.empty.${view}`)}</p>
      ) : (
        <ul className="circle-grid" data-testid="circle-events">
          {events.map((e) => (
            <li key={e.id} className="card circle-card">
              <p className="muted small">
                <span className="status">{t(`circleEvents.audience.${e.audience}`)}</span>{" "}
                {e.status === "cancelled" ? <span className="status status-void">{t("circleEvents.state.cancelled")}</span> : null}
                {e.myStatus ? <span className={`status status-${e.myStatus}`}>{t(`circleEvents.status.${e.myStatus}`)}</span> : null}
              </p>
              <h3>
                <Link to={`/circle/events/${e.id}`}>{e.title}</Link>
              </h3>
              <p className="small">
                <EventWhen startsAt={e.startsAt} endsAt={e.endsAt} />
                {e.venue ? ` · ${e.venue}` : ""}
              </p>
              {e.status === "published" ? <p className="muted small">{t("circleEvents.placesLeft", { count: e.capacity - e.confirmedCount, capacity: e.capacity })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
