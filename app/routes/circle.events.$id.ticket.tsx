// /circle/events/:id/ticket — the attendee's ticket: the check-in code as a QR image and as text.
// A member opens it signed in; a visitor opens it from the emailed link (?token=…), where a
// pending registration is confirmed by pressing a button (a POST: mail scanners that open links
// must not register anyone) and a registration can be cancelled.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventWhen } from "~/components/circle-events-ui";
import { FormErrors, SubmitButton, translateMessage } from "~/components/forms";
import { formatTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { ticketActionSchema } from "~/modules/circle/events-forms";
import { cancelPublicRegistration, confirmPublicRegistration, myTicket, publicTicket } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { errorReply, readForm, requestInfo } from "~/modules/platform/http.server";
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
  const submission = parseWithZod(await readForm(request), { schema: ticketActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), done: null }, { status: 400 });
  const meta = await requestInfo(request, context);
  try {
    if (submission.value.intent === "confirm") {
      await confirmPublicRegistration(params.id ?? "", token, meta);
      return { result: submission.reply(), done: "circleEvents.ticketPage.confirmed" };
    }
    await cancelPublicRegistration(params.id ?? "", token, meta);
    return { result: submission.reply(), done: "circleEvents.cancelled" };
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data({ result, done: null }, { status });
  }
});

export default function EventTicket() {
  const { t, i18n } = useTranslation();
  const { event, venueResource, registration, code, qr, open, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const where = [venueResource ? (i18n.language === "en" ? venueResource.nameEn : venueResource.nameZh) : null, event.venue].filter(Boolean).join(" · ");
  return (
    <section className="stack ticket">
      <header className="page-header">
        <p className="muted small">
          <Link to={`/circle/events/${event.id}`}>{t("circleEvents.back")}</Link>
        </p>
        <h1>{t("circleEvents.ticketPage.title")}</h1>
        <p className="lead">{event.title}</p>
      </header>
      {actionData?.done ? (
        <p className="notice" role="status">
          {translateMessage(t, actionData.done)}
        </p>
      ) : null}
      <FormErrors id="ticket-errors" errors={actionData?.result.error?.[""] ?? undefined} />
      <div className="card">
        <p>
          <EventWhen startsAt={event.startsAt} endsAt={event.endsAt} />
          {where ? ` · ${where}` : ""}
        </p>
        <p>
          {registration.name} · <span className={`status status-${registration.status}`}>{t(`circleEvents.status.${registration.status}`)}</span>
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
      {token && open && registration.status !== "cancelled" ? (
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
    </section>
  );
}
