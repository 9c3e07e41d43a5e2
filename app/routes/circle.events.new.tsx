// /circle/events/new — park staff who run events create one; a chosen park venue is held on the
// services calendar in the same transaction.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventForm } from "~/components/circle-events-ui";
import { CirclePageHeader } from "~/components/circle-page";
import { titled } from "~/i18n/page-titles";
import { eventSchema } from "~/modules/circle/events-forms";
import { saveEvent } from "~/modules/circle/events.server";
import { requireMember } from "~/modules/identity/access.server";
import { submitForm } from "~/modules/platform/forms.server";
import { requestInfo } from "~/modules/platform/http.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { listVenueResources } from "~/modules/services/park-use.server";

export const meta: MetaFunction = titled("新建活动 · 园区活动");

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  await requireMember(request, { permission: "circle:events", kind: "park" });
  return { venues: await listVenueResources() };
});

export const action = withAppErrors(async ({ request, context }: ActionFunctionArgs) => {
  const staff = await requireMember(request, { permission: "circle:events", kind: "park" });
  return submitForm(request, eventSchema, async (value) => {
    const event = await saveEvent(staff, value, await requestInfo(request, context));
    return redirect(`/circle/events/${event.id}`);
  });
});

export default function NewEvent() {
  const { t } = useTranslation();
  const { venues } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <CirclePageHeader back={{ to: "/circle/events", label: t("circleEvents.back") }} title={t("circleEvents.form.createTitle")} />
      <EventForm lastResult={lastResult} defaults={{}} venues={venues} busy={busy} />
    </section>
  );
}
