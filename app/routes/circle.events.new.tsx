// /circle/events/new — park staff who run events create one; a chosen park venue is held on the
// services calendar in the same transaction.
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm } from "~/components/circle-events-ui";
import { titled } from "~/i18n/page-titles";
import { eventSchema } from "~/modules/circle/events-forms";
import { saveEvent } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { readForm, replyError, requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listVenueResources } from "~/modules/services/park-use.server";

export const meta: MetaFunction = titled("新建活动 · 园区活动");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "circle:events", kind: "park" });
  return { venues: await listVenueResources() };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  const submission = parseWithZod(await readForm(request), { schema: eventSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  let eventId: string;
  try {
    eventId = (await saveEvent(staff, submission.value, await requestInfo(request, context))).id;
  } catch (error) {
    return replyError(submission, error);
  }
  return redirect(`/circle/events/${eventId}`);
});

export default function NewEvent() {
  const { t } = useTranslation();
  const { venues } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <header className="page-header">
        <p className="muted small">
          <Link to="/circle/events">{t("circleEvents.back")}</Link>
        </p>
        <h1>{t("circleEvents.form.createTitle")}</h1>
      </header>
      <EventForm lastResult={lastResult} defaults={{}} venues={venues} busy={busy} />
    </section>
  );
}
