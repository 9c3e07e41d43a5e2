import { eq } from "drizzle-orm";
import { serviceOrderLines } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { AppError, forbidden } from "~/modules/platform/errors";
import { lineAmountFen } from "./pricing";
import { invoiceOrder } from "./invoice-order.server";
import { releaseOrder, renewHolds } from "./order-holds.server";
import { lockOrder, moveOrder } from "./order-transitions.server";

/** Staff price the quote-only lines; the tenant then accepts (→ approved, invoiced) or declines. */
export async function quoteOrder(actor: MemberActor, input: { orderId: string; prices: Record<string, bigint>; note?: string }) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    const lines = await tx.select().from(serviceOrderLines).where(eq(serviceOrderLines.orderId, order.id));
    let total = 0n;
    for (const line of lines) {
      const price = line.amountFen === null ? input.prices[line.id] : line.unitPriceFen!;
      if (price === undefined || price < 0n) throw new AppError("invalid", "errors.quoteMissing");
      const amount = lineAmountFen(price, line.quantity, line.units);
      total += amount;
      if (line.amountFen === null) {
        await tx.update(serviceOrderLines).set({ unitPriceFen: price, amountFen: amount }).where(eq(serviceOrderLines.id, line.id));
      }
    }
    const updated = await moveOrder(tx, actor, order, "quoted", { totalFen: total, decisionNote: input.note ?? null }, input.note);
    await renewHolds(tx, order.id);
    return updated;
  });
}

export async function respondToQuote(actor: MemberActor, input: { orderId: string; accept: boolean }) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const db = await getDb();
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, actor, input.orderId);
    if (order.status !== "quoted") throw new AppError("conflict", "errors.orderTransition", { status: order.status });
    if (!input.accept) {
      const updated = await moveOrder(tx, actor, order, "cancelled", { cancellationFeeFen: 0n }, "quote declined");
      await releaseOrder(tx, order.id, "cancelled");
      return updated;
    }
    const updated = await moveOrder(tx, actor, order, "approved", { decidedAt: new Date() });
    await renewHolds(tx, order.id);
    const invoice = await invoiceOrder(tx, updated, actor.user.id);
    return { ...updated, invoiceId: invoice.id };
  });
}
