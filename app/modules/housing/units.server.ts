// Buildings and units: housing staff describe and price them; members browse the unit types on
// /apartments (rents, areas, photos, how many are free now — never who lives where).
import { and, asc, eq, ne, sql, type SQL } from "drizzle-orm";
import { housingBuildings, housingOccupancies, housingUnits, type HousingPhoto } from "#db/schema/housing";
import { type UnitType } from "#db/schema/housing-values";
import type { MemberActor } from "~/modules/identity/access.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { parkDate } from "~/modules/platform/dates";
import { getDb, pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { readStoredFile, removeStoredFile, storeFile } from "~/modules/platform/files.server";
import { isUuid } from "~/modules/platform/ids";
import { parseInput, unitSchema, type UnitInput } from "./forms";
import { requirePermission } from "~/modules/identity/permissions";

export const MAX_UNIT_PHOTOS = 8;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export async function listBuildings(db: DbOrTx) {
  return db.select().from(housingBuildings).orderBy(asc(housingBuildings.sortOrder), asc(housingBuildings.code));
}

/** Every unit for housing staff, by building, floor and door code, with its building's name. */
export async function listUnits(actor: MemberActor, filters: { buildingId?: string; status?: string; type?: UnitType } = {}) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const db = await getDb();
  const where: SQL[] = [];
  if (filters.buildingId && isUuid(filters.buildingId)) where.push(eq(housingUnits.buildingId, filters.buildingId));
  if (filters.status) where.push(eq(housingUnits.status, filters.status));
  if (filters.type) where.push(eq(housingUnits.unitType, filters.type));
  return db
    .select({ unit: housingUnits, buildingCode: housingBuildings.code, buildingNameZh: housingBuildings.nameZh, buildingNameEn: housingBuildings.nameEn })
    .from(housingUnits)
    .innerJoin(housingBuildings, eq(housingBuildings.id, housingUnits.buildingId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(housingBuildings.sortOrder), asc(housingBuildings.code), asc(housingUnits.floor), asc(housingUnits.code));
}

export async function getUnit(actor: MemberActor, unitId: string) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  if (!isUuid(unitId)) throw notFound();
  const db = await getDb();
  const [row] = await db
    .select({ unit: housingUnits, building: housingBuildings })
    .from(housingUnits)
    .innerJoin(housingBuildings, eq(housingBuildings.id, housingUnits.buildingId))
    .where(eq(housingUnits.id, unitId));
  if (!row) throw notFound();
  return row;
}

function unitValues(values: ReturnType<typeof unitSchema.parse>) {
  return {
    buildingId: values.buildingId,
    code: values.code,
    floor: values.floor,
    unitType: values.unitType,
    beds: values.beds,
    areaM2: values.areaM2,
    furnishing: values.furnishing,
    descriptionZh: values.descriptionZh ?? "",
    descriptionEn: values.descriptionEn ?? "",
    monthlyRentFen: values.monthlyRentFen,
    depositFen: values.depositFen,
    status: values.status,
    shortStay: values.shortStay,
  };
}

const auditable = (u: ReturnType<typeof unitValues>) => ({ ...u, monthlyRentFen: String(u.monthlyRentFen), depositFen: String(u.depositFen) });

async function requireBuilding(db: DbOrTx, buildingId: string) {
  const [building] = await db.select({ id: housingBuildings.id }).from(housingBuildings).where(eq(housingBuildings.id, buildingId));
  if (!building) throw new AppError("invalid", "housing.errors.unknownBuilding", { field: "buildingId" });
}

/** A unit's form checked (and its building) and written by `write` in one transaction; a code already in use is an error on the code. */
async function writeUnit<Unit>(actor: MemberActor, input: UnitInput, write: (tx: Tx, values: ReturnType<typeof unitValues>) => Promise<Unit>) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  const values = unitValues(parseInput(unitSchema, input));
  const db = await getDb();
  await requireBuilding(db, values.buildingId);
  try {
    return await db.transaction((tx) => write(tx, values));
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "housing.errors.unitCodeTaken", { field: "code" });
    throw error;
  }
}

export async function createUnit(actor: MemberActor, input: UnitInput) {
  return writeUnit(actor, input, async (tx, values) => {
    const [unit] = await tx.insert(housingUnits).values(values).returning();
    await recordAudit(tx, { actorUserId: actor.user.id, orgId: null, action: "housing.unit_created", subjectType: "housing_unit", subjectId: unit.id, after: auditable(values) });
    return unit;
  });
}

/**
 * Changes a unit. A unit that has leases keeps its type and beds (the leases were made for them);
 * price changes apply to offers made from now on.
 */
export async function updateUnit(actor: MemberActor, unitId: string, input: UnitInput) {
  return writeUnit(actor, input, async (tx, values) => {
    if (!isUuid(unitId)) throw notFound();
    const [before] = await tx.select().from(housingUnits).where(eq(housingUnits.id, unitId)).for("update");
    if (!before) throw notFound();
    if (before.unitType !== values.unitType || before.beds !== values.beds) {
      const [used] = await tx.select({ id: housingOccupancies.id }).from(housingOccupancies).where(and(eq(housingOccupancies.unitId, unitId), eq(housingOccupancies.kind, "lease"))).limit(1);
      if (used) throw new AppError("conflict", "housing.errors.unitHasLeases", { field: "unitType" });
    }
    const [unit] = await tx.update(housingUnits).set(values).where(eq(housingUnits.id, unitId)).returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: null,
      action: "housing.unit_updated",
      subjectType: "housing_unit",
      subjectId: unitId,
      before: { code: before.code, unitType: before.unitType, status: before.status, monthlyRentFen: String(before.monthlyRentFen), depositFen: String(before.depositFen), shortStay: before.shortStay },
      after: auditable(values),
    });
    return unit;
  });
}

/** Adds a photo (PNG, JPEG or WebP by content, at most 5 MB) to a unit. */
export async function addUnitPhoto(actor: MemberActor, unitId: string, file: { bytes: Uint8Array; filename: string }) {
  requirePermission(actor, "housing:manage", { kind: "park" });
  if (!isUuid(unitId)) throw notFound();
  const db = await getDb();
  const [existing] = await db.select({ photos: housingUnits.photos }).from(housingUnits).where(eq(housingUnits.id, unitId));
  if (!existing) throw notFound();
  if (existing.photos.length >= MAX_UNIT_PHOTOS) throw new AppError("conflict", "housing.errors.tooManyPhotos", { max: MAX_UNIT_PHOTOS });
  const stored = await storeFile({ folder: "housing/units", bytes: file.bytes, allowed: ["image/png", "image/jpeg", "image/webp"], maxBytes: MAX_PHOTO_BYTES, namePrefix: unitId });
  const photo: HousingPhoto = { storagePath: stored.path, contentType: stored.contentType, filename: file.filename.replace(/[\\/]/g, "_").slice(0, 200) || "photo" };
  try {
    return await db.transaction(async (tx) => {
      const [unit] = await tx.select().from(housingUnits).where(eq(housingUnits.id, unitId)).for("update");
      if (unit.photos.length >= MAX_UNIT_PHOTOS) throw new AppError("conflict", "housing.errors.tooManyPhotos", { max: MAX_UNIT_PHOTOS });
      const photos = [...unit.photos, photo];
      await tx.update(housingUnits).set({ photos }).where(eq(housingUnits.id, unitId));
      await recordAudit(tx, { actorUserId: actor.user.id, orgId: null, action: "housing.unit_photo_added", subjectType: "housing_unit", subjectId: unitId, after: { filename: photo.filename, index: photos.length - 1 } });
      return { index: photos.length - 1, photo };
    });
  } catch (error) {
    await removeStoredFile(stored.path);
    throw error;
  }
}

/** A unit's photo, for any signed-in member (the route checks the session); not found when missing. */
export async function unitPhoto(unitId: string, index: number) {
  if (!isUuid(unitId) || !Number.isInteger(index) || index < 0) throw notFound();
  const db = await getDb();
  const [unit] = await db.select({ photos: housingUnits.photos }).from(housingUnits).where(eq(housingUnits.id, unitId));
  const photo = unit?.photos[index];
  if (!photo) throw notFound();
  const bytes = await readStoredFile(photo.storagePath);
  return { bytes, contentType: photo.contentType, filename: photo.filename, sizeBytes: bytes.byteLength };
}

/**
 * For /apartments: per unit type, the rent and deposit range, the area range, the furnishings,
 * some photos, and how many units (beds of shared rooms) are free today. Short-stay units are the
 * services' accommodation and are left out; nothing about who lives anywhere.
 */
export async function apartmentTypesForMembers(db: DbOrTx, today = parkDate()) {
  const units = await db
    .select({
      id: housingUnits.id,
      unitType: housingUnits.unitType,
      beds: housingUnits.beds,
      areaM2: housingUnits.areaM2,
      furnishing: housingUnits.furnishing,
      photos: housingUnits.photos,
      monthlyRentFen: housingUnits.monthlyRentFen,
      depositFen: housingUnits.depositFen,
      descriptionZh: housingUnits.descriptionZh,
      descriptionEn: housingUnits.descriptionEn,
      occupiedPlaces: sql<number>`(select count(distinct o.bed_no)::int from housing_occupancies o where o.unit_id = housing_units.id and o.status in ('held', 'active') and o.during @> ${today}::date)`,
    })
    .from(housingUnits)
    .where(and(eq(housingUnits.shortStay, false), ne(housingUnits.status, "maintenance")))
    .orderBy(asc(housingUnits.code));
  const order: UnitType[] = ["studio", "one_bedroom", "two_bedroom", "shared"];
  return order.flatMap((unitType) => {
    const ofType = units.filter((u) => u.unitType === unitType);
    if (ofType.length === 0) return [];
    const rents = ofType.map((u) => u.monthlyRentFen);
    const deposits = ofType.map((u) => u.depositFen);
    const areas = ofType.map((u) => Number(u.areaM2));
    const min = (xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));
    const max = (xs: bigint[]) => xs.reduce((a, b) => (b > a ? b : a));
    return [
      {
        unitType,
        units: ofType.length,
        places: ofType.reduce((n, u) => n + u.beds, 0),
        freeNow: ofType.reduce((n, u) => n + Math.max(0, u.beds - Number(u.occupiedPlaces)), 0),
        rentFen: { min: min(rents), max: max(rents) },
        depositFen: { min: min(deposits), max: max(deposits) },
        areaM2: { min: Math.min(...areas), max: Math.max(...areas) },
        furnishings: [...new Set(ofType.map((u) => u.furnishing))],
        descriptionZh: ofType.find((u) => u.descriptionZh)?.descriptionZh ?? "",
        descriptionEn: ofType.find((u) => u.descriptionEn)?.descriptionEn ?? "",
        photos: ofType.flatMap((u) => u.photos.map((_, index) => ({ unitId: u.id, index }))).slice(0, 6),
      },
    ];
  });
}
