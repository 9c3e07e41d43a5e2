// What issue 16 found in the talent-apartment journey, on a real database: nobody confirms their
// own application (another owner or admin does, or the park when there is none); an owner applies
// for an employee; a lease the resident already holds on the same nights is flagged to the
// resident, the company and the housing office; the resident is always told the lease to sign; and
// the company's costs count every month a lease ran.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { housingLeases, notifications } from "#db/schema/index";
import { endorseApplication, getApplication, submitApplication } from "~/modules/housing/applications.server";
import { acceptOffer, makeOffer } from "~/modules/housing/offers.server";
import { housingCostsForOrg } from "~/modules/housing/rent.server";
import { getDb } from "~/modules/platform/db.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { activeLease, applicationInput, housingStaff, inDays, insertBuilding, insertUnit, residentInput, tenantWithQuota } from "../support/housing";
import { memberOf } from "../support/housing-money";

async function kindsOf(userId: string) {
  const db = await getDb();
  return (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind);
}

describe("nobody confirms their own application", () => {
  it("an owner's own application waits for another admin; with none, the park confirms it", async () => {
    const tenant = await tenantWithQuota(3);
    const staff = await housingStaff();
    const own = await submitApplication(tenant.owner.actor, applicationInput());
    await expect(endorseApplication(tenant.owner.actor, own.id)).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.ownApplication" });
    // Nobody else at the company may: the office is told, and confirms it.
    expect(await kindsOf(staff.user.id)).toContain("housingApplicationNeedsPark");
    expect((await getApplication(staff.actor, own.id)).mayConfirm).toBe(true);
    expect((await endorseApplication(staff.actor, own.id)).status).toBe("endorsed");

    // With a second admin, that admin confirms it and the park may not.
    const admin = await memberOf(tenant.org.id, "admin");
    const next = await submitApplication(tenant.owner.actor, applicationInput({ moveInOn: inDays(40), moveOutOn: inDays(240) }));
    expect(await kindsOf(admin.user.id)).toContain("housingApplicationSubmitted");
    await expect(endorseApplication(staff.actor, next.id)).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.companyConfirms" });
    expect((await endorseApplication(admin.actor, next.id)).endorsedBy).toBe(admin.user.id);
  });
});

describe("applying for an employee", () => {
  it("names the employee as the resident, tells them, and only an owner or admin may do it", async () => {
    const tenant = await tenantWithQuota(3);
    const application = await submitApplication(tenant.owner.actor, applicationInput({ forUserId: tenant.member.user.id }));
    const view = await getApplication(tenant.member.actor, application.id);
    expect(view.primaryResidentUserId).toBe(tenant.member.user.id);
    expect(await kindsOf(tenant.member.user.id)).toContain("housingApplicationOnBehalf");
    // The owner applied, so the owner cannot confirm it either.
    await expect(endorseApplication(tenant.owner.actor, application.id)).rejects.toMatchObject({ messageKey: "housing.errors.ownApplication" });
    await expect(submitApplication(tenant.member.actor, applicationInput({ forUserId: tenant.colleague.user.id }))).rejects.toMatchObject({ code: "forbidden" });
  });

  it("flags a second lease overlapping one the employee already holds to the employee, the company and the office", async () => {
    const { tenant, lease } = await activeLease({ startsOn: inDays(5), endsOn: inDays(200) });
    const staff = await housingStaff();
    const application = await submitApplication(tenant.owner.actor, applicationInput({ forUserId: tenant.member.user.id, moveInOn: inDays(30), moveOutOn: inDays(120), residents: [residentInput()] }));
    const view = await getApplication(tenant.owner.actor, application.id);
    expect(view.overlaps.map((l) => l.id)).toEqual([lease.id]);
    for (const userId of [tenant.member.user.id, tenant.owner.user.id, staff.user.id]) expect(await kindsOf(userId)).toContain("housingLeaseOverlap");
  });
});

describe("the lease to sign", () => {
  it("is notified to the resident even when they accepted the offer themself", async () => {
    const tenant = await tenantWithQuota(2);
    const staff = await housingStaff();
    const unit = await insertUnit((await insertBuilding()).id, { unitType: "studio" });
    const application = await submitApplication(tenant.member.actor, applicationInput());
    await endorseApplication(tenant.owner.actor, application.id);
    const offer = await makeOffer(staff.actor, { applicationId: application.id, unitId: unit.id, bedNo: 0, startsOn: application.moveInOn, endsOn: application.moveOutOn, reason: "排队第一" });
    const lease = await acceptOffer(tenant.member.actor, offer.id);
    const db = await getDb();
    const [told] = await db.select().from(notifications).where(eq(notifications.kind, "housingLeaseToSign"));
    expect(told).toMatchObject({ userId: tenant.member.user.id, link: `/housing/leases/${lease.id}` });
  });
});

describe("the company's housing costs", () => {
  it("count every lease that ran in a month, billed or not", async () => {
    const today = parkDate();
    const { tenant, lease } = await activeLease({ startsOn: inDays(1), endsOn: inDays(200) });
    // Move it back four months: it ran in each of them, though no rent was billed for them here.
    const db = await getDb();
    await db.update(housingLeases).set({ startsOn: addDaysIso(today, -120) }).where(eq(housingLeases.id, lease.id));
    const costs = await housingCostsForOrg(tenant.owner.actor, { months: 4 });
    expect(costs.map((c) => c.leases)).toEqual([1, 1, 1, 1]);
  });
});
