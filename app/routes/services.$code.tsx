// One offering: what it is and costs, its resource's calendar (free and taken time), and — for a
// tenant member — a booking form with a live price preview (the same `priceLines` the order
// uses, VAT as the invoice adds it). Booking places an order or adds the line to the cart.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MonthCalendar, WeekCalendar } from "~/components/calendar";
import { Field, FormErrors } from "~/components/forms";
import { BookingGate, PriceTag, ServicesNav } from "~/components/services-ui";
import { BookingPreview, OfferingFacts } from "~/components/services-offering";
import { requireMember } from "~/modules/identity/access.server";
import { AppError } from "~/modules/platform/errors";
import { byIntent, FieldProblems, submitForm } from "~/modules/platform/forms.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { addOnsFor, cartCookieHeader, getOffering, MAX_CART_LINES, optionalMember, readCart, servicesRole } from "~/modules/services/catalogue.server";
import { calendarFor, mondayOf } from "~/modules/services/console.server";
import { addOnField, addOnRequests, bookingFormSchema, bookingSchema, hhmmOf, LINE_NOTE_MAX, lineRequestFor, problemFieldErrors } from "~/modules/services/forms";
import { placeOrder } from "~/modules/services/place-order.server";
import { priceLines } from "~/modules/services/price-lines.server";
import { addDaysIso, DAILY_UNITS, HOURLY_UNITS, parkDay, type PricingUnit } from "~/modules/services/pricing";
import type { loader as previewLoader } from "~/routes/services.preview";
import servicesStyles from "~/styles/services.css";
import { languageOf, pageTitle } from "~/i18n/page-titles";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: servicesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const language = languageOf(matches);
  return [{ title: pageTitle((language === "en" ? data?.offering.nameEn : data?.offering.nameZh) ?? "服务", language) }];
};

const isDate = (v: string | null): v is string => Boolean(v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)));

export const loader = withAppErrors(async ({ request, params }: LoaderFunctionArgs) => {
  const member = await optionalMember(request);
  const role = servicesRole(member);
  const { offering, packages } = await getOffering(params.code ?? "", { includeInactive: role === "desk" });
  const url = new URL(request.url);
  const now = new Date();
  const today = parkDay(now);
  const unit = offering.pricingUnit as PricingUnit;
  const hourly = HOURLY_UNITS.includes(unit);
  let calendar = null;
  let weekStart: string | null = null;
  let month: string | null = null;
  if (offering.resource) {
    if (hourly) {
      const week = url.searchParams.get("week");
      weekStart = mondayOf(isDate(week) ? week : today);
      calendar = await calendarFor(member, offering.resource.id, weekStart, addDaysIso(weekStart, 7));
    } else {
      const m = url.searchParams.get("month");
      month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : today.slice(0, 7);
      const gridStart = mondayOf(`${month}-01`);
      calendar = await calendarFor(member, offering.resource.id, gridStart, addDaysIso(gridStart, 42));
    }
  }
  const cart = role === "tenant" ? await readCart(request) : [];
  const addOns = role === "tenant" ? await addOnsFor(offering) : [];
  const leadDays = Math.ceil(offering.leadTimeHours / 24);
  const date = url.searchParams.get("date");
  const start = url.searchParams.get("start");
  const startMinute = start && /^([01]\d|2[0-3]):00$/.test(start) ? Number(start.slice(0, 2)) * 60 : null;
  const opens = startMinute ?? offering.resource?.opensMinute ?? (hourly ? 9 * 60 : null);
  return {
    offering,
    packages,
    addOns,
    role,
    signedIn: Boolean(member),
    cartCount: cart.length,
    calendar,
    weekStart,
    month,
    now: now.getTime(),
    today,
    defaults: {
      quantity: String(offering.minQuantity),
      // A date is needed to hold time; an item without a resource (a quote, a service) may leave it open.
      date: isDate(date) && date >= today ? date : hourly || DAILY_UNITS.includes(unit) || offering.resource ? addDaysIso(today, leadDays + 1) : "",
      days: "1",
      startTime: hhmmOf(opens),
      endTime: hhmmOf(opens === null ? null : Math.min(opens + 120, offering.resource?.closesMinute ?? 1440)),
    },
  };
});

export const action = withAppErrors(async ({ request, params }: ActionFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:order", kind: "tenant" });
  const { offering } = await getOffering(params.code ?? "");
  const unit = offering.pricingUnit as PricingUnit;
  const addOns = await addOnsFor(offering);
  return submitForm(request, bookingFormSchema(unit, addOns), async (value) => {
    // The booking and its add-ons, on the same dates: held together, or not at all.
    const lines = [lineRequestFor(offering.code, unit, value), ...addOnRequests(value, addOns, value).lines];
    const priced = await priceLines(lines);
    if (priced.problems.length) throw new FieldProblems(problemFieldErrors(priced.problems, addOns));
    return byIntent(value, {
      add: async () => {
        const cart = await readCart(request);
        if (cart.length + lines.length > MAX_CART_LINES) throw new AppError("invalid", "services.cartFull", { max: MAX_CART_LINES });
        return redirect("/services/cart?added=1", { headers: { "Set-Cookie": await cartCookieHeader([...cart, ...lines]) } });
      },
      book: async () => {
        const order = await placeOrder(member, { lines });
        return redirect(`/services/orders/${order.id}?placed=1`);
      },
    });
  });
});

function timeOptions(from: number, to: number) {
  const out: string[] = [];
  for (let m = from; m <= to; m += 30) out.push(hhmmOf(m));
  return out;
}

export default function OfferingPage() {
  const { t, i18n } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const { offering, packages, addOns, role, signedIn, cartCount, calendar, weekStart, month, now, defaults } = loaderData;
  const en = i18n.language === "en";
  const unit = offering.pricingUnit as PricingUnit;
  const hourly = HOURLY_UNITS.includes(unit);
  const daily = DAILY_UNITS.includes(unit);
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const preview = useFetcher<typeof previewLoader>();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, fields] = useForm({
    // Picking a day or an hour on the calendar gives new defaults: a new form id remounts it with them.
    id: `book-${offering.code}-${defaults.date}-${defaults.startTime}`,
    lastResult: actionData?.result,
    defaultValue: { ...defaults, note: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookingSchema(unit) }),
  });

  // The selection the box must answer for; an answer for any other (an earlier date, a request
  // still in flight) is never shown.
  const [selection, setSelection] = useState<string | null>(null);
  const loadPreview = () => {
    if (!formRef.current) return;
    const params = new URLSearchParams();
    params.set("offering", offering.code);
    for (const [key, value] of new FormData(formRef.current)) if (typeof value === "string" && key !== "intent" && key !== "note") params.set(key, value);
    const key = params.toString();
    setSelection(key);
    preview.load(`/services/preview?${key}`);
  };
  useEffect(() => {
    if (role === "tenant") loadPreview();
    // For the form's initial values (again when a calendar pick remounts it); edits call it from onChange.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role, offering.code, form.id]);

  const answer = preview.data && preview.data.answers === selection ? preview.data : undefined;
  const previewErrors = (name: string) => (answer?.fieldErrors as Record<string, string[]> | undefined)?.[name];
  const errorsOf = (field: { errors?: string[] }, name: string) => field.errors ?? previewErrors(name);
  const p = answer?.preview;
  const opens = offering.resource?.opensMinute ?? 0;
  const closes = offering.resource?.closesMinute ?? 1440;
  // Time inside the offering's notice period is greyed with the reason the server would give.
  const bookableFrom = {
    at: now + offering.leadTimeHours * 3_600_000,
    reason: offering.leadTimeHours === 0 ? t("services.problems.startInPast") : t("services.problems.leadTime", { hours: offering.leadTimeHours }),
  };
  const orderHref = role === "desk" ? (id: string) => `/services/desk/${id}` : role === "tenant" ? (id: string) => `/services/orders/${id}` : undefined;

  return (
    <section className="stack services">
      <p>
        <Link to={`/services?category=${offering.category}`}>← {t(`services.categories.${offering.category}`)}</Link>
      </p>
      <ServicesNav kind={role} cartCount={cartCount} />
      <header className="page-header">
        <p className="eyebrow">{t(`services.categories.${offering.category}`)}</p>
        <h1>{en ? offering.nameEn : offering.nameZh}</h1>
        {!offering.active ? <p className="banner banner-warn">{t("services.inactive")}</p> : null}
        <p className="offering-price big">
          <PriceTag priceFen={offering.priceFen} unit={offering.pricingUnit} />
          {offering.requiresApproval || unit === "quote" ? <span className="badge-soft">{t("services.needsApproval")}</span> : <span className="badge-soft badge-ok">{t("services.instant")}</span>}
        </p>
        <p className="lead">{en ? offering.descriptionEn : offering.descriptionZh}</p>
        {offering.photo ? <img className="offering-photo" src={offering.photo} alt={en ? offering.nameEn : offering.nameZh} /> : null}
      </header>

      <div className="offering-layout">
        <div className="stack">
          <OfferingFacts offering={offering} packages={packages} />

          {calendar ? (
            <section className="card" aria-labelledby="calendar-title">
              <h2 id="calendar-title" className="card-title">
                {t("services.calendar.title")}
              </h2>
              <p className="hint">{role === "desk" ? t("services.calendar.deskHint") : t("services.calendar.tenantHint")}</p>
              {hourly && weekStart ? (
                <WeekCalendar
                  data={calendar}
                  weekStart={weekStart}
                  now={now}
                  orderHref={orderHref}
                  bookableFrom={role === "desk" ? undefined : bookableFrom}
                  slotHref={role === "tenant" ? (day, hour) => `/services/${offering.code}?week=${weekStart}&date=${day}&start=${String(hour).padStart(2, "0")}:00#book` : undefined}
                  nav={{
                    title: t("services.calendar.weekOf", { date: weekStart }),
                    prev: `/services/${offering.code}?week=${addDaysIso(weekStart, -7)}`,
                    next: `/services/${offering.code}?week=${addDaysIso(weekStart, 7)}`,
                    today: `/services/${offering.code}`,
                  }}
                />
              ) : month ? (
                <MonthCalendar
                  data={calendar}
                  month={month}
                  now={now}
                  orderHref={orderHref}
                  bookableFrom={role === "desk" ? undefined : bookableFrom}
                  dayHref={role === "tenant" ? (day) => `/services/${offering.code}?month=${month}&date=${day}#book` : undefined}
                  nav={{
                    title: month,
                    prev: `/services/${offering.code}?month=${shiftMonth(month, -1)}`,
                    next: `/services/${offering.code}?month=${shiftMonth(month, 1)}`,
                    today: `/services/${offering.code}`,
                  }}
                />
              ) : null}
            </section>
          ) : null}
        </div>

        <aside className="card booking-card" id="book" aria-labelledby="book-title">
          <h2 id="book-title" className="card-title">
            {unit === "quote" ? t("services.requestQuote") : t("services.book")}
          </h2>
          {role === "tenant" ? (
            <Form method="post" {...getFormProps(form)} key={form.id} ref={formRef} onChange={loadPreview} className="booking-form">
              <FormErrors id={form.errorId} errors={form.errors} />
              {hourly || daily ? (
                <Field label={t("services.form.date")} htmlFor={fields.date.id} errors={errorsOf(fields.date, "date")} errorId={fields.date.errorId}>
                  <input {...getInputProps(fields.date, { type: "date" })} min={loaderData.today} />
                </Field>
              ) : (
                <Field label={t("services.form.dateOptional")} htmlFor={fields.date.id} errors={errorsOf(fields.date, "date")} errorId={fields.date.errorId}>
                  <input {...getInputProps(fields.date, { type: "date" })} min={loaderData.today} />
                </Field>
              )}
              {hourly ? (
                <div className="form-row">
                  <Field label={t("services.form.startTime")} htmlFor={fields.startTime.id} errors={errorsOf(fields.startTime, "startTime")} errorId={fields.startTime.errorId}>
                    <select {...getSelectProps(fields.startTime)}>
                      {timeOptions(opens, closes - 30).map((v) => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field label={t("services.form.endTime")} htmlFor={fields.endTime.id} errors={errorsOf(fields.endTime, "endTime")} errorId={fields.endTime.errorId}>
                    <select {...getSelectProps(fields.endTime)}>
                      {timeOptions(opens + 30, closes).map((v) => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
              ) : null}
              {unit === "half_day" ? <p className="hint">{t("services.form.halfDayHint")}</p> : null}
              <div className="form-row">
                {daily ? (
                  <Field
                    label={unit === "night" ? t("services.form.nights") : t("services.form.days")}
                    htmlFor={fields.days.id}
                    errors={errorsOf(fields.days, "days")}
                    errorId={fields.days.errorId}
                  >
                    <input {...getInputProps(fields.days, { type: "number" })} min={1} max={90} inputMode="numeric" />
                  </Field>
                ) : null}
                {offering.maxQuantity > 1 || offering.minQuantity > 1 ? (
                  <Field
                    label={unit === "person_day" ? t("services.form.people") : t("services.form.quantity")}
                    htmlFor={fields.quantity.id}
                    errors={errorsOf(fields.quantity, "quantity")}
                    errorId={fields.quantity.errorId}
                    hint={t("services.quantityRange", { min: offering.minQuantity, max: offering.maxQuantity })}
                  >
                    <input {...getInputProps(fields.quantity, { type: "number" })} min={offering.minQuantity} max={offering.maxQuantity} inputMode="numeric" />
                  </Field>
                ) : (
                  <input type="hidden" name={fields.quantity.name} value={String(offering.minQuantity)} />
                )}
              </div>
              <Field label={t("services.form.note")} htmlFor={fields.note.id} errors={fields.note.errors} errorId={fields.note.errorId} hint={t("services.form.lineNoteHint")}>
                <textarea {...getTextareaProps(fields.note)} rows={2} maxLength={LINE_NOTE_MAX} />
              </Field>
              {addOns.length ? (
                <fieldset className="add-ons" data-testid="add-ons">
                  <legend>{t("services.addOns.title")}</legend>
                  <p className="hint">{t("services.addOns.hint")}</p>
                  {addOns.map((addOn) => {
                    const name = addOnField(addOn.code);
                    const fieldErrors = (actionData?.result?.error as Record<string, string[] | null> | undefined)?.[name] ?? previewErrors(name);
                    return (
                      <Field
                        key={addOn.code}
                        label={en ? addOn.nameEn : addOn.nameZh}
                        htmlFor={`${form.id}-${name}`}
                        errors={fieldErrors ?? undefined}
                        errorId={`${form.id}-${name}-error`}
                      >
                        <div className="add-on-row">
                          <input id={`${form.id}-${name}`} name={name} type="number" min={0} max={addOn.maxQuantity} inputMode="numeric" placeholder="0" aria-describedby={`${form.id}-${name}-price`} />
                          <span id={`${form.id}-${name}-price`} className="muted small">
                            <PriceTag priceFen={addOn.priceFen} unit={addOn.pricingUnit} />
                          </span>
                        </div>
                      </Field>
                    );
                  })}
                </fieldset>
              ) : null}

              <BookingPreview preview={p} pricing={!answer && Boolean(selection)} />

              <div className="actions">
                <button type="submit" name="intent" value="book" className="button" disabled={busy}>
                  {busy && navigation.formData?.get("intent") === "book" ? t("common.working") : unit === "quote" ? t("services.submitQuote") : t("services.bookNow")}
                </button>
                <button type="submit" name="intent" value="add" className="button button-secondary" disabled={busy}>
                  {busy && navigation.formData?.get("intent") === "add" ? t("common.working") : t("services.addToCart")}
                </button>
              </div>
              <p className="hint">{offering.requiresApproval || unit === "quote" ? t("services.afterSubmitReview") : t("services.afterSubmitInstant")}</p>
            </Form>
          ) : role === "desk" ? (
            <p className="muted">
              {t("services.staffCannotOrder")} <Link to="/services/desk/catalogue">{t("services.desk.nav.catalogue")}</Link>
            </p>
          ) : (
            <BookingGate signedIn={signedIn} path={`/services/${offering.code}`} />
          )}
        </aside>
      </div>
    </section>
  );
}

function shiftMonth(month: string, delta: number) {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
