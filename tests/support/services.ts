// Test helpers for the services catalogue: a stage booked by the day, an hourly post suite and
// a pool of extras.
import { serviceOfferings, serviceResources } from "#db/schema/index";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
import { getDb } from "~/modules/platform/db.server";
import { shortStayUnits } from "./housing";

export async function seedCatalogue() {
  const db = await getDb();
  const [stage, suite, extrasPool] = await db
    .insert(serviceResources)
    .values([
      { code: "stage-1", nameZh: "一号摄影棚", nameEn: "Stage 1", kind: "stage", capacity: 1 },
      { code: "post-suite-a", nameZh: "后期机房 A", nameEn: "Post suite A", kind: "room", capacity: 1, opensMinute: 9 * 60, closesMinute: 22 * 60, teardownMinutes: 30 },
      { code: "extras-pool", nameZh: "群演", nameEn: "Extras", kind: "crew", capacity: 50 },
    ])
    .returning();
  const offerings = await db
    .insert(serviceOfferings)
    .values([
      { code: "stage-1-day", category: "stages", nameZh: "一号摄影棚（日租）", nameEn: "Stage 1 (per day)", pricingUnit: "day", priceFen: 2_800_000n, resourceId: stage.id, requiresApproval: true, freeCancelHours: 72, cancelFeeBp: 3000 },
      { code: "post-suite-hour", category: "post_production", nameZh: "后期机房（小时）", nameEn: "Post suite (hourly)", pricingUnit: "hour", priceFen: 38_000n, resourceId: suite.id, requiresApproval: false, maxQuantity: 1 },
      { code: "extras-day", category: "extras", nameZh: "群演（人·天）", nameEn: "Extras (person-day)", pricingUnit: "person_day", priceFen: 30_000n, resourceId: extrasPool.id, maxQuantity: 50, requiresApproval: false },
      { code: "set-build", category: "set_building", nameZh: "置景（报价）", nameEn: "Set building (quote)", pricingUnit: "quote", priceFen: null },
    ])
    .returning();
  return { stage, suite, extrasPool, offerings };
}

/** A park date some days from today. */
export function daysFromNow(days: number) {
  return addDaysIso(parkDay(new Date()), days);
}

/**
 * Lodging holds nights on housing's short-stay units (services keeps no rooms of its own): `n`
 * short-stay studios for the lodging offerings of a test to book.
 */
export async function shortStayRooms(n: number) {
  return shortStayUnits(n);
}
