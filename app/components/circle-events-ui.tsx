// Shared parts of the events pages: the staff form (create and edit), the staff's tabs and page
// header, when and where, the cancel-with-confirmation form.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CirclePageHeader } from "~/components/circle-page";

import { FormErrors, InputField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { Tabs } from "~/components/ui";
import { formatDateTime, formatTime } from "~/i18n/format";
import { eventAudiences } from "~/modules/circle/events-forms";
import { parkDate } from "~/modules/platform/dates";

interface EventFormFields {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  venueResourceId: string;
  capacity: string;
  audience: string;
}

type Venue = { id: string; nameZh: string; nameEn: string };

export function EventForm({ lastResult, defaults, venues, busy }: { lastResult: SubmissionResult<string[]> | null | undefined; defaults: Partial<EventFormFields>; venues: Venue[]; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm<EventFormFields>({ id: "circle-event", lastResult, defaultValue: { audience: "members", ...defaults }, shouldValidate: "onSubmit" });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <InputField label={t("circleEvents.form.title")} meta={fields.title} maxLength={120} />
      <TextareaField label={t("circleEvents.form.description")} meta={fields.description} rows={5} />
      <div className="form-row">
        <InputField label={t("circleEvents.form.startsAt")} meta={fields.startsAt} type="datetime-local" />
        <InputField label={t("circleEvents.form.endsAt")} meta={fields.endsAt} type="datetime-local" />
      </div>
      <SelectField
        label={t("circleEvents.form.venueResource")}
        meta={fields.venueResourceId}
        placeholder={t("circleEvents.form.noVenueResource")}
        options={venues.map((v) => ({ value: v.id, label: i18n.language === "en" ? v.nameEn : v.nameZh }))}
      />
      <InputField label={t("circleEvents.form.venue")} hint={t("circleEvents.form.venueHint")} meta={fields.venue} maxLength={200} />
      <div className="form-row">
        <InputField label={t("circleEvents.form.capacity")} meta={fields.capacity} type="number" min={1} max={100000} inputMode="numeric" />
        <SelectField label={t("circleEvents.form.audience")} meta={fields.audience} options={eventAudiences.map((a) => ({ value: a, label: t(`circleEvents.audience.${a}`) }))} />
      </div>
      <SubmitButton busy={busy}>{t("circleEvents.form.save")}</SubmitButton>
    </Form>
  );
}

/** "12月18日 09:30 – 17:00", or both full instants when it runs over midnight. */
export function EventWhen({ startsAt, endsAt }: { startsAt: string | Date; endsAt: string | Date }) {
  const { i18n } = useTranslation();
  const sameDay = parkDate(new Date(startsAt)) === parkDate(new Date(endsAt));
  return (
    <span>
      {formatDateTime(startsAt, i18n.language)} – {sameDay ? formatTime(endsAt, i18n.language) : formatDateTime(endsAt, i18n.language)}
    </span>
  );
}

/** The staff's pages of one event, as tabs. */
export function EventStaffLinks({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  return (
    <Tabs
      label={t("circleEvents.manage")}
      items={[
        { to: `/circle/events/${eventId}`, label: t("circleEvents.eventPage"), end: true },
        { to: `/circle/events/${eventId}/edit`, label: t("circleEvents.edit") },
        { to: `/circle/events/${eventId}/attendees`, label: t("circleEvents.attendees") },
        { to: `/circle/events/${eventId}/check-in`, label: t("circleEvents.checkIn") },
      ]}
    />
  );
}

/** The head of a staff page about one event (edit, attendees, check-in): its title under the page's, and the staff's tabs. */
export function EventStaffHeader({ event, title }: { event: { id: string; title: string }; title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <CirclePageHeader back={{ to: "/circle/events", label: t("circleEvents.back") }} title={title} lead={event.title} />
      <EventStaffLinks eventId={event.id} />
    </>
  );
}

/** Where an event is: the park's room held for it and what staff wrote, in the reader's language. */
export function useEventWhere() {
  const { i18n } = useTranslation();
  return (event: { venue: string }, venueResource: { nameZh: string; nameEn: string } | null) =>
    [venueResource ? (i18n.language === "en" ? venueResource.nameEn : venueResource.nameZh) : null, event.venue].filter(Boolean).join(" · ");
}

/** Cancelling a registration, behind a confirmation step. */
export function CancelRegistration({ busy }: { busy: boolean }) {
  const { t } = useTranslation();
  return (
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
  );
}
