import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { serviceBookings, serviceCapacityTakes, serviceOfferings, serviceOrderLines, serviceOrders, serviceResources } from "#db/schema/services";
import { changeInvoiceStatusInTx } from "~/modules/billing/invoices.server";
import { getDb } from "~/modules/platform/db.server";
import { canMoveOrder, holdStartedBefore, type OrderStatus } from "./pricing";
import { releaseOrder } from "./order-holds.server";
import { moveOrder } from "./order-transitions.server";

/** Orders whose holds ran out before they were paid give their time back. */
export async function expireUnpaidOrders(now = new Date()) {
  const db = await getDb();
  const heldTooLong = await db
    .selectDistinct({ orderId: serviceOrderLines.orderId })
    .from(serviceBookings)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.id, serviceBookings.orderLineId))
    .where(and(eq(serviceBookings.status, "held"), lt(serviceBookings.heldUntil, now)));
  // Orders holding only pool days (extras, rooms) have no booking to carry a deadline: their hold
  // runs to the same deadline from the order's last transition, as a booking's would.
  const poolOnly = await db
    .selectDistinct({ orderId: serviceOrders.id })
    .from(serviceOrders)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.orderId, serviceOrders.id))
    .innerJoin(serviceCapacityTakes, and(eq(serviceCapacityTakes.orderLineId, serviceOrderLines.id), isNull(serviceCapacityTakes.releasedAt)))
    .where(
      and(
        inArray(serviceOrders.status, ["submitted", "quoted", "approved"]),
        lt(serviceOrders.updatedAt, holdStartedBefore(now)),
        sql`not exists (select 1 from ${serviceBookings} b join ${serviceOrderLines} l on l.id = b.order_line_id where l.order_id = ${serviceOrders.id} and b.status = 'held')`,
      ),
    );
  // Lodging lines hold nights through housing, with no booking either: the same deadline applies.
  const lodging = await db
    .selectDistinct({ orderId: serviceOrders.id })
    .from(serviceOrders)
    .innerJoin(serviceOrderLines, eq(serviceOrderLines.orderId, serviceOrders.id))
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .innerJoin(serviceResources, and(eq(serviceResources.id, serviceOfferings.resourceId), eq(serviceResources.kind, "lodging")))
    .where(
      and(
        inArray(serviceOrders.status, ["submitted", "quoted", "approved"]),
        lt(serviceOrders.updatedAt, holdStartedBefore(now)),
        sql`not exists (select 1 from ${serviceBookings} b join ${serviceOrderLines} l on l.id = b.order_line_id where l.order_id = ${serviceOrders.id} and b.status = 'held')`,
      ),
    );
  const due = [...new Map([...heldTooLong, ...poolOnly, ...lodging].map((d) => [d.orderId, d])).values()];
  let expired = 0;
  for (const { orderId } of due) {
    const done = await db.transaction(async (tx) => {
      const [order] = await tx.select().from(serviceOrders).where(eq(serviceOrders.id, orderId)).for("update");
      if (!order || !canMoveOrder(order.status as OrderStatus, "expired")) return false;
      await moveOrder(tx, null, order, "expired");
      await releaseOrder(tx, order.id, "expired");
      if (order.invoiceId) await changeInvoiceStatusInTx(tx, order.invoiceId, "void", "hold expired", null);
      return true;
    });
    if (done) expired++;
  }
  return expired;
}
