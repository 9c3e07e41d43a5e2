// /circle/events/:id — one event: when, where, places left or the waitlist; register and cancel
// (with a confirmation step) for members; a name + email form for the public on public events;
// the .ics file; links to the ticket and, for staff, the console.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventStaffLinks, EventWhen } from "~/components/circle-events-ui";
import { FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { titled } from "~/i18n/page-titles";
import { eventActionSchema } from "~/modules/circle/events-forms";
import { cancelMyRegistration, getEvent, registerForEvent, requestPublicRegistration } from "~/modules/circle/events.server";
import { circleViewer } from "~/modules/circle/profiles.server";
import { getActor } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("园区活动 · 生态朋友圈");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const view = await getEvent(viewer, params.id ?? "");
  return { ...view, signedIn: viewer.kind !== "visitor" };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const viewer = await circleViewer(await getActor(request));
  const submission = parseWithZod(await readForm(request), { schema: eventActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  const eventId = params.id ?? "";
  const meta = await requestInfo(request, context);
  try {
    const action = submission.value;
    let done: string;
    if (action.intent === "register-public") {
      // Members register with their account; the public form is for visitors.
      if (viewer.kind !== "visitor") throw new AppError("conflict", "errors.circleEventAlreadySignedIn");
      await requestPublicRegistration(eventId, action, meta);
      done = "circleEvents.publicSent";
    } else {
      if (viewer.kind === "visitor") throw new AppError("forbidden", "errors.forbidden");
      if (action.intent === "register") {
        const registration = await registerForEvent(viewer.member, eventId, meta);
        done = registration.status === "confirmed" ? "circleEvents.registered" : "circleEvents.waitlisted";
      } else {
        await cancelMyRegistration(viewer.member, eventId, meta);
        done = "circleEvents.cancelled";
      }
    }
    return { result: submission.reply({ resetForm: true }), done };
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data({ result, done: null }, { status });
  }
});

export default function CircleEvent() {
  const { t, i18n } = useTranslation();
  const { event, venueResource, state, placesLeft, waitlist, mine, mayRegister, mayRegisterPublic, mayCancel, mayManage, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.result.error?.[""] ?? undefined;
  const fieldErrors = actionData?.result.error ?? {};
  const where = [venueResource ? (i18n.language === "en" ? venueResource.nameEn : venueResource.nameZh) : null, event.venue].filter(Boolean).join(" · ");
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/events">{t("circleEvents.back")}</Link>
        </p>
        <p className="muted small">
          <span className={`status status-${state === "open" ? "confirmed" : "void"}`}>{t(`circleEvents.state.${state}`)}</span> <span className="status">{t(`circleEvents.audience.${event.audience}`)}</span>
        </p>
        <h1>{event.title}</h1>
      </header>
      {mayManage ? <EventStaffLinks eventId={event.id} /> : null}
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done)}
        </p>
      ) : null}
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
            <span className={`status status-${mine.status}`}>{t(`circleEvents.status.${mine.status}`)}</span>{" "}
            {mine.status === "confirmed" ? t("circleEvents.youAreIn") : null}
            {mine.status === "waitlisted" ? t("circleEvents.waitlistPosition", { position: mine.position }) : null}
          </p>
          <p>
            <Link to={`/circle/events/${event.id}/ticket`} className="button button-small">
              {t("circleEvents.ticket")}
            </Link>
          </p>
          {mayCancel ? (
            <details>
              <summary className="button button-small button-secondary">{t("circleEvents.cancel")}</summary>
              <Form method="post" className="stack">
                <p>{t("circleEvents.cancelConfirm")}</p>
                <input type="hidden" name="intent" value="cancel" />
                <SubmitButton busy={busy} className="button button-small button-danger">
                  {t("circleEvents.cancelYes")}
                </SubmitButton>
              </Form>
            </details>
          ) : null}
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
          <div className="field">
            <label htmlFor="public-name">{t("circleEvents.name")}</label>
            <input id="public-name" name="name" type="text" maxLength={80} autoComplete="name" required />
            <FormErrors id="public-name-errors" errors={fieldErrors.name ?? undefined} />
          </div>
          <div className="field">
            <label htmlFor="public-email">{t("circleEvents.email")}</label>
            <input id="public-email" name="email" type="email" maxLength={254} autoComplete="email" required />
            <FormErrors id="public-email-errors" errors={fieldErrors.email ?? undefined} />
          </div>
          <SubmitButton busy={busy}>{t("circleEvents.publicSubmit")}</SubmitButton>
          <p className="muted small">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/circle/events/${event.id}`)}`}>{t("circleEvents.signInToRegister")}</Link>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
