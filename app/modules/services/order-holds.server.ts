// The time an order holds: ranges on whole resources (an exclusion constraint), units of daily
// pools (a capacity check) and, for lodging, nights on housing's short-stay units.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { serviceBookings, serviceCapacityDays, serviceCapacityTakes, serviceOrderLines } from "#db/schema/services";
import { confirmShortStay, holdShortStay, releaseShortStay } from "~/modules/housing/occupancy.server";
import { pgErrorCode, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { holdDeadline, parkDaysBetween } from "./pricing";
import type { PricedLine } from "./price-lines.server";

/** Housing's reference for the short-stay nights an order line holds on apartment units. */
const shortStayRef = (lineId: string) => `order_line:${lineId}`;

/**
 * Holds time for one line: a range on a whole resource, units of a daily pool, or — for lodging —
 * nights on housing's short-stay units (housing owns the apartments and their one calendar).
 */
export async function holdLine(tx: Tx, orgId: string, lineId: string, line: PricedLine, heldUntil: Date) {
  const resource = line.resource;
  if (!resource || !line.startsAt || !line.endsAt) return;
  const name = line.offering.nameZh;
  if (resource.kind === "lodging") {
    const nights = parkDaysBetween(line.startsAt, line.endsAt);
    await holdShortStay(tx, { orgId, sourceRef: shortStayRef(lineId), fromDate: nights[0], nights: nights.length, quantity: line.quantity });
    return;
  }
  if (resource.capacity === 1) {
    const from = new Date(line.startsAt.getTime() - resource.setupMinutes * 60_000);
    const to = new Date(line.endsAt.getTime() + resource.teardownMinutes * 60_000);
    try {
      await tx.insert(serviceBookings).values({
        orderLineId: lineId,
        resourceId: resource.id,
        orgId,
        during: sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')` as unknown as string,
        status: "held",
        heldUntil,
      });
    } catch (error) {
      if (pgErrorCode(error) === "23P01") throw new AppError("conflict", "errors.slotTaken", { item: name });
      throw error;
    }
    return;
  }
  for (const day of parkDaysBetween(line.startsAt, line.endsAt)) {
    try {
      await tx
        .insert(serviceCapacityDays)
        .values({ resourceId: resource.id, day, capacity: resource.capacity, used: line.quantity })
        .onConflictDoUpdate({
          target: [serviceCapacityDays.resourceId, serviceCapacityDays.day],
          set: { used: sql`${serviceCapacityDays.used} + ${line.quantity}` },
        });
    } catch (error) {
      if (pgErrorCode(error) === "23514") throw new AppError("conflict", "errors.soldOut", { item: name, day });
      throw error;
    }
    await tx.insert(serviceCapacityTakes).values({ orderLineId: lineId, resourceId: resource.id, day, units: line.quantity });
  }
}

/** Gives back everything an order holds: its bookings and its pool days. */
export async function releaseOrder(tx: Tx, orderId: string, bookingStatus: "cancelled" | "expired") {
  const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId))).map((l) => l.id);
  if (lineIds.length === 0) return;
  for (const lineId of lineIds) await releaseShortStay(tx, shortStayRef(lineId));
  await tx
    .update(serviceBookings)
    .set({ status: bookingStatus, heldUntil: null })
    .where(and(inArray(serviceBookings.orderLineId, lineIds), inArray(serviceBookings.status, ["held", "confirmed"])));
  const takes = await tx
    .update(serviceCapacityTakes)
    .set({ releasedAt: new Date() })
    .where(and(inArray(serviceCapacityTakes.orderLineId, lineIds), isNull(serviceCapacityTakes.releasedAt)))
    .returning();
  for (const take of takes.sort((a, b) => (a.resourceId + a.day).localeCompare(b.resourceId + b.day))) {
    await tx
      .update(serviceCapacityDays)
      .set({ used: sql`${serviceCapacityDays.used} - ${take.units}` })
      .where(and(eq(serviceCapacityDays.resourceId, take.resourceId), eq(serviceCapacityDays.day, take.day)));
  }
}

/** A paid order keeps its time: its holds become confirmed bookings and nights. */
export async function confirmHolds(tx: Tx, orderId: string) {
  const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId))).map((l) => l.id);
  for (const lineId of lineIds) await confirmShortStay(tx, shortStayRef(lineId));
  if (lineIds.length) {
    await tx
      .update(serviceBookings)
      .set({ status: "confirmed", heldUntil: null })
      .where(and(inArray(serviceBookings.orderLineId, lineIds), eq(serviceBookings.status, "held")));
  }
}

/** Holds an order's bookings to a new deadline from now (on approval, a quote, a resubmission). */
export async function renewHolds(tx: Tx, orderId: string) {
  const lineIds = (await tx.select({ id: serviceOrderLines.id }).from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId))).map((l) => l.id);
  if (lineIds.length === 0) return;
  await tx
    .update(serviceBookings)
    .set({ heldUntil: holdDeadline(new Date()).heldUntil })
    .where(and(inArray(serviceBookings.orderLineId, lineIds), eq(serviceBookings.status, "held")));
}

/** Which resource a line holds, for taking locks in one order across concurrent orders. */
export function lockKey(line: PricedLine) {
  return `${line.resource?.id ?? "~"}|${line.startsAt?.toISOString() ?? ""}`;
}
