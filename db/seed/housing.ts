// Demo talent apartments (人才公寓): two buildings of twenty units each (studios, one- and
// two-bedrooms, shared rooms by the bed, short-stay rooms for services' visiting crews, two under
// maintenance), about half let to the demo tenants' people on leases that began in past months
// (some company-paid, some paid by the resident, two ending within the month), each company's quota,
// a waitlist, applications waiting for their company, an open offer, repairs in every state, meter
// readings, and last and this month's rent — some paid, one overdue.
//
// Leases that began months ago cannot go through today's application flow (move-in must be today or
// later), so they, their accepted applications (residents encrypted) and check-in handovers are
// written directly; deposits, rent, payments, the waitlist, the offer and repairs go through the
// housing and billing modules, so what they leave is what real use would leave.
import { and, count, eq, inArray } from "drizzle-orm";
import {
  housingApplications,
  housingBuildings,
  housingHandovers,
  housingLeases,
  housingMeterReadings,
  housingOccupancies,
  housingRepairs,
  housingUnits,
  invoices,
  organisations,
  users,
  type UnitType,
} from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { submitApplication, endorseApplication, setPriority } from "~/modules/housing/applications.server";
import { issueDepositInvoice } from "~/modules/housing/deposits.server";
import { makeOffer } from "~/modules/housing/offers.server";
import { monthOf, previousMonthStart } from "~/modules/housing/proration";
import { setQuotaInTx } from "~/modules/housing/quotas.server";
import { billRentForMonth } from "~/modules/housing/rent.server";
import { assignRepair, cancelRepair, confirmRepair, reportRepair, resolveRepair, scheduleRepair } from "~/modules/housing/repairs.server";
import { insertResidents } from "~/modules/housing/residents.server";
import { LEASE_TERMS_VERSION } from "~/modules/housing/rules";
import { activeMembership, type MemberActor } from "~/modules/identity/access.server";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { residentIdCheckCharacter } from "~/modules/platform/resident-id";

interface UnitSeed {
  code: string;
  building: "HP-T1" | "HP-T2";
  floor: number;
  unitType: UnitType;
  beds?: number;
  areaM2: string;
  monthlyRentFen: bigint;
  depositFen: bigint;
  shortStay?: boolean;
  maintenance?: boolean;
  furnishing?: "furnished" | "basic" | "unfurnished";
}

const TYPES: Record<UnitType, { areaM2: string; rentFen: bigint; zh: string; en: string }> = {
  studio: { areaM2: "32.00", rentFen: 220_000n, zh: "朝南开间，独立卫浴与小厨房，拎包入住。", en: "South-facing studio with its own bathroom and kitchenette, fully furnished." },
  one_bedroom: { areaM2: "48.00", rentFen: 300_000n, zh: "一室一厅，卧室可放双人床，客厅带工作桌。", en: "One bedroom and a living room with a desk." },
  two_bedroom: { areaM2: "72.50", rentFen: 420_000n, zh: "两室一厅，适合主创或一家人。", en: "Two bedrooms and a living room, for a lead creative or a family." },
  shared: { areaM2: "40.00", rentFen: 90_000n, zh: "四人合住间，按床位出租，上床下桌，公共卫浴。", en: "Shared room of four, let by the bed: loft beds with desks, shared bathroom." },
};

function unitSeeds(): UnitSeed[] {
  const seeds: UnitSeed[] = [];
  const add = (building: UnitSeed["building"], floor: number, n: number, unitType: UnitType, extra: Partial<UnitSeed> = {}) => {
    const prefix = building === "HP-T1" ? "1" : "2";
    for (let i = 1; i <= n; i++) {
      const t = TYPES[unitType];
      seeds.push({
        code: `${prefix}-${floor}${String(i).padStart(2, "0")}`,
        building,
        floor,
        unitType,
        beds: unitType === "shared" ? 4 : 1,
        areaM2: t.areaM2,
        monthlyRentFen: t.rentFen,
        depositFen: t.rentFen,
        ...extra,
      });
    }
  };
  // 1 号楼: long stays. Shared rooms on 2F, studios on 3–4F, one-bedrooms on 5F, two-bedrooms on 6F.
  add("HP-T1", 2, 4, "shared", { furnishing: "basic" });
  add("HP-T1", 3, 4, "studio");
  add("HP-T1", 4, 4, "studio");
  add("HP-T1", 5, 4, "one_bedroom");
  add("HP-T1", 6, 4, "two_bedroom");
  // 2 号楼: 2–4F are the short-stay rooms services lets to visiting crews by the night.
  add("HP-T2", 2, 4, "studio", { shortStay: true, monthlyRentFen: 240_000n, depositFen: 240_000n });
  add("HP-T2", 3, 4, "studio", { shortStay: true, monthlyRentFen: 240_000n, depositFen: 240_000n });
  add("HP-T2", 4, 4, "studio", { shortStay: true, monthlyRentFen: 240_000n, depositFen: 240_000n });
  add("HP-T2", 5, 4, "studio");
  add("HP-T2", 6, 4, "one_bedroom", { monthlyRentFen: 320_000n, depositFen: 320_000n });
  for (const code of ["1-304", "2-604"]) seeds.find((s) => s.code === code)!.maintenance = true;
  return seeds;
}

interface LeaseSeed {
  slug: string;
  local: string;
  unit: string;
  bedNo?: number;
  payer: "company" | "resident";
  /** Months ago the lease began (on the given day of that month). */
  monthsAgo: number;
  day: number;
  /** Days from today the lease ends (exclusive); the default is a year from its start. */
  endsInDays?: number;
  /** Deposit not paid yet. */
  depositUnpaid?: boolean;
}

const leaseSeeds: LeaseSeed[] = [
  { slug: "qingyan", local: "artist", unit: "1-301", payer: "company", monthsAgo: 5, day: 1 },
  { slug: "qingyan", local: "producer", unit: "1-501", payer: "company", monthsAgo: 3, day: 15 },
  { slug: "pujiang", local: "director", unit: "1-302", payer: "company", monthsAgo: 2, day: 17 },
  { slug: "pujiang", local: "owner", unit: "1-601", payer: "company", monthsAgo: 8, day: 1 },
  { slug: "jifeng", local: "stunt", unit: "1-303", payer: "resident", monthsAgo: 4, day: 9 },
  { slug: "jifeng", local: "owner", unit: "1-502", payer: "company", monthsAgo: 6, day: 1, endsInDays: 12 },
  { slug: "qiwu", local: "writer", unit: "1-401", payer: "resident", monthsAgo: 3, day: 1 },
  { slug: "xingyuan", local: "engineer", unit: "1-402", payer: "company", monthsAgo: 1, day: 20, depositUnpaid: true },
  { slug: "xingyuan", local: "cto", unit: "1-602", payer: "company", monthsAgo: 7, day: 1 },
  { slug: "moyan", local: "pm", unit: "1-403", payer: "resident", monthsAgo: 5, day: 12, endsInDays: 25 },
  { slug: "jingjie", local: "tech", unit: "2-501", payer: "company", monthsAgo: 2, day: 1 },
  { slug: "shiguang", local: "colorist", unit: "2-502", payer: "company", monthsAgo: 4, day: 1 },
  { slug: "yunzhen", local: "artist", unit: "2-503", payer: "resident", monthsAgo: 3, day: 5 },
  { slug: "yijing", local: "designer", unit: "1-503", payer: "company", monthsAgo: 2, day: 1 },
  { slug: "haipai", local: "actor", unit: "2-601", payer: "company", monthsAgo: 6, day: 1 },
  { slug: "huanghelu", local: "ad", unit: "2-602", payer: "company", monthsAgo: 4, day: 1 },
  { slug: "huanghelu", local: "pm", unit: "1-201", bedNo: 1, payer: "company", monthsAgo: 3, day: 1 },
  { slug: "yijing", local: "owner", unit: "1-201", bedNo: 2, payer: "resident", monthsAgo: 2, day: 10 },
  { slug: "yunzhen", local: "owner", unit: "1-202", bedNo: 1, payer: "company", monthsAgo: 1, day: 1 },
];

const QUOTAS: Record<string, number> = {
  qingyan: 5, pujiang: 4, jifeng: 3, qiwu: 3, xingyuan: 4, moyan: 3, jingjie: 4, shiguang: 4, yunzhen: 3, yijing: 3, haipai: 4, huanghelu: 4,
};

/** A demo resident ID number with a valid GB 11643 check character (Shanghai, born in the 1990s). */
function demoResidentId(n: number) {
  const birth = addDaysIso("1990-01-01", (n * 397) % 3650).replace(/-/g, "");
  const first17 = `310${String(101 + (n % 15)).padStart(3, "0")}${birth}${String(100 + n).slice(-3)}`;
  return first17 + residentIdCheckCharacter(first17);
}
const demoPhone = (n: number) => `139${String(16_000_000 + n * 7_919).slice(-8)}`;

/** The first day of the month `monthsAgo` months back, plus `day - 1` days. */
function startOf(monthsAgo: number, day: number) {
  let month = monthOf(parkDate());
  for (let i = 0; i < monthsAgo; i++) month = previousMonthStart(month);
  return addDaysIso(month, day - 1);
}

async function actorOf(email: string, orgSlug: string): Promise<MemberActor> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, orgSlug));
  const member = await activeMembership({
    user: { id: user.id, email: user.email, displayName: user.displayName, emailVerifiedAt: user.emailVerifiedAt, locale: "zh-CN" },
    session: { id: "seed", activeOrgId: org.id, expiresAt: new Date(Date.now() + 60_000), absoluteExpiresAt: new Date(Date.now() + 60_000) },
  });
  if (!member) throw new Error(`${email} is not a member of ${orgSlug}`);
  return member;
}

async function payInvoice(tx: Tx, invoiceId: string, ref: string, financeUserId: string | null, receivedAt?: Date) {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice || invoice.status !== "open") return;
  await applyPayment(tx, { invoiceId, method: "bank_transfer", externalRef: ref, amountFen: invoice.totalFen - invoice.paidFen, recordedBy: financeUserId, receivedAt });
}

/** Buildings, units, quotas and the leases that began in past months, in one transaction. */
async function seedInventoryAndLeases(ids: { orgs: Map<string, string>; users: Map<string, string>; staffId: string; financeId: string | null }) {
  const db = await getDb();
  const today = parkDate();
  await db.transaction(async (tx) => {
    const buildings = await tx
      .insert(housingBuildings)
      .values([
        { code: "HP-T1", nameZh: "昊浦人才公寓 1 号楼", nameEn: "Haopu Talent Apartments, Building 1", addressZh: "上海市松江区车墩镇昊浦路 88 号 1 号楼", addressEn: "Building 1, 88 Haopu Road, Chedun, Songjiang, Shanghai", floors: 6, sortOrder: 1 },
        { code: "HP-T2", nameZh: "昊浦人才公寓 2 号楼", nameEn: "Haopu Talent Apartments, Building 2", addressZh: "上海市松江区车墩镇昊浦路 88 号 2 号楼", addressEn: "Building 2, 88 Haopu Road, Chedun, Songjiang, Shanghai", floors: 6, sortOrder: 2 },
      ])
      .returning();
    const buildingId = new Map(buildings.map((b) => [b.code, b.id]));
    const units = await tx
      .insert(housingUnits)
      .values(
        unitSeeds().map((u) => ({
          buildingId: buildingId.get(u.building)!,
          code: u.code,
          floor: u.floor,
          unitType: u.unitType,
          beds: u.beds ?? 1,
          areaM2: u.areaM2,
          furnishing: u.furnishing ?? "furnished",
          descriptionZh: TYPES[u.unitType].zh + (u.shortStay ? "可供来访剧组短住。" : ""),
          descriptionEn: TYPES[u.unitType].en + (u.shortStay ? " Takes visiting crews for short stays." : ""),
          monthlyRentFen: u.monthlyRentFen,
          depositFen: u.depositFen,
          shortStay: u.shortStay ?? false,
          status: u.maintenance ? "maintenance" : "available",
        })),
      )
      .returning();
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    for (const u of units.filter((unit) => unit.status === "maintenance")) {
      await tx.insert(housingOccupancies).values({
        unitId: u.id,
        during: `[${addDaysIso(today, -3)},${addDaysIso(today, 11)})`,
        kind: "maintenance",
        status: "active",
        note: u.code === "1-304" ? "卫生间防水层重做" : "更换空调外机",
      });
    }
    for (const [slug, places] of Object.entries(QUOTAS)) await setQuotaInTx(tx, ids.orgs.get(slug)!, places, ids.staffId, "入驻协议约定的公寓配额");

    let n = 0;
    for (const seed of leaseSeeds) {
      n++;
      const orgId = ids.orgs.get(seed.slug)!;
      const residentId = ids.users.get(`${seed.local}@${seed.slug}.test`)!;
      const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.email, `owner@${seed.slug}.test`));
      const unit = unitByCode.get(seed.unit)!;
      const startsOn = startOf(seed.monthsAgo, seed.day);
      const endsOn = seed.endsInDays !== undefined ? addDaysIso(today, seed.endsInDays) : addDaysIso(startsOn, 365);
      const startedAt = parkMidnight(startsOn);
      const signedAt = new Date(startedAt.getTime() - 3 * 86_400_000);
      const [resident] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, residentId));
      const [application] = await tx
        .insert(housingApplications)
        .values({
          orgId,
          applicantUserId: residentId,
          unitType: unit.unitType as UnitType,
          moveInOn: startsOn,
          moveOutOn: endsOn,
          payer: seed.payer,
          note: "剧组拍摄期间就近居住",
          status: "accepted",
          endorsedBy: owner.id,
          endorsedAt: new Date(startedAt.getTime() - 12 * 86_400_000),
          decidedBy: ids.staffId,
          createdAt: new Date(startedAt.getTime() - 14 * 86_400_000),
          updatedAt: signedAt,
        })
        .returning();
      await insertResidents(tx, application.id, [{ name: resident.name, idNumber: demoResidentId(n), phone: demoPhone(n), userId: residentId }]);
      const [lease] = await tx
        .insert(housingLeases)
        .values({
          applicationId: application.id,
          unitId: unit.id,
          bedNo: seed.bedNo ?? 0,
          orgId,
          residentUserId: residentId,
          payer: seed.payer,
          startsOn,
          endsOn,
          monthlyRentFen: unit.monthlyRentFen,
          depositFen: unit.depositFen,
          status: "active",
          termsVersion: LEASE_TERMS_VERSION,
          signedAt,
          signedBy: residentId,
          signedIp: "10.8.0.23",
          checkedInAt: new Date(startedAt.getTime() + 10 * 3_600_000),
          createdAt: signedAt,
          updatedAt: signedAt,
        })
        .returning();
      await tx.insert(housingOccupancies).values({
        unitId: unit.id,
        bedNo: seed.bedNo ?? 0,
        during: `[${startsOn},${endsOn})`,
        kind: "lease",
        leaseId: lease.id,
        orgId,
        status: "active",
      });
      if (!seed.bedNo) await tx.update(housingUnits).set({ status: "let" }).where(eq(housingUnits.id, unit.id));
      // Meters: read at check-in and on the 1st of each month since.
      const base = 1000 + n * 137;
      const [checkInReading] = await tx
        .insert(housingMeterReadings)
        .values({ unitId: unit.id, leaseId: lease.id, readOn: startsOn, electricityKwh: `${base}.00`, waterM3: `${100 + n}.00`, kind: "check_in", recordedBy: ids.staffId })
        .returning();
      await tx.insert(housingHandovers).values({ leaseId: lease.id, kind: "check_in", keys: 2, accessCards: seed.bedNo ? 1 : 2, readingId: checkInReading.id, recordedBy: ids.staffId, recordedAt: lease.checkedInAt! });
      if (!seed.bedNo) {
        let month = monthOf(startsOn);
        let step = 0;
        while (month < monthOf(today)) {
          month = addDaysIso(month, 40).slice(0, 8) + "01";
          step++;
          await tx.insert(housingMeterReadings).values({
            unitId: unit.id,
            leaseId: lease.id,
            readOn: month,
            electricityKwh: `${base + step * (95 + (n % 5) * 31)}.${String((n * 13) % 100).padStart(2, "0")}`,
            waterM3: `${100 + n + step * 3}.${String((n * 7) % 100).padStart(2, "0")}`,
            kind: "monthly",
            recordedBy: ids.staffId,
          });
        }
      }
      const depositInvoiceId = await issueDepositInvoice(tx, lease.id, residentId);
      if (depositInvoiceId) {
        await tx.update(invoices).set({ issuedAt: signedAt, createdAt: signedAt }).where(eq(invoices.id, depositInvoiceId));
        if (!seed.depositUnpaid) await payInvoice(tx, depositInvoiceId, `SEED-HOUSING-DEPOSIT-${lease.number}`, ids.financeId, new Date(signedAt.getTime() + 86_400_000));
      }
    }
  });
}

/** Last month's and this month's rent through the rent run; most of last month's paid, one left overdue. */
async function seedRent(financeId: string | null) {
  const db = await getDb();
  const thisMonth = monthOf(parkDate());
  const lastMonth = previousMonthStart(thisMonth);
  // Every month a seeded lease ran within the company page's six months was billed in its month
  // and paid within the week, so 住房费用 counts every month; last month's and this month's are as
  // below. (Older months are left out: the demo's install time stays short.)
  const earliest = Math.min(5, Math.max(...leaseSeeds.map((l) => l.monthsAgo)));
  const older: string[] = [];
  for (let month = previousMonthStart(lastMonth), i = 2; i <= earliest; i++, month = previousMonthStart(month)) older.unshift(month);
  for (const month of older) {
    await billRentForMonth(month, { now: parkMidnight(month) });
    const billed = await db.select().from(invoices).where(and(eq(invoices.kind, "housing_rent"), eq(invoices.status, "open")));
    await db.transaction(async (tx) => {
      for (const invoice of billed.filter((i) => i.sourceRef?.endsWith(`:${month}`))) {
        await payInvoice(tx, invoice.id, `SEED-HOUSING-RENT-${invoice.number}`, financeId, parkMidnight(addDaysIso(month, 6)));
      }
    });
  }
  await billRentForMonth(lastMonth, { now: parkMidnight(lastMonth) });
  // Billed today: due on the 10th, or a week from now when that has passed.
  await billRentForMonth(thisMonth);
  const rent = await db.select().from(invoices).where(and(eq(invoices.kind, "housing_rent"), eq(invoices.status, "open")));
  const lastMonthRent = rent.filter((i) => i.sourceRef?.endsWith(`:${lastMonth}`)).sort((a, b) => (a.number ?? "").localeCompare(b.number ?? ""));
  // One company lets last month's rent slip: the overdue one.
  const overdue = lastMonthRent.find((i) => i.note.includes("HL-") && !i.note.includes("自付")) ?? lastMonthRent[0];
  await db.transaction(async (tx) => {
    for (const invoice of lastMonthRent) {
      if (invoice.id === overdue?.id) continue;
      await payInvoice(tx, invoice.id, `SEED-HOUSING-RENT-${invoice.number}`, financeId, parkMidnight(addDaysIso(lastMonth, 6)));
    }
    // This month: the early payers have paid already.
    const thisMonthRent = rent.filter((i) => i.sourceRef?.endsWith(`:${thisMonth}`));
    for (const invoice of thisMonthRent.slice(0, Math.ceil(thisMonthRent.length / 3))) {
      await payInvoice(tx, invoice.id, `SEED-HOUSING-RENT-${invoice.number}`, financeId);
    }
  });
}

/** The waitlist, applications waiting for their company, and an open offer — through the housing module. */
async function seedApplications(staff: MemberActor) {
  const today = parkDate();
  const resident = (n: number, name: string) => ({ name, idNumber: demoResidentId(100 + n), phone: demoPhone(100 + n) });
  const apply = async (slug: string, local: string, input: { unitType: UnitType; inDays: number; stayDays: number; payer?: "company" | "resident"; note: string; name: string; n: number }) => {
    const applicant = await actorOf(`${local}@${slug}.test`, slug);
    return submitApplication(applicant, {
      unitType: input.unitType,
      moveInOn: addDaysIso(today, input.inDays),
      moveOutOn: addDaysIso(today, input.inDays + input.stayDays),
      payer: input.payer ?? "company",
      note: input.note,
      residents: [resident(input.n, input.name)],
    });
  };
  // Nobody confirms their own application: an owner's is confirmed by another admin of the company,
  // or by the housing office where the owner is the company's only one.
  const endorse = async (slug: string, applicationId: string, by?: string) => endorseApplication(by ? await actorOf(`${by}@${slug}.test`, slug) : staff, applicationId);

  // On the waitlist, in the park's order: key crew shooting now first.
  const jingjie = await apply("jingjie", "owner", { unitType: "studio", inDays: 10, stayDays: 120, note: "LED 虚拟拍摄项目驻场，三个月", name: "叶镜", n: 1 });
  await endorse("jingjie", jingjie.id);
  await setPriority(staff, jingjie.id, 10, "正在园区拍摄的主创人员，优先安排");
  const qingyan = await apply("qingyan", "owner", { unitType: "one_bedroom", inDays: 14, stayDays: 180, note: "联合拍摄期间的导演住处", name: "林青焰", n: 2 });
  await endorse("qingyan", qingyan.id, "producer");
  const shiguang = await apply("shiguang", "owner", { unitType: "studio", inDays: 21, stayDays: 90, payer: "resident", note: "后期赶工期间住园区", name: "方拾光", n: 3 });
  await endorse("shiguang", shiguang.id);
  const haipai = await apply("haipai", "owner", { unitType: "shared", inDays: 7, stayDays: 60, note: "年代戏拍摄期间的演员床位", name: "蒋海", n: 4 });
  await endorse("haipai", haipai.id);
  await setPriority(staff, haipai.id, 5, "剧组下周开机");

  // Waiting for their company's owner or admin.
  await apply("qiwu", "writer", { unitType: "studio", inDays: 30, stayDays: 180, payer: "resident", note: "新剧本开发期，想住近一些", name: "陆小满", n: 5 });
  await apply("xingyuan", "engineer", { unitType: "one_bedroom", inDays: 18, stayDays: 365, note: "家属随行，希望换一室户", name: "黄一鸣", n: 6 });

  // An open offer to the head of the waitlist: a free studio in building 1.
  const db = await getDb();
  const [unit] = await db.select().from(housingUnits).where(eq(housingUnits.code, "1-404"));
  const [application] = await db.select().from(housingApplications).where(eq(housingApplications.id, jingjie.id));
  await makeOffer(staff, { applicationId: application.id, unitId: unit.id, bedNo: 0, startsOn: application.moveInOn, endsOn: application.moveOutOn, reason: "排队第一，优先级最高" });
}

/** Repairs in every state, through the repairs module; their clocks moved back to look lived in. */
async function seedRepairs(staff: MemberActor) {
  const db = await getDb();
  const resident = (slug: string, local: string) => actorOf(`${local}@${slug}.test`, slug);
  const backdate = (id: string, hours: number) =>
    db.update(housingRepairs).set({ createdAt: new Date(Date.now() - hours * 3_600_000) }).where(eq(housingRepairs.id, id));
  const tomorrowTen = `${addDaysIso(parkDate(), 1)}T10:00`;

  const reported = await reportRepair(await resident("qingyan", "artist"), { category: "plumbing", description: "卫生间洗手台下水很慢，偶尔反味。" });
  await backdate(reported.id, 30);

  const assigned = await reportRepair(await resident("pujiang", "director"), { category: "network", description: "房间 Wi-Fi 晚上经常断线，剪片子时很影响。" });
  await assignRepair(staff, assigned.id, staff.user.id);
  await backdate(assigned.id, 52);

  const scheduled = await reportRepair(await resident("jifeng", "stunt"), { category: "appliance", description: "空调制热不足，出风是凉的。" });
  await assignRepair(staff, scheduled.id, staff.user.id);
  await scheduleRepair(staff, scheduled.id, tomorrowTen);
  await backdate(scheduled.id, 75);

  const resolved = await reportRepair(await resident("qiwu", "writer"), { category: "furniture", description: "书桌抽屉滑轨坏了，拉不出来。" });
  await assignRepair(staff, resolved.id, staff.user.id);
  await resolveRepair(staff, resolved.id, "已更换抽屉滑轨。");
  await backdate(resolved.id, 96);

  const confirmed = await reportRepair(await resident("xingyuan", "cto"), { category: "doors_locks", description: "智能门锁电量低，按键失灵。" });
  await assignRepair(staff, confirmed.id, staff.user.id);
  await scheduleRepair(staff, confirmed.id, `${addDaysIso(parkDate(), -5)}T15:00`);
  await resolveRepair(staff, confirmed.id, "更换电池并重新录入指纹。");
  await confirmRepair(await resident("xingyuan", "cto"), confirmed.id, { rating: 5, comment: "周师傅来得很快，谢谢！" });
  await backdate(confirmed.id, 24 * 8);

  const cancelled = await reportRepair(await resident("haipai", "actor"), { category: "electrical", description: "客厅一个插座没电。" });
  await cancelRepair(await resident("haipai", "actor"), cancelled.id, "是空气开关跳了，已自行恢复");
  await backdate(cancelled.id, 24 * 3);
}

/**
 * The demo apartments, on a first install, after the park and its people exist (and before services
 * places its short stays, which need the short-stay rooms). Does nothing when they are already there.
 */
export async function seedHousing() {
  const db = await getDb();
  const [already] = await db.select({ n: count() }).from(housingBuildings).where(inArray(housingBuildings.code, ["HP-T1", "HP-T2"]));
  if (Number(already.n) > 0) return;
  const orgRows = await db.select({ id: organisations.id, slug: organisations.slug }).from(organisations);
  const userRows = await db.select({ id: users.id, email: users.email }).from(users);
  const ids = { orgs: new Map(orgRows.map((o) => [o.slug, o.id])), users: new Map(userRows.map((u) => [u.email, u.id])) };
  const staffId = ids.users.get("housing@haopu.test")!;
  const financeId = ids.users.get("finance@haopu.test") ?? null;
  await seedInventoryAndLeases({ ...ids, staffId, financeId });
  await seedRent(financeId);
  const staff = await actorOf("housing@haopu.test", "haopu");
  await seedApplications(staff);
  await seedRepairs(staff);
}
