import { eq } from "drizzle-orm";
import { serviceOfferings, serviceOrderLines, serviceOrders } from "#db/schema/services";
import { changeInvoiceStatusInTx, createInvoice } from "~/modules/billing/invoices.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { forbidden } from "~/modules/platform/errors";
import { orderCancellationFeeFen, priceWithVat, SERVICES_VAT_RATE_BP } from "./pricing";
import { getOrder } from "./find-orders.server";
import { releaseOrder } from "./order-holds.server";
import { lockOrder, moveOrder } from "./order-transitions.server";

/**
 * Cancels an order under each offering's policy: free until N hours before the start, then a fee.
 * An unpaid invoice is voided and the fee invoiced on its own; a paid one is left to finance to
 * refund the difference.
 */
export async function cancelOrder(actor: MemberActor, input: { orderId: string; reason: string }, now = new Date()) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    if (!hasPermission(actor, "services:manage", { kind: "park" }) && !hasPermission(actor, "services:order", { kind: "tenant" })) throw forbidden();
    const lines = await tx
      .select({ line: serviceOrderLines, offering: serviceOfferings })
      .from(serviceOrderLines)
      .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
      .where(eq(serviceOrderLines.orderId, order.id));
    const fee = feeFor(order, lines, now);
    const updated = await moveOrder(tx, actor, order, "cancelled", { cancellationFeeFen: fee }, input.reason);
    await releaseOrder(tx, order.id, "cancelled");
    // An unpaid invoice is voided and the fee invoiced on its own. A paid one stays: the fee is
    // kept out of the payment and finance refunds the rest — invoicing the fee again would charge it twice.
    const voided = order.invoiceId ? await changeInvoiceStatusInTx(tx, order.invoiceId, "void", input.reason, actor.user.id) : null;
    if (fee > 0n && (voided || !order.invoiceId)) {
      await createInvoice(tx, {
        orgId: order.orgId,
        kind: "service_cancellation",
        sourceRef: order.id,
        lines: [{ descriptionZh: `取消费：${order.title}`, descriptionEn: `Cancellation fee: ${order.title}`, quantity: 1, unitPriceFen: fee }],
        vatRateBp: SERVICES_VAT_RATE_BP,
        createdBy: actor.user.id,
      });
    }
    return updated;
  });
}

function feeFor(
  order: typeof serviceOrders.$inferSelect,
  lines: { line: typeof serviceOrderLines.$inferSelect; offering: typeof serviceOfferings.$inferSelect }[],
  now: Date,
) {
  return orderCancellationFeeFen(
    { status: order.status, totalFen: order.totalFen, packaged: order.packageId !== null },
    lines.map(({ line, offering }) => ({ amountFen: line.amountFen, startsAt: line.startsAt, freeCancelHours: offering.freeCancelHours, cancelFeeBp: offering.cancelFeeBp })),
    now,
  );
}

/**
 * What cancelling now would cost, as `cancelOrder` will charge it: the fee, and the invoice total
 * (with VAT) when the fee is invoiced on its own (an unpaid order); a paid order keeps the fee
 * out of the refund instead.
 */
export async function cancellationPreview(actor: MemberActor, orderId: string, now = new Date()) {
  const { order, lines } = await getOrder(actor, orderId);
  const fee = feeFor(order, lines, now);
  return { feeFen: fee, ...priceWithVat(fee), invoiced: order.status === "approved" };
}
