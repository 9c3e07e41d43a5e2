// Calendars of a bookable resource, in park time (Asia/Shanghai): a week of days × hours for
// resources booked by the hour, a month of days for those booked by the day, and a strip of days
// per resource for the service desk. Tenants see that time is taken; the desk sees by whom.
import { Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PARK_TIME_ZONE } from "~/i18n/format";
import { addDaysIso, parkDay, parkMidnight } from "~/modules/services/pricing";

export interface CalendarBooking {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  mine: boolean;
  tenant: { nameZh: string; nameEn: string } | null;
  orderId: string | null;
}

export interface CalendarData {
  resource: { id: string; nameZh: string; nameEn: string; capacity: number; opensMinute: number | null; closesMinute: number | null };
  bookings: CalendarBooking[];
  pool: { day: string; used: number; capacity: number }[];
}

const HOUR_MS = 3_600_000;

function formatter(language: string, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-CN", { timeZone: PARK_TIME_ZONE, ...options });
}

/** "周一 5/12" / "Mon 12/5" for a park date. */
function dayLabel(day: string, language: string) {
  const noon = new Date(parkMidnight(day).getTime() + 12 * HOUR_MS);
  return {
    weekday: formatter(language, { weekday: "short" }).format(noon),
    date: formatter(language, { month: "numeric", day: "numeric" }).format(noon),
  };
}

function overlapping(bookings: CalendarBooking[], from: number, to: number) {
  return bookings.filter((b) => Date.parse(b.startsAt) < to && Date.parse(b.endsAt) > from);
}

function tenantName(b: CalendarBooking, language: string) {
  return b.tenant ? (language === "en" ? b.tenant.nameEn : b.tenant.nameZh) : null;
}

type CellState = "free" | "taken" | "mine" | "held" | "partial" | "past" | "closed" | "soon";

/**
 * The earliest instant a booking may start (now plus the offering's notice) and the sentence that
 * says so: free time before it is shown greyed with that reason, never as a link.
 */
export interface BookableFrom {
  at: number;
  reason: string;
}

/** Free (or partly free) time starting before the notice period ends cannot be picked. */
function tooSoon(state: CellState, startsAt: number, bookableFrom?: BookableFrom): CellState {
  return bookableFrom && startsAt < bookableFrom.at && (state === "free" || state === "partial") ? "soon" : state;
}

/** A greyed cell's day or hour: a button that says why it cannot be picked (hover shows the title, a tap the note). */
function SoonPick({ label, reason, onPick, children, className }: { label: string; reason: string; onPick: (reason: string) => void; children?: React.ReactNode; className: string }) {
  return (
    <button type="button" className={`${className} cal-soon-pick`} aria-label={`${label} ${reason}`} onClick={() => onPick(`${label} · ${reason}`)}>
      {children}
    </button>
  );
}

function ReasonNote({ text }: { text: string | null }) {
  return (
    <p className="cal-reason hint" role="status" data-testid="calendar-reason">
      {text ?? ""}
    </p>
  );
}

/** How taken one park day of a whole resource is: minutes covered within its opening hours. */
function dayState(data: CalendarData, day: string, now: number): { state: CellState; bookings: CalendarBooking[] } {
  const start = parkMidnight(day).getTime();
  const open = start + (data.resource.opensMinute ?? 0) * 60_000;
  const close = start + (data.resource.closesMinute ?? 1440) * 60_000;
  const hits = overlapping(data.bookings, open, close);
  if (start + 24 * HOUR_MS <= now) return { state: "past", bookings: hits };
  if (hits.length === 0) return { state: "free", bookings: hits };
  // Merge the covered intervals to tell a full day from a partly taken one.
  const spans = hits.map((b) => [Math.max(open, Date.parse(b.startsAt)), Math.min(close, Date.parse(b.endsAt))] as const).sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = open;
  for (const [from, to] of spans) {
    if (to <= reach) continue;
    covered += to - Math.max(from, reach);
    reach = to;
  }
  if (covered < close - open) return { state: "partial", bookings: hits };
  if (hits.some((b) => b.mine)) return { state: "mine", bookings: hits };
  return { state: hits.every((b) => b.status === "held") ? "held" : "taken", bookings: hits };
}

function Legend({ pool, soon }: { pool?: boolean; soon?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="cal-legend" aria-label={t("services.calendar.legend")}>
      <li>
        <span className="cal-swatch cal-free" /> {t("services.calendar.free")}
      </li>
      {soon ? (
        <li>
          <span className="cal-swatch cal-soon" /> {t("services.calendar.soon")}
        </li>
      ) : null}
      {pool ? (
        <li>
          <span className="cal-swatch cal-partial" /> {t("services.calendar.someLeft")}
        </li>
      ) : (
        <li>
          <span className="cal-swatch cal-partial" /> {t("services.calendar.partial")}
        </li>
      )}
      <li>
        <span className="cal-swatch cal-taken" /> {pool ? t("services.calendar.full") : t("services.calendar.taken")}
      </li>
      <li>
        <span className="cal-swatch cal-held" /> {t("services.calendar.held")}
      </li>
      <li>
        <span className="cal-swatch cal-mine" /> {t("services.calendar.mine")}
      </li>
    </ul>
  );
}

function stateLabelKey(state: CellState) {
  return `services.calendar.${state}`;
}

/**
 * A day's state in words. A phone's month cell is three characters wide: it shows the short word
 * (已订 for 已被预订) so no label is ever broken inside a word; wider screens show the whole one.
 */
function CellLabel({ label, short }: { label: string; short: string }) {
  if (short === label) return <span className="cal-state">{label}</span>;
  return (
    <span className="cal-state">
      <span className="cal-state-long">{label}</span>
      <span className="cal-state-short" aria-hidden="true">
        {short}
      </span>
    </span>
  );
}

interface NavProps {
  title: string;
  prev: string;
  next: string;
  today?: string;
}

function CalendarNav({ title, prev, next, today }: NavProps) {
  const { t } = useTranslation();
  return (
    <div className="cal-nav">
      <Link to={prev} preventScrollReset className="button button-small button-secondary" aria-label={t("services.calendar.previous")}>
        ‹
      </Link>
      <strong className="cal-title">{title}</strong>
      <Link to={next} preventScrollReset className="button button-small button-secondary" aria-label={t("services.calendar.next")}>
        ›
      </Link>
      {today ? (
        <Link to={today} preventScrollReset className="link-small">
          {t("services.calendar.today")}
        </Link>
      ) : null}
    </div>
  );
}

/** A week of a resource booked by the hour: days across, hours down. */
export function WeekCalendar({
  data,
  weekStart,
  nav,
  now,
  orderHref,
  slotHref,
  bookableFrom,
}: {
  data: CalendarData;
  weekStart: string;
  nav: NavProps;
  now: number;
  orderHref?: (orderId: string) => string;
  /** Where a free hour links to (e.g. the booking form filled in for it). */
  slotHref?: (day: string, hour: number) => string;
  bookableFrom?: BookableFrom;
}) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const language = i18n.language;
  const days = Array.from({ length: 7 }, (_, i) => addDaysIso(weekStart, i));
  const firstHour = Math.floor((data.resource.opensMinute ?? 0) / 60);
  const lastHour = Math.ceil((data.resource.closesMinute ?? 1440) / 60);
  const hours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);
  return (
    <div className="calendar">
      <CalendarNav {...nav} />
      <div className="cal-scroll">
        <table className="cal-week">
          <caption className="visually-hidden">{t("services.calendar.weekCaption", { name: language === "en" ? data.resource.nameEn : data.resource.nameZh })}</caption>
          <thead>
            <tr>
              <th scope="col" className="cal-hour-head">
                <span className="visually-hidden">{t("services.calendar.hour")}</span>
              </th>
              {days.map((day) => {
                const label = dayLabel(day, language);
                return (
                  <th key={day} scope="col" className={day === parkDay(new Date(now)) ? "cal-today" : undefined}>
                    <span className="cal-weekday">{label.weekday}</span>
                    <span className="cal-date">{label.date}</span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {hours.map((hour) => (
              <tr key={hour}>
                <th scope="row" className="cal-hour">
                  {String(hour).padStart(2, "0")}:00
                </th>
                {days.map((day) => {
                  const from = parkMidnight(day).getTime() + hour * HOUR_MS;
                  const hits = overlapping(data.bookings, from, from + HOUR_MS);
                  const state: CellState = tooSoon(
                    from + HOUR_MS <= now ? "past" : hits.length === 0 ? "free" : hits.some((b) => b.mine) ? "mine" : hits.every((b) => b.status === "held") ? "held" : "taken",
                    from,
                    bookableFrom,
                  );
                  const first = hits.find((b) => Date.parse(b.startsAt) >= from && Date.parse(b.startsAt) < from + HOUR_MS);
                  const who = first ? tenantName(first, language) : null;
                  const label = `${dayLabel(day, language).weekday} ${String(hour).padStart(2, "0")}:00 ${t(stateLabelKey(state))}`;
                  const names = hits.map((b) => tenantName(b, language)).filter(Boolean).join("、");
                  return (
                    <td key={day} className={`cal-cell cal-${state}`} data-state={state} title={state === "soon" && bookableFrom ? bookableFrom.reason : names || undefined}>
                      {state === "free" && slotHref ? (
                        <Link to={slotHref(day, hour)} className="cal-pick" preventScrollReset>
                          <span className="visually-hidden">{label}</span>
                        </Link>
                      ) : state === "soon" && bookableFrom && slotHref ? (
                        <SoonPick className="cal-pick" label={`${dayLabel(day, language).weekday} ${String(hour).padStart(2, "0")}:00`} reason={bookableFrom.reason} onPick={setReason} />
                      ) : (
                        <span className="visually-hidden">{label}</span>
                      )}
                      {who && first?.orderId && orderHref ? (
                        <Link to={orderHref(first.orderId)} className="cal-who">
                          {who}
                        </Link>
                      ) : who ? (
                        <span className="cal-who">{who}</span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReasonNote text={reason} />
      <Legend soon={Boolean(bookableFrom)} />
    </div>
  );
}

/** A month of a resource booked by the day (or a pool: how many are left each day). */
export function MonthCalendar({
  data,
  month,
  nav,
  now,
  orderHref,
  dayHref,
  bookableFrom,
}: {
  data: CalendarData;
  month: string;
  nav: NavProps;
  now: number;
  orderHref?: (orderId: string) => string;
  /** Where a bookable day links to (e.g. the booking form starting that day). */
  dayHref?: (day: string) => string;
  bookableFrom?: BookableFrom;
}) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const language = i18n.language;
  const first = `${month}-01`;
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const gridStart = addDaysIso(first, -lead);
  const cells = Array.from({ length: 42 }, (_, i) => addDaysIso(gridStart, i));
  const weeks = Array.from({ length: 6 }, (_, w) => cells.slice(w * 7, w * 7 + 7)).filter((week) => week.some((d) => d.startsWith(month)));
  const pool = data.resource.capacity > 1;
  const today = parkDay(new Date(now));
  return (
    <div className="calendar">
      <CalendarNav {...nav} />
      <table className="cal-month">
        <caption className="visually-hidden">{t("services.calendar.monthCaption", { name: language === "en" ? data.resource.nameEn : data.resource.nameZh })}</caption>
        <thead>
          <tr>
            {weeks[0].map((day) => (
              <th key={day} scope="col">
                {dayLabel(day, language).weekday}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const inMonth = day.startsWith(month);
                const past = parkMidnight(addDaysIso(day, 1)).getTime() <= now;
                let state: CellState;
                let detail: string;
                let who: CalendarBooking[] = [];
                if (pool) {
                  const row = data.pool.find((p) => p.day === day);
                  const left = (row?.capacity ?? data.resource.capacity) - (row?.used ?? 0);
                  state = past ? "past" : left <= 0 ? "taken" : row && row.used > 0 ? "partial" : "free";
                  detail = past ? t("services.calendar.past") : t("services.calendar.left", { count: left });
                } else {
                  const s = dayState(data, day, now);
                  state = s.state;
                  who = s.bookings;
                  detail = t(stateLabelKey(state));
                }
                if (!past) {
                  const checked = tooSoon(state, parkMidnight(day).getTime(), bookableFrom);
                  if (checked !== state) detail = t("services.calendar.soon");
                  state = checked;
                }
                const names = [...new Set(who.map((b) => tenantName(b, language)).filter(Boolean))];
                const link = who.find((b) => b.orderId)?.orderId;
                return (
                  <td
                    key={day}
                    className={`cal-day cal-${state}${inMonth ? "" : " cal-outside"}${day === today ? " cal-today" : ""}`}
                    data-day={day}
                    data-state={state}
                    title={state === "soon" && bookableFrom ? bookableFrom.reason : undefined}
                  >
                    {dayHref && (state === "free" || (pool && state === "partial")) ? (
                      <Link to={dayHref(day)} className="cal-daynum cal-pick" preventScrollReset aria-label={`${day} ${detail}`}>
                        {Number(day.slice(8))}
                      </Link>
                    ) : state === "soon" && bookableFrom && dayHref ? (
                      <SoonPick className="cal-daynum" label={day} reason={bookableFrom.reason} onPick={setReason}>
                        {Number(day.slice(8))}
                      </SoonPick>
                    ) : (
                      <span className="cal-daynum">{Number(day.slice(8))}</span>
                    )}
                    <CellLabel label={detail} short={detail === t(stateLabelKey(state)) ? t(`services.calendar.short.${state}`) : detail} />
                    {names.length ? (
                      link && orderHref ? (
                        <Link to={orderHref(link)} className="cal-who">
                          {names.join("、")}
                        </Link>
                      ) : (
                        <span className="cal-who">{names.join("、")}</span>
                      )
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ReasonNote text={reason} />
      <Legend pool={pool} soon={Boolean(bookableFrom)} />
    </div>
  );
}

/** The desk's overview: every resource as a row of days. */
export function ResourceStrip({ calendars, fromDay, days, now, resourceHref }: { calendars: CalendarData[]; fromDay: string; days: number; now: number; resourceHref: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dates = Array.from({ length: days }, (_, i) => addDaysIso(fromDay, i));
  return (
    <div className="cal-scroll">
      <table className="cal-strip">
        <thead>
          <tr>
            <th scope="col">{t("services.desk.resource")}</th>
            {dates.map((day) => {
              const label = dayLabel(day, language);
              return (
                <th key={day} scope="col">
                  <span className="cal-weekday">{label.weekday}</span>
                  <span className="cal-date">{label.date}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {calendars.map((data) => (
            <tr key={data.resource.id}>
              <th scope="row">
                <Link to={resourceHref(data.resource.id)}>{language === "en" ? data.resource.nameEn : data.resource.nameZh}</Link>
              </th>
              {dates.map((day) => {
                if (data.resource.capacity > 1) {
                  const row = data.pool.find((p) => p.day === day);
                  const used = row?.used ?? 0;
                  const capacity = row?.capacity ?? data.resource.capacity;
                  const state: CellState = used >= capacity ? "taken" : used > 0 ? "partial" : "free";
                  return (
                    <td key={day} className={`cal-cell cal-${state}`} title={`${used}/${capacity}`}>
                      <span className="cal-pool">{used ? `${used}/${capacity}` : ""}</span>
                    </td>
                  );
                }
                const { state, bookings } = dayState(data, day, now);
                const names = [...new Set(bookings.map((b) => tenantName(b, language)).filter(Boolean))].join("、");
                return (
                  <td key={day} className={`cal-cell cal-${state === "past" && bookings.length ? "taken" : state}`} title={names || undefined}>
                    <span className="visually-hidden">{names || t(stateLabelKey(state))}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
