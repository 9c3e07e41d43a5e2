// /circle/events/:id/check-in — staff at the door: a scanner (which types what it reads) or a
// person types the code; each attendee checks in once, a second time shows when they came in.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventStaffHeader } from "~/components/circle-events-ui";
import { FormErrors, SubmitButton } from "~/components/forms";
import { formatTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { checkInSchema } from "~/modules/circle/events-forms";
import { checkIn, eventAttendees } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("活动签到 · 园区活动");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const { event, checkedIn } = await eventAttendees(staff, params.id ?? "");
  return { event: { id: event.id, title: event.title, confirmedCount: event.confirmedCount }, checkedIn };
});

/** A code nobody holds is 404, one already used or not yet confirmed 409; the page says which either way. */
const checkInStatus = { checked_in: 200, unknown: 404, already: 409, not_confirmed: 409 } as const;

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  return submitForm(request, checkInSchema, async ({ code }) => checkIn(staff, params.id ?? "", code, await requestInfo(request, context)), {
    resetForm: true,
    status: (outcome) => checkInStatus[outcome.outcome],
  });
});

export default function EventCheckIn() {
  const { t, i18n } = useTranslation();
  const { event, checkedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const outcome = actionData?.done ?? null;
  let message: string | null = null;
  if (outcome?.outcome === "checked_in") message = t("circleEvents.checkInPage.checkedIn", { name: outcome.name, time: formatTime(outcome.at, i18n.language) });
  if (outcome?.outcome === "already") message = t("circleEvents.checkInPage.already", { name: outcome.name, time: formatTime(outcome.at, i18n.language) });
  if (outcome?.outcome === "unknown") message = t("circleEvents.checkInPage.unknown");
  if (outcome?.outcome === "not_confirmed") message = t("circleEvents.checkInPage.notConfirmed", { name: outcome.name, status: t(`circleEvents.status.${outcome.status}`) });
  return (
    <section className="stack">
      <EventStaffHeader event={event} title={t("circleEvents.checkInPage.title")} />
      <p className="muted">{t("circleEvents.checkInPage.lead")}</p>
      {message ? (
        <p className={outcome?.outcome === "checked_in" ? "notice" : "form-errors"} role="status" data-testid="check-in-result">
          {message}
        </p>
      ) : null}
      <Form method="post" className="card" key={actionData ? JSON.stringify(actionData.done) + String(checkedIn) : "first"}>
        <FormErrors id="check-in-errors" errors={actionData?.result.error?.code ?? undefined} />
        <label htmlFor="check-in-code">{t("circleEvents.checkInPage.code")}</label>
        <input id="check-in-code" name="code" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} autoFocus maxLength={40} placeholder="ABCD-2345" required style={{ fontSize: "1.5rem", letterSpacing: "0.1em" }} />
        <SubmitButton busy={busy}>{t("circleEvents.checkInPage.submit")}</SubmitButton>
      </Form>
      <p className="muted" role="status">
        {t("circleEvents.checkInPage.count", { checkedIn, confirmed: event.confirmedCount })}
      </p>
    </section>
  );
}
