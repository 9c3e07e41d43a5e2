// The lines of an order, checked and priced exactly as the invoice will price them.
import { and, asc, eq, inArray } from "drizzle-orm";
import { serviceOfferings, servicePackageItems, servicePackages, serviceResources } from "#db/schema/services";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import {
  addDaysIso,
  DAILY_UNITS,
  HOURLY_UNITS,
  lineAmountFen,
  parkDay,
  parkMidnight,
  parkMinuteOfDay,
  unitsFor,
  type PricingUnit,
} from "./pricing";
import { LINE_NOTE_MAX } from "./forms";

export interface LineRequest {
  offeringCode: string;
  quantity: number;
  /** Hourly offerings: exact times (ISO). */
  startsAt?: string;
  endsAt?: string;
  /** Daily offerings (day, person-day, night): first park date and how many days or nights. */
  startDate?: string;
  days?: number;
  /** What the tenant asks for on this line ("需天车"); kept on the order line. */
  note?: string;
}

export interface PricedLine {
  offering: typeof serviceOfferings.$inferSelect;
  resource: typeof serviceResources.$inferSelect | null;
  quantity: number;
  units: number;
  startsAt: Date | null;
  endsAt: Date | null;
  unitPriceFen: bigint | null;
  amountFen: bigint | null;
  note: string;
}

interface LineProblem {
  index: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

/**
 * Validates and prices lines exactly as the invoice will; problems name the line and the reason.
 * `priceTooSoon`: a line inside its notice period is still priced (the preview shows what it would
 * cost beside the reason it cannot be booked yet); it stays a problem either way.
 */
export async function priceLines(requests: LineRequest[], now = new Date(), options: { priceTooSoon?: boolean } = {}) {
  const db = await getDb();
  const codes = [...new Set(requests.map((r) => r.offeringCode))];
  const offerings = codes.length
    ? await db.select().from(serviceOfferings).where(and(inArray(serviceOfferings.code, codes), eq(serviceOfferings.active, true)))
    : [];
  const resourceIds = offerings.flatMap((o) => (o.resourceId ? [o.resourceId] : []));
  const resources = resourceIds.length ? await db.select().from(serviceResources).where(inArray(serviceResources.id, resourceIds)) : [];
  const lines: PricedLine[] = [];
  const problems: LineProblem[] = [];
  requests.forEach((request, index) => {
    const offering = offerings.find((o) => o.code === request.offeringCode);
    if (!offering) return problems.push({ index, messageKey: "errors.unknownOffering" });
    const unit = offering.pricingUnit as PricingUnit;
    const quantity = request.quantity;
    if (!Number.isInteger(quantity) || quantity < offering.minQuantity || quantity > offering.maxQuantity) {
      return problems.push({ index, messageKey: "errors.quantityRange", params: { min: offering.minQuantity, max: offering.maxQuantity } });
    }
    let startsAt: Date | null = null;
    let endsAt: Date | null = null;
    if (HOURLY_UNITS.includes(unit)) {
      startsAt = request.startsAt ? new Date(request.startsAt) : null;
      endsAt = request.endsAt ? new Date(request.endsAt) : null;
      if (!startsAt || !endsAt || Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()) || endsAt <= startsAt) {
        return problems.push({ index, messageKey: "errors.timeRange" });
      }
    } else if (DAILY_UNITS.includes(unit) || request.startDate) {
      const days = request.days ?? 1;
      if (!request.startDate || !/^\d{4}-\d{2}-\d{2}$/.test(request.startDate) || !Number.isInteger(days) || days < 1 || days > 90) {
        return problems.push({ index, messageKey: "errors.dateRange" });
      }
      startsAt = parkMidnight(request.startDate);
      endsAt = parkMidnight(addDaysIso(request.startDate, DAILY_UNITS.includes(unit) ? days : 1));
    }
    if (startsAt && startsAt.getTime() < now.getTime() + offering.leadTimeHours * 3_600_000) {
      if (offering.leadTimeHours === 0) problems.push({ index, messageKey: "errors.startInPast" });
      else problems.push({ index, messageKey: "errors.leadTime", params: { hours: offering.leadTimeHours } });
      if (!options.priceTooSoon) return;
    }
    const resource = resources.find((r) => r.id === offering.resourceId) ?? null;
    if (resource && resource.opensMinute !== null && startsAt && endsAt && HOURLY_UNITS.includes(unit)) {
      const sameDay = parkDay(startsAt) === parkDay(new Date(endsAt.getTime() - 1));
      const endMinute = parkMinuteOfDay(endsAt) || 1440;
      if (!sameDay || parkMinuteOfDay(startsAt) < resource.opensMinute || endMinute > resource.closesMinute!) {
        return problems.push({ index, messageKey: "errors.outsideOpeningHours" });
      }
    }
    const units = unitsFor(unit, startsAt, endsAt);
    const unitPriceFen = offering.priceFen;
    lines.push({
      offering,
      resource,
      quantity,
      units,
      startsAt,
      endsAt,
      unitPriceFen,
      amountFen: unitPriceFen === null ? null : lineAmountFen(unitPriceFen, quantity, units),
      note: (request.note ?? "").trim().slice(0, LINE_NOTE_MAX),
    });
  });
  const totalFen = lines.reduce((sum, l) => sum + (l.amountFen ?? 0n), 0n);
  return { lines, problems, totalFen, hasQuoteLines: lines.some((l) => l.amountFen === null) };
}

/** The lines a package books from a start date: each item from its day offset for its days. */
export async function packageRequests(packageCode: string, startDate: string | undefined) {
  const db = await getDb();
  const [pkg] = await db.select().from(servicePackages).where(and(eq(servicePackages.code, packageCode), eq(servicePackages.active, true)));
  if (!pkg) throw new AppError("not_found", "errors.unknownOffering");
  if (!startDate || !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new AppError("invalid", "errors.dateRange", { line: 1 });
  const items = await db
    .select({ item: servicePackageItems, offering: serviceOfferings })
    .from(servicePackageItems)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, servicePackageItems.offeringId))
    .where(eq(servicePackageItems.packageId, pkg.id))
    .orderBy(asc(servicePackageItems.dayOffset), asc(servicePackageItems.id));
  const requests: LineRequest[] = items.map(({ item, offering }) => ({
    offeringCode: offering.code,
    quantity: item.quantity,
    startDate: addDaysIso(startDate, item.dayOffset),
    days: item.days,
  }));
  return { pkg, requests };
}
