// Shared parts of the events pages: the staff form (create and edit), the tabs, when and where.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormErrors, SubmitButton } from "~/components/forms";
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
      <Field label={t("circleEvents.form.title")} htmlFor={fields.title.id} errors={fields.title.errors} errorId={fields.title.errorId}>
        <input {...getInputProps(fields.title, { type: "text" })} maxLength={120} />
      </Field>
      <Field label={t("circleEvents.form.description")} htmlFor={fields.description.id} errors={fields.description.errors} errorId={fields.description.errorId}>
        <textarea {...getTextareaProps(fields.description)} rows={5} />
      </Field>
      <div className="form-row">
        <Field label={t("circleEvents.form.startsAt")} htmlFor={fields.startsAt.id} errors={fields.startsAt.errors} errorId={fields.startsAt.errorId}>
          <input {...getInputProps(fields.startsAt, { type: "datetime-local" })} />
        </Field>
        <Field label={t("circleEvents.form.endsAt")} htmlFor={fields.endsAt.id} errors={fields.endsAt.errors} errorId={fields.endsAt.errorId}>
          <input {...getInputProps(fields.endsAt, { type: "datetime-local" })} />
        </Field>
      </div>
      <Field label={t("circleEvents.form.venueResource")} htmlFor={fields.venueResourceId.id} errors={fields.venueResourceId.errors} errorId={fields.venueResourceId.errorId}>
        <select {...getSelectProps(fields.venueResourceId)}>
          <option value="">{t("circleEvents.form.noVenueResource")}</option>
          {venues.map((v) => (
            <option key={v.id} value={v.id}>
              {i18n.language === "en" ? v.nameEn : v.nameZh}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("circleEvents.form.venue")} hint={t("circleEvents.form.venueHint")} htmlFor={fields.venue.id} errors={fields.venue.errors} errorId={fields.venue.errorId}>
        <input {...getInputProps(fields.venue, { type: "text" })} maxLength={200} />
      </Field>
      <div className="form-row">
        <Field label={t("circleEvents.form.capacity")} htmlFor={fields.capacity.id} errors={fields.capacity.errors} errorId={fields.capacity.errorId}>
          <input {...getInputProps(fields.capacity, { type: "number" })} min={1} max={100000} inputMode="numeric" />
        </Field>
        <Field label={t("circleEvents.form.audience")} htmlFor={fields.audience.id} errors={fields.audience.errors} errorId={fields.audience.errorId}>
          <select {...getSelectProps(fields.audience)}>
            {eventAudiences.map((a) => (
              <option key={a} value={a}>
                {t(`circleEvents.audience.${a}`)}
              </option>
            ))}
          </select>
        </Field>
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

export function EventStaffLinks({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  return (
    <nav className="filters" aria-label={t("circleEvents.manage")}>
      <Link to={`/circle/events/${eventId}`} className="button button-small button-secondary">
        {t("circleEvents.eventPage")}
      </Link>
      <Link to={`/circle/events/${eventId}/edit`} className="button button-small button-secondary">
        {t("circleEvents.edit")}
      </Link>
      <Link to={`/circle/events/${eventId}/attendees`} className="button button-small button-secondary">
        {t("circleEvents.attendees")}
      </Link>
      <Link to={`/circle/events/${eventId}/check-in`} className="button button-small button-secondary">
        {t("circleEvents.checkIn")}
      </Link>
    </nav>
  );
}
