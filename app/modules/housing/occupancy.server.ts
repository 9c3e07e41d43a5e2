// Who occupies which unit (or bed) on which days: leases, services' short stays and maintenance
// blocks share one table whose exclusion constraint refuses any overlap, whichever module asked.
// Services holds nights for visiting crews through the functions here, never a table of its own.
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { housingOccupancies, housingUnits } from "#db/schema/housing";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { addDaysIso } from "~/modules/platform/dates";
import { getDb, pgErrorCode, queryRows, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { maintenanceSchema, parseInput, type MaintenanceInput } from "./forms";
import { isHousingStaff } from "./rules";

/** `[from, to)` as a PostgreSQL daterange. */
export const dayRange = (from: string, to: string) => sql`daterange(${from}::date, ${to}::date, '[)')`;

const LIVE = ["held", "active"] as const;

/** Live occupancy of a unit overlapping `[from, to)` — the rows the exclusion constraint compares. */
const overlapsLive = (from: string, to: string) =>
  and(inArray(housingOccupancies.status, [...LIVE]), sql`${housingOccupancies.during} && ${dayRange(from, to)}`);

/**
 * Runs one insert or update of occupancy in a savepoint: true when it took, false when the
 * exclusion constraint found the days taken (the caller's transaction stays usable either way).
 *
 * Callers lock the unit first (`lockUnit`), so writers of one unit's days take turns. Should two
 * writers still meet inside the exclusion check and wait for each other, PostgreSQL fails one
 * with a deadlock (40P01); it rolls back to its savepoint, removing its row, and tries again.
 */
export async function tryOccupy(tx: Tx, write: (sp: Tx) => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await tx.transaction(async (sp) => {
        await write(sp);
      });
      return true;
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === "23P01") return false;
      if (code === "40P01" && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Takes a unit's row lock for the rest of the transaction: everyone about to write a unit's days
 * (a lease, a short stay, a maintenance block, a renewal) takes it first, so they take turns and
 * the exclusion constraint only ever compares against committed rows. `no key update` leaves the
 * key-share locks of foreign-key checks alone.
 */
export async function lockUnit(tx: Tx, unitId: string) {
  await tx.select({ id: housingUnits.id }).from(housingUnits).where(eq(housingUnits.id, unitId)).for("no key update");
}

/** Whether a unit (or one bed of it) has no live occupancy on any day of `[from, to)`. */
export async function isFree(db: DbOrTx, unitId: string, bedNo: number, from: string, to: string) {
  const [hit] = await db
    .select({ id: housingOccupancies.id })
    .from(housingOccupancies)
    .where(and(eq(housingOccupancies.unitId, unitId), eq(housingOccupancies.bedNo, bedNo), overlapsLive(from, to)))
    .limit(1);
  return !hit;
}

/** Short-stay units that may take guests (not under maintenance), by door code. */
function shortStayUnitsQuery(db: DbOrTx) {
  return db
    .select({ id: housingUnits.id, code: housingUnits.code })
    .from(housingUnits)
    .where(and(eq(housingUnits.shortStay, true), ne(housingUnits.status, "maintenance")))
    .orderBy(asc(housingUnits.code));
}

/** How many short-stay units are free for every night of `[fromDate, fromDate + nights)`. */
export async function freeShortStayUnits(db: DbOrTx, fromDate: string, nights: number) {
  const to = addDaysIso(fromDate, nights);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(housingUnits)
    .where(
      and(
        eq(housingUnits.shortStay, true),
        ne(housingUnits.status, "maintenance"),
        sql`not exists (select 1 from housing_occupancies o where o.unit_id = housing_units.id and o.status in ('held', 'active') and o.during && ${dayRange(fromDate, to)})`,
      ),
    );
  return Number(row?.n ?? 0);
}

/** The short-stay pool per night of `[fromDate, toDate)`: units that take guests and how many are occupied. */
export async function shortStayPoolByDay(db: DbOrTx, fromDate: string, toDate: string) {
  const rows = await queryRows<{ day: string; capacity: number; used: number }>(
    db,
    sql`select to_char(d.day, 'YYYY-MM-DD') as day,
          (select count(*)::int from housing_units u where u.short_stay and u.status <> 'maintenance') as capacity,
          (select count(distinct o.unit_id)::int from housing_occupancies o join housing_units u on u.id = o.unit_id
            where u.short_stay and u.status <> 'maintenance' and o.status in ('held', 'active') and o.during @> d.day::date) as used
        from generate_series(${fromDate}::date, (${toDate}::date - 1), interval '1 day') as d(day)
        order by d.day`,
  );
  return rows.map((r) => ({ day: r.day, capacity: Number(r.capacity), used: Number(r.used) }));
}

/**
 * Services holds `quantity` short-stay units for `nights` nights from `fromDate`, under its own
 * reference (`order_line:<id>`): units free for every night, in door-code order. Two requests
 * racing for the last unit are decided by the exclusion constraint: the loser moves on to the next
 * unit, and when none is left the whole request is refused as sold out.
 */
export async function holdShortStay(tx: Tx, input: { orgId: string; sourceRef: string; fromDate: string; nights: number; quantity: number }) {
  const to = addDaysIso(input.fromDate, input.nights);
  const candidates = await shortStayUnitsQuery(tx);
  const held: string[] = [];
  // A candidate found free may be taken by the time its lock is ours; the insert then fails on
  // the constraint and the next unit is tried.
  for (const unit of candidates) {
    if (held.length >= input.quantity) break;
    if (!(await isFree(tx, unit.id, 0, input.fromDate, to))) continue;
    // Units are locked in door-code order by every short stay, so two never wait on each other.
    await lockUnit(tx, unit.id);
    const took = await tryOccupy(tx, (sp) =>
      sp.insert(housingOccupancies).values({
        unitId: unit.id,
        bedNo: 0,
        during: dayRange(input.fromDate, to) as unknown as string,
        kind: "short_stay",
        sourceRef: input.sourceRef,
        orgId: input.orgId,
        status: "held",
      }),
    );
    if (took) held.push(unit.id);
  }
  if (held.length < input.quantity) {
    throw new AppError("conflict", "housing.errors.shortStaySoldOut", { day: await firstFullNight(tx, input.fromDate, input.nights, input.quantity) });
  }
  return held;
}

/** The first night of a request with fewer free short-stay units than asked for. */
async function firstFullNight(tx: Tx, fromDate: string, nights: number, quantity: number) {
  for (let i = 0; i < nights; i++) {
    const day = addDaysIso(fromDate, i);
    if ((await freeShortStayUnits(tx, day, 1)) < quantity) return day;
  }
  return fromDate;
}

/** The stay was paid: its held nights become firm. */
export async function confirmShortStay(tx: Tx, sourceRef: string) {
  const rows = await tx
    .update(housingOccupancies)
    .set({ status: "active" })
    .where(and(eq(housingOccupancies.sourceRef, sourceRef), eq(housingOccupancies.kind, "short_stay"), eq(housingOccupancies.status, "held")))
    .returning({ id: housingOccupancies.id });
  return rows.length;
}

/** The stay was cancelled or its hold expired: the nights are free again. */
export async function releaseShortStay(tx: Tx, sourceRef: string) {
  const rows = await tx
    .update(housingOccupancies)
    .set({ status: "released", releasedAt: new Date() })
    .where(and(eq(housingOccupancies.sourceRef, sourceRef), eq(housingOccupancies.kind, "short_stay"), inArray(housingOccupancies.status, [...LIVE])))
    .returning({ id: housingOccupancies.id });
  return rows.length;
}

/** Housing staff take a unit (every bed of a shared room) out of use for repairs over `[from, to)`. */
export async function blockForMaintenance(actor: MemberActor, input: MaintenanceInput) {
  if (!isHousingStaff(actor)) throw forbidden();
  const values = parseInput(maintenanceSchema, input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(housingUnits).where(eq(housingUnits.id, values.unitId));
    if (!unit) throw notFound();
    const beds = unit.unitType === "shared" ? Array.from({ length: unit.beds }, (_, i) => i + 1) : [0];
    await lockUnit(tx, unit.id);
    const blocked = await tryOccupy(tx, (sp) =>
      sp.insert(housingOccupancies).values(
        beds.map((bedNo) => ({ unitId: unit.id, bedNo, during: dayRange(values.from, values.to) as unknown as string, kind: "maintenance", status: "active", note: values.note })),
      ),
    );
    if (!blocked) throw new AppError("conflict", "housing.errors.unitTaken", { unit: unit.code });
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: null,
      action: "housing.unit_blocked",
      subjectType: "housing_unit",
      subjectId: unit.id,
      after: { from: values.from, to: values.to },
      reason: values.note,
    });
    return { unitId: unit.id, from: values.from, to: values.to, beds: beds.length };
  });
}
