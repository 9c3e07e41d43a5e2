// /circle/events/:id/ticket — the attendee's ticket: the check-in code as a QR image and as text.
// A member opens it signed in; a visitor opens it from the emailed link (?token=…), where a
// pending registration is confirmed by pressing a button (a POST: mail scanners that open links
// must not register anyone) and a registration can be cancelled.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CancelRegistration, EventWhen, useEventWhere } from "~/components/circle-events-ui";
import { CirclePageHeader, registrationTone } from "~/components/circle-page";
import { DoneNotice, FormErrors, SubmitButton } from "~/components/forms";
import { StatusBadge } from "~/components/ui";
import { formatTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { ticketActionSchema } from "~/modules/circle/events-forms";
import { cancelPublicRegistration, confirmPublicRegistration, myTicket, publicTicket } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { byIntent, submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("电子票 · 园区活动");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const token = new URL(request.url).searchParams.get("token");
  if (token !== null) return { ...(await publicTicket(params.id ?? "", token)), token };
  const member = await requireMember(request, { permission: "circle:read" });
  return { ...(await myTicket(member, params.id ?? "")), open: false, token: null };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const eventId = params.id ?? "";
  const meta = await requestInfo(request, context);
  return submitForm(request, ticketActionSchema, (value) =>
    byIntent(value, {
      confirm: async () => {
        await confirmPublicRegistration(eventId, token, meta);
        return "circleEvents.ticketPage.confirmed";
      },
      cancel: async () => {
        await cancelPublicRegistration(eventId, token, meta);
        return "circleEvents.cancelled";
      },
    }),
  );
});

export default function EventTicket() {
  const { t, i18n } = useTranslation();
  const { event, venueResource, registration, code, qr, open, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const where = useEventWhere()(event, venueResource);
  return (
    <section className="stack ticket">
      <CirclePageHeader back={{ to: `/circle/events/${event.id}`, label: t("circleEvents.back") }} title={t("circleEvents.ticketPage.title")} lead={event.title} />
      <DoneNotice message={actionData?.done} />
      <FormErrors id="ticket-errors" errors={actionData?.result.error?.[""] ?? undefined} />
      <div className="card">
        <p>
          <EventWhen startsAt={event.startsAt} endsAt={event.endsAt} />
          {where ? ` · ${where}` : ""}
        </p>
        <p>
          {registration.name} · <StatusBadge tone={registrationTone[registration.status]}>{t(`circleEvents.status.${registration.status}`)}</StatusBadge>
        </p>
        {event.status === "cancelled" ? <p className="form-errors">{t("circleEvents.ticketPage.eventCancelled")}</p> : null}
      </div>
      {code && qr ? (
        <div className="card ticket-code" data-testid="ticket">
          <p className="muted small">{t("circleEvents.ticketPage.showAtDoor")}</p>
          <img src={qr} alt={t("circleEvents.ticketPage.qrAlt", { code })} width={240} height={240} style={{ maxWidth: "100%", height: "auto" }} />
          <p>
            {t("circleEvents.ticketPage.code")}: <strong data-testid="check-in-code" style={{ fontSize: "1.5rem", letterSpacing: "0.1em" }}>{code}</strong>
          </p>
          {registration.checkedInAt ? <p className="notice">{t("circleEvents.ticketPage.checkedIn", { time: formatTime(registration.checkedInAt, i18n.language) })}</p> : null}
        </div>
      ) : null}
      {registration.status === "waitlisted" ? <p className="card">{t("circleEvents.ticketPage.waitlistedNote", { position: registration.position })}</p> : null}
      {registration.status === "pending" && token ? (
        <Form method="post" className="card">
          <h2>{t("circleEvents.ticketPage.pendingTitle")}</h2>
          <p>{t("circleEvents.ticketPage.pendingLead")}</p>
          <input type="hidden" name="intent" value="confirm" />
          <SubmitButton busy={busy}>{t("circleEvents.ticketPage.confirm")}</SubmitButton>
        </Form>
      ) : null}
      {token && open && registration.status !== "cancelled" ? <CancelRegistration busy={busy} /> : null}
    </section>
  );
}
