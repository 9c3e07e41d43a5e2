import { and, asc, eq, inArray } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { serviceOfferings, serviceOrderLines, serviceOrders } from "#db/schema/services";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";

export async function getOrder(actor: MemberActor, orderId: string) {
  if (!isUuid(orderId)) throw notFound();
  if (!hasPermission(actor, "services:manage", { kind: "park" }) && actor.org.kind !== "tenant") throw notFound();
  const db = await getDb();
  const scope = hasPermission(actor, "services:manage", { kind: "park" }) ? undefined : eq(serviceOrders.orgId, actor.org.id);
  const [order] = await db
    .select({ order: serviceOrders, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(serviceOrders)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceOrders.orgId))
    .where(and(eq(serviceOrders.id, orderId), scope));
  if (!order) throw notFound();
  const lines = await db
    .select({ line: serviceOrderLines, offering: serviceOfferings })
    .from(serviceOrderLines)
    .innerJoin(serviceOfferings, eq(serviceOfferings.id, serviceOrderLines.offeringId))
    .where(eq(serviceOrderLines.orderId, orderId))
    .orderBy(asc(serviceOrderLines.startsAt));
  return { ...order, lines };
}

/** The desk's queue: orders waiting for a decision, oldest first. */
export async function deskQueue(actor: MemberActor) {
  if (!hasPermission(actor, "services:manage", { kind: "park" })) throw forbidden();
  const db = await getDb();
  return db
    .select({ order: serviceOrders, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(serviceOrders)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceOrders.orgId))
    .where(inArray(serviceOrders.status, ["submitted", "quoted", "changes_requested", "approved", "confirmed", "in_progress"]))
    .orderBy(asc(serviceOrders.submittedAt))
    .limit(300);
}
