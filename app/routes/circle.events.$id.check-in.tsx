// /circle/events/:id/check-in — staff at the door: a scanner (which types what it reads) or a
// person types the code; each attendee checks in once, a second time shows when they came in.
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventStaffLinks } from "~/components/circle-events-ui";
import { FormErrors, SubmitButton } from "~/components/forms";
import { formatTime } from "~/i18n/format";
import { titled } from "~/i18n/page-titles";
import { checkInSchema } from "~/modules/circle/events-forms";
import { checkIn, eventAttendees } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { readForm, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";

export const meta: MetaFunction = titled("活动签到 · 园区活动");

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const { event, checkedIn } = await eventAttendees(staff, params.id ?? "");
  return { event: { id: event.id, title: event.title, confirmedCount: event.confirmedCount }, checkedIn };
});

export const action = withAppErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const submission = parseWithZod(await readForm(request), { schema: checkInSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), outcome: null }, { status: 400 });
  const outcome = await checkIn(staff, params.id ?? "", submission.value.code, await requestInfo(request, context));
  const status = outcome.outcome === "checked_in" ? 200 : outcome.outcome === "unknown" ? 404 : 409;
  return data({ result: submission.reply({ resetForm: true }), outcome }, { status });
});

export default function EventCheckIn() {
  const { t, i18n } = useTranslation();
  const { event, checkedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const outcome = actionData?.outcome ?? null;
  let message: string | null = null;
  if (outcome?.outcome === "checked_in") message = t("circleEvents.checkInPage.checkedIn", { name: outcome.name, time: formatTime(outcome.at, i18n.language) });
  if (outcome?.outcome === "already") message = t("circleEvents.checkInPage.already", { name: outcome.name, time: formatTime(outcome.at, i18n.language) });
  if (outcome?.outcome === "unknown") message = t("circleEvents.checkInPage.unknown");
  if (outcome?.outcome === "not_confirmed") message = t("circleEvents.checkInPage.notConfirmed", { name: outcome.name, status: t(`circleEvents.status.${outcome.status}`) });
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/events">{t("circleEvents.back")}</Link>
        </p>
        <h1>{t("circleEvents.checkInPage.title")}</h1>
        <p className="lead">{event.title}</p>
      </header>
      <EventStaffLinks eventId={event.id} />
      <p className="muted">{t("circleEvents.checkInPage.lead")}</p>
      {message ? (
        <p className={outcome?.outcome === "checked_in" ? "notice" : "form-errors"} role="status" data-testid="check-in-result">
          {message}
        </p>
      ) : null}
      <Form method="post" className="card" key={actionData ? JSON.stringify(actionData.outcome) + String(checkedIn) : "first"}>
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
