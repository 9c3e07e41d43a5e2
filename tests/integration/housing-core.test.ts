// Talent apartments end to end on a real database: a member applies, the company endorses within
// its quota, housing offers a unit, the applicant accepts and the resident signs; residents' ID
// numbers are encrypted, masked for everyone but housing and the resident, and every full view is
// audited; another company learns nothing; leases never overlap, back-to-back ones fit, renewals
// and notice move the occupancy; a lapsed offer goes to the next in line; and services' short
// stays hold and release nights on housing's units.
import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  housingApplications,
  housingHandovers,
  housingLeases,
  housingMeterReadings,
  housingOccupancies,
  housingOffers,
  housingResidents,
  invoices,
  notifications,
  serviceOfferings,
  serviceResources,
} from "#db/schema/index";
import {
  declineApplication,
  endorseApplication,
  getApplication,
  listCompanyApplications,
  listWaitlist,
  rejectApplication,
  setPriority,
  submitApplication,
  withdrawApplication,
} from "~/modules/housing/applications.server";
import { checkIn, checkOut, getLease, giveNotice, listLeases, myHousing, renewLease, signLease } from "~/modules/housing/leases.server";
import { blockForMaintenance, freeShortStayUnits } from "~/modules/housing/occupancy.server";
import { acceptOffer, declineOffer, lapseExpiredOffers, makeOffer } from "~/modules/housing/offers.server";
import { listQuotas, quotaUse, setQuota } from "~/modules/housing/quotas.server";
import { residentsFor, revealResident } from "~/modules/housing/residents.server";
import { LEASE_TERMS_VERSION } from "~/modules/housing/rules";
import { apartmentTypesForMembers } from "~/modules/housing/units.server";
import { decide } from "~/modules/admission/decide.server";
import { assignReviewer } from "~/modules/admission/review.server";
import { applyPayment } from "~/modules/billing/payments.server";
import { getDb } from "~/modules/platform/db.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { placeOrder } from "~/modules/services/place-order.server";
import {
  activeLease,
  applicationInput,
  endorsedApplication,
  housingStaff,
  inDays,
  insertBuilding,
  insertUnit,
  residentInput,
  seedHousing,
  submittedApplication,
  tenantWithQuota,
  validResidentId,
  wrongCheckResidentId,
} from "../support/housing";
import { meta, parkMember, submittedApplication as submittedAdmission } from "../support/admission";

async function rowsOf(table: typeof housingApplications | typeof housingResidents | typeof housingLeases | typeof housingOffers) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row.n);
}

async function notificationsOf(userId: string) {
  const db = await getDb();
  return (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.kind);
}

async function auditActions(subjectId: string) {
  const db = await getDb();
  return (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, subjectId))).map((a) => a.action);
}

describe("apply → endorse → offer → accept → sign", () => {
  it("takes a member from application to a signed lease with its deposit invoiced, telling each person in turn", async () => {
    const { units } = await seedHousing();
    const tenant = await tenantWithQuota(2);
    const staff = await housingStaff();
    const application = await submittedApplication(tenant, { moveInOn: inDays(20), moveOutOn: inDays(200) });
    expect(application.status).toBe("submitted");
    expect(await notificationsOf(tenant.owner.user.id)).toContain("housingApplicationSubmitted");

    const endorsed = await endorseApplication(tenant.owner.actor, application.id);
    expect(endorsed).toMatchObject({ status: "endorsed", endorsedBy: tenant.owner.user.id });
    expect(await notificationsOf(tenant.member.user.id)).toContain("housingApplicationEndorsed");
    expect(await notificationsOf(staff.user.id)).toContain("housingApplicationWaiting");
    const waitlist = await listWaitlist(staff.actor);
    expect(waitlist.map((w) => [w.application.id, w.position, w.positionInType])).toEqual([[application.id, 1, 1]]);

    const offer = await makeOffer(staff.actor, { applicationId: application.id, unitId: units.studio.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(200), reason: "排队第一，房型相符" });
    expect(offer).toMatchObject({ status: "open", monthlyRentFen: 220_000n, depositFen: 220_000n });
    expect(offer.expiresAt.getTime() - offer.createdAt.getTime()).toBeGreaterThan(71 * 3_600_000);
    expect(await notificationsOf(tenant.member.user.id)).toContain("housingOfferMade");

    const lease = await acceptOffer(tenant.member.actor, offer.id);
    expect(lease).toMatchObject({ status: "awaiting_signature", unitId: units.studio.id, residentUserId: tenant.member.user.id, startsOn: inDays(20), endsOn: inDays(200), monthlyRentFen: 220_000n });
    expect(lease.number).toMatch(/^HL-\d{5}$/);
    const db = await getDb();
    const [occupancy] = await db.select().from(housingOccupancies).where(eq(housingOccupancies.leaseId, lease.id));
    expect(occupancy).toMatchObject({ kind: "lease", status: "active", unitId: units.studio.id });
    expect((await getApplication(tenant.member.actor, application.id)).application.status).toBe("accepted");
    expect(await quotaUse(db, tenant.org.id)).toEqual({ places: 2, used: 1, pending: 0 });

    // A colleague cannot sign someone else's lease; the terms signed must be the current version.
    await expect(signLease(tenant.owner.actor, lease.id, { termsVersion: LEASE_TERMS_VERSION, ip: "10.0.0.2" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(signLease(tenant.member.actor, lease.id, { termsVersion: "2020-01", ip: "10.0.0.2" })).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.termsChanged" });
    const signed = await signLease(tenant.member.actor, lease.id, { termsVersion: LEASE_TERMS_VERSION, ip: "10.0.0.2" });
    expect(signed).toMatchObject({ status: "active", signedBy: tenant.member.user.id, signedIp: "10.0.0.2", termsVersion: LEASE_TERMS_VERSION });
    expect(signed.signedAt).toBeInstanceOf(Date);
    const [deposit] = await db.select().from(invoices).where(eq(invoices.id, signed.depositInvoiceId!));
    expect(deposit).toMatchObject({ orgId: tenant.org.id, kind: "housing_deposit", subtotalFen: 220_000n });
    expect(await auditActions(lease.id)).toEqual(expect.arrayContaining(["housing.lease_created", "housing.lease_signed"]));
    expect(await auditActions(application.id)).toEqual(
      expect.arrayContaining(["housing.application_submitted", "housing.application_endorsed", "housing.application_offered", "housing.application_accepted"]),
    );
    // Signing twice is refused, and the resident sees their home.
    await expect(signLease(tenant.member.actor, lease.id, { termsVersion: LEASE_TERMS_VERSION, ip: null })).rejects.toMatchObject({ code: "conflict" });
    const home = await myHousing(tenant.member.actor);
    expect(home).toMatchObject({ lease: { id: lease.id }, unit: { code: units.studio.code } });
    expect(await myHousing(tenant.colleague.actor)).toBeNull();
    // The company's admin sees the lease; the members' page shows the studio as one fewer free.
    expect((await listLeases(tenant.owner.actor)).map((l) => l.id)).toEqual([lease.id]);
  });

  it("lets the company decline, the member withdraw, and housing reject, each with the reason told", async () => {
    const tenant = await tenantWithQuota(3);
    const staff = await housingStaff();
    const a = await submittedApplication(tenant);
    await expect(declineApplication(tenant.owner.actor, a.id, "")).rejects.toMatchObject({ code: "invalid" });
    await declineApplication(tenant.owner.actor, a.id, "本月剧组不在上海");
    expect((await notificationsOf(tenant.member.user.id)).filter((k) => k === "housingApplicationDeclined")).toHaveLength(1);
    await expect(endorseApplication(tenant.owner.actor, a.id)).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.applicationTransition" });

    const b = await submittedApplication(tenant);
    await expect(withdrawApplication(tenant.colleague.actor, b.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await withdrawApplication(tenant.member.actor, b.id)).status).toBe("withdrawn");

    const { application: c } = await endorsedApplication(tenant);
    await expect(setPriority(tenant.owner.actor, c.id, 10, "关键岗位")).rejects.toMatchObject({ code: "forbidden" });
    expect((await setPriority(staff.actor, c.id, 10, "正在拍摄的主创")).priority).toBe(10);
    expect((await rejectApplication(staff.actor, c.id, "不符合园区入住条件")).status).toBe("rejected");
    expect(await notificationsOf(tenant.member.user.id)).toContain("housingApplicationRejected");
    expect((await listCompanyApplications(tenant.owner.actor)).map((r) => r.application.status).sort()).toEqual(["declined", "rejected", "withdrawn"]);
    await expect(listCompanyApplications(tenant.member.actor)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the quota", () => {
  it("refuses an endorsement past the quota with a clear message, and counts leases and waiting applications", async () => {
    const tenant = await tenantWithQuota(1);
    const first = await submittedApplication(tenant);
    const second = await submittedApplication(tenant, {}, tenant.colleague);
    await endorseApplication(tenant.owner.actor, first.id);
    await expect(endorseApplication(tenant.owner.actor, second.id)).rejects.toMatchObject({
      code: "conflict",
      messageKey: "housing.errors.quotaFull",
      params: { places: 1, used: 0, pending: 1 },
    });
    const db = await getDb();
    const [still] = await db.select().from(housingApplications).where(eq(housingApplications.id, second.id));
    expect(still.status).toBe("submitted");
    // A plain member cannot endorse, not even their own application.
    await expect(endorseApplication(tenant.colleague.actor, second.id)).rejects.toMatchObject({ code: "forbidden" });

    // Housing raises the quota (audited, the company told); now it fits.
    const staff = await housingStaff();
    await setQuota(staff.actor, tenant.org.id, 2, "新增两个剧组主创");
    expect(await auditActions(tenant.org.id)).toContain("housing.quota_set");
    expect(await notificationsOf(tenant.owner.user.id)).toContain("housingQuotaChanged");
    expect((await endorseApplication(tenant.owner.actor, second.id)).status).toBe("endorsed");
    expect((await listQuotas(staff.actor)).find((q) => q.orgId === tenant.org.id)).toMatchObject({ places: 2, used: 0, pending: 2 });
    await expect(setQuota(tenant.owner.actor, tenant.org.id, 9, "自己加")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("a quota from the admission terms", () => {
  it("is set when the park approves a company with apartment places, and audited", async () => {
    const { application } = await submittedAdmission({ needs: { apartments: 3 } });
    const reviewer = await parkMember("admissions");
    await assignReviewer(reviewer.actor, application.id, { assigneeUserId: reviewer.user.id }, meta);
    const approved = await decide(reviewer.actor, application.id, { decision: "approve", reason: "契合园区方向。", seats: 8, moveInOn: inDays(14), welcomeCredits: 0, housingPlaces: 3 }, meta);
    const db = await getDb();
    expect(await quotaUse(db, approved.orgId!)).toEqual({ places: 3, used: 0, pending: 0 });
    expect(await auditActions(approved.orgId!)).toContain("housing.quota_set");
  });
});

describe("another company", () => {
  it("gets 404 for an application, a lease, its residents and an offer it has nothing to do with", async () => {
    const { tenant, application, lease, offer } = await activeLease();
    const other = await tenantWithQuota(2);
    const [resident] = await (await getDb()).select().from(housingResidents).where(eq(housingResidents.applicationId, application.id));
    for (const actor of [other.owner.actor, other.member.actor]) {
      await expect(getApplication(actor, application.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(getLease(actor, lease.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(residentsFor(actor, application.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(revealResident(actor, resident.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(endorseApplication(actor, application.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(acceptOffer(actor, offer.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(giveNotice(actor, lease.id, inDays(100))).rejects.toMatchObject({ code: "not_found" });
    }
    // A colleague who is neither applicant, resident nor admin does not see it either.
    await expect(getApplication(tenant.colleague.actor, application.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getLease(tenant.colleague.actor, lease.id)).rejects.toMatchObject({ code: "not_found" });
    // Nonsense ids are 404 too, never a 500.
    await expect(getApplication(other.owner.actor, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    await expect(listLeases(other.owner.actor)).resolves.toEqual([]);
  });
});

describe("residents' personal information", () => {
  it("is encrypted at rest, masked for the company admin, full for housing and the resident, every full view audited", async () => {
    const tenant = await tenantWithQuota(2);
    const idNumber = validResidentId(4242);
    const partner = residentInput({ name: "欧阳娜娜", idNumber: validResidentId(777), phone: "13800001111" });
    const application = await submitApplication(tenant.member.actor, applicationInput({ unitType: "two_bedroom", residents: [{ name: "张三丰", idNumber, phone: "13912345678" }, partner] }));

    const db = await getDb();
    const stored = await db.select().from(housingResidents).where(eq(housingResidents.applicationId, application.id));
    expect(stored).toHaveLength(2);
    const primary = stored.find((r) => r.primary)!;
    expect(primary.userId).toBe(tenant.member.user.id);
    for (const column of [primary.idNumberEnc, primary.nameEnc, primary.phoneEnc]) {
      expect(column).not.toContain(idNumber);
      expect(column).not.toContain(idNumber.slice(6, 14));
      expect(column).not.toContain("张三丰");
      expect(column).not.toContain("13912345678");
    }
    expect(primary.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    // Nothing in the audit log or notifications carries the number.
    const auditText = JSON.stringify(await db.select().from(auditEvents));
    expect(auditText).not.toContain(idNumber);
    expect(JSON.stringify(await db.select().from(notifications))).not.toContain(idNumber);

    const viewsBefore = (await db.select().from(auditEvents).where(eq(auditEvents.action, "housing.resident_viewed"))).length;
    expect(viewsBefore).toBe(0);

    // The company's owner: masked, and no reveal.
    const forAdmin = await residentsFor(tenant.owner.actor, application.id);
    expect(forAdmin.map((r) => [r.name, r.idNumber, r.phone, r.masked])).toEqual([
      ["张**", primary.idNumberMasked, "139****5678", true],
      ["欧***", expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/), "138****1111", true],
    ]);
    await expect(revealResident(tenant.owner.actor, primary.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await getApplication(tenant.owner.actor, application.id)).residents.every((r) => r.masked && !r.idNumber.includes(idNumber.slice(4, 14)))).toBe(true);

    // The resident: their own row in full, the other person masked; one audit row.
    const forResident = await residentsFor(tenant.member.actor, application.id);
    expect(forResident[0]).toMatchObject({ name: "张三丰", idNumber, phone: "13912345678", masked: false });
    expect(forResident[1].masked).toBe(true);

    // Housing staff: everyone in full (two audited views), and one more by reveal.
    const staff = await housingStaff();
    const forStaff = await residentsFor(staff.actor, application.id);
    expect(forStaff.map((r) => r.masked)).toEqual([false, false]);
    expect(forStaff[1]).toMatchObject({ name: "欧阳娜娜", idNumber: partner.idNumber, phone: "13800001111" });
    expect(await revealResident(staff.actor, primary.id)).toMatchObject({ idNumber, masked: false });

    const views = await db.select().from(auditEvents).where(eq(auditEvents.action, "housing.resident_viewed"));
    expect(views).toHaveLength(4);
    expect(views.filter((v) => v.actorUserId === staff.user.id)).toHaveLength(3);
    expect(views.filter((v) => v.actorUserId === tenant.member.user.id && v.subjectId === primary.id)).toHaveLength(1);
    expect(JSON.stringify(views)).not.toContain(idNumber);
  });
});

describe("bad input", () => {
  it.each([
    ["a wrong check character", { residents: [{ name: "张三", idNumber: wrongCheckResidentId(3), phone: "13912345678" }] }, "residents.0.idNumber", "housing.errors.residentId"],
    ["move-out before move-in", { moveInOn: inDays(40), moveOutOn: inDays(30) }, "moveOutOn", "housing.errors.moveOutBeforeMoveIn"],
    ["an unknown unit type", { unitType: "penthouse" as never }, "unitType", "housing.errors.unknownUnitType"],
    ["a resident who is not in the company", { residents: [{ name: "张三", idNumber: validResidentId(5), phone: "13912345678", userId: "7c9e6679-7425-40de-944b-e07fc1f90ae7" }] }, "residents.0.userId", "housing.errors.residentNotMember"],
  ])("%s is a field error and writes nothing", async (_label, change, field, messageKey) => {
    const tenant = await tenantWithQuota(2);
    await expect(submitApplication(tenant.member.actor, applicationInput(change))).rejects.toMatchObject({ code: "invalid", messageKey, params: { field } });
    expect(await rowsOf(housingApplications)).toBe(0);
    expect(await rowsOf(housingResidents)).toBe(0);
  });

  it("refuses an offer of a unit of another type or under maintenance", async () => {
    const { units } = await seedHousing();
    const staff = await housingStaff();
    const { application } = await endorsedApplication(undefined, { unitType: "studio" });
    const base = { applicationId: application.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(200), reason: "test" };
    await expect(makeOffer(staff.actor, { ...base, unitId: units.oneBedroom.id })).rejects.toMatchObject({ code: "invalid", messageKey: "housing.errors.unitWrongType" });
    const db = await getDb();
    const broken = await insertUnit(units.studio.buildingId, { unitType: "studio", status: "maintenance" });
    await expect(makeOffer(staff.actor, { ...base, unitId: broken.id })).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.unitUnderMaintenance" });
    await blockForMaintenance(staff.actor, { unitId: units.studio.id, from: inDays(50), to: inDays(60), note: "更换热水器" });
    await expect(makeOffer(staff.actor, { ...base, unitId: units.studio.id })).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.unitTaken" });
    await expect(makeOffer(staff.actor, { ...base, unitId: units.studio2.id, endsOn: inDays(10) })).rejects.toMatchObject({ code: "invalid", params: { field: "endsOn" } });
    expect(await rowsOf(housingOffers)).toBe(0);
    const [app] = await db.select().from(housingApplications).where(eq(housingApplications.id, application.id));
    expect(app.status).toBe("endorsed");
  });
});

describe("leases on one unit", () => {
  it("fit back to back (one ends the day the next starts) and never overlap", async () => {
    const building = await insertBuilding();
    const unit = await insertUnit(building.id, { unitType: "studio" });
    const staff = await housingStaff();
    const first = await activeLease({ unitId: unit.id, startsOn: inDays(20), endsOn: inDays(60), staff: staff.actor });
    const second = await activeLease({ unitId: unit.id, startsOn: inDays(60), endsOn: inDays(120), staff: staff.actor });
    expect([first.lease.status, second.lease.status]).toEqual(["active", "active"]);
    // Overlapping dates cannot even be offered.
    const { application } = await endorsedApplication(undefined, { moveInOn: inDays(100), moveOutOn: inDays(200) });
    await expect(makeOffer(staff.actor, { applicationId: application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(100), endsOn: inDays(200), reason: "x" })).rejects.toMatchObject({
      messageKey: "housing.errors.unitTaken",
    });
  });

  it("two offers of one unit accepted one after the other: the second finds it taken and goes back on the waitlist", async () => {
    const building = await insertBuilding();
    const unit = await insertUnit(building.id, { unitType: "studio" });
    const staff = await housingStaff();
    const a = await endorsedApplication();
    const b = await endorsedApplication();
    const offerA = await makeOffer(staff.actor, { applicationId: a.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(80), reason: "x" });
    const offerB = await makeOffer(staff.actor, { applicationId: b.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(50), endsOn: inDays(120), reason: "x" });
    await acceptOffer(a.tenant.member.actor, offerA.id);
    await expect(acceptOffer(b.tenant.owner.actor, offerB.id)).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.unitTaken" });
    const db = await getDb();
    const [takenOffer] = await db.select().from(housingOffers).where(eq(housingOffers.id, offerB.id));
    expect(takenOffer.status).toBe("taken");
    const [backOnList] = await db.select().from(housingApplications).where(eq(housingApplications.id, b.application.id));
    expect(backOnList.status).toBe("endorsed");
    expect(await rowsOf(housingLeases)).toBe(1);
    expect(await auditActions(offerB.id)).toContain("housing.offer_taken");
  });

  it("renews into free days, refuses a renewal into someone else's, and shortens with 30 days' notice", async () => {
    const building = await insertBuilding();
    const unit = await insertUnit(building.id, { unitType: "studio" });
    const staff = await housingStaff();
    const first = await activeLease({ unitId: unit.id, startsOn: inDays(10), endsOn: inDays(100), staff: staff.actor });
    await activeLease({ unitId: unit.id, startsOn: inDays(130), endsOn: inDays(200), staff: staff.actor });
    await expect(renewLease(staff.actor, first.lease.id, inDays(140))).rejects.toMatchObject({ code: "conflict", messageKey: "housing.errors.unitTaken" });
    await expect(renewLease(first.tenant.owner.actor, first.lease.id, inDays(120))).rejects.toMatchObject({ code: "forbidden" });
    const renewed = await renewLease(staff.actor, first.lease.id, inDays(130));
    expect(renewed.endsOn).toBe(inDays(130));
    const db = await getDb();
    const [occupancy] = await db.select().from(housingOccupancies).where(eq(housingOccupancies.leaseId, first.lease.id));
    expect(occupancy.during).toBe(`[${inDays(10)},${inDays(130)})`);

    // The resident gives notice: fewer than 30 days is refused, 30 is fine and frees the days after.
    await expect(giveNotice(first.tenant.member.actor, first.lease.id, inDays(29))).rejects.toMatchObject({ code: "invalid", messageKey: "housing.errors.noticeTooShort" });
    const shortened = await giveNotice(first.tenant.member.actor, first.lease.id, inDays(30));
    expect(shortened).toMatchObject({ endsOn: inDays(30) });
    expect(shortened.noticeGivenAt).toBeInstanceOf(Date);
    const [after] = await db.select().from(housingOccupancies).where(eq(housingOccupancies.leaseId, first.lease.id));
    expect(after.during).toBe(`[${inDays(10)},${inDays(30)})`);
    expect(await notificationsOf(staff.user.id)).toContain("housingLeaseNotice");
    // Housing may end a lease on any later day.
    expect((await giveNotice(staff.actor, first.lease.id, inDays(15))).endsOn).toBe(inDays(15));
  });

  it("checks in and out with keys and meter readings; check-out ends the lease and frees the days from then on", async () => {
    const building = await insertBuilding();
    const unit = await insertUnit(building.id, { unitType: "studio" });
    const staff = await housingStaff();
    const today = parkDate();
    const { lease } = await activeLeaseStartedInThePast(unit.id, staff.actor);
    const reading = { keys: 2, accessCards: 1, electricityKwh: "1203.5", waterM3: "88.25", note: "" };
    await expect(checkOut(staff.actor, lease.id, reading)).rejects.toMatchObject({ messageKey: "housing.errors.notCheckedIn" });
    await checkIn(staff.actor, lease.id, reading);
    await expect(checkIn(staff.actor, lease.id, reading)).rejects.toMatchObject({ messageKey: "housing.errors.alreadyCheckedIn" });
    const ended = await checkOut(staff.actor, lease.id, { ...reading, electricityKwh: "1350.00", waterM3: "95.5" });
    expect(ended).toMatchObject({ status: "ended", endsOn: today });
    const db = await getDb();
    expect((await db.select().from(housingHandovers).where(eq(housingHandovers.leaseId, lease.id))).map((h) => [h.kind, h.keys])).toEqual([
      ["check_in", 2],
      ["check_out", 2],
    ]);
    expect((await db.select().from(housingMeterReadings).where(eq(housingMeterReadings.leaseId, lease.id))).map((r) => [r.kind, r.electricityKwh])).toEqual(
      expect.arrayContaining([
        ["check_in", "1203.50"],
        ["check_out", "1350.00"],
      ]),
    );
    const [occupancy] = await db.select().from(housingOccupancies).where(eq(housingOccupancies.leaseId, lease.id));
    expect(occupancy.during.endsWith(`,${today})`)).toBe(true);
    // The days from check-out on are free for the next lease.
    expect((await activeLease({ unitId: unit.id, startsOn: inDays(1), endsOn: inDays(60), staff: staff.actor })).lease.status).toBe("active");
  });
});

/** A lease that began 40 days ago: offered for those dates to an application made for today. */
async function activeLeaseStartedInThePast(unitId: string, staff: Awaited<ReturnType<typeof housingStaff>>["actor"]) {
  const today = parkDate();
  const { tenant, application } = await endorsedApplication(undefined, { moveInOn: today, moveOutOn: addDaysIso(today, 100) });
  const offer = await makeOffer(staff, { applicationId: application.id, unitId, bedNo: 0, startsOn: addDaysIso(today, -40), endsOn: addDaysIso(today, 100), reason: "补录" });
  const accepted = await acceptOffer(tenant.member.actor, offer.id);
  const lease = await signLease(tenant.member.actor, accepted.id, { termsVersion: LEASE_TERMS_VERSION, ip: null });
  return { tenant, application, offer, lease };
}

describe("an offer that lapses", () => {
  it("goes back on the waitlist and the same unit and dates are offered to the next in line; a second lapse withdraws", async () => {
    const building = await insertBuilding();
    const unit = await insertUnit(building.id, { unitType: "studio" });
    const staff = await housingStaff();
    const first = await endorsedApplication();
    const second = await endorsedApplication();
    const third = await endorsedApplication(undefined, { unitType: "one_bedroom" });
    const offer = await makeOffer(staff.actor, { applicationId: first.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(90), reason: "排队第一" });

    expect(await lapseExpiredOffers(new Date())).toEqual({ lapsed: 0, reoffered: 0 });
    const later = new Date(Date.now() + 73 * 3_600_000);
    expect(await lapseExpiredOffers(later)).toEqual({ lapsed: 1, reoffered: 1 });
    const db = await getDb();
    const [lapsed] = await db.select().from(housingOffers).where(eq(housingOffers.id, offer.id));
    expect(lapsed.status).toBe("lapsed");
    expect(await auditActions(offer.id)).toContain("housing.offer_lapsed");
    const apps = await db.select().from(housingApplications).where(inArray(housingApplications.id, [first.application.id, second.application.id, third.application.id]));
    const statusOf = (id: string) => apps.find((a) => a.id === id)!.status;
    expect([statusOf(first.application.id), statusOf(second.application.id), statusOf(third.application.id)]).toEqual(["endorsed", "offered", "endorsed"]);
    const [next] = await db.select().from(housingOffers).where(and(eq(housingOffers.applicationId, second.application.id), eq(housingOffers.status, "open")));
    expect(next).toMatchObject({ unitId: unit.id, startsOn: inDays(20), endsOn: inDays(90) });
    expect(await notificationsOf(second.tenant.member.user.id)).toContain("housingOfferMade");
    expect(await notificationsOf(first.tenant.member.user.id)).toContain("housingOfferLapsed");
    // Running the job again changes nothing until the new offer's own deadline.
    expect(await lapseExpiredOffers(later)).toEqual({ lapsed: 0, reoffered: 0 });

    // The second applicant declines; the first is offered again and lets it lapse a second time.
    await declineOffer(second.tenant.member.actor, next.id, "档期变了");
    const again = await makeOffer(staff.actor, { applicationId: first.application.id, unitId: unit.id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(90), reason: "再次安排" });
    await lapseExpiredOffers(new Date(Date.now() + 2 * 73 * 3_600_000));
    const [withdrawn] = await db.select().from(housingApplications).where(eq(housingApplications.id, first.application.id));
    expect(withdrawn.status).toBe("withdrawn");
    expect((await db.select().from(housingOffers).where(eq(housingOffers.id, again.id)))[0].status).toBe("lapsed");
    expect(await notificationsOf(first.tenant.member.user.id)).toContain("housingOfferLapsedWithdrawn");
    // And the unit went to the second applicant, next in line again.
    const [reoffer] = await db.select().from(housingOffers).where(and(eq(housingOffers.applicationId, second.application.id), eq(housingOffers.status, "open")));
    expect(reoffer?.unitId).toBe(unit.id);
  });
});

describe("short stays for services' accommodation", () => {
  async function lodgingOffering() {
    const db = await getDb();
    const [rooms] = await db.insert(serviceResources).values({ code: "apartment-rooms", nameZh: "人才公寓短住房", nameEn: "Short-stay rooms", kind: "lodging", capacity: 40 }).returning();
    await db.insert(serviceOfferings).values({ code: "apartment-night", category: "accommodation", nameZh: "人才公寓短住", nameEn: "Short stay", pricingUnit: "night", priceFen: 38_000n, maxQuantity: 10, resourceId: rooms.id, requiresApproval: false });
  }

  it("holds nights on housing's short-stay units, refuses when sold out, confirms when paid and releases on cancel", async () => {
    const { shortStays } = await seedHousing({ shortStay: 2 });
    await lodgingOffering();
    const crew = await tenantWithQuota(0);
    const other = await tenantWithQuota(0);
    const from = inDays(10);
    const order = await placeOrder(crew.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 2, startDate: from, days: 3 }] });
    const db = await getDb();
    const held = await db.select().from(housingOccupancies).where(eq(housingOccupancies.kind, "short_stay"));
    expect(held.map((o) => [o.unitId, o.status, o.during, o.orgId]).sort()).toEqual(
      shortStays.map((u) => [u.id, "held", `[${from},${addDaysIso(from, 3)})`, crew.org.id]).sort(),
    );
    expect(held.every((o) => o.sourceRef?.startsWith("order_line:"))).toBe(true);
    expect(await freeShortStayUnits(db, from, 3)).toBe(0);
    expect(await freeShortStayUnits(db, addDaysIso(from, 3), 2)).toBe(2);

    // Sold out on the overlapping night; nothing is held for the refused order.
    await expect(placeOrder(other.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 1, startDate: addDaysIso(from, 2), days: 2 }] })).rejects.toMatchObject({
      code: "conflict",
      messageKey: "housing.errors.shortStaySoldOut",
      params: { day: addDaysIso(from, 2) },
    });
    // The night the first stay leaves is free (half-open ranges).
    await placeOrder(other.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 1, startDate: addDaysIso(from, 3), days: 1 }] });

    // Paid → the nights are firm.
    const [invoice] = await db.select().from(invoices).where(eq(invoices.sourceRef, order.id));
    await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "stripe", externalRef: "pi_stay", amountFen: invoice.totalFen }));
    const confirmed = await db.select().from(housingOccupancies).where(and(eq(housingOccupancies.kind, "short_stay"), eq(housingOccupancies.orgId, crew.org.id)));
    expect(confirmed.map((o) => o.status)).toEqual(["active", "active"]);

    // Cancelled → released, and the nights can be sold again.
    await cancelOrder(crew.owner.actor, { orderId: order.id, reason: "剧组改期" });
    const released = await db.select().from(housingOccupancies).where(and(eq(housingOccupancies.kind, "short_stay"), eq(housingOccupancies.orgId, crew.org.id)));
    expect(released.map((o) => o.status)).toEqual(["released", "released"]);
    await placeOrder(other.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 2, startDate: from, days: 3 }] });
  });

  it("a short stay and a lease share one calendar: a held short stay makes the unit taken for a lease", async () => {
    const { shortStays } = await seedHousing({ shortStay: 1 });
    await lodgingOffering();
    const crew = await tenantWithQuota(0);
    const staff = await housingStaff();
    await placeOrder(crew.owner.actor, { lines: [{ offeringCode: "apartment-night", quantity: 1, startDate: inDays(30), days: 2 }] });
    const { application } = await endorsedApplication(undefined, { moveInOn: inDays(20), moveOutOn: inDays(80) });
    await expect(
      makeOffer(staff.actor, { applicationId: application.id, unitId: shortStays[0].id, bedNo: 0, startsOn: inDays(20), endsOn: inDays(80), reason: "x" }),
    ).rejects.toMatchObject({ messageKey: "housing.errors.unitTaken" });
  });
});

describe("the apartments page", () => {
  it("shows each unit type's rent range and how many are free now, and no one's name", async () => {
    const { units } = await seedHousing({ shortStay: 1 });
    const db = await getDb();
    // A lease running today on one studio.
    await activeLeaseStartedInThePast(units.studio.id, (await housingStaff()).actor);
    const types = await apartmentTypesForMembers(db);
    expect(types.map((t) => t.unitType)).toEqual(["studio", "one_bedroom", "two_bedroom", "shared"]);
    const studio = types.find((t) => t.unitType === "studio")!;
    expect(studio).toMatchObject({ units: 2, places: 2, freeNow: 1, rentFen: { min: 220_000n, max: 220_000n } });
    expect(types.find((t) => t.unitType === "shared")).toMatchObject({ places: 4, freeNow: 4 });
    expect(JSON.stringify(types, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(/住户|测试用户|@example/);
  });
});
