// /circle/events/:id/edit — staff edit an event (more places move the waitlist up; fewer than are
// confirmed is refused) or cancel it with a reason every registrant is told.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm, EventStaffLinks } from "~/components/circle-events-ui";
import { FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { eventCancelSchema, eventSchema, instantToParkLocal } from "~/modules/circle/events-forms";
import { cancelEvent, eventForEditing, saveEvent } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { encodeMessage, errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listVenueResources } from "~/modules/services/park-use.server";

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
  const form = await readForm(request);
  const meta = await requestInfo(request, context);
  if (form.get("intent") === "cancel-event") {
    const submission = parseWithZod(form, { schema: eventCancelSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), done: null, form: "cancel" }, { status: 400 });
    try {
      const told = await cancelEvent(staff, params.id ?? "", submission.value.reason, meta);
      return { result: submission.reply(), done: encodeMessage("circleEvents.form.eventCancelled", { count: told }), form: "cancel" };
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return data({ result, done: null, form: "cancel" }, { status });
    }
  }
  const submission = parseWithZod(form, { schema: eventSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null, form: "edit" }, { status: 400 });
  try {
    await saveEvent(staff, submission.value, meta, params.id ?? "");
    return { result: submission.reply(), done: "circleEvents.form.saved", form: "edit" };
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data({ result, done: null, form: "edit" }, { status });
  }
});

export default function EditEvent() {
  const { t } = useTranslation();
  const { event, defaults, venues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/events">{t("circleEvents.back")}</Link>
        </p>
        <h1>{t("circleEvents.form.editTitle")}</h1>
        <p className="lead">{event.title}</p>
      </header>
      <EventStaffLinks eventId={event.id} />
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done)}
        </p>
      ) : null}
      {event.status === "cancelled" ? (
        <p className="form-errors">{t("errors.circleEventCancelled")}</p>
      ) : (
        <>
          <EventForm lastResult={actionData?.form === "edit" ? actionData.result : undefined} defaults={defaults} venues={venues} busy={busy} />
          <Form method="post" className="card">
            <h2>{t("circleEvents.form.cancelEvent")}</h2>
            <FormErrors id="cancel-errors" errors={actionData?.form === "cancel" ? (actionData.result.error?.[""] ?? actionData.result.error?.reason ?? undefined) : undefined} />
            <input type="hidden" name="intent" value="cancel-event" />
            <label htmlFor="cancel-reason">{t("circleEvents.form.cancelReason")}</label>
            <input id="cancel-reason" name="reason" type="text" maxLength={500} required />
            <SubmitButton busy={busy} className="button button-small button-danger">
              {t("circleEvents.form.cancelEventButton")}
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
