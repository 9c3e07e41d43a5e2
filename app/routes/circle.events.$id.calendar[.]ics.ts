// /circle/events/:id/calendar.ics — the event as a calendar file (times in UTC, so every calendar
// shows them in its own zone).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventCalendar } from "~/modules/circle/events.server";
import { circleViewer } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { siteOrigin } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const file = await eventCalendar(viewer, params.id ?? "", siteOrigin(request));
  return new Response(file, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-${params.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
});
