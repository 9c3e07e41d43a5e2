// /circle/events/:id — one event: when, where, places left or the waitlist; register and cancel
// (with a confirmation step) for members; a name + email form for the public on public events;
// the .ics file; links to the ticket and, for staff, the console.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CancelRegistration, EventStaffLinks, EventWhen, useEventWhere } from "~/components/circle-events-ui";
import { CirclePageHeader, eventStateTone, registrationTone } from "~/components/circle-page";
import { DoneNotice, Field, FormErrors, SubmitButton } from "~/components/forms";
import { StatusBadge } from "~/components/ui";
import { titled } from "~/i18n/page-titles";
import { eventActionSchema } from "~/modules/circle/events-forms";
import { cancelMyRegistration, getEvent, registerForEvent, requestPublicRegistration } from "~/modules/circle/events.server";
import { circleViewer } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("园区活动 · 生态朋友圈");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const view = await getEvent(viewer, params.id ?? "");
  return { ...view, signedIn: viewer.kind !== "visitor" };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const eventId = params.id ?? "";
  const meta = await requestInfo(request, context);
  /** Registering and cancelling with an account are for members. */
  const signedIn = () => {
    if (viewer.kind === "visitor") throw new AppError("forbidden", "errors.forbidden");
    return viewer.member;
  };
  return submitForm(
    request,
    eventActionSchema,
    (value) =>
      byIntent(value, {
        "register-public": async (person) => {
          // Members register with their account; the public form is for visitors.
          if (viewer.kind !== "visitor") throw new AppError("conflict", "errors.circleEventAlreadySignedIn");
          await requestPublicRegistration(eventId, person, meta);
          return "circleEvents.publicSent";
        },
        register: async () => {
          const registration = await registerForEvent(signedIn(), eventId, meta);
          return registration.status === "confirmed" ? "circleEvents.registered" : "circleEvents.waitlisted";
        },
        cancel: async () => {
          await cancelMyRegistration(signedIn(), eventId, meta);
          return "circleEvents.cancelled";
        },
      }),
    { resetForm: true },
  );
});

export default function CircleEvent() {
  const { t } = useTranslation();
  const { event, venueResource, state, placesLeft, waitlist, mine, mayRegister, mayRegisterPublic, mayCancel, mayManage, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.result.error?.[""] ?? undefined;
  const fieldErrors = actionData?.result.error ?? {};
  const where = useEventWhere()(event, venueResource);
  return (
    <section className="stack">
      <CirclePageHeader
        back={{ to: "/circle/events", label: t("circleEvents.back") }}
        badges={
          <>
            <StatusBadge tone={eventStateTone[state]}>{t(`circleEvents.state.${state}`)}</StatusBadge> <StatusBadge tone="neutral">{t(`circleEvents.audience.${event.audience}`)}</StatusBadge>
          </>
        }
        title={event.title}
      />
      {mayManage ? <EventStaffLinks eventId={event.id} /> : null}
      <DoneNotice message={actionData?.done} />
      <FormErrors id="event-errors" errors={errors} />
      <div className="card">
        <dl className="details">
          <dt>{t("circleEvents.when")}</dt>
          <dd>
            <EventWhen startsAt={event.startsAt} endsAt={event.endsAt} />
          </dd>
          <dt>{t("circleEvents.where")}</dt>
          <dd>{where || "—"}</dd>
          <dt>{t("circleEvents.capacity")}</dt>
          <dd data-testid="places-left">{t("circleEvents.placesLeft", { count: placesLeft, capacity: event.capacity })}</dd>
        </dl>
        {event.description ? <p className="circle-body">{event.description}</p> : null}
        {state !== "cancelled" ? (
          <p>
            <a href={`/circle/events/${event.id}/calendar.ics`} download>
              {t("circleEvents.addToCalendar")}
            </a>
          </p>
        ) : null}
      </div>

      {mine ? (
        <div className="card" data-testid="my-registration">
          <p>
            <StatusBadge tone={registrationTone[mine.status]}>{t(`circleEvents.status.${mine.status}`)}</StatusBadge>{" "}
            {mine.status === "confirmed" ? t("circleEvents.youAreIn") : null}
            {mine.status === "waitlisted" ? t("circleEvents.waitlistPosition", { position: mine.position }) : null}
          </p>
          <p>
            <Link to={`/circle/events/${event.id}/ticket`} className="button button-small">
              {t("circleEvents.ticket")}
            </Link>
          </p>
          {mayCancel ? <CancelRegistration busy={busy} /> : null}
        </div>
      ) : null}

      {mayRegister ? (
        <Form method="post" className="card">
          {placesLeft <= 0 ? <p>{t("circleEvents.full", { count: waitlist })}</p> : null}
          <input type="hidden" name="intent" value="register" />
          <SubmitButton busy={busy}>{placesLeft > 0 ? t("circleEvents.register") : t("circleEvents.registerWaitlist")}</SubmitButton>
        </Form>
      ) : null}

      {!signedIn && state === "open" && event.audience === "members" ? (
        <p className="card">
          {t("circleEvents.membersOnly")} <Link to={`/login?redirectTo=${encodeURIComponent(`/circle/events/${event.id}`)}`}>{t("circleEvents.signInToRegister")}</Link>
        </p>
      ) : null}

      {mayRegisterPublic ? (
        <Form method="post" className="card" noValidate>
          <h2>{t("circleEvents.publicForm")}</h2>
          <p className="muted small">{t("circleEvents.publicNote")}</p>
          {placesLeft <= 0 ? <p>{t("circleEvents.full", { count: waitlist })}</p> : null}
          <input type="hidden" name="intent" value="register-public" />
          <Field label={t("circleEvents.name")} htmlFor="public-name" errorId="public-name-errors" errors={fieldErrors.name ?? undefined}>
            <input id="public-name" name="name" type="text" maxLength={80} autoComplete="name" required />
          </Field>
          <Field label={t("circleEvents.email")} htmlFor="public-email" errorId="public-email-errors" errors={fieldErrors.email ?? undefined}>
            <input id="public-email" name="email" type="email" maxLength={254} autoComplete="email" required />
          </Field>
          <SubmitButton busy={busy}>{t("circleEvents.publicSubmit")}</SubmitButton>
          <p className="muted small">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/circle/events/${event.id}`)}`}>{t("circleEvents.signInToRegister")}</Link>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
