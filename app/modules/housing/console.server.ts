// The housing office's read side: the occupancy map of every building by date, the occupancy rate
// per month, today's counts, open repairs by age, arrears on housing invoices and leases ending
// soon. Reads only; every change goes through the module's own functions (units, offers, leases…).
//
// Occupancy is counted in places: a whole unit is one place, each bed of a shared room is one
// place (a shared room with 4 beds is 4 places). The rate of a month is occupied place-nights
// (leases and short stays, live rows of housing_occupancies) over available place-nights (every
// place, every night of the month, less the nights blocked for maintenance). Integers throughout;
// the rate is in basis points.
import { sql } from "drizzle-orm";
import type { MemberActor } from "~/modules/identity/access.server";
import { addDaysIso, daysFromTo, isIsoDate, monthStart, parkDate } from "~/modules/platform/dates";
import { getDb, queryRows, type DbOrTx } from "~/modules/platform/db.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { depositSummary } from "./deposits.server";
import { getLease } from "./leases.server";
import { rentChargesForLease } from "./rent.server";
import { earliestNoticeEnd } from "./rules";

/**
 * What a place is doing on a day, as the map colours it.
 * @public (exported for its type, PlaceState)
 */
export const placeStates = ["free", "let", "awaiting_signature", "short_stay", "maintenance"] as const;
export type PlaceState = (typeof placeStates)[number];

/** A park date from a query string, or today when it is missing or not a real date. */
export function dateParam(value: string | null | undefined, fallback = parkDate()): string {
  return value && isIsoDate(value) ? value : fallback;
}

interface UnitRow extends Record<string, unknown> {
  id: string;
  code: string;
  floor: number;
  unit_type: string;
  beds: number;
  status: string;
  short_stay: boolean;
  monthly_rent_fen: string;
  building_id: string;
  building_code: string;
  building_name_zh: string;
  building_name_en: string;
}

interface OccupancyRow extends Record<string, unknown> {
  unit_id: string;
  bed_no: number;
  kind: string;
  starts_on: string;
  ends_on: string;
  lease_id: string | null;
  lease_status: string | null;
  lease_number: string | null;
}

function stateOf(row: OccupancyRow): PlaceState {
  if (row.kind === "maintenance") return "maintenance";
  if (row.kind === "short_stay") return "short_stay";
  return row.lease_status === "awaiting_signature" ? "awaiting_signature" : "let";
}

/**
 * Every building → floor → unit (→ bed), and each place's state on each of `days` days from
 * `date`. A unit staff have set to `maintenance` is in maintenance every day; a whole-room row
 * (bed 0) on a shared room covers all its beds.
 */
export async function occupancyMap(db: DbOrTx, options: { date: string; days: number }) {
  const days = Math.max(1, Math.min(62, Math.trunc(options.days)));
  const dates = Array.from({ length: days }, (_, i) => addDaysIso(options.date, i));
  const until = addDaysIso(options.date, days);
  const units = await queryRows<UnitRow>(
    db,
    sql`select u.id, u.code, u.floor, u.unit_type, u.beds, u.status, u.short_stay, u.monthly_rent_fen::text as monthly_rent_fen,
               b.id as building_id, b.code as building_code, b.name_zh as building_name_zh, b.name_en as building_name_en
        from housing_units u join housing_buildings b on b.id = u.building_id
        order by b.sort_order, b.code, u.floor desc, u.code`,
  );
  const occupancies = await queryRows<OccupancyRow>(
    db,
    sql`select o.unit_id, o.bed_no, o.kind, lower(o.during)::text as starts_on, upper(o.during)::text as ends_on,
               o.lease_id, l.status as lease_status, l.number as lease_number
        from housing_occupancies o left join housing_leases l on l.id = o.lease_id
        where o.status in ('held', 'active') and o.during && daterange(${options.date}::date, ${until}::date, '[)')`,
  );
  const byUnit = new Map<string, OccupancyRow[]>();
  for (const row of occupancies) byUnit.set(row.unit_id, [...(byUnit.get(row.unit_id) ?? []), row]);

  const counts: Record<PlaceState, number> = { free: 0, let: 0, awaiting_signature: 0, short_stay: 0, maintenance: 0 };
  type UnitView = {
    id: string;
    code: string;
    unitType: string;
    beds: number;
    shortStay: boolean;
    /** One entry per place: bed 0 for a whole unit, 1..beds for a shared room. */
    places: { bedNo: number; states: PlaceState[]; leaseNumbers: (string | null)[] }[];
  };
  const buildings: {
    id: string;
    code: string;
    nameZh: string;
    nameEn: string;
    floors: { floor: number; units: UnitView[] }[];
  }[] = [];
  for (const unit of units) {
    let building = buildings.find((b) => b.id === unit.building_id);
    if (!building) {
      building = { id: unit.building_id, code: unit.building_code, nameZh: unit.building_name_zh, nameEn: unit.building_name_en, floors: [] };
      buildings.push(building);
    }
    let floor = building.floors.find((f) => f.floor === Number(unit.floor));
    if (!floor) {
      floor = { floor: Number(unit.floor), units: [] };
      building.floors.push(floor);
    }
    const rows = byUnit.get(unit.id) ?? [];
    const shared = unit.unit_type === "shared";
    const bedNos = shared ? Array.from({ length: Number(unit.beds) }, (_, i) => i + 1) : [0];
    const places = bedNos.map((bedNo) => {
      const states: PlaceState[] = [];
      const leaseNumbers: (string | null)[] = [];
      for (const day of dates) {
        const hit = rows.find((r) => (r.bed_no === bedNo || Number(r.bed_no) === 0) && r.starts_on <= day && day < r.ends_on);
        const state: PlaceState = unit.status === "maintenance" ? "maintenance" : hit ? stateOf(hit) : "free";
        states.push(state);
        leaseNumbers.push(hit?.lease_number ?? null);
      }
      counts[states[0]] += 1;
      return { bedNo, states, leaseNumbers };
    });
    floor.units.push({ id: unit.id, code: unit.code, unitType: unit.unit_type, beds: Number(unit.beds), shortStay: unit.short_stay, places });
  }
  return { date: options.date, dates, buildings, counts, places: units.reduce((n, u) => n + (u.unit_type === "shared" ? Number(u.beds) : 1), 0) };
}

/**
 * Occupied place-nights over available place-nights for each of the last `months` months
 * (the current month included, up to its end), oldest first.
 */
async function occupancyRateByMonth(db: DbOrTx, options: { months: number; today?: string }) {
  const months = Math.max(1, Math.min(24, Math.trunc(options.months)));
  const today = options.today ?? parkDate();
  const first = monthStart(today, -(months - 1));
  const end = monthStart(today, 1);
  const rows = await queryRows<{ month: string; nights: string; occupied: string; blocked: string }>(
    db,
    sql`with months as (
          select m::date as month, (m + interval '1 month')::date as next
          from generate_series(${first}::date, (${end}::date - interval '1 month'), interval '1 month') m
        ),
        places as (
          select id, case when unit_type = 'shared' then beds else 1 end as places, beds, unit_type from housing_units
        ),
        live as (
          select o.unit_id, o.bed_no, o.kind, o.during, p.places, p.unit_type
          from housing_occupancies o join places p on p.id = o.unit_id
          where o.status in ('held', 'active')
        )
        select ms.month::text as month,
               ((ms.next - ms.month) * coalesce((select sum(places) from places), 0))::text as nights,
               coalesce((select sum((upper(l.during * daterange(ms.month, ms.next, '[)')) - lower(l.during * daterange(ms.month, ms.next, '[)')))
                                    * case when l.unit_type = 'shared' and l.bed_no = 0 then l.places else 1 end)
                         from live l where l.kind in ('lease', 'short_stay') and l.during && daterange(ms.month, ms.next, '[)')), 0)::text as occupied,
               coalesce((select sum((upper(l.during * daterange(ms.month, ms.next, '[)')) - lower(l.during * daterange(ms.month, ms.next, '[)')))
                                    * case when l.unit_type = 'shared' and l.bed_no = 0 then l.places else 1 end)
                         from live l where l.kind = 'maintenance' and l.during && daterange(ms.month, ms.next, '[)')), 0)::text as blocked
        from months ms order by ms.month`,
  );
  return rows.map((r) => {
    const available = BigInt(r.nights) - BigInt(r.blocked);
    const occupied = BigInt(r.occupied);
    return {
      month: r.month.slice(0, 7),
      occupiedPlaceNights: Number(occupied),
      availablePlaceNights: Number(available),
      rateBp: available > 0n ? Number((occupied * 10_000n) / available) : 0,
    };
  });
}

/** Open repairs (reported, assigned or scheduled) by how long they have been open. */
async function openRepairsByAge(db: DbOrTx, now: Date) {
  const [row] = await queryRows<Record<string, string>>(
    db,
    sql`select count(*) filter (where created_at > ${now.toISOString()}::timestamptz - interval '1 day')::text as under1,
               count(*) filter (where created_at <= ${now.toISOString()}::timestamptz - interval '1 day' and created_at > ${now.toISOString()}::timestamptz - interval '3 days')::text as under3,
               count(*) filter (where created_at <= ${now.toISOString()}::timestamptz - interval '3 days' and created_at > ${now.toISOString()}::timestamptz - interval '7 days')::text as under7,
               count(*) filter (where created_at <= ${now.toISOString()}::timestamptz - interval '7 days')::text as over7
        from housing_repairs where status in ('reported', 'assigned', 'scheduled')`,
  );
  return { under1: Number(row.under1), under3: Number(row.under3), under7: Number(row.under7), over7: Number(row.over7) };
}

/** The console's front page: today's counts, the rate for six months, repairs, arrears, leases ending. */
export async function housingOverview(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const db = await getDb();
  const today = parkDate(now);
  const [map, rates, repairs, arrearsList, ending] = await Promise.all([
    occupancyMap(db, { date: today, days: 1 }),
    occupancyRateByMonth(db, { months: 6, today }),
    openRepairsByAge(db, now),
    arrears(actor, now),
    leasesEndingSoon(actor, 30, now),
  ]);
  const [queues] = await queryRows<Record<string, string>>(
    db,
    sql`select (select count(*) from housing_applications where status = 'endorsed')::text as waitlist,
               (select count(*) from housing_applications where status = 'submitted')::text as awaiting_company,
               (select count(*) from housing_offers where status = 'open')::text as open_offers,
               (select count(*) from housing_leases where status = 'awaiting_signature')::text as awaiting_signature`,
  );
  return {
    today,
    places: map.places,
    counts: map.counts,
    rates,
    repairs,
    arrearsFen: arrearsList.reduce((sum, c) => sum + BigInt(c.outstandingFen), 0n).toString(),
    arrearsCompanies: arrearsList.length,
    endingSoon: ending.length,
    waitlist: Number(queues.waitlist),
    awaitingCompany: Number(queues.awaiting_company),
    openOffers: Number(queues.open_offers),
    awaitingSignature: Number(queues.awaiting_signature),
  };
}

/** Overdue housing invoices (rent and deposits, still open past their due date), by company. */
export async function arrears(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const db = await getDb();
  const today = parkDate(now);
  const rows = await queryRows<{
    id: string;
    number: string | null;
    kind: string;
    due_on: string;
    outstanding: string;
    org_id: string;
    name_zh: string;
    name_en: string;
  }>(
    db,
    sql`select i.id, i.number, i.kind, i.due_on::text as due_on, (i.total_fen - i.paid_fen)::text as outstanding,
               o.id as org_id, o.name_zh, o.name_en
        from invoices i join organisations o on o.id = i.org_id
        where i.kind in ('housing_rent', 'housing_deposit') and i.status = 'open' and i.due_on < ${today}::date
        order by o.name_zh, i.due_on`,
  );
  const companies: {
    orgId: string;
    nameZh: string;
    nameEn: string;
    outstandingFen: string;
    oldestDueOn: string;
    daysOverdue: number;
    invoices: { id: string; number: string | null; kind: string; dueOn: string; outstandingFen: string }[];
  }[] = [];
  for (const r of rows) {
    let company = companies.find((c) => c.orgId === r.org_id);
    if (!company) {
      company = { orgId: r.org_id, nameZh: r.name_zh, nameEn: r.name_en, outstandingFen: "0", oldestDueOn: r.due_on, daysOverdue: 0, invoices: [] };
      companies.push(company);
    }
    company.outstandingFen = (BigInt(company.outstandingFen) + BigInt(r.outstanding)).toString();
    if (r.due_on < company.oldestDueOn) company.oldestDueOn = r.due_on;
    company.invoices.push({ id: r.id, number: r.number, kind: r.kind, dueOn: r.due_on, outstandingFen: r.outstanding });
  }
  for (const c of companies) c.daysOverdue = daysFromTo(c.oldestDueOn, today);
  return companies.sort((a, b) => (BigInt(b.outstandingFen) > BigInt(a.outstandingFen) ? 1 : BigInt(b.outstandingFen) < BigInt(a.outstandingFen) ? -1 : 0));
}

/** Active leases whose last night is within `days` days, soonest first. */
async function leasesEndingSoon(actor: MemberActor, days: number, now = new Date()) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const db = await getDb();
  const today = parkDate(now);
  const until = addDaysIso(today, Math.max(0, Math.trunc(days)) + 1);
  const rows = await queryRows<{
    id: string;
    number: string;
    ends_on: string;
    starts_on: string;
    notice_given_at: string | null;
    unit_code: string;
    bed_no: number;
    name_zh: string;
    name_en: string;
    resident_name: string;
  }>(
    db,
    sql`select l.id, l.number, l.starts_on::text as starts_on, l.ends_on::text as ends_on, l.notice_given_at::text as notice_given_at,
               u.code as unit_code, l.bed_no, o.name_zh, o.name_en, us.display_name as resident_name
        from housing_leases l
        join housing_units u on u.id = l.unit_id
        join organisations o on o.id = l.org_id
        join users us on us.id = l.resident_user_id
        where l.status = 'active' and l.ends_on > ${today}::date and l.ends_on <= ${until}::date
        order by l.ends_on, l.number`,
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    noticeGiven: r.notice_given_at !== null,
    unitCode: r.unit_code,
    bedNo: Number(r.bed_no),
    orgNameZh: r.name_zh,
    orgNameEn: r.name_en,
    residentName: r.resident_name,
  }));
}

/**
 * Units (or beds) of a type that are free for every night of [startsOn, endsOn) — what staff may
 * offer an application. The offer itself still takes the range atomically.
 */
export async function freePlacesFor(db: DbOrTx, options: { unitType: string; startsOn: string; endsOn: string }) {
  const rows = await queryRows<{ id: string; code: string; bed_no: number; building_name_zh: string; building_name_en: string; monthly_rent_fen: string; deposit_fen: string }>(
    db,
    sql`select u.id, u.code, beds.bed_no, b.name_zh as building_name_zh, b.name_en as building_name_en,
               u.monthly_rent_fen::text as monthly_rent_fen, u.deposit_fen::text as deposit_fen
        from housing_units u
        join housing_buildings b on b.id = u.building_id
        cross join lateral (select case when u.unit_type = 'shared' then g else 0 end as bed_no
                            from generate_series(1, case when u.unit_type = 'shared' then u.beds else 1 end) g) beds
        where u.unit_type = ${options.unitType} and u.status <> 'maintenance'
          and not exists (
            select 1 from housing_occupancies o
            where o.unit_id = u.id and o.status in ('held', 'active') and (o.bed_no = beds.bed_no or o.bed_no = 0)
              and o.during && daterange(${options.startsOn}::date, ${options.endsOn}::date, '[)'))
          and not exists (
            select 1 from housing_offers f
            where f.unit_id = u.id and f.status = 'open' and f.bed_no = beds.bed_no
              and daterange(f.starts_on, f.ends_on, '[)') && daterange(${options.startsOn}::date, ${options.endsOn}::date, '[)'))
        order by b.sort_order, u.code, beds.bed_no`,
  );
  return rows.map((r) => ({
    unitId: r.id,
    code: r.code,
    bedNo: Number(r.bed_no),
    buildingNameZh: r.building_name_zh,
    buildingNameEn: r.building_name_en,
    monthlyRentFen: r.monthly_rent_fen,
    depositFen: r.deposit_fen,
  }));
}

/** Unit codes and buildings by id, for pages that list offers or leases of several units. */
export async function offerUnits(db: DbOrTx, unitIds: string[]) {
  const ids = [...new Set(unitIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const map = new Map<string, { code: string; unitType: string; buildingNameZh: string; buildingNameEn: string }>();
  if (ids.length === 0) return map;
  const rows = await queryRows<{ id: string; code: string; unit_type: string; name_zh: string; name_en: string }>(
    db,
    sql`select u.id, u.code, u.unit_type, b.name_zh, b.name_en from housing_units u join housing_buildings b on b.id = u.building_id
        where u.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  for (const r of rows) map.set(r.id, { code: r.code, unitType: r.unit_type, buildingNameZh: r.name_zh, buildingNameEn: r.name_en });
  return map;
}

/** What the lease panel shows, for the resident's or the company admin's eyes. */
export async function leasePanel(member: MemberActor, leaseId: string) {
  const view = await getLease(member, leaseId);
  const [charges, deposit] = await Promise.all([rentChargesForLease(member, leaseId), depositSummary(member, leaseId)]);
  const { lease } = view;
  return {
    lease: {
      id: lease.id,
      number: lease.number,
      status: lease.status,
      startsOn: lease.startsOn,
      endsOn: lease.endsOn,
      bedNo: lease.bedNo,
      payer: lease.payer,
      monthlyRentFen: lease.monthlyRentFen,
      depositFen: lease.depositFen,
      termsVersion: lease.termsVersion,
      signedAt: lease.signedAt,
      noticeGivenAt: lease.noticeGivenAt,
      checkedInAt: lease.checkedInAt,
      unitCode: view.unitCode,
      unitType: view.unitType,
      buildingNameZh: view.buildingNameZh,
      buildingNameEn: view.buildingNameEn,
      residentName: view.residentName,
    },
    charges,
    deposit: {
      invoiceId: deposit.invoiceId,
      invoiceNumber: deposit.invoiceNumber,
      invoiceStatus: deposit.invoiceStatus,
      depositFen: deposit.depositFen,
      refundPendingFen: deposit.refundPendingFen,
      refundSentFen: deposit.refundSentFen,
    },
    termsVersionCurrent: view.termsVersionCurrent,
    isResident: lease.residentUserId === member.user.id,
    canOpenInvoices: hasPermission(member, "billing:read", { kind: "tenant" }),
    earliestNoticeEnd: earliestNoticeEnd(parkDate()),
  };
}

/** Offers for the housing office, open ones first (soonest deadline first), then the latest 200 decided. */
export async function listOffers(actor: MemberActor) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const db = await getDb();
  const rows = await queryRows<{
    id: string;
    application_id: string;
    status: string;
    bed_no: number;
    starts_on: string;
    ends_on: string;
    monthly_rent_fen: string;
    expires_at: string;
    reason: string;
    created_at: string;
    decided_at: string | null;
    unit_code: string;
    unit_type: string;
    name_zh: string;
    name_en: string;
    applicant_name: string;
  }>(
    db,
    sql`(select f.id, f.application_id, f.status, f.bed_no, f.starts_on::text as starts_on, f.ends_on::text as ends_on,
                f.monthly_rent_fen::text as monthly_rent_fen, f.expires_at::text as expires_at, f.reason, f.created_at::text as created_at,
                f.decided_at::text as decided_at, u.code as unit_code, u.unit_type, o.name_zh, o.name_en, us.display_name as applicant_name
         from housing_offers f
         join housing_units u on u.id = f.unit_id
         join housing_applications a on a.id = f.application_id
         join organisations o on o.id = a.org_id
         join users us on us.id = a.applicant_user_id
         where f.status = 'open' order by f.expires_at)
        union all
        (select f.id, f.application_id, f.status, f.bed_no, f.starts_on::text, f.ends_on::text,
                f.monthly_rent_fen::text, f.expires_at::text, f.reason, f.created_at::text,
                f.decided_at::text, u.code, u.unit_type, o.name_zh, o.name_en, us.display_name
         from housing_offers f
         join housing_units u on u.id = f.unit_id
         join housing_applications a on a.id = f.application_id
         join organisations o on o.id = a.org_id
         join users us on us.id = a.applicant_user_id
         where f.status <> 'open' order by coalesce(f.decided_at, f.created_at) desc limit 200)`,
  );
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.application_id,
    status: r.status,
    bedNo: Number(r.bed_no),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    monthlyRentFen: r.monthly_rent_fen,
    expiresAt: new Date(r.expires_at).toISOString(),
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    unitCode: r.unit_code,
    unitType: r.unit_type,
    orgNameZh: r.name_zh,
    orgNameEn: r.name_en,
    applicantName: r.applicant_name,
  }));
}
