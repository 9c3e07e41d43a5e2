import { and, eq, isNull } from "drizzle-orm";
import { serviceOrderLines } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { invoiceOrder } from "./invoice-order.server";
import { releaseOrder, renewHolds } from "./order-holds.server";
import { lockOrder, moveOrder } from "./order-transitions.server";

/** The service desk decides on a submitted (or quoted and accepted) order. */
export async function decideOrder(
  actor: MemberActor,
  input: { orderId: string; decision: "approve" | "reject" | "request_changes"; note?: string },
) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    // A quoted order is the tenant's to accept; the desk decides on submitted ones only.
    if (order.status !== "submitted") throw new AppError("conflict", "errors.orderTransition", { status: order.status });
    if (input.decision === "approve") {
      const unpriced = await tx
        .select({ id: serviceOrderLines.id })
        .from(serviceOrderLines)
        .where(and(eq(serviceOrderLines.orderId, order.id), isNull(serviceOrderLines.amountFen)));
      if (unpriced.length) throw new AppError("conflict", "errors.orderNeedsQuote");
      const updated = await moveOrder(tx, actor, order, "approved", { decidedBy: actor.user.id, decidedAt: new Date(), decisionNote: input.note ?? null }, input.note);
      await renewHolds(tx, order.id);
      const invoice = await invoiceOrder(tx, updated, actor.user.id);
      return { ...updated, invoiceId: invoice.id };
    }
    if (!input.note?.trim()) throw new AppError("invalid", "errors.reasonRequired");
    if (input.decision === "reject") {
      const updated = await moveOrder(tx, actor, order, "rejected", { decidedBy: actor.user.id, decidedAt: new Date(), decisionNote: input.note }, input.note);
      await releaseOrder(tx, order.id, "cancelled");
      return updated;
    }
    return moveOrder(tx, actor, order, "changes_requested", { decisionNote: input.note }, input.note);
  });
}
