// The park's own use of a bookable resource (an event in the 路演厅): time held on the resource's
// one calendar, so the same exclusion constraint that keeps two orders apart keeps an order and
// the park's event apart. Callers (the circle) hold and release through these functions only.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { serviceBookings, serviceResources } from "#db/schema/services";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";

/** Kinds of resource an event can take whole (not kit, not pools, not apartments). */
const VENUE_KINDS = ["room", "stage", "studio", "volume", "location"];

/** Resources the park may hold for its own use: whole, active rooms and stages. */
export async function listVenueResources() {
  const db = await getDb();
  const rows = await db
    .select({ id: serviceResources.id, code: serviceResources.code, nameZh: serviceResources.nameZh, nameEn: serviceResources.nameEn, kind: serviceResources.kind })
    .from(serviceResources)
    .where(and(eq(serviceResources.active, true), eq(serviceResources.capacity, 1)))
    .orderBy(asc(serviceResources.code));
  return rows.filter((r) => VENUE_KINDS.includes(r.kind));
}

/**
 * Holds `resourceId` from `startsAt` to `endsAt` (plus its set-up and tear-down buffers) for the
 * park's use named `ref`, replacing any earlier hold under that ref, in the caller's transaction.
 * A clash with a tenant's booking is a conflict the user sees (errors.slotTaken).
 */
export async function holdForParkUse(tx: Tx, input: { ref: string; resourceId: string; parkOrgId: string; startsAt: Date; endsAt: Date }) {
  if (!isUuid(input.resourceId)) throw new AppError("invalid", "errors.invalidChoice");
  const [resource] = await tx.select().from(serviceResources).where(eq(serviceResources.id, input.resourceId));
  if (!resource || !resource.active || resource.capacity !== 1 || !VENUE_KINDS.includes(resource.kind)) throw new AppError("invalid", "errors.invalidChoice");
  await releaseParkUse(tx, input.ref);
  const from = new Date(input.startsAt.getTime() - resource.setupMinutes * 60_000);
  const to = new Date(input.endsAt.getTime() + resource.teardownMinutes * 60_000);
  try {
    // A savepoint, so a clash leaves the caller's transaction usable for its answer.
    await tx.transaction(async (inner) => {
      await inner.insert(serviceBookings).values({
        parkUseRef: input.ref,
        resourceId: resource.id,
        orgId: input.parkOrgId,
        during: sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')` as unknown as string,
        status: "confirmed",
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === "23P01") throw new AppError("conflict", "errors.slotTaken", { item: resource.nameZh });
    throw error;
  }
}

/** Gives the time held under `ref` back to the calendar (nothing when none is held). */
export async function releaseParkUse(tx: Tx, ref: string) {
  await tx
    .update(serviceBookings)
    .set({ status: "cancelled", heldUntil: null })
    .where(and(eq(serviceBookings.parkUseRef, ref), inArray(serviceBookings.status, ["held", "confirmed"])));
}

/** A resource's names, for showing where an event is. */
export async function venueResourceName(db: DbOrTx, resourceId: string) {
  const [resource] = await db.select({ nameZh: serviceResources.nameZh, nameEn: serviceResources.nameEn }).from(serviceResources).where(eq(serviceResources.id, resourceId));
  return resource ?? null;
}
