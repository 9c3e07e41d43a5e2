// Pure rules of service prices and times: how many pricing units a booking spans, what a line
// costs, what cancelling costs. The same functions price the preview and the invoice.
import { vatFen } from "~/modules/billing/money";
import { addDaysIso, parkDate, parkDayEnd, parkMidnight } from "~/modules/platform/dates";

/** VAT on park services (现代服务业 6%), added on top of the catalogue prices. */
export const SERVICES_VAT_RATE_BP = 600;

/** What an invoice for `subtotalFen` of services will total: the preview shows exactly this. */
export function priceWithVat(subtotalFen: bigint) {
  const vat = vatFen(subtotalFen, SERVICES_VAT_RATE_BP);
  return { subtotalFen, vatFen: vat, totalFen: subtotalFen + vat };
}

export const CATEGORIES = [
  "stages",
  "locations",
  "set_building",
  "props",
  "equipment",
  "extras",
  "post_production",
  "virtual_production",
  "scanning",
  "accommodation",
  "dining",
  "business",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRICING_UNITS = ["hour", "half_day", "day", "person_day", "item", "night", "quote"] as const;
export type PricingUnit = (typeof PRICING_UNITS)[number];

/** Units priced by time span, and those priced per calendar day (park time). */
export const HOURLY_UNITS: readonly PricingUnit[] = ["hour", "half_day"];
export const DAILY_UNITS: readonly PricingUnit[] = ["day", "person_day", "night"];

const HOUR_MS = 3_600_000;

export { addDaysIso, parkMidnight, parkMinuteOfDay } from "~/modules/platform/dates";
/** The park date (YYYY-MM-DD) of an instant. */
export const parkDay = (at: Date) => parkDate(at);

/** Every park date a range touches, `[start, end)`. */
export function parkDaysBetween(start: Date, end: Date): string[] {
  const days: string[] = [];
  for (let day = parkDay(start); parkMidnight(day) < end; day = addDaysIso(day, 1)) days.push(day);
  return days;
}

/** How many pricing units `[start, end)` is: hours and half-days (4 h) round up; days count calendar days. */
export function unitsFor(unit: PricingUnit, start: Date | null, end: Date | null): number {
  if (unit === "item" || unit === "quote" || !start || !end) return 1;
  const ms = end.getTime() - start.getTime();
  if (ms <= 0) return 0;
  if (unit === "hour") return Math.ceil(ms / HOUR_MS);
  if (unit === "half_day") return Math.ceil(ms / (4 * HOUR_MS));
  return parkDaysBetween(start, end).length;
}

export function lineAmountFen(unitPriceFen: bigint, quantity: number, units: number): bigint {
  return unitPriceFen * BigInt(quantity) * BigInt(units);
}

/** The fee for cancelling: free until `freeCancelHours` before the start, then `feeBp` of the amount (half up). */
export function cancellationFeeFen(options: {
  amountFen: bigint;
  startsAt: Date | null;
  now: Date;
  freeCancelHours: number;
  cancelFeeBp: number;
}): bigint {
  if (!options.startsAt) return 0n;
  const hoursBefore = (options.startsAt.getTime() - options.now.getTime()) / HOUR_MS;
  if (hoursBefore >= options.freeCancelHours) return 0n;
  return (options.amountFen * BigInt(options.cancelFeeBp) + 5000n) / 10000n;
}

export interface CancellableLine {
  amountFen: bigint | null;
  startsAt: Date | null;
  freeCancelHours: number;
  cancelFeeBp: number;
}

/**
 * The fee (before VAT) for cancelling an order now. Only approved or confirmed orders are charged;
 * each line under its own offering's policy. A package is charged on its package price: the
 * lines' fees are scaled from their catalogue amounts to what the package costs (half up).
 */
export function orderCancellationFeeFen(order: { status: string; totalFen: bigint; packaged: boolean }, lines: CancellableLine[], now: Date): bigint {
  if (order.status !== "approved" && order.status !== "confirmed") return 0n;
  const fee = lines.reduce(
    (sum, line) =>
      sum + cancellationFeeFen({ amountFen: line.amountFen ?? 0n, startsAt: line.startsAt, now, freeCancelHours: line.freeCancelHours, cancelFeeBp: line.cancelFeeBp }),
    0n,
  );
  if (!order.packaged || fee === 0n) return fee < order.totalFen ? fee : order.totalFen;
  const catalogue = lines.reduce((sum, line) => sum + (line.amountFen ?? 0n), 0n);
  if (catalogue === 0n) return 0n;
  const scaled = (fee * order.totalFen * 2n + catalogue) / (2n * catalogue);
  return scaled < order.totalFen ? scaled : order.totalFen;
}

/** Order states and who may move them where, in one place. */
export const orderTransitions = {
  awaiting_tenant_approval: ["submitted", "cancelled"],
  submitted: ["approved", "quoted", "rejected", "changes_requested", "cancelled", "expired"],
  quoted: ["approved", "cancelled", "expired"],
  changes_requested: ["submitted", "cancelled"],
  approved: ["confirmed", "cancelled", "expired"],
  confirmed: ["in_progress", "cancelled"],
  in_progress: ["completed"],
  rejected: [],
  completed: [],
  cancelled: [],
  expired: [],
} as const satisfies Record<string, readonly string[]>;
export type OrderStatus = keyof typeof orderTransitions;

export function canMoveOrder(from: OrderStatus, to: OrderStatus) {
  return (orderTransitions[from] as readonly string[]).includes(to);
}

/**
 * How long an order's time stays held for it: to the end of the third park day after it was
 * placed or approved. The invoice falls due that same day, so the order and the invoice tell one
 * story — pay by the due date (inclusive), or the time is given back.
 */
const HOLD_DAYS = 3;

export function holdDeadline(from: Date) {
  const payBy = addDaysIso(parkDay(from), HOLD_DAYS);
  return { payBy, heldUntil: parkDayEnd(payBy) };
}

/** The last instant an order last moved before `now` may still hold time (the same deadline, read back). */
export function holdStartedBefore(now: Date) {
  return parkMidnight(addDaysIso(parkDay(now), -HOLD_DAYS));
}

const countWords: Record<string, { zh: string; en: [string, string] }> = {
  person_day: { zh: "人", en: ["person", "people"] },
  night: { zh: "间", en: ["room", "rooms"] },
};
const spanWords: Record<string, { zh: string; en: [string, string] }> = {
  hour: { zh: "小时", en: ["hour", "hours"] },
  half_day: { zh: "个半天", en: ["half-day", "half-days"] },
  day: { zh: "天", en: ["day", "days"] },
  person_day: { zh: "天", en: ["day", "days"] },
  night: { zh: "晚", en: ["night", "nights"] },
};

/**
 * What an invoice line counts, as a person reads it: "30 人 × 3 天" / "30 people × 3 days",
 * "2 天", "2 × 3 天" (two kits for three days), "5 项".
 */
export function quantityLabel(unit: PricingUnit, quantity: number, units: number) {
  const en = (n: number, words: [string, string]) => `${n} ${n === 1 ? words[0] : words[1]}`;
  const span = spanWords[unit];
  if (!span) return { zh: `${quantity} 项`, en: en(quantity, ["item", "items"]) };
  const count = countWords[unit];
  const spanZh = `${units} ${span.zh}`;
  const spanEn = en(units, span.en);
  if (count) return { zh: `${quantity} ${count.zh} × ${spanZh}`, en: `${en(quantity, count.en)} × ${spanEn}` };
  if (quantity === 1) return { zh: spanZh, en: spanEn };
  return { zh: `${quantity} × ${spanZh}`, en: `${quantity} × ${spanEn}` };
}
