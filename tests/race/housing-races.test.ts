// Apartments under concurrency on the real server: two acceptances of one unit for overlapping
// days make exactly one lease; a lease and a services short stay racing for one unit's nights —
// one wins, the other hears "taken" or "sold out"; back-to-back leases both fit; a short-stay pool
// never oversells; and a company at its quota cannot get one more endorsement through, however
// many are sent at once.
import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { housingApplications, housingLeases, housingOccupancies, housingOffers, serviceOfferings, serviceResources, serviceOrders } from "#db/schema/index";
import { endorseApplication } from "~/modules/housing/applications.server";
import { acceptOffer, makeOffer } from "~/modules/housing/offers.server";
import { quotaUse } from "~/modules/housing/quotas.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { placeOrder } from "~/modules/services/place-order.server";
import { endorsedApplication, housingStaff, inDays, insertBuilding, insertUnit, shortStayUnits, submittedApplication, tenantWithQuota } from "../support/housing";
import { raceCalls } from "../support/race";

const isAppError = (error: unknown, messageKey: string) => error instanceof AppError && error.code === "conflict" && error.messageKey === messageKey;

async function lodgingOffering() {
  const db = await getDb();
  const [rooms] = await db.insert(serviceResources).values({ code: "apartment-rooms", nameZh: "人才公寓短住房", nameEn: "Short-stay rooms", kind: "lodging", capacity: 40 }).returning();
  await db.insert(serviceOfferings).values({ code: "apartment-night", category: "accommodation", nameZh: "人才公寓短住", nameEn: "Short stay", pricingUnit: "night", priceFen: 38_000n, maxQuantity: 10, resourceId: rooms.id, requiresApproval: false });
}

async function liveOccupancy(unitId: string) {
  const db = await getDb();
  return db.select().from(housingOccupancies).where(and(eq(housingOccupancies.unitId, unitId), inArray(housingOccupancies.status, ["held", "active"])));
}

describe("two offers of one unit for overlapping dates, accepted at the same time", () => {
  it("make exactly one lease; the other offer is taken and its applicant told the unit is taken (five rounds)", async () => {
    const staff = await housingStaff();
    const building = await insertBuilding();
    for (let round = 0; round < 5; round++) {
      const unit = await insertUnit(building.id, { unitType: "studio" });
      const a = await endorsedApplication();
      const b = await endorsedApplication();
      const offers = [
        await makeOffer(staff.actor, { applicationId: a.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(80), reason: "x" }),
        await makeOffer(staff.actor, { applicationId: b.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(60), endsOn: inDays(140), reason: "x" }),
      ];
      const people = [a.tenant.member.actor, b.tenant.member.actor];
      const outcome = await raceCalls(2, (i) => acceptOffer(people[i], offers[i].id));
      expect(outcome.fulfilled).toHaveLength(1);
      expect(outcome.rejected).toHaveLength(1);
      expect(isAppError(outcome.rejected[0], "housing.errors.unitTaken")).toBe(true);
      const db = await getDb();
      const leases = await db.select().from(housingLeases).where(eq(housingLeases.unitId, unit.id));
      expect(leases).toHaveLength(1);
      expect(await liveOccupancy(unit.id)).toHaveLength(1);
      const statuses = (await db.select().from(housingOffers).where(eq(housingOffers.unitId, unit.id))).map((o) => o.status).sort();
      expect(statuses).toEqual(["accepted", "taken"]);
      // The loser is back on the waitlist, not stuck as "offered".
      const loser = leases[0].applicationId === a.application.id ? b.application.id : a.application.id;
      const [back] = await db.select().from(housingApplications).where(eq(housingApplications.id, loser));
      expect(back.status).toBe("endorsed");
    }
  });
});

describe("a lease acceptance and a services short stay racing for one unit's nights", () => {
  it("one wins; the other gets a clear taken / sold-out answer, never a 500 (six rounds)", async () => {
    await lodgingOffering();
    const [unit] = await shortStayUnits(1);
    const staff = await housingStaff();
    const crew = await tenantWithQuota(0);
    const winners: string[] = [];
    for (let round = 0; round < 6; round++) {
      const start = inDays(20 + round * 10);
      const { tenant, application } = await endorsedApplication(undefined, { moveInOn: start, moveOutOn: inDays(20 + round * 10 + 40) });
      // The lease covers five nights of this round's window; the crew wants two nights in its middle.
      const offer = await makeOffer(staff.actor, { applicationId: application.id, unitId: unit.id, bedNo: 0, startsOn: start, endsOn: inDays(20 + round * 10 + 5), reason: "x" });
      const outcome = await raceCalls(2, (i) =>
        i === 0
          ? acceptOffer(tenant.member.actor, offer.id).then(() => "lease")
          : placeOrder(crew.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 1, startDate: inDays(20 + round * 10 + 2), days: 2 }] }).then(() => "stay"),
      );
      expect(outcome.fulfilled).toHaveLength(1);
      expect(outcome.rejected).toHaveLength(1);
      const [error] = outcome.rejected;
      const winner = outcome.fulfilled[0];
      winners.push(winner);
      expect(isAppError(error, winner === "lease" ? "housing.errors.shortStaySoldOut" : "housing.errors.unitTaken")).toBe(true);
    }
    // Whoever won each round, the unit never holds two live rows on one night.
    const rows = await liveOccupancy(unit.id);
    expect(rows).toHaveLength(6);
    const db = await getDb();
    const [orders] = await db.select({ n: count() }).from(serviceOrders);
    expect(Number(orders.n)).toBe(winners.filter((w) => w === "stay").length);
  });
});

describe("back-to-back leases accepted at the same time", () => {
  it("both succeed: one ends the day the next starts", async () => {
    const staff = await housingStaff();
    const unit = await insertUnit((await insertBuilding()).id, { unitType: "studio" });
    const a = await endorsedApplication();
    const b = await endorsedApplication();
    const c = await endorsedApplication();
    const offers = [
      await makeOffer(staff.actor, { applicationId: a.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(50), reason: "x" }),
      await makeOffer(staff.actor, { applicationId: b.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(50), endsOn: inDays(80), reason: "x" }),
      await makeOffer(staff.actor, { applicationId: c.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(80), endsOn: inDays(110), reason: "x" }),
    ];
    const people = [a, b, c].map((x) => x.tenant.member.actor);
    const outcome = await raceCalls(3, (i) => acceptOffer(people[i], offers[i].id));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.map((l) => l.status)).toEqual(["awaiting_signature", "awaiting_signature", "awaiting_signature"]);
    expect((await liveOccupancy(unit.id)).map((o) => o.during).sort()).toEqual([`[${inDays(20)},${inDays(50)})`, `[${inDays(50)},${inDays(80)})`, `[${inDays(80)},${inDays(110)})`]);
  });
});

describe("a short-stay pool of five rooms", () => {
  it("twelve crews asking for one room each on the same nights at once: exactly five get one", async () => {
    await lodgingOffering();
    const units = await shortStayUnits(5);
    const crews = await Promise.all(Array.from({ length: 12 }, () => tenantWithQuota(0)));
    const outcome = await raceCalls(12, (i) => placeOrder(crews[i].owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 1, startDate: inDays(10), days: 3 }] }));
    expect(outcome.fulfilled).toHaveLength(5);
    expect(outcome.rejected).toHaveLength(7);
    expect(outcome.rejected.every((e) => isAppError(e, "housing.errors.shortStaySoldOut"))).toBe(true);
    for (const unit of units) expect(await liveOccupancy(unit.id)).toHaveLength(1);
  }, 120_000);
});

describe("a company at its quota", () => {
  it("ten endorsements sent at once against a quota of three: exactly three go through", async () => {
    const tenant = await tenantWithQuota(3);
    const applications: { id: string }[] = [];
    for (let i = 0; i < 10; i++) applications.push(await submittedApplication(tenant, {}, i % 2 ? tenant.colleague : tenant.member));
    const outcome = await raceCalls(10, (i) => endorseApplication(tenant.owner.actor, applications[i].id));
    expect(outcome.fulfilled).toHaveLength(3);
    expect(outcome.rejected).toHaveLength(7);
    expect(outcome.rejected.every((e) => isAppError(e, "housing.errors.quotaFull"))).toBe(true);
    const db = await getDb();
    expect(await quotaUse(db, tenant.org.id)).toEqual({ places: 3, used: 0, pending: 3 });
    const [endorsed] = await db.select({ n: count() }).from(housingApplications).where(and(eq(housingApplications.orgId, tenant.org.id), eq(housingApplications.status, "endorsed")));
    expect(Number(endorsed.n)).toBe(3);
  });

  it("a company with one place left and a lease taking it: concurrent endorsements still stop at the quota", async () => {
    const tenant = await tenantWithQuota(2);
    const staff = await housingStaff();
    const unit = await insertUnit((await insertBuilding()).id, { unitType: "studio" });
    const { application } = await endorsedApplication(tenant);
    const offer = await makeOffer(staff.actor, { applicationId: application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(100), reason: "x" });
    const waiting: { id: string }[] = [];
    for (let i = 0; i < 4; i++) waiting.push(await submittedApplication(tenant, {}, tenant.colleague));
    const outcome = await raceCalls(5, (i) => (i === 0 ? acceptOffer(tenant.member.actor, offer.id).then((l) => l.id) : endorseApplication(tenant.owner.actor, waiting[i - 1].id).then((a) => a.id)));
    expect(outcome.fulfilled).toHaveLength(2);
    const db = await getDb();
    expect(await quotaUse(db, tenant.org.id)).toEqual({ places: 2, used: 1, pending: 1 });
  });
});
