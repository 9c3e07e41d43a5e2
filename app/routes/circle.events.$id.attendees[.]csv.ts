// /circle/events/:id/attendees.csv — the attendee list for a spreadsheet (through platform's CSV
// writer, so a name typed as a formula stays text).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatDateTime } from "~/i18n/format";
import { translator, getLanguage } from "~/i18n/i18n.server";
import { eventAttendees } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { csvResponse } from "~/modules/platform/csv.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const { event, attendees } = await eventAttendees(staff, params.id ?? "");
  const language = await getLanguage(request);
  const t = await translator(language);
  const column = (key: string) => t(`circleEvents.console.columns.${key}`);
  return csvResponse(
    `event-${event.id}-attendees.csv`,
    [column("name"), column("email"), column("kind"), column("status"), column("registeredAt"), column("checkedIn")],
    attendees.map((a) => [
      a.name,
      a.email,
      a.member ? t("circleEvents.console.memberKind") : t("circleEvents.console.publicKind"),
      t(`circleEvents.status.${a.status}`),
      formatDateTime(a.createdAt, language),
      a.checkedInAt ? formatDateTime(a.checkedInAt, language) : "",
    ]),
  );
});
