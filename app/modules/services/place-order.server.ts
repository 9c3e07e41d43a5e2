// Orders of the one-stop services: priced lines that hold time on resources, reviewed by the
// service desk, invoiced through billing and confirmed when paid.
import { serviceOrderLines, serviceOrders, servicePackages } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { holdDeadline } from "./pricing";
import { invoiceOrder } from "./invoice-order.server";
import { holdLine, lockKey } from "./order-holds.server";
import { notifyStaff } from "./order-transitions.server";
import { packageRequests, priceLines, type LineRequest } from "./price-lines.server";

export interface PlaceOrderInput {
  lines: LineRequest[];
  title?: string;
  note?: string;
  packageCode?: string;
  packageStartDate?: string;
}

/** A tenant member places an order: every line is held, or none is. */
export async function placeOrder(actor: MemberActor, input: PlaceOrderInput) {
  requirePermission(actor, "services:order", { kind: "tenant" });
  const db = await getDb();
  let requests = input.lines;
  let pkg: typeof servicePackages.$inferSelect | undefined;
  if (input.packageCode) ({ pkg, requests } = await packageRequests(input.packageCode, input.packageStartDate));
  if (requests.length === 0) throw new AppError("invalid", "errors.orderEmpty");
  if (requests.length > 30) throw new AppError("invalid", "errors.orderTooLarge");
  const priced = await priceLines(requests);
  if (priced.problems.length) {
    const first = priced.problems[0];
    throw new AppError("invalid", first.messageKey, { ...first.params, line: first.index + 1 });
  }
  const needsReview = priced.hasQuoteLines || priced.lines.some((l) => l.offering.requiresApproval);
  const { heldUntil } = holdDeadline(new Date());
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(serviceOrders)
      .values({
        orgId: actor.org.id,
        status: needsReview ? "submitted" : "approved",
        packageId: pkg?.id ?? null,
        title: (pkg ? pkg.nameZh : input.title ?? priced.lines.map((l) => l.offering.nameZh).join("、")).slice(0, 200),
        note: (input.note ?? "").slice(0, 2000),
        totalFen: pkg ? pkg.priceFen : priced.totalFen,
        submittedBy: actor.user.id,
      })
      .returning();
    // Lines are held in one global order (resource, then start), so two orders racing for the
    // same resources wait for each other instead of deadlocking.
    const ordered = [...priced.lines].sort((a, b) => lockKey(a).localeCompare(lockKey(b)));
    for (const line of ordered) {
      const [row] = await tx
        .insert(serviceOrderLines)
        .values({
          orderId: order.id,
          offeringId: line.offering.id,
          quantity: line.quantity,
          units: line.units,
          startsAt: line.startsAt,
          endsAt: line.endsAt,
          unitPriceFen: line.unitPriceFen,
          amountFen: line.amountFen,
          note: line.note,
        })
        .returning({ id: serviceOrderLines.id });
      await holdLine(tx, actor.org.id, row.id, line, heldUntil);
    }
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "order.submitted",
      subjectType: "service_order",
      subjectId: order.id,
      after: { status: order.status, totalFen: String(order.totalFen), lines: priced.lines.length },
    });
    if (order.status === "approved") {
      const invoice = await invoiceOrder(tx, order, actor.user.id);
      return { ...order, invoiceId: invoice.id };
    }
    await notifyStaff(tx, "orderSubmitted", { title: order.title }, `/services/desk/${order.id}`);
    return order;
  });
}
