// Test helpers for talent apartments: buildings and units, housing staff, a tenant company with a
// quota, residents with valid ID numbers, and applications and leases brought to a given state
// through the module's own functions (so every factory-made record went through the real rules).
import { eq } from "drizzle-orm";
import { housingBuildings, housingQuotas, housingUnits, organisations, type UnitType } from "#db/schema/index";
import { acceptOffer, makeOffer } from "~/modules/housing/offers.server";
import { endorseApplication, submitApplication } from "~/modules/housing/applications.server";
import type { ApplicationInput, ResidentInput } from "~/modules/housing/forms";
import { signLease } from "~/modules/housing/leases.server";
import { LEASE_TERMS_VERSION } from "~/modules/housing/rules";
import type { MemberActor } from "~/modules/identity/access.server";
import { getDb } from "~/modules/platform/db.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";
import { actorFor, addMember, createOrg, createUser, sessionCookie, signedInMember, unique } from "./factories";

/** A park date some days from today. */
export const inDays = (days: number) => addDaysIso(parkDate(), days);

/** A resident ID number with a valid GB 11643 check character (born 1990-03-07 plus `n` days). */
export function validResidentId(n = 0, region = "310104") {
  const birth = addDaysIso("1990-03-07", n % 9000).replace(/-/g, "");
  const first17 = `${region}${birth}${String(100 + (n % 900)).padStart(3, "0")}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The same number with a wrong check character. */
export function wrongCheckResidentId(n = 0) {
  const id = validResidentId(n);
  return id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
}

let residentCounter = 0;
export function residentInput(overrides: Partial<ResidentInput> = {}): ResidentInput {
  residentCounter++;
  return { name: `住户${residentCounter}号`, idNumber: validResidentId(residentCounter), phone: `139${String(10_000_000 + residentCounter).slice(-8)}`, ...overrides };
}

/** The park organisation (one per database), created on first use. */
async function thePark() {
  const db = await getDb();
  const [park] = await db.select().from(organisations).where(eq(organisations.kind, "park"));
  return park ?? createOrg({ kind: "park", slug: "haopu" });
}

/** A member of the park's housing office (or another park role), signed in with the park active. */
export async function housingStaff(role = "housing") {
  const park = await thePark();
  const member = await signedInMember({ orgId: park.id, role });
  return { ...member, actor: await actorFor(member.cookie) };
}

export interface TestMember {
  user: Awaited<ReturnType<typeof createUser>>;
  cookie: string;
  actor: MemberActor;
}

export interface TestTenant {
  org: Awaited<ReturnType<typeof createOrg>>;
  owner: TestMember;
  /** A plain member (role `member`) who applies. */
  member: TestMember;
  /** Another plain member, for "someone else in the same company". */
  colleague: TestMember;
}

async function memberOf(orgId: string, role: string): Promise<TestMember> {
  const user = await createUser();
  await addMember(orgId, user.id, role);
  const cookie = await sessionCookie(user.id, orgId);
  return { user, cookie, actor: await actorFor(cookie) };
}

/** A tenant company whose quota is `places` units or beds, with an owner and two plain members. */
export async function tenantWithQuota(places = 2): Promise<TestTenant> {
  const org = await createOrg();
  const db = await getDb();
  await db.insert(housingQuotas).values({ orgId: org.id, places, note: "test" });
  const owner = await memberOf(org.id, "owner");
  const member = await memberOf(org.id, "member");
  const colleague = await memberOf(org.id, "member");
  return { org, owner, member, colleague };
}

export async function insertBuilding(overrides: Partial<typeof housingBuildings.$inferInsert> = {}) {
  const db = await getDb();
  const code = overrides.code ?? unique("b");
  const [building] = await db
    .insert(housingBuildings)
    .values({ code, nameZh: `人才公寓 ${code}`, nameEn: `Apartments ${code}`, floors: 12, ...overrides })
    .returning();
  return building;
}

export async function insertUnit(buildingId: string, overrides: Partial<typeof housingUnits.$inferInsert> = {}) {
  const db = await getDb();
  const unitType: UnitType = overrides.unitType ?? "studio";
  const [unit] = await db
    .insert(housingUnits)
    .values({
      buildingId,
      code: overrides.code ?? unique("U-"),
      floor: 3,
      unitType,
      beds: unitType === "shared" ? 4 : 1,
      areaM2: unitType === "two_bedroom" ? "72.50" : unitType === "one_bedroom" ? "48.00" : "32.00",
      monthlyRentFen: unitType === "two_bedroom" ? 420_000n : unitType === "one_bedroom" ? 300_000n : unitType === "shared" ? 90_000n : 220_000n,
      depositFen: unitType === "two_bedroom" ? 420_000n : unitType === "one_bedroom" ? 300_000n : unitType === "shared" ? 90_000n : 220_000n,
      ...overrides,
    })
    .returning();
  return unit;
}

/**
 * Two buildings: A with two studios, a one-bedroom, a two-bedroom and a shared room of four beds;
 * B with `shortStay` studios that take services' short stays (codes B-SS-01…, in that order).
 */
export async function seedHousing(options: { shortStay?: number } = {}) {
  const a = await insertBuilding({ code: unique("A"), nameZh: "人才公寓 A 座", nameEn: "Apartments A" });
  const b = await insertBuilding({ code: unique("B"), nameZh: "人才公寓 B 座", nameEn: "Apartments B" });
  const studio = await insertUnit(a.id, { code: unique("A-0301-"), unitType: "studio" });
  const studio2 = await insertUnit(a.id, { code: unique("A-0302-"), unitType: "studio" });
  const oneBedroom = await insertUnit(a.id, { code: unique("A-0501-"), unitType: "one_bedroom", floor: 5 });
  const twoBedroom = await insertUnit(a.id, { code: unique("A-0801-"), unitType: "two_bedroom", floor: 8 });
  const shared = await insertUnit(a.id, { code: unique("A-0201-"), unitType: "shared", floor: 2 });
  const shortStays = await shortStayUnits(options.shortStay ?? 2, b.id);
  return { buildings: { a, b }, units: { studio, studio2, oneBedroom, twoBedroom, shared }, shortStays };
}

/** `n` studios that take services' short stays, in one building (a new one unless given). */
export async function shortStayUnits(n: number, buildingId?: string) {
  const building = buildingId ?? (await insertBuilding()).id;
  const prefix = unique("SS");
  const units = [];
  for (let i = 1; i <= n; i++) units.push(await insertUnit(building, { code: `${prefix}-${String(i).padStart(2, "0")}`, unitType: "studio", shortStay: true }));
  return units;
}

export function applicationInput(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    unitType: "studio",
    moveInOn: inDays(20),
    moveOutOn: inDays(20 + 180),
    payer: "company",
    note: "剧组拍摄期间住宿",
    residents: [residentInput()],
    ...overrides,
  };
}

/** Submitted by the tenant's plain member (or `by`). */
export async function submittedApplication(tenant: TestTenant, overrides: Partial<ApplicationInput> = {}, by: TestMember = tenant.member) {
  return submitApplication(by.actor, applicationInput(overrides));
}

/** Submitted by the member and endorsed by the owner: on the waitlist. */
export async function endorsedApplication(tenant?: TestTenant, overrides: Partial<ApplicationInput> = {}, by?: TestMember) {
  const t = tenant ?? (await tenantWithQuota(2));
  const submitted = await submittedApplication(t, overrides, by ?? t.member);
  const application = await endorseApplication(t.owner.actor, submitted.id);
  return { tenant: t, application };
}

/**
 * A lease on `unit` (a studio of a new building unless given) from an endorsed application,
 * offered by housing staff, accepted by the applicant and — unless `sign: false` — signed by them.
 */
export async function activeLease(
  options: { tenant?: TestTenant; unitId?: string; startsOn?: string; endsOn?: string; sign?: boolean; staff?: MemberActor; overrides?: Partial<ApplicationInput> } = {},
) {
  const startsOn = options.startsOn ?? inDays(20);
  const endsOn = options.endsOn ?? addDaysIso(startsOn, 180);
  const unitId = options.unitId ?? (await insertUnit((await insertBuilding()).id, { unitType: "studio" })).id;
  const { tenant, application } = await endorsedApplication(options.tenant, { moveInOn: startsOn, moveOutOn: endsOn, ...options.overrides });
  const staff = options.staff ?? (await housingStaff()).actor;
  const offer = await makeOffer(staff, { applicationId: application.id, unitId, bedNo: 0, startsOn, endsOn, reason: "排队第一" });
  let lease = await acceptOffer(tenant.member.actor, offer.id);
  if (options.sign !== false) lease = await signLease(tenant.member.actor, lease.id, { termsVersion: LEASE_TERMS_VERSION, ip: "127.0.0.1" });
  return { tenant, application, offer, lease, unitId, staff };
}
