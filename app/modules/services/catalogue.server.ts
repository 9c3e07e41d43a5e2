// The services catalogue: what anyone may browse (offerings with prices, packages with their
// contents), what the service desk manages (offerings, bookable resources, packages), and the
// tenant's cart — a cookie of booking lines that becomes one order.
import { createCookie } from "@remix-run/node";
import { and, asc, eq, gte, inArray, lte, ne, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { serviceCapacityDays, serviceOfferings, servicePackageItems, servicePackages, serviceResources } from "#db/schema/services";
import { isIsoDate } from "~/modules/platform/dates";
import { activeMembership, getActor, type MemberActor } from "~/modules/identity/access.server";
import { hasPermission, requirePermission } from "~/modules/identity/permissions";
import { installationSecret } from "~/modules/platform/settings.server";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import type { LineRequest } from "./price-lines.server";
import { LINE_NOTE_MAX, minutesOf, type OfferingInput, type PackageInput, type ResourceInput } from "./forms";
import { CATEGORIES, parkDay, type Category } from "./pricing";

export type Offering = typeof serviceOfferings.$inferSelect;
export type Resource = typeof serviceResources.$inferSelect;

/** What the public catalogue shows of an offering on its card (fen as strings, so the loader data is JSON). */
function offeringCard(o: Offering) {
  return {
    id: o.id,
    code: o.code,
    category: o.category as Category,
    nameZh: o.nameZh,
    nameEn: o.nameEn,
    descriptionZh: o.descriptionZh,
    descriptionEn: o.descriptionEn,
    photo: o.photo,
    pricingUnit: o.pricingUnit,
    priceFen: o.priceFen === null ? null : String(o.priceFen),
    minQuantity: o.minQuantity,
    maxQuantity: o.maxQuantity,
    leadTimeHours: o.leadTimeHours,
    requiresApproval: o.requiresApproval,
    freeCancelHours: o.freeCancelHours,
    cancelFeeBp: o.cancelFeeBp,
  };
}
export type CatalogueCard = ReturnType<typeof offeringCard>;

/** What the browser needs of an offering: its card, and for its own page and the desk its state and resource. */
function offeringView(o: Offering, resource?: Resource | null) {
  return {
    ...offeringCard(o),
    active: o.active,
    sortOrder: o.sortOrder,
    resourceId: o.resourceId,
    resource: resource ? resourceView(resource) : null,
  };
}

export function resourceView(r: Resource) {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    kind: r.kind,
    capacity: r.capacity,
    opensMinute: r.opensMinute,
    closesMinute: r.closesMinute,
    setupMinutes: r.setupMinutes,
    teardownMinutes: r.teardownMinutes,
    active: r.active,
  };
}

async function packagesWithItems(where?: SQL) {
  const db = await getDb();
  // Sent together: the items name their packages by the same condition instead of waiting for
  // the packages' ids, and only the columns a package card shows are read.
  const [packages, items] = await Promise.all([
    db.select().from(servicePackages).where(where).orderBy(asc(servicePackages.priceFen)),
    db
      .select({
        item: {
          id: servicePackageItems.id,
          packageId: servicePackageItems.packageId,
          quantity: servicePackageItems.quantity,
          dayOffset: servicePackageItems.dayOffset,
          days: servicePackageItems.days,
        },
        offering: {
          id: serviceOfferings.id,
          code: serviceOfferings.code,
          nameZh: serviceOfferings.nameZh,
          nameEn: serviceOfferings.nameEn,
          pricingUnit: serviceOfferings.pricingUnit,
          priceFen: serviceOfferings.priceFen,
        },
      })
      .from(servicePackageItems)
      .innerJoin(serviceOfferings, eq(serviceOfferings.id, servicePackageItems.offeringId))
      .where(inArray(servicePackageItems.packageId, db.select({ id: servicePackages.id }).from(servicePackages).where(where)))
      .orderBy(asc(servicePackageItems.dayOffset), asc(serviceOfferings.sortOrder)),
  ]);
  return packages.map((p) => {
    const mine = items.filter((i) => i.item.packageId === p.id);
    // What the items would cost one by one, to show the package's saving.
    const catalogueFen = mine.reduce((sum, { item, offering }) => sum + (offering.priceFen ?? 0n) * BigInt(item.quantity) * BigInt(unitsOfItem(offering, item.days)), 0n);
    return {
      id: p.id,
      code: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      descriptionZh: p.descriptionZh,
      descriptionEn: p.descriptionEn,
      priceFen: String(p.priceFen),
      catalogueFen: String(catalogueFen),
      active: p.active,
      items: mine.map(({ item, offering }) => ({
        id: item.id,
        offeringId: offering.id,
        offeringCode: offering.code,
        nameZh: offering.nameZh,
        nameEn: offering.nameEn,
        pricingUnit: offering.pricingUnit,
        quantity: item.quantity,
        dayOffset: item.dayOffset,
        days: item.days,
      })),
    };
  });
}

function unitsOfItem(offering: { pricingUnit: string }, days: number) {
  return ["day", "person_day", "night"].includes(offering.pricingUnit) ? days : 1;
}

/** The public catalogue: active offerings by category, and active packages. */
/**
 * The public catalogue a category at a time: `category` names one, "all" asks for every category;
 * without one, the first category that has offerings. The packages come with the first view and
 * with "all". `category` in the answer is the one asked for (null when none was, or an unknown
 * one); `showing` is what the offerings are.
 */
export async function listCatalogue(options: { category?: string } = {}) {
  const db = await getDb();
  const asked: Category | "all" | undefined = options.category === "all" ? "all" : CATEGORIES.find((c) => c === options.category);
  const [counts, packages] = await Promise.all([
    db
      .select({ category: serviceOfferings.category, n: sql<number>`count(*)::int` })
      .from(serviceOfferings)
      .where(eq(serviceOfferings.active, true))
      .groupBy(serviceOfferings.category),
    asked === undefined || asked === "all" ? packagesWithItems(eq(servicePackages.active, true)) : Promise.resolve([]),
  ]);
  const categories = CATEGORIES.map((c) => ({ code: c, count: Number(counts.find((x) => x.category === c)?.n ?? 0) }));
  const first = categories.find((c) => c.count > 0)?.code ?? CATEGORIES[0];
  const showing = asked ?? first;
  const rows = await db
    .select()
    .from(serviceOfferings)
    .where(and(eq(serviceOfferings.active, true), showing === "all" ? undefined : eq(serviceOfferings.category, showing)))
    .orderBy(asc(serviceOfferings.sortOrder), asc(serviceOfferings.code));
  return {
    category: asked ?? null,
    showing,
    first,
    categories,
    offerings: rows.map(offeringCard),
    packages,
  };
}

/** One active offering by its code (the desk also sees inactive ones), with its resource. */
/** The shape of an offering's or package's code (forms.ts `codeField`); anything else names nothing. */
const CATALOGUE_CODE = /^[a-z0-9][a-z0-9-]{1,59}$/;

export async function getOffering(code: string, options: { includeInactive?: boolean } = {}) {
  if (!CATALOGUE_CODE.test(code)) throw new AppError("not_found", "errors.unknownOffering");
  const db = await getDb();
  const [row] = await db
    .select({ offering: serviceOfferings, resource: serviceResources })
    .from(serviceOfferings)
    .leftJoin(serviceResources, eq(serviceResources.id, serviceOfferings.resourceId))
    .where(and(eq(serviceOfferings.code, code), options.includeInactive ? undefined : eq(serviceOfferings.active, true)));
  if (!row) throw new AppError("not_found", "errors.unknownOffering");
  const packages = await db
    .selectDistinct({ code: servicePackages.code, nameZh: servicePackages.nameZh, nameEn: servicePackages.nameEn })
    .from(servicePackageItems)
    .innerJoin(servicePackages, eq(servicePackages.id, servicePackageItems.packageId))
    .where(and(eq(servicePackageItems.offeringId, row.offering.id), eq(servicePackages.active, true)));
  return { offering: offeringView(row.offering, row.resource), packages };
}

/** Offerings where a booking of the whole place (a stage, a backlot, the LED volume) offers add-ons. */
const ADD_ON_HOSTS: readonly Category[] = ["stages", "locations", "virtual_production"];
const ADD_ON_CATEGORIES: readonly Category[] = ["extras", "equipment", "props"];

/**
 * What a crew usually books with a stage, on the same days: extras, lighting and camera kits,
 * period cars and props priced by the day. Empty for anything that is not a place booked by the day.
 */
export async function addOnsFor(offering: { category: string; pricingUnit: string }) {
  if (!ADD_ON_HOSTS.includes(offering.category as Category) || offering.pricingUnit !== "day") return [];
  const db = await getDb();
  const rows = await db
    .select()
    .from(serviceOfferings)
    .where(and(eq(serviceOfferings.active, true), inArray(serviceOfferings.category, [...ADD_ON_CATEGORIES]), inArray(serviceOfferings.pricingUnit, ["day", "person_day"])))
    .orderBy(asc(serviceOfferings.category), asc(serviceOfferings.sortOrder));
  return rows.map((o) => ({
    code: o.code,
    nameZh: o.nameZh,
    nameEn: o.nameEn,
    pricingUnit: o.pricingUnit,
    priceFen: o.priceFen === null ? null : String(o.priceFen),
    maxQuantity: o.maxQuantity,
  }));
}

/** One active package with its items. */
export async function getPackage(code: string) {
  if (!CATALOGUE_CODE.test(code)) throw new AppError("not_found", "errors.unknownOffering");
  const [pkg] = await packagesWithItems(and(eq(servicePackages.code, code), eq(servicePackages.active, true)));
  if (!pkg) throw new AppError("not_found", "errors.unknownOffering");
  return pkg;
}

/** Who is looking at a public services page: a member of their active organisation, or nobody. */
export async function optionalMember(request: Request) {
  const actor = await getActor(request);
  return actor ? activeMembership(actor) : null;
}

/** What a viewer may do on the services pages. */
export function servicesRole(member: MemberActor | null): "tenant" | "desk" | "visitor" {
  if (!member) return "visitor";
  if (hasPermission(member, "services:order", { kind: "tenant" })) return "tenant";
  if (hasPermission(member, "services:manage", { kind: "park" })) return "desk";
  return "visitor";
}

// ---------------------------------------------------------------------------------------------
// The service desk's catalogue management

/** Everything in the catalogue, active or not, for the desk. */
export async function listCatalogueForDesk(actor: MemberActor) {
  requirePermission(actor, "services:manage", { kind: "park" });
  const db = await getDb();
  const [resources, offerings, packages] = await Promise.all([
    db.select().from(serviceResources).orderBy(asc(serviceResources.kind), asc(serviceResources.code)),
    db.select().from(serviceOfferings).orderBy(asc(serviceOfferings.category), asc(serviceOfferings.sortOrder), asc(serviceOfferings.code)),
    packagesWithItems(),
  ]);
  return {
    resources: resources.map(resourceView),
    offerings: offerings.map((o) => offeringView(o, resources.find((r) => r.id === o.resourceId))),
    packages,
  };
}

/** The catalogue is the desk's (`services:manage`) to edit; an id that is not one names nothing. */
function requireCatalogueDesk(actor: MemberActor, id: string | undefined) {
  requirePermission(actor, "services:manage", { kind: "park" });
  if (id !== undefined && !isUuid(id)) throw notFound();
}

/** One row of the catalogue for the desk to edit, found by `find`; an id that names none is not found. */
async function deskRow<Row>(actor: MemberActor, id: string, find: () => Promise<Row[]>) {
  requireCatalogueDesk(actor, id);
  const [row] = await find();
  if (!row) throw notFound();
  return row;
}

export async function getOfferingForDesk(actor: MemberActor, id: string) {
  const row = await deskRow(actor, id, async () => (await getDb()).select().from(serviceOfferings).where(eq(serviceOfferings.id, id)));
  return offeringView(row);
}

export async function getResourceForDesk(actor: MemberActor, id: string) {
  const row = await deskRow(actor, id, async () => (await getDb()).select().from(serviceResources).where(eq(serviceResources.id, id)));
  return resourceView(row);
}

export async function getPackageForDesk(actor: MemberActor, id: string) {
  return deskRow(actor, id, () => packagesWithItems(eq(servicePackages.id, id)));
}

/** The row an edit changes, locked until the edit commits (none when the edit creates one); an id that names none is not found. */
async function lockedForEdit<Row>(id: string | undefined, lock: (id: string) => Promise<Row[]>) {
  if (!id) return undefined;
  const [row] = await lock(id);
  if (!row) throw notFound();
  return row;
}

/** The audit entry of a desk edit of the catalogue: `<subject>.created`, or `.updated` when it had an id. */
async function auditCatalogueEdit(
  tx: Tx,
  actor: MemberActor,
  subjectType: "service_offering" | "service_resource" | "service_package",
  edit: { id: string | undefined; savedId: string; before: Record<string, unknown> | null; after: Record<string, unknown> },
) {
  await recordAudit(tx, {
    actorUserId: actor.user.id,
    orgId: await parkOrgOf(actor),
    action: edit.id ? `${subjectType}.updated` : `${subjectType}.created`,
    subjectType,
    subjectId: edit.savedId,
    before: edit.before,
    after: edit.after,
  });
}

/** A desk edit of the catalogue, in one transaction; a code another entry already has is a conflict. */
async function editCatalogue<Result>(actor: MemberActor, id: string | undefined, work: (tx: Tx) => Promise<Result>) {
  requireCatalogueDesk(actor, id);
  const db = await getDb();
  try {
    return await db.transaction(work);
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.codeTaken");
    throw error;
  }
}

async function parkOrgOf(actor: MemberActor) {
  return actor.org.id;
}

/** Creates (no id) or updates an offering; prices and policies change for new orders only. */
export async function saveOffering(actor: MemberActor, input: OfferingInput & { id?: string }) {
  const values = {
    code: input.code,
    category: input.category,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    descriptionZh: input.descriptionZh,
    descriptionEn: input.descriptionEn,
    pricingUnit: input.pricingUnit,
    priceFen: input.priceFen,
    minQuantity: input.minQuantity,
    maxQuantity: input.maxQuantity,
    leadTimeHours: input.leadTimeHours,
    requiresApproval: input.requiresApproval,
    freeCancelHours: input.freeCancelHours,
    cancelFeeBp: input.cancelFee,
    resourceId: input.resourceId,
    active: input.active,
    sortOrder: input.sortOrder,
    photo: input.photo,
  };
  return editCatalogue(actor, input.id, async (tx) => {
    if (values.resourceId) {
      const [resource] = await tx.select({ id: serviceResources.id }).from(serviceResources).where(eq(serviceResources.id, values.resourceId));
      if (!resource) throw new AppError("invalid", "errors.invalidChoice");
    }
    const before = await lockedForEdit(input.id, (id) => tx.select().from(serviceOfferings).where(eq(serviceOfferings.id, id)).for("update"));
    const [saved] = input.id
      ? await tx.update(serviceOfferings).set(values).where(eq(serviceOfferings.id, input.id)).returning()
      : await tx.insert(serviceOfferings).values(values).returning();
    await auditCatalogueEdit(tx, actor, "service_offering", { id: input.id, savedId: saved.id, before: before ? auditable(before) : null, after: auditable(saved) });
    return saved;
  });
}

function auditable(row: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v]));
}

/** Creates or updates a bookable resource. A new pool capacity applies to future days it still fits. */
export async function saveResource(actor: MemberActor, input: ResourceInput & { id?: string }) {
  const values = {
    code: input.code,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    kind: input.kind,
    capacity: input.capacity,
    opensMinute: minutesOf(input.opens),
    closesMinute: minutesOf(input.closes),
    setupMinutes: input.setupMinutes,
    teardownMinutes: input.teardownMinutes,
    active: input.active,
  };
  return editCatalogue(actor, input.id, async (tx) => {
    const before = await lockedForEdit(input.id, (id) => tx.select().from(serviceResources).where(eq(serviceResources.id, id)).for("update"));
    // A whole resource (capacity 1) and a pool are held differently: switching would strand holds.
    if (before && (before.capacity === 1) !== (values.capacity === 1)) throw new AppError("conflict", "errors.capacityKind");
    const [saved] = input.id
      ? await tx.update(serviceResources).set(values).where(eq(serviceResources.id, input.id)).returning()
      : await tx.insert(serviceResources).values(values).returning();
    if (before && before.capacity !== saved.capacity && saved.capacity > 1) {
      await tx
        .update(serviceCapacityDays)
        .set({ capacity: saved.capacity })
        .where(
          and(
            eq(serviceCapacityDays.resourceId, saved.id),
            gte(serviceCapacityDays.day, parkDay(new Date())),
            lte(serviceCapacityDays.used, saved.capacity),
            ne(serviceCapacityDays.capacity, saved.capacity),
          ),
        );
    }
    await auditCatalogueEdit(tx, actor, "service_resource", { id: input.id, savedId: saved.id, before: before ?? null, after: saved });
    return saved;
  });
}

/** Creates or updates a package and replaces its items. */
export async function savePackage(actor: MemberActor, input: PackageInput & { id?: string }) {
  const values = {
    code: input.code,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    descriptionZh: input.descriptionZh,
    descriptionEn: input.descriptionEn,
    priceFen: input.price,
    active: input.active,
  };
  return editCatalogue(actor, input.id, async (tx) => {
    const offeringIds = [...new Set(input.items.map((i) => i.offeringId))];
    const offerings = await tx.select().from(serviceOfferings).where(inArray(serviceOfferings.id, offeringIds));
    if (offerings.length !== offeringIds.length) throw new AppError("invalid", "errors.invalidChoice");
    // A package is booked at a package price: every item needs a catalogue price and a valid quantity.
    for (const item of input.items) {
      const offering = offerings.find((o) => o.id === item.offeringId)!;
      if (offering.pricingUnit === "quote" || offering.pricingUnit === "hour" || offering.pricingUnit === "half_day") {
        throw new AppError("invalid", "errors.packageItemUnit", { item: offering.nameZh });
      }
      if (item.quantity < offering.minQuantity || item.quantity > offering.maxQuantity) {
        throw new AppError("invalid", "errors.packageItemQuantity", { item: offering.nameZh, min: offering.minQuantity, max: offering.maxQuantity });
      }
    }
    const before = await lockedForEdit(input.id, (id) => tx.select().from(servicePackages).where(eq(servicePackages.id, id)).for("update"));
    const [saved] = input.id
      ? await tx.update(servicePackages).set(values).where(eq(servicePackages.id, input.id)).returning()
      : await tx.insert(servicePackages).values(values).returning();
    await tx.delete(servicePackageItems).where(eq(servicePackageItems.packageId, saved.id));
    await tx.insert(servicePackageItems).values(input.items.map((i) => ({ packageId: saved.id, ...i })));
    await auditCatalogueEdit(tx, actor, "service_package", { id: input.id, savedId: saved.id, before: before ? auditable(before) : null, after: { ...auditable(saved), items: input.items } });
    return saved;
  });
}

// ---------------------------------------------------------------------------------------------
// The cart: booking lines kept in a cookie until the tenant submits them as one order. The cookie
// is signed with this installation's own secret, and its lines are checked whole when read: a
// cookie someone edited (or one holding a date like 2026-13-01) is simply an empty cart. The
// lines are validated again (and priced) whenever they are shown and when the order is placed.

export const MAX_CART_LINES = 12;

const cartLineSchema = z.object({
  offeringCode: z.string().regex(CATALOGUE_CODE),
  quantity: z.number().int().min(1).max(100_000),
  startsAt: z.string().datetime().optional(),
  endsAt: z.string().datetime().optional(),
  startDate: z.string().refine(isIsoDate).optional(),
  days: z.number().int().min(1).max(366).optional(),
  note: z.string().max(LINE_NOTE_MAX).optional(),
});
const cartSchema = z.array(cartLineSchema).max(MAX_CART_LINES);

async function cartCookie() {
  const secret = await installationSecret("cart-cookie");
  return createCookie("haopu_cart", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 7 * 24 * 3600, secrets: [secret] });
}

export async function readCart(request: Request): Promise<LineRequest[]> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("haopu_cart=")) return [];
  let value: unknown;
  try {
    value = await (await cartCookie()).parse(header);
  } catch {
    return [];
  }
  const parsed = cartSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

export async function cartCookieHeader(lines: LineRequest[]) {
  const slim = lines
    .slice(0, MAX_CART_LINES)
    .map(({ offeringCode, quantity, startsAt, endsAt, startDate, days, note }) => ({ offeringCode, quantity, startsAt, endsAt, startDate, days, note: note ? note.slice(0, LINE_NOTE_MAX) : undefined }));
  return (await cartCookie()).serialize(slim, slim.length ? undefined : { maxAge: 0 });
}
