// Every resource's calendar at the desk: a strip of the coming two weeks per resource (who holds
// what), and one resource in detail — a week by the hour, or a month by the day.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MonthCalendar, ResourceStrip, WeekCalendar } from "~/components/calendar";
import { SelectFilter } from "~/components/select-filter";
import { requireMember } from "~/modules/identity/access.server";
import { withAppErrors } from "~/modules/platform/route-errors";
import { calendarFor, deskCalendar, listResources, mondayOf } from "~/modules/services/console.server";
import { addDaysIso, parkDay } from "~/modules/services/pricing";

const STRIP_DAYS = 14;
const isDate = (v: string | null): v is string => Boolean(v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)));

export const loader = withAppErrors(async ({ request }: LoaderFunctionArgs) => {
  const member = await requireMember(request, { permission: "services:manage", kind: "park" });
  const url = new URL(request.url);
  const now = new Date();
  const today = parkDay(now);
  const from = url.searchParams.get("from");
  const fromDay = isDate(from) ? from : today;
  const resourceId = url.searchParams.get("resource");
  const resources = await listResources(member);
  const selected = resources.find((r) => r.id === resourceId) ?? null;
  let detail = null;
  let weekStart: string | null = null;
  let month: string | null = null;
  if (selected) {
    if (selected.opensMinute !== null && selected.capacity === 1) {
      const week = url.searchParams.get("week");
      weekStart = mondayOf(isDate(week) ? week : today);
      detail = await calendarFor(member, selected.id, weekStart, addDaysIso(weekStart, 7));
    } else {
      const m = url.searchParams.get("month");
      month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : today.slice(0, 7);
      const gridStart = mondayOf(`${month}-01`);
      detail = await calendarFor(member, selected.id, gridStart, addDaysIso(gridStart, 42));
    }
  }
  const strip = selected ? [] : await deskCalendar(member, fromDay, STRIP_DAYS);
  return { resources, selected, detail, weekStart, month, strip, fromDay, now: now.getTime(), days: STRIP_DAYS };
});

function shiftMonth(month: string, delta: number) {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export default function DeskCalendar() {
  const { t, i18n } = useTranslation();
  const { resources, selected, detail, weekStart, month, strip, fromDay, now, days } = useLoaderData<typeof loader>();
  const en = i18n.language === "en";
  const base = selected ? `/services/desk/calendar?resource=${selected.id}` : "/services/desk/calendar";
  return (
    <section className="card stack" aria-labelledby="desk-calendar-title">
      <h2 id="desk-calendar-title" className="card-title">
        {selected ? (en ? selected.nameEn : selected.nameZh) : t("services.desk.calendarTitle")}
      </h2>
      <SelectFilter
        id="resource-pick"
        name="resource"
        label={t("services.desk.resource")}
        value={selected?.id ?? ""}
        all={t("services.desk.allResources")}
        options={resources.map((r) => ({ value: r.id, label: en ? r.nameEn : r.nameZh }))}
        submitLabel={t("services.desk.show")}
        secondary
      />
      {selected && detail ? (
        weekStart ? (
          <WeekCalendar
            data={detail}
            weekStart={weekStart}
            now={now}
            orderHref={(id) => `/services/desk/${id}`}
            nav={{ title: t("services.calendar.weekOf", { date: weekStart }), prev: `${base}&week=${addDaysIso(weekStart, -7)}`, next: `${base}&week=${addDaysIso(weekStart, 7)}`, today: base }}
          />
        ) : month ? (
          <MonthCalendar
            data={detail}
            month={month}
            now={now}
            orderHref={(id) => `/services/desk/${id}`}
            nav={{ title: month, prev: `${base}&month=${shiftMonth(month, -1)}`, next: `${base}&month=${shiftMonth(month, 1)}`, today: base }}
          />
        ) : null
      ) : (
        <>
          <div className="cal-nav">
            <Link to={`${base}?from=${addDaysIso(fromDay, -days)}`} className="button button-small button-secondary" aria-label={t("services.calendar.previous")}>
              ‹
            </Link>
            <strong className="cal-title">{t("services.desk.stripTitle", { from: fromDay, to: addDaysIso(fromDay, days - 1) })}</strong>
            <Link to={`${base}?from=${addDaysIso(fromDay, days)}`} className="button button-small button-secondary" aria-label={t("services.calendar.next")}>
              ›
            </Link>
          </div>
          <ResourceStrip calendars={strip} fromDay={fromDay} days={days} now={now} resourceHref={(id) => `/services/desk/calendar?resource=${id}`} />
          <p className="hint">{t("services.desk.stripHint")}</p>
        </>
      )}
    </section>
  );
}
