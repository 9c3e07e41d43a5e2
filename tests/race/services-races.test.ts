// Bookings under concurrency on the real server: a stage is never double-booked however many
// tenants ask at once, back-to-back ranges both fit, a cancelled booking frees its slot, two desk
// staff approving at once approve once, a package is booked whole or not at all, a daily pool never
// oversells, and orders holding the same resources in opposite orders never deadlock.
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  housingOccupancies,
  invoices,
  serviceBookings,
  serviceCapacityDays,
  serviceCapacityTakes,
  serviceOfferings,
  serviceOrderLines,
  serviceOrders,
  servicePackageItems,
  servicePackages,
  serviceResources,
} from "#db/schema/index";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { placeOrder } from "~/modules/services/place-order.server";
import { action as offeringAction } from "~/routes/services.$code";
import { action as deskOrderAction } from "~/routes/services.desk.$id";
import { action as packageAction } from "~/routes/services.packages.$code";
import { actorFor, call, postRequest, signedInMember, type RouteAnswer } from "../support/factories";
import { raceCalls } from "../support/race";
import { daysFromNow, seedCatalogue, shortStayRooms } from "../support/services";
import { addDaysIso } from "~/modules/platform/dates";

async function tenants(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await signedInMember({ role: "owner" }));
  return out;
}

function book(code: string, fields: Record<string, string>, cookie: string) {
  return call<typeof offeringAction>(offeringAction, postRequest(`/services/${code}`, { intent: "book", ...fields }, cookie), { code });
}

const formError = (answer: RouteAnswer) => (answer.data?.result?.error?.[""]?.[0] as string | undefined) ?? "";

/** A pool of 200 extras a day, as the demo park has. */
async function extrasPoolOf200() {
  const db = await getDb();
  const [pool] = await db.insert(serviceResources).values({ code: "extras-200", nameZh: "群演库", nameEn: "Extras", kind: "crew", capacity: 200 }).returning();
  await db.insert(serviceOfferings).values({
    code: "extras-200-day",
    category: "extras",
    nameZh: "群演（人·天）",
    nameEn: "Extras",
    pricingUnit: "person_day",
    priceFen: 30_000n,
    maxQuantity: 200,
    resourceId: pool.id,
    requiresApproval: false,
  });
  return pool;
}

describe("the same stage slot, asked for by 100 tenants at once", () => {
  it("books it exactly once; the other 99 get a clear 409 slot-taken answer", async () => {
    const { stage } = await seedCatalogue();
    const people = await tenants(100);
    const day = daysFromNow(20);
    const started = Date.now();
    const outcome = await raceCalls(100, (i) => book("stage-1-day", { quantity: "1", date: day, days: "2" }, people[i].cookie));
    const elapsed = Date.now() - started;
    expect(outcome.rejected).toEqual([]);
    const statuses = outcome.fulfilled.map((a) => a.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const answer of outcome.fulfilled.filter((a) => a.status === 409)) expect(formError(answer)).toMatch(/^errors\.slotTaken::/);
    const db = await getDb();
    const live = await db.select().from(serviceBookings).where(and(eq(serviceBookings.resourceId, stage.id), inArray(serviceBookings.status, ["held", "confirmed"])));
    expect(live).toHaveLength(1);
    const [orders] = await db.select({ n: count() }).from(serviceOrders);
    expect(Number(orders.n)).toBe(1);
    expect(elapsed).toBeLessThan(30_000);
  }, 120_000);
});

describe("ranges that touch but do not overlap", () => {
  it("books back-to-back days and back-to-back hours (after the tear-down buffer) at the same time", async () => {
    await seedCatalogue();
    const [a, b, c, d, e] = await tenants(5);
    const day = daysFromNow(25);
    const outcome = await raceCalls(5, (i) =>
      [
        () => book("stage-1-day", { quantity: "1", date: day, days: "1" }, a.cookie),
        () => book("stage-1-day", { quantity: "1", date: daysFromNow(26), days: "2" }, b.cookie),
        () => book("post-suite-hour", { quantity: "1", date: day, startTime: "10:00", endTime: "12:00" }, c.cookie),
        // The suite's 30-minute tear-down keeps 12:00–12:30 taken: 12:30 is back-to-back.
        () => book("post-suite-hour", { quantity: "1", date: day, startTime: "12:30", endTime: "14:00" }, d.cookie),
        () => book("post-suite-hour", { quantity: "1", date: day, startTime: "14:30", endTime: "16:00" }, e.cookie),
      ][i](),
    );
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.map((o) => o.status)).toEqual([302, 302, 302, 302, 302]);
    // Inside the buffer is refused.
    const [f] = await tenants(1);
    const inBuffer = await book("post-suite-hour", { quantity: "1", date: day, startTime: "12:00", endTime: "12:30" }, f.cookie);
    expect(inBuffer.status).toBe(409);
  });
});

describe("a cancelled booking", () => {
  it("frees the slot: of 20 tenants then asking at once, exactly one gets it", async () => {
    await seedCatalogue();
    const [first] = await tenants(1);
    const others = await tenants(20);
    const day = daysFromNow(30);
    const placed = await book("stage-1-day", { quantity: "1", date: day, days: "1" }, first.cookie);
    const orderId = /\/services\/orders\/([0-9a-f-]{36})/.exec(placed.location!)![1];
    const refused = await book("stage-1-day", { quantity: "1", date: day, days: "1" }, others[0].cookie);
    expect(refused.status).toBe(409);
    await cancelOrder(await actorFor(first.cookie), { orderId, reason: "改期" });
    const outcome = await raceCalls(20, (i) => book("stage-1-day", { quantity: "1", date: day, days: "1" }, others[i].cookie));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.filter((a) => a.status === 302)).toHaveLength(1);
    expect(outcome.fulfilled.filter((a) => a.status === 409)).toHaveLength(19);
  });
});

describe("two desk staff deciding on the same order at once", () => {
  it("approves it once and invoices it once; the other gets a 409", async () => {
    await seedCatalogue();
    const [owner] = await tenants(1);
    const staff = [await signedInMember({ kind: "park", role: "services" })];
    staff.push(await signedInMember({ orgId: staff[0].org.id, role: "services" }));
    const placed = await book("stage-1-day", { quantity: "1", date: daysFromNow(12), days: "2" }, owner.cookie);
    const orderId = /\/services\/orders\/([0-9a-f-]{36})/.exec(placed.location!)![1];
    for (let round = 0; round < 5; round++) {
      // Repeat on fresh orders, so the race is really run a few times.
      const id = round === 0 ? orderId : /\/services\/orders\/([0-9a-f-]{36})/.exec((await book("stage-1-day", { quantity: "1", date: daysFromNow(40 + round * 3), days: "1" }, owner.cookie)).location!)![1];
      const outcome = await raceCalls(2, (i) =>
        call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${id}`, { intent: "decide", decision: "approve" }, staff[i].cookie), { id }),
      );
      expect(outcome.rejected).toEqual([]);
      expect(outcome.fulfilled.map((a) => a.status).sort()).toEqual([302, 409]);
      const db = await getDb();
      const bills = await db.select().from(invoices).where(eq(invoices.sourceRef, id));
      expect(bills).toHaveLength(1);
      const [order] = await db.select().from(serviceOrders).where(eq(serviceOrders.id, id));
      expect(order).toMatchObject({ status: "approved", invoiceId: bills[0].id });
    }
  });

  it("approve against reject at once: exactly one decision stands", async () => {
    await seedCatalogue();
    const [owner] = await tenants(1);
    const first = await signedInMember({ kind: "park", role: "services" });
    const second = await signedInMember({ orgId: first.org.id, role: "services" });
    const placed = await book("stage-1-day", { quantity: "1", date: daysFromNow(14), days: "1" }, owner.cookie);
    const id = /\/services\/orders\/([0-9a-f-]{36})/.exec(placed.location!)![1];
    const outcome = await raceCalls(2, (i) =>
      call<typeof deskOrderAction>(
        deskOrderAction,
        postRequest(`/services/desk/${id}`, i === 0 ? { intent: "decide", decision: "approve" } : { intent: "decide", decision: "reject", note: "档期冲突" }, [first, second][i].cookie),
        { id },
      ),
    );
    expect(outcome.fulfilled.map((a) => a.status).sort()).toEqual([302, 409]);
    const db = await getDb();
    const [order] = await db.select().from(serviceOrders).where(eq(serviceOrders.id, id));
    const bills = await db.select().from(invoices).where(eq(invoices.sourceRef, id));
    expect(bills).toHaveLength(order.status === "approved" ? 1 : 0);
    const [booking] = await db.select().from(serviceBookings);
    expect(booking.status).toBe(order.status === "approved" ? "held" : "cancelled");
  });
});

describe("a package", () => {
  async function packageWithStageThird() {
    const { stage, extrasPool } = await seedCatalogue();
    const db = await getDb();
    const offerings = await db.select().from(serviceOfferings);
    const id = (code: string) => offerings.find((o) => o.code === code)!.id;
    const [pkg] = await db.insert(servicePackages).values({ code: "starter", nameZh: "短剧开机套餐", nameEn: "Starter", priceFen: 6_000_000n }).returning();
    await db.insert(servicePackageItems).values([
      { packageId: pkg.id, offeringId: id("extras-day"), quantity: 10, dayOffset: 0, days: 2 },
      { packageId: pkg.id, offeringId: id("post-suite-hour"), quantity: 1, dayOffset: 0, days: 1 },
      { packageId: pkg.id, offeringId: id("stage-1-day"), quantity: 1, dayOffset: 1, days: 2 },
    ]);
    // The hourly item cannot be booked by a start date; a package that needs it is refused
    // whole. Replace it by a bookable one so the third item is the stage.
    await db.delete(servicePackageItems).where(eq(servicePackageItems.offeringId, id("post-suite-hour")));
    const [rooms] = await db.insert(serviceResources).values({ code: "rooms", nameZh: "公寓", nameEn: "Rooms", kind: "lodging", capacity: 20 }).returning();
    const [room] = await db
      .insert(serviceOfferings)
      .values({ code: "room-night", category: "accommodation", nameZh: "公寓", nameEn: "Room", pricingUnit: "night", priceFen: 38_000n, maxQuantity: 20, resourceId: rooms.id, requiresApproval: false })
      .returning();
    await db.insert(servicePackageItems).values({ packageId: pkg.id, offeringId: room.id, quantity: 6, dayOffset: 0, days: 3 });
    // Lodging nights are held on housing's short-stay units; with rooms enough for every racer,
    // the stage alone decides who gets the package.
    await shortStayRooms(60);
    return { stage, extrasPool, rooms };
  }

  it("whose third resource is taken books nothing, however many ask at once", async () => {
    const { stage, extrasPool, rooms } = await packageWithStageThird();
    const [holder] = await tenants(1);
    const start = daysFromNow(15);
    // The stage (third in the package's order: extras, rooms, stage) is taken on the package's second day.
    expect((await book("stage-1-day", { quantity: "1", date: daysFromNow(16), days: "1" }, holder.cookie)).status).toBe(302);
    const people = await tenants(10);
    const outcome = await raceCalls(10, (i) => call<typeof packageAction>(packageAction, postRequest("/services/packages/starter", { startDate: start }, people[i].cookie), { code: "starter" }));
    expect(outcome.rejected).toEqual([]);
    // Refused before anything was held (the preview already sees the stage taken), or by the constraint.
    expect(outcome.fulfilled.every((a) => a.status === 409 || a.status === 422)).toBe(true);
    const db = await getDb();
    const [orders] = await db.select({ n: count() }).from(serviceOrders);
    expect(Number(orders.n)).toBe(1);
    const pools = await db.select().from(serviceCapacityDays).where(inArray(serviceCapacityDays.resourceId, [extrasPool.id, rooms.id]));
    expect(pools.every((p) => p.used === 0)).toBe(true);
    const nights = await db.select().from(housingOccupancies).where(inArray(housingOccupancies.status, ["held", "active"]));
    expect(nights).toEqual([]);
    const live = await db.select().from(serviceBookings).where(eq(serviceBookings.resourceId, stage.id));
    expect(live).toHaveLength(1);
  });

  it("raced by 10 tenants for the same dates is booked whole exactly once; the losers hold nothing", async () => {
    const { stage, extrasPool, rooms } = await packageWithStageThird();
    const people = await tenants(10);
    const actors = await Promise.all(people.map((p) => actorFor(p.cookie)));
    const start = daysFromNow(18);
    const outcome = await raceCalls(10, (i) => placeOrder(actors[i], { lines: [], packageCode: "starter", packageStartDate: start }));
    expect(outcome.fulfilled).toHaveLength(1);
    for (const error of outcome.rejected) expect(error).toMatchObject({ code: "conflict", messageKey: "errors.slotTaken" });
    const db = await getDb();
    const extras = await db.select().from(serviceCapacityDays).where(eq(serviceCapacityDays.resourceId, extrasPool.id));
    expect(extras.map((d) => d.used)).toEqual([10, 10]);
    // The six rooms are held on housing's short-stay units, each for the package's three nights.
    const nights = await db.select().from(housingOccupancies).where(inArray(housingOccupancies.status, ["held", "active"]));
    expect(nights.map((n) => [n.kind, n.during])).toEqual(Array(6).fill(["short_stay", `[${start},${addDaysIso(start, 3)})`]));
    expect(await db.select().from(serviceCapacityDays).where(eq(serviceCapacityDays.resourceId, rooms.id))).toEqual([]);
    const live = await db.select().from(serviceBookings).where(eq(serviceBookings.resourceId, stage.id));
    expect(live).toHaveLength(1);
    const [lines] = await db.select({ n: count() }).from(serviceOrderLines);
    expect(Number(lines.n)).toBe(3);
  });
});

describe("a daily pool of 200 extras", () => {
  it("60 orders of 5 at once: exactly 40 succeed and the pool ends at 200 used", async () => {
    const pool = await extrasPoolOf200();
    const people = await tenants(60);
    const day = daysFromNow(21);
    const actors = await Promise.all(people.map((p) => actorFor(p.cookie)));
    const started = Date.now();
    const outcome = await raceCalls(60, (i) => placeOrder(actors[i], { lines: [{ offeringCode: "extras-200-day", quantity: 5, startDate: day, days: 1 }] }));
    const elapsed = Date.now() - started;
    expect(outcome.fulfilled).toHaveLength(40);
    expect(outcome.rejected).toHaveLength(20);
    expect(outcome.rejected.every((e) => e instanceof AppError && e.code === "conflict" && e.messageKey === "errors.soldOut")).toBe(true);
    const db = await getDb();
    const [row] = await db.select().from(serviceCapacityDays).where(and(eq(serviceCapacityDays.resourceId, pool.id), eq(serviceCapacityDays.day, day)));
    expect(row).toMatchObject({ used: 200, capacity: 200 });
    const [taken] = await db
      .select({ units: sql<number>`coalesce(sum(${serviceCapacityTakes.units}), 0)::int` })
      .from(serviceCapacityTakes)
      .where(and(eq(serviceCapacityTakes.resourceId, pool.id), eq(serviceCapacityTakes.day, day)));
    expect(Number(taken.units)).toBe(200);
    const [orders] = await db.select({ n: count() }).from(serviceOrders);
    expect(Number(orders.n)).toBe(40);
    expect(elapsed).toBeLessThan(30_000);
  }, 120_000);
});

describe("orders holding the same resources in opposite orders", () => {
  it("never deadlock: 30 at once, stage-then-extras and extras-then-stage, one wins and the rest get 409", async () => {
    await seedCatalogue();
    const people = await tenants(30);
    const actors = await Promise.all(people.map((p) => actorFor(p.cookie)));
    const day = daysFromNow(22);
    const stageLine = { offeringCode: "stage-1-day", quantity: 1, startDate: day, days: 2 };
    const extrasLine = { offeringCode: "extras-day", quantity: 1, startDate: day, days: 2 };
    const outcome = await raceCalls(30, (i) => placeOrder(actors[i], { lines: i % 2 ? [stageLine, extrasLine] : [extrasLine, stageLine] }));
    // No deadlock (40P01) or other unexpected error: every loser is a clean slot-taken conflict.
    for (const error of outcome.rejected) expect(error).toMatchObject({ code: "conflict", messageKey: "errors.slotTaken" });
    expect(outcome.fulfilled).toHaveLength(1);
    const db = await getDb();
    const lines = await db.select().from(serviceOrderLines);
    expect(lines).toHaveLength(2);
    const [extrasDay] = await db.select().from(serviceCapacityDays).where(eq(serviceCapacityDays.day, day));
    expect(extrasDay.used).toBe(1);
  }, 120_000);
});
