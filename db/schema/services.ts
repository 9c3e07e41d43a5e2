// The one-stop services: a catalogue of offerings, the bookable resources they use, orders of
// several lines, and bookings of time on resources — ranges that the database refuses to overlap.
import { sql } from "drizzle-orm";
import { boolean, check, customType, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invoices } from "./billing";
import { organisations, users } from "./identity";
import { timestamptz, fen } from "./columns";


/** A half-open time range, `[start, end)`; written with sql`tstzrange(a, b, '[)')`, read as text. */
export const tstzrange = customType<{ data: string; driverData: string }>({
  dataType() {
    return "tstzrange";
  },
});

export const serviceResources = pgTable(
  "service_resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    kind: text("kind").notNull(),
    /** 1: booked whole, overlaps refused by an exclusion constraint. More: a daily pool (extras, rooms). */
    capacity: integer("capacity").notNull().default(1),
    /** Minutes after midnight (park time) the resource opens and closes; null: around the clock. */
    opensMinute: integer("opens_minute"),
    closesMinute: integer("closes_minute"),
    setupMinutes: integer("setup_minutes").notNull().default(0),
    teardownMinutes: integer("teardown_minutes").notNull().default(0),
    active: boolean("active").notNull().default(true),
  },
  (t) => [
    check("service_resources_capacity_check", sql`${t.capacity} >= 1`),
    check("service_resources_buffers_check", sql`${t.setupMinutes} >= 0 and ${t.teardownMinutes} >= 0`),
    check(
      "service_resources_hours_check",
      sql`(${t.opensMinute} is null and ${t.closesMinute} is null) or (${t.opensMinute} >= 0 and ${t.closesMinute} <= 1440 and ${t.opensMinute} < ${t.closesMinute})`,
    ),
  ],
);

export const serviceOfferings = pgTable(
  "service_offerings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    category: text("category").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    descriptionZh: text("description_zh").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    photo: text("photo"),
    pricingUnit: text("pricing_unit").notNull(),
    /** Per pricing unit; null for quote-only offerings, which staff price per order. */
    priceFen: fen("price_fen"),
    minQuantity: integer("min_quantity").notNull().default(1),
    maxQuantity: integer("max_quantity").notNull().default(1),
    leadTimeHours: integer("lead_time_hours").notNull().default(0),
    requiresApproval: boolean("requires_approval").notNull().default(true),
    freeCancelHours: integer("free_cancel_hours").notNull().default(48),
    cancelFeeBp: integer("cancel_fee_bp").notNull().default(0),
    resourceId: uuid("resource_id").references(() => serviceResources.id),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("service_offerings_category_idx").on(t.category, t.sortOrder),
    index("service_offerings_resource_id_idx").on(t.resourceId),
    check(
      "service_offerings_category_check",
      sql`${t.category} in ('stages', 'locations', 'set_building', 'props', 'equipment', 'extras', 'post_production', 'virtual_production', 'scanning', 'accommodation', 'dining', 'business')`,
    ),
    check("service_offerings_unit_check", sql`${t.pricingUnit} in ('hour', 'half_day', 'day', 'person_day', 'item', 'night', 'quote')`),
    check("service_offerings_price_check", sql`(${t.pricingUnit} = 'quote') = (${t.priceFen} is null) and (${t.priceFen} is null or ${t.priceFen} >= 0)`),
    check("service_offerings_quantity_check", sql`${t.minQuantity} >= 1 and ${t.maxQuantity} >= ${t.minQuantity}`),
    check("service_offerings_cancel_check", sql`${t.cancelFeeBp} between 0 and 10000 and ${t.freeCancelHours} >= 0 and ${t.leadTimeHours} >= 0`),
  ],
);

export const servicePackages = pgTable("service_packages", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  descriptionZh: text("description_zh").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  /** The package price replaces the sum of its items' prices. */
  priceFen: fen("price_fen").notNull(),
  active: boolean("active").notNull().default(true),
});

export const servicePackageItems = pgTable(
  "service_package_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    packageId: uuid("package_id")
      .notNull()
      .references(() => servicePackages.id, { onDelete: "cascade" }),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => serviceOfferings.id),
    quantity: integer("quantity").notNull(),
    /** Days (or nights) after the package's start this item begins, and how many it lasts. */
    dayOffset: integer("day_offset").notNull().default(0),
    days: integer("days").notNull().default(1),
  },
  (t) => [
    index("service_package_items_package_id_idx").on(t.packageId),
    index("service_package_items_offering_id_idx").on(t.offeringId),
    check("service_package_items_check", sql`${t.quantity} >= 1 and ${t.days} >= 1 and ${t.dayOffset} >= 0`),
  ],
);

export const serviceOrders = pgTable(
  "service_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    status: text("status").notNull(),
    packageId: uuid("package_id").references(() => servicePackages.id),
    title: text("title").notNull().default(""),
    note: text("note").notNull().default(""),
    totalFen: fen("total_fen").notNull().default(sql`0`),
    cancellationFeeFen: fen("cancellation_fee_fen"),
    invoiceId: uuid("invoice_id").references(() => invoices.id),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decisionNote: text("decision_note"),
    submittedAt: timestamptz("submitted_at").notNull().defaultNow(),
    decidedAt: timestamptz("decided_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("service_orders_org_id_idx").on(t.orgId, t.submittedAt),
    index("service_orders_status_idx").on(t.status, t.submittedAt),
    index("service_orders_package_id_idx").on(t.packageId),
    index("service_orders_invoice_id_idx").on(t.invoiceId),
    index("service_orders_submitted_by_idx").on(t.submittedBy),
    index("service_orders_decided_by_idx").on(t.decidedBy),
    check(
      "service_orders_status_check",
      sql`${t.status} in ('awaiting_tenant_approval', 'submitted', 'quoted', 'changes_requested', 'approved', 'rejected', 'confirmed', 'in_progress', 'completed', 'cancelled', 'expired')`,
    ),
    check("service_orders_total_check", sql`${t.totalFen} >= 0`),
  ],
);

export const serviceOrderLines = pgTable(
  "service_order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => serviceOrders.id, { onDelete: "cascade" }),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => serviceOfferings.id),
    quantity: integer("quantity").notNull(),
    /** How many pricing units (hours, days, nights…) the line runs for. */
    units: integer("units").notNull(),
    startsAt: timestamptz("starts_at"),
    endsAt: timestamptz("ends_at"),
    /** Null until staff quote a quote-only line. */
    unitPriceFen: fen("unit_price_fen"),
    amountFen: fen("amount_fen"),
    /** What the tenant asked for this line ("需天车"), kept from the booking form through the cart. */
    note: text("note").notNull().default(""),
  },
  (t) => [
    index("service_order_lines_order_id_idx").on(t.orderId),
    index("service_order_lines_offering_id_idx").on(t.offeringId),
    check("service_order_lines_check", sql`${t.quantity} >= 1 and ${t.units} >= 1 and (${t.endsAt} is null or ${t.endsAt} > ${t.startsAt})`),
  ],
);

/**
 * Time held or confirmed on a whole resource (capacity 1). `during` includes set-up and tear-down
 * buffers; the exclusion constraint `service_bookings_no_overlap` (custom migration) refuses two
 * live bookings of one resource that overlap.
 */
export const serviceBookings = pgTable(
  "service_bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The order line that holds the time; null for the park's own use (then `parkUseRef`). */
    orderLineId: uuid("order_line_id").references(() => serviceOrderLines.id, { onDelete: "cascade" }),
    /** The park's own use of a resource ("circle_event:<id>"), held through `holdForParkUse`. */
    parkUseRef: text("park_use_ref"),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => serviceResources.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    during: tstzrange("during").notNull(),
    status: text("status").notNull().default("held"),
    heldUntil: timestamptz("held_until"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("service_bookings_order_line_id_idx").on(t.orderLineId),
    index("service_bookings_org_id_idx").on(t.orgId),
    index("service_bookings_resource_id_idx").on(t.resourceId),
    check("service_bookings_status_check", sql`${t.status} in ('held', 'confirmed', 'cancelled', 'expired')`),
    check("service_bookings_holder_check", sql`(${t.orderLineId} is null) <> (${t.parkUseRef} is null)`),
    uniqueIndex("service_bookings_park_use_ref_key").on(t.parkUseRef).where(sql`${t.status} in ('held', 'confirmed')`),
  ],
);

/** Daily pools (extras, identical kit, rooms): units taken per resource and day, never above capacity. */
export const serviceCapacityDays = pgTable(
  "service_capacity_days",
  {
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => serviceResources.id),
    day: date("day", { mode: "string" }).notNull(),
    capacity: integer("capacity").notNull(),
    used: integer("used").notNull().default(0),
  },
  (t) => [
    uniqueIndex("service_capacity_days_key").on(t.resourceId, t.day),
    check("service_capacity_days_check", sql`${t.used} >= 0 and ${t.used} <= ${t.capacity}`),
  ],
);

/** Which pool days an order line took, so cancelling gives exactly those back. */
export const serviceCapacityTakes = pgTable(
  "service_capacity_takes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => serviceOrderLines.id, { onDelete: "cascade" }),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => serviceResources.id),
    day: date("day", { mode: "string" }).notNull(),
    units: integer("units").notNull(),
    releasedAt: timestamptz("released_at"),
  },
  (t) => [
    index("service_capacity_takes_line_idx").on(t.orderLineId),
    index("service_capacity_takes_resource_id_idx").on(t.resourceId),
    check("service_capacity_takes_units_check", sql`${t.units} >= 1`),
  ],
);
