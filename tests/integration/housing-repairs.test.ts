// Repairs (报修): a resident reports with photos, housing assigns, schedules and resolves, the
// resident confirms and rates; every step audited and the other side told. Another company's
// people cannot see a repair or its photos (404); bad input and non-images change nothing.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, housingRepairs, notifications } from "#db/schema/index";
import { confirmRepairSchema, reportRepairSchema } from "~/modules/housing/repair-forms";
import {
  assignRepair,
  cancelRepair,
  confirmRepair,
  getRepair,
  listRepairs,
  reopenRepair,
  repairPhoto,
  reportRepair,
  resolveRepair,
  scheduleRepair,
} from "~/modules/housing/repairs.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { filesDir } from "~/modules/platform/files.server";
import { housingStaff, tenantWithQuota } from "../support/housing";
import { JPEG_BYTES, PNG_BYTES, leaseFor, newUnit, photo } from "../support/housing-money";

const expectAppError = async (promise: Promise<unknown>, code: string, messageKey?: string) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (messageKey) expect((error as AppError).messageKey).toBe(messageKey);
  return error as AppError;
};

/** A tenant whose member lives in a studio on an active lease. */
async function residentWithLease() {
  const tenant = await tenantWithQuota(2);
  const unit = await newUnit();
  const today = parkDate();
  const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: unit.id, startsOn: addDaysIso(today, -30), endsOn: addDaysIso(today, 150) });
  return { tenant, unit, lease };
}

function storedRepairFiles() {
  const dir = path.join(filesDir(), "housing", "repairs");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function repairCount() {
  const db = await getDb();
  return (await db.select({ id: housingRepairs.id }).from(housingRepairs)).length;
}

describe("a repair from report to confirmed", () => {
  it("is reported with photos, assigned, scheduled, resolved and confirmed with a rating", async () => {
    const { tenant, unit, lease } = await residentWithLease();
    const staff = await housingStaff();
    const fixer = await housingStaff();
    const resident = tenant.member.actor;

    const reported = await reportRepair(resident, {
      category: "plumbing",
      description: "卫生间水龙头一直滴水，晚上很吵。",
      photos: [photo("tap.png"), photo("sink.jpg", JPEG_BYTES, "image/jpeg")],
    });
    expect(reported).toMatchObject({ status: "reported", unitId: unit.id, leaseId: lease.id, orgId: tenant.org.id, reportedBy: tenant.member.user.id });
    expect(reported.photos.map((p) => p.contentType)).toEqual(["image/png", "image/jpeg"]);
    const db = await getDb();
    // The housing office hears of it.
    const toOffice = await db.select().from(notifications).where(eq(notifications.kind, "housingRepairReported"));
    expect(toOffice.map((n) => n.userId).sort()).toEqual([staff.user.id, fixer.user.id].sort());

    const assigned = await assignRepair(staff.actor, reported.id, fixer.user.id);
    expect(assigned).toMatchObject({ status: "assigned", assigneeUserId: fixer.user.id });
    const scheduled = await scheduleRepair(staff.actor, reported.id, "2027-03-05T14:30");
    expect(scheduled.status).toBe("scheduled");
    expect(scheduled.scheduledFor?.toISOString()).toBe("2027-03-05T06:30:00.000Z");
    const resolved = await resolveRepair(fixer.actor, reported.id, "更换了阀芯。");
    expect(resolved).toMatchObject({ status: "resolved", resolutionNote: "更换了阀芯。" });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);

    // Only the reporter confirms.
    await expectAppError(confirmRepair(tenant.owner.actor, reported.id, { rating: 5 }), "forbidden");
    const confirmed = await confirmRepair(resident, reported.id, { rating: 4, comment: "师傅很准时。" });
    expect(confirmed).toMatchObject({ status: "confirmed", rating: 4, ratingComment: "师傅很准时。" });
    await expectAppError(reopenRepair(resident, reported.id, "又坏了"), "conflict", "housing.errors.repairTransition");

    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.subjectId, reported.id))).map((a) => a.action).sort();
    expect(actions).toEqual(["housing.repair_assigned", "housing.repair_confirmed", "housing.repair_reported", "housing.repair_resolved", "housing.repair_scheduled"]);
    const toResident = (await db.select().from(notifications).where(eq(notifications.userId, tenant.member.user.id))).map((n) => n.kind).sort();
    expect(toResident).toEqual(["housingRepairAssigned", "housingRepairResolved", "housingRepairScheduled"]);
    const toFixer = (await db.select().from(notifications).where(eq(notifications.userId, fixer.user.id))).map((n) => n.kind).sort();
    expect(toFixer).toEqual(["housingRepairAssignedToYou", "housingRepairConfirmed", "housingRepairReported"]);

    // The photos come back byte for byte to those who may see the repair.
    const first = await repairPhoto(resident, reported.id, 0);
    expect(first).toMatchObject({ contentType: "image/png", filename: "tap.png" });
    expect(Buffer.compare(first.bytes, Buffer.from(PNG_BYTES))).toBe(0);
    expect((await repairPhoto(staff.actor, reported.id, 1)).contentType).toBe("image/jpeg");
    await expectAppError(repairPhoto(resident, reported.id, 2), "not_found");

    const view = await getRepair(tenant.owner.actor, reported.id);
    expect(view).toMatchObject({ status: "confirmed", open: false, unitCode: unit.code, photoCount: 2 });
    expect(view.photos[0]).not.toHaveProperty("storagePath");
  });

  it("goes back to its assignee when the resident reopens it, and can be withdrawn before it is resolved", async () => {
    const { tenant } = await residentWithLease();
    const staff = await housingStaff();
    const resident = tenant.member.actor;
    const repair = await reportRepair(resident, { category: "electrical", description: "客厅灯不亮，换了灯泡也没用。" });
    await assignRepair(staff.actor, repair.id, staff.user.id);
    await resolveRepair(staff.actor, repair.id, "更换镇流器。");
    const reopened = await reopenRepair(resident, repair.id, "第二天又不亮了。");
    expect(reopened).toMatchObject({ status: "assigned", assigneeUserId: staff.user.id, resolvedAt: null });
    const db = await getDb();
    const [told] = await db.select().from(notifications).where(eq(notifications.kind, "housingRepairReopened"));
    expect(told.userId).toBe(staff.user.id);

    const second = await reportRepair(resident, { category: "network", description: "无线网络经常断开。" });
    await cancelRepair(resident, second.id, "自己重启路由器好了");
    expect((await getRepair(resident, second.id)).status).toBe("cancelled");
    await expectAppError(assignRepair(staff.actor, second.id, staff.user.id), "conflict", "housing.errors.repairTransition");
  });

  it("lists repairs by who is asking, open ones first with their age", async () => {
    const { tenant } = await residentWithLease();
    const staff = await housingStaff();
    const db = await getDb();
    const old = await reportRepair(tenant.member.actor, { category: "appliance", description: "冰箱不制冷了。" });
    await db.update(housingRepairs).set({ createdAt: new Date(Date.now() - 50 * 3_600_000) }).where(eq(housingRepairs.id, old.id));
    const fresh = await reportRepair(tenant.member.actor, { category: "furniture", description: "衣柜门合页松了。" });
    await assignRepair(staff.actor, fresh.id, staff.user.id);
    await resolveRepair(staff.actor, fresh.id, "已紧固。");

    const forStaff = await listRepairs(staff.actor);
    expect(forStaff.map((r) => r.id)).toEqual([old.id, fresh.id]);
    expect(forStaff[0]).toMatchObject({ open: true, ageDays: 2 });
    expect(forStaff[0].ageHours).toBeGreaterThanOrEqual(50);
    expect((await listRepairs(staff.actor, { mine: true })).map((r) => r.id)).toEqual([fresh.id]);
    expect((await listRepairs(staff.actor, { status: "resolved" })).map((r) => r.id)).toEqual([fresh.id]);
    expect(await listRepairs(tenant.member.actor)).toHaveLength(2);
    expect(await listRepairs(tenant.owner.actor)).toHaveLength(2);
    // A colleague sees only their own (none).
    expect(await listRepairs(tenant.colleague.actor)).toEqual([]);
    const other = await tenantWithQuota(1);
    expect(await listRepairs(other.owner.actor)).toEqual([]);
  });
});

describe("who may see a repair", () => {
  it("answers 404 to another company's member for the repair and its photos, and to a colleague", async () => {
    const { tenant } = await residentWithLease();
    const repair = await reportRepair(tenant.member.actor, { category: "doors_locks", description: "门锁反锁后打不开。", photos: [photo("lock.png")] });
    const other = await tenantWithQuota(1);
    await expectAppError(getRepair(other.owner.actor, repair.id), "not_found");
    await expectAppError(getRepair(other.member.actor, repair.id), "not_found");
    await expectAppError(repairPhoto(other.owner.actor, repair.id, 0), "not_found");
    await expectAppError(confirmRepair(other.member.actor, repair.id, { rating: 1 }), "not_found");
    await expectAppError(cancelRepair(other.owner.actor, repair.id), "not_found");
    await expectAppError(getRepair(tenant.colleague.actor, repair.id), "not_found");
    await expectAppError(repairPhoto(tenant.colleague.actor, repair.id, 0), "not_found");
    // Same answer as for a repair that does not exist, or a malformed id.
    await expectAppError(getRepair(other.owner.actor, "00000000-0000-4000-8000-000000000000"), "not_found");
    await expectAppError(getRepair(other.owner.actor, "not-an-id"), "not_found");
    // Tenant people cannot act as staff.
    await expectAppError(assignRepair(tenant.owner.actor, repair.id, tenant.owner.user.id), "forbidden");
  });
});

describe("bad reports change nothing", () => {
  it("refuses an HTML page renamed .jpg, and keeps no file of the report", async () => {
    const { tenant } = await residentWithLease();
    const before = storedRepairFiles().length;
    const html = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");
    const error = await expectAppError(
      reportRepair(tenant.member.actor, { category: "other", description: "附上照片说明问题。", photos: [photo("ok.png"), photo("evil.jpg", html, "image/jpeg")] }),
      "invalid",
      "errors.fileType",
    );
    expect(error).toBeInstanceOf(AppError);
    expect(await repairCount()).toBe(0);
    expect(storedRepairFiles()).toHaveLength(before);
  });

  it("refuses more than six photos", async () => {
    const { tenant } = await residentWithLease();
    const photos = Array.from({ length: 7 }, (_, i) => photo(`p${i}.png`));
    await expectAppError(reportRepair(tenant.member.actor, { category: "other", description: "很多照片。", photos }), "invalid", "housing.errors.repairTooManyPhotos");
    expect(await repairCount()).toBe(0);
  });

  it("gives field errors for a bad category, a too-short description or a bad rating, and writes nothing", async () => {
    const { tenant } = await residentWithLease();
    const staff = await housingStaff();
    const parsed = reportRepairSchema.safeParse({ category: "roof", description: "坏" });
    expect(parsed.success).toBe(false);
    const fields = parsed.success ? {} : parsed.error.flatten().fieldErrors;
    expect(fields).toMatchObject({ category: ["housing.errors.repairCategory"], description: ["housing.errors.repairDescription"] });
    const rating = confirmRepairSchema.safeParse({ rating: "6" });
    expect(rating.success ? null : rating.error.flatten().fieldErrors.rating).toEqual(["housing.errors.repairRating"]);

    const badCategory = await expectAppError(reportRepair(tenant.member.actor, { category: "roof", description: "屋顶漏水了。" }), "invalid", "housing.errors.repairCategory");
    expect(badCategory.params.field).toBe("category");
    await expectAppError(reportRepair(tenant.member.actor, { category: "plumbing", description: "漏" }), "invalid", "housing.errors.repairDescription");
    expect(await repairCount()).toBe(0);

    const repair = await reportRepair(tenant.member.actor, { category: "plumbing", description: "马桶水箱漏水。" });
    await expectAppError(assignRepair(staff.actor, repair.id, tenant.member.user.id), "invalid", "housing.errors.repairAssignee");
    await assignRepair(staff.actor, repair.id, staff.user.id);
    await expectAppError(scheduleRepair(staff.actor, repair.id, "下周二"), "invalid", "housing.errors.repairSchedule");
    await resolveRepair(staff.actor, repair.id, "更换进水阀。");
    await expectAppError(confirmRepair(tenant.member.actor, repair.id, { rating: 6 }), "invalid", "housing.errors.repairRating");
    await expectAppError(confirmRepair(tenant.member.actor, repair.id, { rating: 0 }), "invalid", "housing.errors.repairRating");
    const unchanged = await getRepair(tenant.member.actor, repair.id);
    expect(unchanged).toMatchObject({ status: "resolved", rating: null });
  });

  it("tells someone without an active lease that there is nothing to report for", async () => {
    const tenant = await tenantWithQuota(1);
    await expectAppError(reportRepair(tenant.member.actor, { category: "plumbing", description: "水管漏水了。" }), "conflict", "housing.errors.repairNoActiveLease");
    // Someone else's lease id is not found, not "not yours".
    const { lease } = await residentWithLease();
    await expectAppError(reportRepair(tenant.member.actor, { leaseId: lease.id, category: "plumbing", description: "水管漏水了。" }), "not_found");
    expect(await repairCount()).toBe(0);
  });
});
