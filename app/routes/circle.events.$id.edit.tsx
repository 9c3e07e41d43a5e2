// /circle/events/:id/edit — staff edit an event (more places move the waitlist up; fewer than are
// confirmed is refused) or cancel it with a reason every registrant is told.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm, EventStaffHeader } from "~/components/circle-events-ui";
import { ReasonForm } from "~/components/circle-page";
import { titled } from "~/i18n/page-titles";
import { eventEditSchema, instantToParkLocal } from "~/modules/circle/events-forms";
import { cancelEvent, eventForEditing, saveEvent } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { encodeMessage, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listVenueResources } from "~/modules/services/park-use.server";
import { DoneNotice } from "~/components/form-messages";

export const meta: MetaFunction = titled("编辑活动 · 园区活动");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const event = await eventForEditing(staff, params.id ?? "");
  return {
    event: { id: event.id, title: event.title, status: event.status },
    defaults: {
      title: event.title,
      description: event.description,
      startsAt: instantToParkLocal(event.startsAt),
      endsAt: instantToParkLocal(event.endsAt),
      venue: event.venue,
      venueResourceId: event.venueResourceId ?? "",
      capacity: String(event.capacity),
      audience: event.audience,
    },
    venues: await listVenueResources(),
  };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const eventId = params.id ?? "";
  const meta = await requestInfo(request, context);
  return submitForm(request, eventEditSchema, (value) =>
    byIntent(value, {
      save: async (event) => {
        await saveEvent(staff, event, meta, eventId);
        return "circleEvents.form.saved";
      },
      "cancel-event": async ({ reason }) => encodeMessage("circleEvents.form.eventCancelled", { count: await cancelEvent(staff, eventId, reason, meta) }),
    }),
  );
});

export default function EditEvent() {
  const { t } = useTranslation();
  const { event, defaults, venues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // Which of the two forms answered: its intent, sent back with what was typed.
  const answered = actionData?.result.initialValue?.intent === "cancel-event" ? "cancel" : "edit";
  return (
    <section className="stack">
      <EventStaffHeader event={event} title={t("circleEvents.form.editTitle")} />
      <DoneNotice message={actionData?.done} />
      {event.status === "cancelled" ? (
        <p className="form-errors">{t("errors.circleEventCancelled")}</p>
      ) : (
        <>
          <EventForm lastResult={answered === "edit" ? actionData?.result : undefined} defaults={defaults} venues={venues} busy={busy} />
          <ReasonForm
            intent="cancel-event"
            id="cancel-reason"
            heading={t("circleEvents.form.cancelEvent")}
            label={t("circleEvents.form.cancelReason")}
            button={t("circleEvents.form.cancelEventButton")}
            busy={busy}
            danger
            errorId="cancel-errors"
            errors={answered === "cancel" ? (actionData?.result.error?.[""] ?? actionData?.result.error?.reason ?? undefined) : undefined}
          />
        </>
      )}
    </section>
  );
}
