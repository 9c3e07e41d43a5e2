// Talent apartments (人才公寓): buildings and units, companies' quotas, applications and the
// waitlist, offers, leases, the occupancy of every unit (leases and services' short stays in one
// table, one exclusion constraint), rent, deposits, check-in/out readings and repairs.
import { sql } from "drizzle-orm";
import { boolean, check, customType, date, index, integer, jsonb, numeric, pgSequence, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invoices } from "./billing";
import { organisations, users } from "./identity";
import { fen, timestamptz } from "./columns";
import type { HousingApplicationStatus, HousingLeaseStatus, RepairStatus, UnitType } from "./housing-values";

export * from "./housing-values";

/** A half-open day range, `[from, to)`; written with sql`daterange(a, b, '[)')`, read as text. */
export const daterange = customType<{ data: string; driverData: string }>({
  dataType() {
    return "daterange";
  },
});

export const housingBuildings = pgTable("housing_buildings", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  addressZh: text("address_zh").notNull().default(""),
  addressEn: text("address_en").notNull().default(""),
  floors: integer("floors").notNull().default(1),
  sortOrder: integer("sort_order").notNull().default(0),
});

export interface HousingPhoto {
  /** Path under FILES_DIR, never served from public/. */
  storagePath: string;
  contentType: string;
  filename: string;
}

export const housingUnits = pgTable(
  "housing_units",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    buildingId: uuid("building_id")
      .notNull()
      .references(() => housingBuildings.id),
    /** As written on the door, e.g. "A-1203"; unique in the park. */
    code: text("code").notNull().unique(),
    floor: integer("floor").notNull(),
    unitType: text("unit_type").notNull().$type<UnitType>(),
    /** 1 for a whole unit; a shared room lets each bed on its own lease (bed numbers 1..beds). */
    beds: integer("beds").notNull().default(1),
    areaM2: numeric("area_m2", { precision: 7, scale: 2 }).notNull(),
    furnishing: text("furnishing").notNull().default("furnished"),
    photos: jsonb("photos").$type<HousingPhoto[]>().notNull().default(sql`'[]'::jsonb`),
    descriptionZh: text("description_zh").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    /** Per month for the unit, or per bed for a shared room. */
    monthlyRentFen: fen("monthly_rent_fen").notNull(),
    depositFen: fen("deposit_fen").notNull(),
    /** Staff's setting; whether it is free on a date is the occupancy table's answer. */
    status: text("status").notNull().default("available"),
    /** May services' accommodation offerings put visiting crews up here for a few nights? */
    shortStay: boolean("short_stay").notNull().default(false),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_units_building_idx").on(t.buildingId, t.floor, t.code),
    check("housing_units_type_check", sql`${t.unitType} in ('studio', 'one_bedroom', 'two_bedroom', 'shared')`),
    check("housing_units_beds_check", sql`${t.beds} >= 1 and (${t.unitType} = 'shared' or ${t.beds} = 1)`),
    check("housing_units_short_stay_check", sql`not (${t.shortStay} and ${t.unitType} = 'shared')`),
    check("housing_units_status_check", sql`${t.status} in ('available', 'let', 'reserved', 'maintenance')`),
    check("housing_units_furnishing_check", sql`${t.furnishing} in ('furnished', 'basic', 'unfurnished')`),
    check("housing_units_money_check", sql`${t.monthlyRentFen} > 0 and ${t.depositFen} >= 0 and ${t.areaM2} > 0`),
  ],
);

/** How many units or beds a tenant company may hold at once (its admission terms; housing edits). */
export const housingQuotas = pgTable(
  "housing_quotas",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organisations.id, { onDelete: "cascade" }),
    places: integer("places").notNull().default(0),
    note: text("note").notNull().default(""),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [check("housing_quotas_places_check", sql`${t.places} >= 0`), index("housing_quotas_updated_by_idx").on(t.updatedBy)],
);

export const housingApplications = pgTable(
  "housing_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    applicantUserId: uuid("applicant_user_id")
      .notNull()
      .references(() => users.id),
    unitType: text("unit_type").notNull().$type<UnitType>(),
    moveInOn: date("move_in_on", { mode: "string" }).notNull(),
    /** The day the resident leaves (exclusive end of the lease). */
    moveOutOn: date("move_out_on", { mode: "string" }).notNull(),
    payer: text("payer").notNull().default("company"),
    note: text("note").notNull().default(""),
    status: text("status").notNull().default("submitted").$type<HousingApplicationStatus>(),
    /** Higher first on the waitlist (the park's rules: key crew, shooting now…), then endorsed_at. */
    priority: integer("priority").notNull().default(0),
    priorityReason: text("priority_reason").notNull().default(""),
    endorsedBy: uuid("endorsed_by").references(() => users.id),
    endorsedAt: timestamptz("endorsed_at"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decisionReason: text("decision_reason"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_applications_org_idx").on(t.orgId, t.createdAt),
    index("housing_applications_waitlist_idx").on(t.status, t.priority, t.endorsedAt),
    index("housing_applications_applicant_idx").on(t.applicantUserId),
    index("housing_applications_endorsed_by_idx").on(t.endorsedBy),
    index("housing_applications_decided_by_idx").on(t.decidedBy),
    check("housing_applications_status_check", sql`${t.status} in ('submitted', 'endorsed', 'offered', 'accepted', 'declined', 'rejected', 'withdrawn')`),
    check("housing_applications_type_check", sql`${t.unitType} in ('studio', 'one_bedroom', 'two_bedroom', 'shared')`),
    check("housing_applications_payer_check", sql`${t.payer} in ('company', 'resident')`),
    check("housing_applications_dates_check", sql`${t.moveOutOn} > ${t.moveInOn}`),
  ],
);

/**
 * The people who will live there. Name, resident ID number and phone are personal information:
 * stored encrypted (AES-256-GCM, key from PII_KEY), with a masked copy for everyone else to read.
 */
export const housingResidents = pgTable(
  "housing_residents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => housingApplications.id, { onDelete: "cascade" }),
    /** The platform user this resident is, when they have an account. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    primary: boolean("is_primary").notNull().default(false),
    nameEnc: text("name_enc").notNull(),
    nameMasked: text("name_masked").notNull(),
    idNumberEnc: text("id_number_enc").notNull(),
    /** `3101**********1234` */
    idNumberMasked: text("id_number_masked").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [index("housing_residents_application_idx").on(t.applicationId), index("housing_residents_user_idx").on(t.userId)],
);

/** Housing staff offer a unit (or a bed) to the head of the waitlist; it lapses at expires_at. */
export const housingOffers = pgTable(
  "housing_offers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => housingApplications.id),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => housingUnits.id),
    bedNo: integer("bed_no").notNull().default(0),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    monthlyRentFen: fen("monthly_rent_fen").notNull(),
    depositFen: fen("deposit_fen").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    status: text("status").notNull().default("open"),
    reason: text("reason").notNull().default(""),
    offeredBy: uuid("offered_by")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamptz("decided_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_offers_application_idx").on(t.applicationId),
    index("housing_offers_unit_idx").on(t.unitId),
    index("housing_offers_open_idx").on(t.status, t.expiresAt),
    index("housing_offers_offered_by_idx").on(t.offeredBy),
    uniqueIndex("housing_offers_one_open_key").on(t.applicationId).where(sql`${t.status} = 'open'`),
    check("housing_offers_status_check", sql`${t.status} in ('open', 'accepted', 'declined', 'lapsed', 'withdrawn', 'taken')`),
    check("housing_offers_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
  ],
);

export const housingLeaseNumberSeq = pgSequence("housing_lease_number_seq");

export const housingLeases = pgTable(
  "housing_leases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** HL-00001, for people and bank memos; from a sequence, so numbering never collides. */
    number: text("number")
      .notNull()
      .unique()
      .default(sql`'HL-' || lpad(nextval('housing_lease_number_seq')::text, 5, '0')`),
    applicationId: uuid("application_id").references(() => housingApplications.id),
    offerId: uuid("offer_id").references(() => housingOffers.id),
    renewsLeaseId: uuid("renews_lease_id"),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => housingUnits.id),
    bedNo: integer("bed_no").notNull().default(0),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    residentUserId: uuid("resident_user_id")
      .notNull()
      .references(() => users.id),
    payer: text("payer").notNull().default("company"),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    /** Exclusive: the move-out day, which may be the next lease's first day. */
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    monthlyRentFen: fen("monthly_rent_fen").notNull(),
    depositFen: fen("deposit_fen").notNull(),
    status: text("status").notNull().default("awaiting_signature").$type<HousingLeaseStatus>(),
    termsVersion: text("terms_version").notNull(),
    signedAt: timestamptz("signed_at"),
    signedBy: uuid("signed_by").references(() => users.id),
    signedIp: text("signed_ip"),
    noticeGivenAt: timestamptz("notice_given_at"),
    depositInvoiceId: uuid("deposit_invoice_id").references(() => invoices.id),
    checkedInAt: timestamptz("checked_in_at"),
    checkedOutAt: timestamptz("checked_out_at"),
    depositSettledAt: timestamptz("deposit_settled_at"),
    /** Set once billing has been asked for the whole of the settlement's refund (a sweep retries until then). */
    depositRefundsRequestedAt: timestamptz("deposit_refunds_requested_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_leases_unit_idx").on(t.unitId, t.startsOn),
    index("housing_leases_org_idx").on(t.orgId, t.status),
    index("housing_leases_resident_idx").on(t.residentUserId),
    index("housing_leases_application_idx").on(t.applicationId),
    index("housing_leases_offer_idx").on(t.offerId),
    index("housing_leases_signed_by_idx").on(t.signedBy),
    index("housing_leases_deposit_invoice_idx").on(t.depositInvoiceId),
    index("housing_leases_status_ends_idx").on(t.status, t.endsOn),
    check("housing_leases_status_check", sql`${t.status} in ('awaiting_signature', 'active', 'ended', 'terminated', 'cancelled')`),
    check("housing_leases_payer_check", sql`${t.payer} in ('company', 'resident')`),
    check("housing_leases_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
    check("housing_leases_money_check", sql`${t.monthlyRentFen} > 0 and ${t.depositFen} >= 0`),
  ],
);

/**
 * Who occupies a unit (or one bed of a shared room) on which days — leases, services' short stays
 * and maintenance blocks alike. The exclusion constraint `housing_occupancies_no_overlap` (custom
 * migration 0009) refuses two live rows on one unit and bed whose day ranges overlap; ranges are
 * half-open, so a lease ending on the 1st and the next starting on the 1st are both fine.
 */
export const housingOccupancies = pgTable(
  "housing_occupancies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => housingUnits.id),
    /** 0 for a whole unit; 1..beds for a bed of a shared room. */
    bedNo: integer("bed_no").notNull().default(0),
    during: daterange("during").notNull(),
    kind: text("kind").notNull(),
    leaseId: uuid("lease_id").references(() => housingLeases.id),
    /** For short stays: the asking module's reference (services: `order_line:<id>`). */
    sourceRef: text("source_ref"),
    orgId: uuid("org_id").references(() => organisations.id),
    status: text("status").notNull().default("active"),
    note: text("note").notNull().default(""),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    releasedAt: timestamptz("released_at"),
  },
  (t) => [
    index("housing_occupancies_unit_idx").on(t.unitId),
    index("housing_occupancies_lease_idx").on(t.leaseId),
    index("housing_occupancies_source_idx").on(t.sourceRef),
    index("housing_occupancies_org_idx").on(t.orgId),
    check("housing_occupancies_kind_check", sql`${t.kind} in ('lease', 'short_stay', 'maintenance')`),
    check("housing_occupancies_status_check", sql`${t.status} in ('held', 'active', 'released')`),
    check("housing_occupancies_bed_check", sql`${t.bedNo} >= 0`),
    check("housing_occupancies_lease_check", sql`(${t.kind} = 'lease') = (${t.leaseId} is not null)`),
  ],
);

/** One row per lease and month billed: the unique key makes the rent job idempotent. */
export const housingRentCharges = pgTable(
  "housing_rent_charges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leaseId: uuid("lease_id")
      .notNull()
      .references(() => housingLeases.id),
    /** First day of the month billed. */
    month: date("month", { mode: "string" }).notNull(),
    /** Days of the month let, and their rent: after an early end, the days actually let. */
    days: integer("days").notNull(),
    rentFen: fen("rent_fen").notNull(),
    utilitiesFen: fen("utilities_fen").notNull().default(sql`0`),
    /** The invoice that bills the month now (a replaced one is void and no longer pointed to). */
    invoiceId: uuid("invoice_id").references(() => invoices.id),
    /**
     * Rent the invoice billed beyond `rentFen` and that goes back to the payer: when the lease ended
     * early after the invoice was paid (wholly or partly), the rent of the days no longer let.
     */
    creditFen: fen("credit_fen").notNull().default(sql`0`),
    /** Set once billing has been asked to refund the whole credit (a sweep retries until then). */
    creditRequestedAt: timestamptz("credit_requested_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("housing_rent_charges_key").on(t.leaseId, t.month),
    index("housing_rent_charges_invoice_idx").on(t.invoiceId),
    check("housing_rent_charges_check", sql`${t.days} >= 0 and ${t.rentFen} >= 0 and ${t.utilitiesFen} >= 0`),
    check("housing_rent_charges_credit_check", sql`${t.creditFen} >= 0`),
  ],
);

/** Meter readings of a unit (check-in, check-out and monthly), for utilities on the rent invoice. */
export const housingMeterReadings = pgTable(
  "housing_meter_readings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => housingUnits.id),
    leaseId: uuid("lease_id").references(() => housingLeases.id),
    readOn: date("read_on", { mode: "string" }).notNull(),
    electricityKwh: numeric("electricity_kwh", { precision: 12, scale: 2 }).notNull(),
    waterM3: numeric("water_m3", { precision: 12, scale: 2 }).notNull(),
    kind: text("kind").notNull().default("monthly"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_meter_readings_unit_idx").on(t.unitId, t.readOn),
    index("housing_meter_readings_lease_idx").on(t.leaseId),
    index("housing_meter_readings_recorded_by_idx").on(t.recordedBy),
    check("housing_meter_readings_kind_check", sql`${t.kind} in ('check_in', 'check_out', 'monthly')`),
    check("housing_meter_readings_values_check", sql`${t.electricityKwh} >= 0 and ${t.waterM3} >= 0`),
  ],
);

/** Keys handed over and taken back, with who did it. */
export const housingHandovers = pgTable(
  "housing_handovers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leaseId: uuid("lease_id")
      .notNull()
      .references(() => housingLeases.id),
    kind: text("kind").notNull(),
    keys: integer("keys").notNull(),
    accessCards: integer("access_cards").notNull().default(0),
    readingId: uuid("reading_id").references(() => housingMeterReadings.id),
    note: text("note").notNull().default(""),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("housing_handovers_key").on(t.leaseId, t.kind),
    index("housing_handovers_reading_idx").on(t.readingId),
    index("housing_handovers_recorded_by_idx").on(t.recordedBy),
    check("housing_handovers_kind_check", sql`${t.kind} in ('check_in', 'check_out')`),
    check("housing_handovers_keys_check", sql`${t.keys} >= 0 and ${t.accessCards} >= 0`),
  ],
);

/** What is kept from a deposit at move-out, line by line; the rest is refunded through billing. */
export const housingDepositDeductions = pgTable(
  "housing_deposit_deductions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    leaseId: uuid("lease_id")
      .notNull()
      .references(() => housingLeases.id),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull(),
    amountFen: fen("amount_fen").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_deposit_deductions_lease_idx").on(t.leaseId),
    index("housing_deposit_deductions_created_by_idx").on(t.createdBy),
    check("housing_deposit_deductions_amount_check", sql`${t.amountFen} > 0`),
  ],
);

/** 报修: a resident reports, housing assigns, schedules and resolves, the resident confirms and rates. */
export const housingRepairs = pgTable(
  "housing_repairs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => housingUnits.id),
    leaseId: uuid("lease_id").references(() => housingLeases.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    reportedBy: uuid("reported_by")
      .notNull()
      .references(() => users.id),
    category: text("category").notNull(),
    description: text("description").notNull(),
    photos: jsonb("photos").$type<HousingPhoto[]>().notNull().default(sql`'[]'::jsonb`),
    status: text("status").notNull().default("reported").$type<RepairStatus>(),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    scheduledFor: timestamptz("scheduled_for"),
    resolutionNote: text("resolution_note"),
    resolvedAt: timestamptz("resolved_at"),
    confirmedAt: timestamptz("confirmed_at"),
    rating: integer("rating"),
    ratingComment: text("rating_comment"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("housing_repairs_unit_idx").on(t.unitId),
    index("housing_repairs_lease_idx").on(t.leaseId),
    index("housing_repairs_org_idx").on(t.orgId, t.createdAt),
    index("housing_repairs_status_idx").on(t.status, t.createdAt),
    index("housing_repairs_reported_by_idx").on(t.reportedBy),
    index("housing_repairs_assignee_idx").on(t.assigneeUserId),
    check("housing_repairs_status_check", sql`${t.status} in ('reported', 'assigned', 'scheduled', 'resolved', 'confirmed', 'cancelled')`),
    check("housing_repairs_category_check", sql`${t.category} in ('plumbing', 'electrical', 'appliance', 'furniture', 'network', 'doors_locks', 'other')`),
    check("housing_repairs_rating_check", sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);
