// The talent-apartment pages through their loaders and actions: each page opens for its audience
// and not for others (another company's member gets 404 for an application, lease, repair or its
// residents; tenants cannot open the housing console); resident ID numbers never appear unmasked in
// what a company or member page sends to the browser; bad input is a 400 with field errors that
// read as sentences in Chinese and English, and writes nothing; and the whole flow — apply, endorse,
// offer, accept, sign, bill rent, report and confirm a repair — works through the pages.
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, housingApplications, housingLeases, housingOffers, housingRepairs, housingResidents, invoices } from "#db/schema/index";
import { translator } from "~/i18n/i18n.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { loader as apartmentsLoader } from "~/routes/apartments._index";
import { loader as homeLoader } from "~/routes/housing._index";
import { action as applicationAction, loader as applicationLoader } from "~/routes/housing.applications.$id";
import { action as applyAction, loader as applyLoader } from "~/routes/housing.apply";
import { action as companyAction, loader as companyLoader } from "~/routes/housing.company";
import { loader as consoleLayoutLoader } from "~/routes/housing.console";
import { action as overviewAction, loader as overviewLoader } from "~/routes/housing.console._index";
import { loader as arrearsLoader } from "~/routes/housing.console.arrears";
import { action as consoleLeaseAction, loader as consoleLeaseLoader } from "~/routes/housing.console.leases.$id";
import { loader as consoleLeasesLoader } from "~/routes/housing.console.leases._index";
import { loader as mapLoader } from "~/routes/housing.console.map";
import { loader as offersLoader } from "~/routes/housing.console.offers";
import { action as quotasAction, loader as quotasLoader } from "~/routes/housing.console.quotas";
import { action as consoleRepairAction, loader as consoleRepairLoader } from "~/routes/housing.console.repairs.$id";
import { loader as consoleRepairsLoader } from "~/routes/housing.console.repairs._index";
import { action as unitAction, loader as unitLoader } from "~/routes/housing.console.units.$id";
import { loader as unitsLoader } from "~/routes/housing.console.units._index";
import { action as waitlistAction, loader as waitlistLoader } from "~/routes/housing.console.waitlist";
import { action as leaseAction, loader as leaseLoader } from "~/routes/housing.leases.$id";
import { action as repairAction, loader as repairLoader } from "~/routes/housing.repairs.$id";
import { loader as repairPhotoLoader } from "~/routes/housing.repairs.$id.photos.$index";
import { action as reportAction } from "~/routes/housing.uploads.repair";
import { call, getRequest, postRequest, signedInMember } from "../support/factories";
import { activeLease, housingStaff, residentInput, seedHousing, submittedApplication, tenantWithQuota, wrongCheckResidentId, type TestTenant } from "../support/housing";
import { photo } from "../support/housing-money";

/** What a loader sends to the browser, as text (bigints as digits). */
const serialized = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

async function rows(table: typeof housingApplications | typeof housingResidents | typeof housingOffers | typeof housingLeases | typeof housingRepairs) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row.n);
}

function multipartRequest(path: string, fields: Record<string, string>, files: File[], cookie: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("photos", f);
  return new Request(`http://localhost${path}`, { method: "POST", body, headers: { Origin: "http://localhost", Cookie: cookie } });
}

/** The application form as a browser posts it. */
function applicationFields(overrides: Record<string, string> = {}, resident = residentInput()) {
  return {
    unitType: "studio",
    moveInOn: addDaysIso(parkDate(), 20),
    moveOutOn: addDaysIso(parkDate(), 200),
    payer: "company",
    note: "剧组拍摄期间住宿",
    "residents[0].name": resident.name,
    "residents[0].idNumber": resident.idNumber,
    "residents[0].phone": resident.phone,
    ...overrides,
  };
}

const consoleLoaders = [
  ["layout", consoleLayoutLoader, "/housing/console"],
  ["overview", overviewLoader, "/housing/console"],
  ["map", mapLoader, "/housing/console/map"],
  ["waitlist", waitlistLoader, "/housing/console/waitlist"],
  ["offers", offersLoader, "/housing/console/offers"],
  ["leases", consoleLeasesLoader, "/housing/console/leases"],
  ["arrears", arrearsLoader, "/housing/console/arrears"],
  ["repairs", consoleRepairsLoader, "/housing/console/repairs"],
  ["units", unitsLoader, "/housing/console/units"],
  ["quotas", quotasLoader, "/housing/console/quotas"],
] as const;

describe("who may open which page", () => {
  it("tenant pages open for tenant members, the company page for owners and admins only", async () => {
    await seedHousing();
    const tenant = await tenantWithQuota(2);
    const apartments = await call(apartmentsLoader, getRequest("/apartments", tenant.member.cookie));
    expect(apartments.status).toBe(200);
    expect(apartments.data.types.map((t: { unitType: string }) => t.unitType)).toEqual(["studio", "one_bedroom", "two_bedroom", "shared"]);
    expect((await call(homeLoader, getRequest("/housing", tenant.member.cookie))).status).toBe(200);
    const apply = await call(applyLoader, getRequest("/housing/apply", tenant.member.cookie));
    expect(apply.status).toBe(200);
    expect(apply.data.quota).toEqual({ places: 2, used: 0, pending: 0 });
    expect((await call(companyLoader, getRequest("/housing/company", tenant.owner.cookie))).status).toBe(200);
    expect((await call(companyLoader, getRequest("/housing/company", tenant.member.cookie))).status).toBe(403);
    // Not signed in: to the login page.
    const anonymous = await call(homeLoader, getRequest("/housing"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login");
  });

  it.each(consoleLoaders)("the console's %s page is for the housing office only", async (_name, loader, path) => {
    const tenant = await tenantWithQuota(1);
    const staff = await housingStaff();
    const services = await housingStaff("services");
    expect((await call(loader, getRequest(path, staff.cookie))).status).toBe(200);
    // A tenant's owner has no park membership active: the console does not exist for them.
    expect((await call(loader, getRequest(path, tenant.owner.cookie))).status).toBe(404);
    expect((await call(loader, getRequest(path, services.cookie))).status).toBe(403);
  });
});

describe("another company learns nothing", () => {
  it("its members get 404 for an application, a lease, its residents and a repair, and cannot act on them", async () => {
    await seedHousing();
    const { tenant, application, lease } = await activeLease();
    const outsider = await tenantWithQuota(1);
    const staff = await housingStaff();
    const report = await call(
      reportAction,
      multipartRequest("/housing/uploads/repair", { category: "plumbing", description: "洗手池下水很慢，已经两天了" }, [photo("sink.png")], tenant.member.cookie),
    );
    expect(report.status).toBe(302);
    const db = await getDb();
    const [repair] = await db.select().from(housingRepairs);

    for (const cookie of [outsider.owner.cookie, outsider.member.cookie]) {
      expect((await call(applicationLoader, getRequest(`/housing/applications/${application.id}`, cookie), { id: application.id })).status).toBe(404);
      expect((await call(leaseLoader, getRequest(`/housing/leases/${lease.id}`, cookie), { id: lease.id })).status).toBe(404);
      expect((await call(repairLoader, getRequest(`/housing/repairs/${repair.id}`, cookie), { id: repair.id })).status).toBe(404);
      expect((await call(repairPhotoLoader, getRequest(`/housing/repairs/${repair.id}/photos/0`, cookie), { id: repair.id, index: "0" })).status).toBe(404);
      const withdraw = await call(applicationAction, postRequest(`/housing/applications/${application.id}`, { intent: "withdraw" }, cookie), { id: application.id });
      expect(withdraw.status).toBe(404);
      const notice = await call(leaseAction, postRequest(`/housing/leases/${lease.id}`, { intent: "notice", endsOn: addDaysIso(lease.endsOn, -1) }, cookie), { id: lease.id });
      expect(notice.status).toBe(404);
    }
    // The company page of the outsider lists none of it.
    const theirs = await call(companyLoader, getRequest("/housing/company", outsider.owner.cookie));
    expect(serialized(theirs.data)).not.toContain(application.id);
    expect(serialized(theirs.data)).not.toContain(lease.id);
    // A tenant cannot reveal a resident through the console's action.
    const residentId = (await db.select().from(housingResidents).where(eq(housingResidents.applicationId, application.id)))[0].id;
    const reveal = await call(consoleLeaseAction, postRequest(`/housing/console/leases/${lease.id}`, { intent: "reveal", residentId }, tenant.owner.cookie), { id: lease.id });
    expect(reveal.status).toBe(404);
    // Nothing changed.
    const [after] = await db.select().from(housingLeases).where(eq(housingLeases.id, lease.id));
    expect(after.noticeGivenAt).toBeNull();
    expect((await db.select().from(housingApplications).where(eq(housingApplications.id, application.id)))[0].status).toBe("accepted");
    // The repair photo is there for the reporter and for staff.
    const own = await call(repairPhotoLoader, getRequest(`/housing/repairs/${repair.id}/photos/0`, tenant.member.cookie), { id: repair.id, index: "0" });
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("image/png");
    expect((await call(repairPhotoLoader, getRequest(`/housing/repairs/${repair.id}/photos/0`, staff.cookie), { id: repair.id, index: "0" })).status).toBe(200);
  });
});

describe("resident ID numbers stay masked outside the housing office", () => {
  it("company and member pages carry only the masked number; staff reveal it on purpose, audited", async () => {
    await seedHousing();
    const tenant = await tenantWithQuota(3);
    const staff = await housingStaff();
    const resident = residentInput();
    const second = residentInput();
    const submitted = await submittedApplication(tenant, { unitType: "one_bedroom", residents: [resident, second] });
    const pending = await submittedApplication(tenant, { residents: [residentInput()] }, tenant.colleague);
    const { lease, application } = await activeLease({ tenant, overrides: { residents: [resident] } });
    const full = [resident.idNumber, second.idNumber];
    const masked = `${resident.idNumber.slice(0, 4)}${"*".repeat(10)}${resident.idNumber.slice(-4)}`;

    const pages = [
      await call(companyLoader, getRequest("/housing/company", tenant.owner.cookie)),
      await call(applicationLoader, getRequest(`/housing/applications/${submitted.id}`, tenant.owner.cookie), { id: submitted.id }),
      await call(applicationLoader, getRequest(`/housing/applications/${submitted.id}`, tenant.member.cookie), { id: submitted.id }),
      await call(applicationLoader, getRequest(`/housing/applications/${application.id}`, tenant.owner.cookie), { id: application.id }),
      await call(leaseLoader, getRequest(`/housing/leases/${lease.id}`, tenant.owner.cookie), { id: lease.id }),
      await call(homeLoader, getRequest("/housing", tenant.member.cookie)),
      await call(apartmentsLoader, getRequest("/apartments", tenant.member.cookie)),
      await call(consoleLeaseLoader, getRequest(`/housing/console/leases/${lease.id}`, staff.cookie), { id: lease.id }),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      const text = serialized(page.data);
      for (const id of full) expect(text).not.toContain(id);
      expect(text).not.toContain(resident.phone);
      expect(text).not.toContain(resident.name);
    }
    // The company admin sees whom to endorse, masked.
    const company = serialized(pages[0].data);
    expect(company).toContain(masked);
    expect(company).toContain(pending.id);

    // Housing staff reveal one resident: the full number, and an audit entry naming who looked.
    const db = await getDb();
    const [row] = await db.select().from(housingResidents).where(eq(housingResidents.applicationId, application.id));
    const revealed = await call(consoleLeaseAction, postRequest(`/housing/console/leases/${lease.id}`, { intent: "reveal", residentId: row.id }, staff.cookie), { id: lease.id });
    expect(revealed.status).toBe(200);
    expect(revealed.data.done.revealed.idNumber).toBe(resident.idNumber);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "housing.resident_viewed"), eq(auditEvents.subjectId, row.id), eq(auditEvents.actorUserId, staff.user.id)));
    expect(audits).toHaveLength(1);
    expect(serialized(audits[0])).not.toContain(resident.idNumber);
  });
});

describe("bad input is refused with field errors in both languages and writes nothing", () => {
  it("the application form", async () => {
    await seedHousing();
    const tenant = await tenantWithQuota(2);
    const bad = await call(
      applyAction,
      postRequest(
        "/housing/apply",
        applicationFields({ unitType: "penthouse", moveOutOn: addDaysIso(parkDate(), 10), "residents[0].idNumber": wrongCheckResidentId(7), "residents[0].phone": "12" }),
        tenant.member.cookie,
      ),
    );
    expect(bad.status).toBe(400);
    const errors = bad.data.result.error as Record<string, string[]>;
    expect(errors.unitType).toEqual(["housing.errors.unknownUnitType"]);
    expect(errors["residents[0].idNumber"]).toEqual(["housing.errors.residentId"]);
    expect(errors["residents[0].phone"]).toEqual(["errors.phone"]);
    // The dates are checked against each other once every field has its form.
    const dates = await call(applyAction, postRequest("/housing/apply", applicationFields({ moveOutOn: addDaysIso(parkDate(), 10) }), tenant.member.cookie));
    expect(dates.status).toBe(400);
    expect(dates.data.result.error.moveOutOn).toEqual(["housing.errors.moveOutBeforeMoveIn"]);
    errors.moveOutOn = dates.data.result.error.moveOutOn;
    const [zh, en] = await Promise.all([translator("zh-CN"), translator("en")]);
    for (const key of Object.values(errors).flat()) {
      const chinese = zh(key) as string;
      const english = en(key) as string;
      expect(chinese).not.toBe(key);
      expect(english).not.toBe(key);
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      expect(english).toMatch(/^[\x20-\x7e\u2013\u2014\u2019\u201c\u201d]+$/);
    }
    expect(await rows(housingApplications)).toBe(0);
    expect(await rows(housingResidents)).toBe(0);

    const good = await call(applyAction, postRequest("/housing/apply", applicationFields(), tenant.member.cookie));
    expect(good.status).toBe(302);
    expect(good.location).toMatch(/^\/housing\/applications\/[0-9a-f-]{36}\?submitted=1$/);
    expect(await rows(housingApplications)).toBe(1);
  });

  it("console forms: an offer without a reason, a quota below zero, a unit without a rent, bad meter readings", async () => {
    const { units } = await seedHousing();
    const tenant = await tenantWithQuota(1);
    const staff = await housingStaff();
    const submitted = await submittedApplication(tenant);
    expect((await call(companyAction, postRequest("/housing/company", { intent: "endorse", applicationId: submitted.id }, tenant.owner.cookie))).status).toBe(302);

    const offer = await call(
      waitlistAction,
      postRequest("/housing/console/waitlist", { intent: "offer", applicationId: submitted.id, place: `${units.studio.id}:0`, startsOn: submitted.moveInOn, endsOn: submitted.moveOutOn, reason: "" }, staff.cookie),
    );
    expect(offer.status).toBe(400);
    expect(offer.data.result.error.reason).toEqual(["errors.required"]);
    expect(await rows(housingOffers)).toBe(0);

    const quota = await call(quotasAction, postRequest("/housing/console/quotas", { orgId: tenant.org.id, places: "-1", note: "" }, staff.cookie));
    expect(quota.status).toBe(400);
    expect(Object.keys(quota.data.result.error).sort()).toEqual(["note", "places"]);
    expect((await call(quotasLoader, getRequest("/housing/console/quotas", staff.cookie))).data.quotas.find((q: { orgId: string }) => q.orgId === tenant.org.id).places).toBe(1);

    const unit = await call(
      unitAction,
      postRequest("/housing/console/units/new", { intent: "save", buildingId: units.studio.buildingId, code: "x", floor: "3", unitType: "studio", beds: "1", areaM2: "30", furnishing: "furnished", monthlyRent: "abc", deposit: "1000" }, staff.cookie),
      { id: "new" },
    );
    expect(unit.status).toBe(400);
    expect(unit.data.result.error.monthlyRent).toEqual(["errors.amountFormat"]);
    const code = await call(
      unitAction,
      postRequest("/housing/console/units/new", { intent: "save", buildingId: units.studio.buildingId, code: "x", floor: "3", unitType: "studio", beds: "1", areaM2: "30", furnishing: "furnished", monthlyRent: "2200", deposit: "1000" }, staff.cookie),
      { id: "new" },
    );
    expect(code.status).toBe(400);
    expect(code.data.result.error.code).toEqual(["housing.errors.unitCode"]);

    const { lease } = await activeLease({ tenant: await tenantWithQuota(1), staff: staff.actor });
    const checkIn = await call(
      consoleLeaseAction,
      postRequest(`/housing/console/leases/${lease.id}`, { intent: "checkIn", keys: "two", accessCards: "1", electricityKwh: "-5", waterM3: "3.5" }, staff.cookie),
      { id: lease.id },
    );
    expect(checkIn.status).toBe(400);
    expect(Object.keys(checkIn.data.result.error).sort()).toEqual(["electricityKwh", "keys"]);
    expect((await getDb().then((db) => db.select().from(housingLeases).where(eq(housingLeases.id, lease.id))))[0].checkedInAt).toBeNull();
  });
});

/** Submit → endorse → offer → accept through the pages; returns the lease id. */
async function throughThePages(tenant: TestTenant, unitId: string, staffCookie: string) {
  const applied = await call(applyAction, postRequest("/housing/apply", applicationFields(), tenant.member.cookie));
  const applicationId = /applications\/([0-9a-f-]{36})/.exec(applied.location ?? "")![1];
  expect((await call(companyAction, postRequest("/housing/company", { intent: "endorse", applicationId }, tenant.owner.cookie))).status).toBe(302);
  const waitlist = await call(waitlistLoader, getRequest("/housing/console/waitlist", staffCookie));
  const row = waitlist.data.waitlist.find((w: { application: { id: string } }) => w.application.id === applicationId);
  expect(row.free.map((p: { unitId: string }) => p.unitId)).toContain(unitId);
  const [application] = await (await getDb()).select().from(housingApplications).where(eq(housingApplications.id, applicationId));
  const offered = await call(
    waitlistAction,
    postRequest("/housing/console/waitlist", { intent: "offer", applicationId, place: `${unitId}:0`, startsOn: application.moveInOn, endsOn: application.moveOutOn, reason: "排队第一" }, staffCookie),
  );
  expect(offered.status).toBe(302);
  const home = await call(homeLoader, getRequest("/housing", tenant.member.cookie));
  expect(home.data.offers).toHaveLength(1);
  const accepted = await call(applicationAction, postRequest(`/housing/applications/${applicationId}`, { intent: "accept", offerId: home.data.offers[0].id }, tenant.member.cookie), {
    id: applicationId,
  });
  expect(accepted.status).toBe(302);
  expect(accepted.location).toBe("/housing?done=accepted");
  const [lease] = await (await getDb()).select().from(housingLeases).where(eq(housingLeases.applicationId, applicationId));
  return lease.id;
}

describe("the flow through the pages", () => {
  it("apply, endorse, offer, accept, sign (not without ticking the terms); the map and the counts follow", async () => {
    const { units } = await seedHousing();
    const tenant = await tenantWithQuota(2);
    const staff = await housingStaff();
    const leaseId = await throughThePages(tenant, units.studio.id, staff.cookie);

    let home = await call(homeLoader, getRequest("/housing", tenant.member.cookie));
    expect(home.data.panel.lease.status).toBe("awaiting_signature");
    expect(home.data.panel.isResident).toBe(true);
    // The lease starts in 20 days: the map shows it awaiting signature on that day.
    const startsOn = home.data.panel.lease.startsOn as string;
    let map = await call(mapLoader, getRequest(`/housing/console/map?date=${startsOn}`, staff.cookie));
    const unitState = () =>
      map.data.buildings.flatMap((b: any) => b.floors.flatMap((f: any) => f.units)).find((u: { id: string }) => u.id === units.studio.id).places[0].states[0];
    expect(unitState()).toBe("awaiting_signature");

    const unticked = await call(leaseAction, postRequest(`/housing/leases/${leaseId}`, { intent: "sign", termsVersion: home.data.panel.termsVersionCurrent, back: "/housing" }, tenant.member.cookie), {
      id: leaseId,
    });
    expect(unticked.status).toBe(400);
    expect(unticked.data.result.error.agree).toEqual(["housing.errors.mustAgreeTerms"]);
    expect((await (await getDb()).select().from(housingLeases).where(eq(housingLeases.id, leaseId)))[0].status).toBe("awaiting_signature");

    const signed = await call(
      leaseAction,
      postRequest(`/housing/leases/${leaseId}`, { intent: "sign", agree: "yes", termsVersion: home.data.panel.termsVersionCurrent, back: "/housing" }, tenant.member.cookie),
      { id: leaseId },
    );
    expect(signed.status).toBe(302);
    expect(signed.location).toBe("/housing?done=signed");
    home = await call(homeLoader, getRequest("/housing", tenant.member.cookie));
    expect(home.data.panel.lease.status).toBe("active");
    expect(home.data.panel.lease.signedAt).not.toBeNull();
    expect(home.data.panel.deposit.invoiceId).not.toBeNull();
    // A plain member may not open invoices; the page knows not to link them.
    expect(home.data.panel.canOpenInvoices).toBe(false);

    map = await call(mapLoader, getRequest(`/housing/console/map?date=${startsOn}`, staff.cookie));
    expect(unitState()).toBe("let");
    const company = await call(companyLoader, getRequest("/housing/company", tenant.owner.cookie));
    expect(company.data.quota).toEqual({ places: 2, used: 1, pending: 0 });
    expect(company.data.leases.map((l: { id: string }) => l.id)).toEqual([leaseId]);
    const overview = await call(overviewLoader, getRequest("/housing/console", staff.cookie));
    expect(overview.data.awaitingSignature).toBe(0);
    expect(overview.data.rates).toHaveLength(6);
  });

  it("the rent button bills this month once, however often it is pressed; overdue rent shows under arrears", async () => {
    const { units } = await seedHousing();
    const staff = await housingStaff();
    const tenant = await tenantWithQuota(1);
    const db = await getDb();
    // A lease that began last month, written as signed (the application flow cannot start in the past).
    const { leaseFor } = await import("../support/housing-money");
    const lease = await leaseFor({ orgId: tenant.org.id, residentUserId: tenant.member.user.id, unitId: units.studio.id, startsOn: addDaysIso(parkDate(), -40), endsOn: addDaysIso(parkDate(), 200) });
    const first = await call(overviewAction, postRequest("/housing/console", { intent: "billRent" }, staff.cookie));
    expect(first.status).toBe(200);
    expect(first.data.done.billed).toBe(1);
    const again = await call(overviewAction, postRequest("/housing/console", { intent: "billRent" }, staff.cookie));
    expect(again.data.done.billed).toBe(0);
    const rent = await db.select().from(invoices).where(eq(invoices.orgId, tenant.org.id));
    expect(rent.filter((i) => i.kind === "housing_rent")).toHaveLength(1);
    // Tenants cannot press it.
    expect((await call(overviewAction, postRequest("/housing/console", { intent: "billRent" }, tenant.owner.cookie))).status).toBe(404);

    // The lease page shows the charge; once past due it is in arrears.
    const page = await call(leaseLoader, getRequest(`/housing/leases/${lease.id}`, tenant.member.cookie), { id: lease.id });
    expect(page.data.panel.charges).toHaveLength(1);
    await db.update(invoices).set({ dueOn: addDaysIso(parkDate(), -3) }).where(eq(invoices.id, rent.find((i) => i.kind === "housing_rent")!.id));
    const arrears = await call(arrearsLoader, getRequest("/housing/console/arrears", staff.cookie));
    expect(arrears.data.companies).toHaveLength(1);
    expect(arrears.data.companies[0]).toMatchObject({ orgId: tenant.org.id, daysOverdue: 3 });
    expect(arrears.data.companies[0].outstandingFen).toBe(String(rent.find((i) => i.kind === "housing_rent")!.totalFen));
    const overview = await call(overviewLoader, getRequest("/housing/console", staff.cookie));
    expect(overview.data.arrearsFen).toBe(arrears.data.companies[0].outstandingFen);
  });

  it("a repair goes from report to confirmed; a bad report and a bad rating change nothing", async () => {
    await seedHousing();
    const { tenant } = await activeLease({ startsOn: parkDate() });
    const staff = await housingStaff();
    const bad = await call(reportAction, multipartRequest("/housing/uploads/repair", { category: "", description: "坏" }, [], tenant.member.cookie));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.result.error).sort()).toEqual(["category", "description"]);
    expect(await rows(housingRepairs)).toBe(0);

    const reported = await call(reportAction, multipartRequest("/housing/uploads/repair", { category: "electrical", description: "卧室顶灯不亮，换了灯泡也不行" }, [photo("lamp.png")], tenant.member.cookie));
    expect(reported.status).toBe(302);
    const home = await call(homeLoader, getRequest("/housing", tenant.member.cookie));
    expect(home.data.repairs).toHaveLength(1);
    const repairId = home.data.repairs[0].id as string;
    expect(home.data.repairs[0].status).toBe("reported");

    const queue = await call(consoleRepairsLoader, getRequest("/housing/console/repairs", staff.cookie));
    expect(queue.data.repairs.map((r: { id: string }) => r.id)).toEqual([repairId]);
    const steps: Record<string, string>[] = [
      { intent: "assign", assigneeUserId: staff.user.id },
      { intent: "schedule", scheduledFor: `${addDaysIso(parkDate(), 1)}T10:00` },
      { intent: "resolve", note: "更换了镇流器" },
    ];
    for (const step of steps) {
      const answer = await call(consoleRepairAction, postRequest(`/housing/console/repairs/${repairId}`, step, staff.cookie), { id: repairId });
      expect(answer.status, step.intent).toBe(302);
    }
    expect((await call(consoleRepairLoader, getRequest(`/housing/console/repairs/${repairId}`, staff.cookie), { id: repairId })).data.repair.status).toBe("resolved");

    const badRating = await call(repairAction, postRequest(`/housing/repairs/${repairId}`, { intent: "confirm", rating: "9" }, tenant.member.cookie), { id: repairId });
    expect(badRating.status).toBe(400);
    expect(badRating.data.result.error.rating).toEqual(["housing.errors.repairRating"]);
    const confirmed = await call(repairAction, postRequest(`/housing/repairs/${repairId}`, { intent: "confirm", rating: "5", comment: "师傅很专业" }, tenant.member.cookie), { id: repairId });
    expect(confirmed.status).toBe(302);
    const page = await call(repairLoader, getRequest(`/housing/repairs/${repairId}`, tenant.member.cookie), { id: repairId });
    expect(page.data.repair).toMatchObject({ status: "confirmed", rating: 5 });
    // A colleague in the same company does not see it either.
    expect((await call(repairLoader, getRequest(`/housing/repairs/${repairId}`, tenant.colleague.cookie), { id: repairId })).status).toBe(404);
  });

  it("a unit is created from the console and shows on /apartments without anyone's name", async () => {
    const { buildings } = await seedHousing();
    const staff = await housingStaff();
    const member = await signedInMember({ role: "member" });
    const created = await call(
      unitAction,
      postRequest(
        "/housing/console/units/new",
        { intent: "save", buildingId: buildings.a.id, code: "A-1201", floor: "12", unitType: "two_bedroom", beds: "1", areaM2: "80.5", furnishing: "furnished", monthlyRent: "5,200.00", deposit: "5200", status: "available" },
        staff.cookie,
      ),
      { id: "new" },
    );
    expect(created.status).toBe(302);
    const unitId = /units\/([0-9a-f-]{36})/.exec(created.location ?? "")![1];
    const edit = await call(unitLoader, getRequest(`/housing/console/units/${unitId}`, staff.cookie), { id: unitId });
    expect(edit.data.unit).toMatchObject({ code: "A-1201", monthlyRent: "5200.00", areaM2: "80.50" });
    const apartments = await call(apartmentsLoader, getRequest("/apartments", member.cookie));
    const twoBedroom = apartments.data.types.find((t: { unitType: string }) => t.unitType === "two_bedroom");
    expect(String(twoBedroom.rentFen.max)).toBe("520000");
    expect(twoBedroom.freeNow).toBe(2);
  });
});
