// Small pieces the services pages share: a price per unit, the cancellation policy and lead time
// in words, an order's status, a line's dates, and the services tabs.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { formatRateBp, Money } from "~/components/money";
import { parkDateLabel, StatusBadge, Tabs, type TabItem, type Tone } from "~/components/ui";
import { formatDate, formatDateTime, PARK_TIME_ZONE } from "~/i18n/format";
import { addDaysIso, parkDay, SERVICES_VAT_RATE_BP } from "~/modules/services/pricing";

export function PriceTag({ priceFen, unit }: { priceFen: string | null; unit: string }) {
  const { t } = useTranslation();
  if (priceFen === null || unit === "quote") return <span className="price price-quote">{t("services.units.quote")}</span>;
  return (
    <span className="price">
      <Money fen={priceFen} />
      <span className="price-unit"> / {t(`services.units.${unit}`)}</span>
    </span>
  );
}

function hoursInWords(t: (key: string, options?: Record<string, unknown>) => string, hours: number) {
  return hours % 24 === 0 ? t("services.policy.days", { count: hours / 24 }) : t("services.policy.hours", { count: hours });
}

export function CancellationPolicy({ freeCancelHours, cancelFeeBp }: { freeCancelHours: number; cancelFeeBp: number }) {
  const { t } = useTranslation();
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  if (cancelFeeBp === 0) return <>{t("services.policy.freeAnytime")}</>;
  if (freeCancelHours === 0) return <>{t("services.policy.alwaysFee", { fee: formatRateBp(cancelFeeBp) })}</>;
  return <>{t("services.policy.freeUntil", { before: hoursInWords(tt, freeCancelHours), fee: formatRateBp(cancelFeeBp) })}</>;
}

function LeadTime({ hours }: { hours: number }) {
  const { t } = useTranslation();
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  if (hours === 0) return <>{t("services.policy.noLeadTime")}</>;
  return <>{t("services.policy.leadTime", { before: hoursInWords(tt, hours) })}</>;
}

/** An order's statuses on the one colour scale: waiting on someone, approved, under way or done, over. */
const orderTone: Record<string, Tone> = {
  submitted: "warning",
  awaiting_tenant_approval: "warning",
  quoted: "warning",
  changes_requested: "warning",
  approved: "progress",
  confirmed: "success",
  in_progress: "success",
  completed: "success",
  rejected: "danger",
  cancelled: "neutral",
  expired: "neutral",
};

/** An offering's quantities, notice and cancellation policy, as rows of the `<dl>` around them. */
export function OfferingTerms({ offering }: { offering: { minQuantity: number; maxQuantity: number; leadTimeHours: number; freeCancelHours: number; cancelFeeBp: number } }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t("services.quantity")}</dt>
      <dd>{offering.minQuantity === offering.maxQuantity ? offering.minQuantity : t("services.quantityRange", { min: offering.minQuantity, max: offering.maxQuantity })}</dd>
      <dt>{t("services.leadTime")}</dt>
      <dd>
        <LeadTime hours={offering.leadTimeHours} />
      </dd>
      <dt>{t("services.cancellation")}</dt>
      <dd>
        <CancellationPolicy freeCancelHours={offering.freeCancelHours} cancelFeeBp={offering.cancelFeeBp} />
      </dd>
    </>
  );
}

export function OrderStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <StatusBadge tone={orderTone[status] ?? "neutral"}>{t(`services.status.${status}`)}</StatusBadge>;
}

const DAILY = ["day", "person_day", "night"];

/** When a line runs: a time range for hourly lines, dates (and how many) for daily ones. */
export function LineWhen({ startsAt, endsAt, unit, units }: { startsAt: string | null; endsAt: string | null; unit: string; units: number }) {
  const { t, i18n } = useTranslation();
  if (!startsAt || !endsAt) return <span className="muted">{t("services.noDate")}</span>;
  if (DAILY.includes(unit)) {
    const first = parkDay(new Date(startsAt));
    const last = addDaysIso(parkDay(new Date(endsAt)), -1);
    const label = unit === "night" ? t("services.nightsCount", { count: units }) : t("services.daysCount", { count: units });
    return (
      <span>
        {parkDateLabel(first, i18n.language)}
        {last !== first ? ` – ${parkDateLabel(last, i18n.language)}` : ""} <span className="muted">({label})</span>
      </span>
    );
  }
  if (unit === "hour" || unit === "half_day") {
    const end = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "zh-CN", { timeZone: PARK_TIME_ZONE, timeStyle: "short" }).format(new Date(endsAt));
    return (
      <span>
        {formatDateTime(startsAt, i18n.language)} – {end}
      </span>
    );
  }
  return <span>{formatDate(startsAt, i18n.language)}</span>;
}

/** The quantity and units of a line in words: "20 人 × 2 人·天", "1 × 8 小时". */
export function LineQuantity({ quantity, units, unit }: { quantity: number; units: number; unit: string }) {
  const { t } = useTranslation();
  if (unit === "item" || unit === "quote") return <>× {quantity}</>;
  return (
    <>
      {quantity} × {units} {t(`services.units.${unit}`)}
    </>
  );
}

const tenantTabs = [
  { to: "/services", labelKey: "services.nav.catalogue", end: true },
  { to: "/services/cart", labelKey: "services.nav.cart", end: false },
  { to: "/services/orders", labelKey: "services.nav.orders", end: false },
] as const;

const deskTabs = [
  { to: "/services/desk", labelKey: "services.desk.nav.queue", end: true },
  { to: "/services/desk/calendar", labelKey: "services.desk.nav.calendar", end: false },
  { to: "/services/desk/utilisation", labelKey: "services.desk.nav.utilisation", end: false },
  { to: "/services/desk/catalogue", labelKey: "services.desk.nav.catalogue", end: false },
] as const;

/** The services tabs: the catalogue, cart and orders for tenants; the desk's pages for staff. */
export function ServicesNav({ kind, cartCount = 0 }: { kind: "tenant" | "desk" | "visitor"; cartCount?: number }) {
  const { t } = useTranslation();
  const tabs = kind === "desk" ? deskTabs : kind === "tenant" ? tenantTabs : [];
  if (tabs.length === 0) return null;
  const items: TabItem[] = tabs.map((tab) => ({
    to: tab.to,
    end: tab.end,
    label: (
      <>
        {t(tab.labelKey)}
        {tab.to === "/services/cart" && cartCount > 0 ? <span className="tab-count"> {cartCount}</span> : null}
      </>
    ),
  }));
  // The desk reads the catalogue as tenants see it: the last tab.
  if (kind === "desk") items.push({ to: "/services", end: true, label: <>{t("services.nav.catalogue")}</> });
  return <Tabs label={t("services.nav.label")} items={items} />;
}

export interface OrderLineView {
  id: string;
  offeringCode: string;
  nameZh: string;
  nameEn: string;
  pricingUnit: string;
  quantity: number;
  units: number;
  startsAt: string | null;
  endsAt: string | null;
  unitPriceFen: string | null;
  amountFen: string | null;
  bookings: { status: string; resourceNameZh: string; resourceNameEn: string; startsAt: string; endsAt: string; heldUntil: string | null }[];
  poolDays: { day: string; units: number; released: boolean }[];
  note: string;
}

/** Subtotal (for a package, its price), VAT and total, as the invoice adds them up. */
export function PriceTotals({ subtotalFen, vatFen, totalFen, packaged = false, testId }: { subtotalFen: string; vatFen: string; totalFen: string; packaged?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <dl className="details totals">
      <dt>{packaged ? t("services.packagePrice") : t("services.subtotal")}</dt>
      <dd>
        <Money fen={subtotalFen} />
      </dd>
      <dt>{t("services.vat", { rate: formatRateBp(SERVICES_VAT_RATE_BP) })}</dt>
      <dd>
        <Money fen={vatFen} />
      </dd>
      <dt>
        <strong>{t("services.total")}</strong>
      </dt>
      <dd>
        <strong data-testid={testId}>
          <Money fen={totalFen} />
        </strong>
      </dd>
    </dl>
  );
}

/** An order's lines and what it costs: subtotal, VAT and total, as the invoice charges them. */
export function OrderLines({
  lines,
  order,
  renderPrice,
}: {
  lines: OrderLineView[];
  order: { subtotalFen: string; vatFen: string; totalFen: string; packaged: boolean; unpriced: boolean };
  renderPrice?: (line: OrderLineView) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <>
      <DataTable
        rows={lines}
        rowKey={(line) => line.id}
        columns={[
          {
            header: t("services.item"),
            cell: (line) => (
              <>
                {en ? line.nameEn : line.nameZh}
                {line.note ? <div className="small line-note">{t("services.lineNote", { note: line.note })}</div> : null}
                {line.bookings.map((b, i) => (
                  <div key={i} className="muted small">
                    {en ? b.resourceNameEn : b.resourceNameZh} · {t(`services.bookingStatus.${b.status}`)}
                    {b.status === "held" && b.heldUntil ? ` · ${t("services.heldUntil", { time: formatDateTime(b.heldUntil, i18n.language) })}` : ""}
                  </div>
                ))}
                {line.poolDays.length ? (
                  <div className="muted small">
                    {t("services.poolHeld", { count: line.poolDays.length })}
                    {line.poolDays.every((d) => d.released) ? ` · ${t("services.bookingStatus.cancelled")}` : ""}
                  </div>
                ) : null}
              </>
            ),
          },
          { header: t("services.when"), cell: (line) => <LineWhen startsAt={line.startsAt} endsAt={line.endsAt} unit={line.pricingUnit} units={line.units} /> },
          { header: t("services.quantity"), cell: (line) => <LineQuantity quantity={line.quantity} units={line.units} unit={line.pricingUnit} /> },
          {
            header: t("services.amount"),
            cell: (line) => (renderPrice ? renderPrice(line) : line.amountFen !== null ? <Money fen={line.amountFen} /> : <span className="muted">{t("services.awaitingQuote")}</span>),
          },
        ]}
      />
      <PriceTotals subtotalFen={order.subtotalFen} vatFen={order.vatFen} totalFen={order.totalFen} packaged={order.packaged} testId="order-total" />
      {order.unpriced ? <p className="hint">{t("services.unpricedHint")}</p> : null}
    </>
  );
}

const mainPath = ["submitted", "approved", "confirmed", "in_progress", "completed"];

/** Where the order is on its way, and what happened to it, when, by whom and why. */
export function OrderTimeline({ status, history }: { status: string; history: { id: string; at: string; action: string; reason: string | null; actorName: string | null }[] }) {
  const { t, i18n } = useTranslation();
  const here = mainPath.indexOf(status === "quoted" || status === "changes_requested" ? "submitted" : status);
  // A step is done when the order has passed it: by its place on the path, or by its history.
  const reached = (step: string) =>
    (here >= 0 && mainPath.indexOf(step) < here) || history.some((h) => h.action === `order.${step}`) || (step === "submitted" && history.length > 0);
  const offPath = !mainPath.includes(status) && status !== "quoted";
  return (
    <div className="timeline">
      <ol className="steps-bar" aria-label={t("services.timeline")}>
        {mainPath.map((step) => (
          <li key={step} className={status === step ? "step current" : reached(step) ? "step done" : "step"} aria-current={status === step ? "step" : undefined}>
            {t(`services.status.${step}`)}
          </li>
        ))}
        {offPath ? (
          <li className="step current step-off" aria-current="step">
            {t(`services.status.${status}`)}
          </li>
        ) : null}
      </ol>
      <ol className="history">
        {history.map((h) => (
          <li key={h.id}>
            <span className="history-when">{formatDateTime(h.at, i18n.language)}</span>
            <span className="history-what">
              {t(`audit.actions.${h.action}`, { defaultValue: h.action })}
              {h.actorName ? <span className="muted"> · {h.actorName}</span> : null}
            </span>
            {h.reason ? <span className="history-why">“{h.reason}”</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What stands where the booking form would, for a visitor (a link to log in and come back to `path`) or a member who is not a tenant. */
export function BookingGate({ signedIn, path }: { signedIn: boolean; path: string }) {
  const { t } = useTranslation();
  return signedIn ? (
    <p className="muted">{t("services.tenantsOnly")}</p>
  ) : (
    <p>
      {t("services.loginToBook")}{" "}
      <Link className="button button-small" to={`/login?redirectTo=${encodeURIComponent(path)}`}>
        {t("nav.login")}
      </Link>
    </p>
  );
}
