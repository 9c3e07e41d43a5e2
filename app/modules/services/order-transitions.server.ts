// Every order transition is a compare-and-set on the order's status, audited in the same
// transaction, and tells the person who placed the order.
import { and, eq } from "drizzle-orm";
import { serviceOrders } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import type { Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { notify } from "~/modules/platform/notifications.server";
import { canMoveOrder, type OrderStatus } from "./pricing";
import { peopleWithPermission } from "~/modules/identity/members.server";

export async function notifyStaff(tx: Tx, kind: string, params: Record<string, string>, link: string) {
  const staff = await peopleWithPermission(tx, { park: true }, "services:manage");
  for (const { userId } of staff) await notify(tx, { userId, kind, params, link });
}

export async function lockOrder(tx: Tx, actor: MemberActor, orderId: string) {
  if (!isUuid(orderId)) throw notFound();
  const scope = hasPermission(actor, "services:manage", { kind: "park" }) ? undefined : eq(serviceOrders.orgId, actor.org.id);
  const [order] = await tx.select().from(serviceOrders).where(and(eq(serviceOrders.id, orderId), scope)).for("update");
  if (!order) throw notFound();
  return order;
}

/** The sentence (`notification.<kind>`) the person who placed an order gets for each new status. */
const statusNotice: Record<OrderStatus, string> = {
  awaiting_tenant_approval: "orderSubmittedNotice",
  submitted: "orderSubmittedNotice",
  quoted: "orderQuoted",
  changes_requested: "orderChangesRequested",
  approved: "orderApproved",
  rejected: "orderRejected",
  confirmed: "orderConfirmed",
  in_progress: "orderInProgress",
  completed: "orderCompleted",
  cancelled: "orderCancelled",
  expired: "orderExpired",
};

export async function moveOrder(
  tx: Tx,
  actor: MemberActor | null,
  order: typeof serviceOrders.$inferSelect,
  to: OrderStatus,
  extra: Partial<typeof serviceOrders.$inferInsert> = {},
  reason?: string,
) {
  if (!canMoveOrder(order.status as OrderStatus, to)) throw new AppError("conflict", "errors.orderTransition", { status: order.status });
  const [updated] = await tx
    .update(serviceOrders)
    .set({ status: to, updatedAt: new Date(), ...extra })
    .where(and(eq(serviceOrders.id, order.id), eq(serviceOrders.status, order.status)))
    .returning();
  if (!updated) throw new AppError("conflict", "errors.orderTransition", { status: order.status });
  await recordAudit(tx, {
    actorUserId: actor?.user.id ?? null,
    orgId: order.orgId,
    action: `order.${to}`,
    subjectType: "service_order",
    subjectId: order.id,
    before: { status: order.status },
    after: { status: to },
    reason: reason ?? null,
  });
  await notify(tx, { userId: order.submittedBy, orgId: order.orgId, kind: statusNotice[to], params: { title: order.title }, link: `/services/orders/${order.id}` });
  return updated;
}
