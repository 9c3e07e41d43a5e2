import { and, eq, inArray, sql } from "drizzle-orm";
import { orgDirectory } from "~/modules/identity/directory.server";
import { serviceBookings, serviceCapacityDays, serviceOrderLines, serviceResources } from "#db/schema/services";
import { shortStayPoolByDay } from "~/modules/housing/occupancy.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { hasPermission } from "~/modules/identity/permissions";
import { getDb } from "~/modules/platform/db.server";
import { notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { parkDay } from "./pricing";

/** Taken time on a resource between two instants; tenants see that it is taken, the desk sees by whom. */
export async function resourceCalendar(actor: MemberActor | null, resourceId: string, from: Date, to: Date) {
  if (!isUuid(resourceId)) throw notFound();
  const db = await getDb();
  const [resource] = await db.select().from(serviceResources).where(eq(serviceResources.id, resourceId));
  if (!resource) throw notFound();
  const desk = actor ? hasPermission(actor, "services:manage", { kind: "park" }) : false;
  const bookings = await db
    .select({
      id: serviceBookings.id,
      lower: sql<string>`lower(${serviceBookings.during})`,
      upper: sql<string>`upper(${serviceBookings.during})`,
      status: serviceBookings.status,
      orgId: serviceBookings.orgId,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
      orderId: serviceOrderLines.orderId,
    })
    .from(serviceBookings)
    .innerJoin(orgDirectory, eq(orgDirectory.id, serviceBookings.orgId))
    // The park's own use (an event) has no order line; it still shows as taken.
    .leftJoin(serviceOrderLines, eq(serviceOrderLines.id, serviceBookings.orderLineId))
    .where(
      and(
        eq(serviceBookings.resourceId, resourceId),
        inArray(serviceBookings.status, ["held", "confirmed"]),
        sql`${serviceBookings.during} && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .orderBy(sql`lower(${serviceBookings.during})`);
  const pool =
    resource.kind === "lodging"
      ? await shortStayPoolByDay(db, parkDay(from), parkDay(to))
      : resource.capacity > 1
      ? await db
          .select()
          .from(serviceCapacityDays)
          .where(and(eq(serviceCapacityDays.resourceId, resourceId), sql`${serviceCapacityDays.day} >= ${parkDay(from)}`, sql`${serviceCapacityDays.day} < ${parkDay(to)}`))
      : [];
  return {
    resource,
    bookings: bookings.map((b) => ({
      id: b.id,
      startsAt: new Date(b.lower).toISOString(),
      endsAt: new Date(b.upper).toISOString(),
      status: b.status,
      mine: actor ? b.orgId === actor.org.id : false,
      tenant: desk ? { nameZh: b.orgNameZh, nameEn: b.orgNameEn } : null,
      orderId: desk || (actor && b.orgId === actor.org.id) ? b.orderId : null,
    })),
    pool: pool.map((p) => ({ day: p.day, used: p.used, capacity: p.capacity })),
  };
}
