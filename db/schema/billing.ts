// Billing: invoices in CNY (integer fen), their payments by Stripe or bank transfer, refunds,
// Stripe events applied once, and VAT e-invoice (fapiao) requests.
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./identity";
import { timestamptz, fen } from "./columns";


/** Gapless invoice numbers: one counter row per year, advanced in the issuing transaction. */
export const invoiceNumberCounters = pgTable("invoice_number_counters", {
  year: integer("year").primaryKey(),
  lastValue: integer("last_value").notNull().default(0),
});

export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    /** Set when the invoice is issued (draft → open): HP-2026-000123. */
    number: text("number").unique(),
    /** Which module sells what this invoice is for: credit_pack, service_order, rent, manual… */
    kind: text("kind").notNull(),
    /** The owning module's id of what was sold (a purchase, an order, a lease month). */
    sourceRef: text("source_ref"),
    status: text("status").notNull().default("draft"),
    subtotalFen: fen("subtotal_fen").notNull(),
    vatRateBp: integer("vat_rate_bp").notNull(),
    vatFen: fen("vat_fen").notNull(),
    totalFen: fen("total_fen").notNull(),
    paidFen: fen("paid_fen").notNull().default(sql`0`),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    /** Quoted by the payer on a bank transfer so finance can match it. */
    transferReference: text("transfer_reference").notNull().unique(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    issuedAt: timestamptz("issued_at"),
    paidAt: timestamptz("paid_at"),
    voidedAt: timestamptz("voided_at"),
  },
  (t) => [
    index("invoices_org_id_idx").on(t.orgId, t.createdAt),
    index("invoices_status_idx").on(t.status, t.dueOn),
    index("invoices_created_by_idx").on(t.createdBy),
    uniqueIndex("invoices_source_key").on(t.kind, t.sourceRef),
    check("invoices_status_check", sql`${t.status} in ('draft', 'open', 'paid', 'void')`),
    check("invoices_amounts_check", sql`${t.subtotalFen} >= 0 and ${t.vatFen} >= 0 and ${t.totalFen} = ${t.subtotalFen} + ${t.vatFen}`),
    check("invoices_paid_check", sql`${t.paidFen} >= 0 and ${t.paidFen} <= ${t.totalFen}`),
    check("invoices_vat_rate_check", sql`${t.vatRateBp} between 0 and 10000`),
    check("invoices_number_check", sql`(${t.status} = 'draft') = (${t.number} is null)`),
    check("invoices_paid_status_check", sql`(${t.status} = 'paid') = (${t.paidFen} = ${t.totalFen} and ${t.status} <> 'draft' and ${t.status} <> 'void')`),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    descriptionZh: text("description_zh").notNull(),
    descriptionEn: text("description_en").notNull(),
    quantity: integer("quantity").notNull(),
    /** What the quantity counts, as read on the invoice ("30 人 × 3 天"); null shows the bare number. */
    quantityLabelZh: text("quantity_label_zh"),
    quantityLabelEn: text("quantity_label_en"),
    unitPriceFen: fen("unit_price_fen").notNull(),
    amountFen: fen("amount_fen").notNull(),
  },
  (t) => [
    uniqueIndex("invoice_lines_position_key").on(t.invoiceId, t.position),
    check("invoice_lines_amount_check", sql`${t.quantity} > 0 and ${t.unitPriceFen} >= 0 and ${t.amountFen} = ${t.quantity} * ${t.unitPriceFen}`),
  ],
);

/** One attempt to pay an invoice online; its id is the idempotency key sent to Stripe. */
export const paymentAttempts = pgTable(
  "payment_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    gateway: text("gateway").notNull(),
    amountFen: fen("amount_fen").notNull(),
    status: text("status").notNull().default("created"),
    checkoutSessionId: text("checkout_session_id").unique(),
    checkoutUrl: text("checkout_url"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("payment_attempts_invoice_id_idx").on(t.invoiceId),
    index("payment_attempts_created_by_idx").on(t.createdBy),
    check("payment_attempts_status_check", sql`${t.status} in ('created', 'completed', 'failed', 'expired')`),
    check("payment_attempts_amount_check", sql`${t.amountFen} > 0`),
  ],
);

/**
 * Money received. `(method, external_ref)` is unique: two different events about the same Stripe
 * payment, or the same bank transfer matched twice, record one payment.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    method: text("method").notNull(),
    externalRef: text("external_ref").notNull(),
    amountFen: fen("amount_fen").notNull(),
    /** The part applied to the invoice; the rest (a late or excess payment) waits for a refund. */
    appliedFen: fen("applied_fen").notNull(),
    refundedFen: fen("refunded_fen").notNull().default(sql`0`),
    status: text("status").notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
    recordedBy: uuid("recorded_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("payments_method_external_ref_key").on(t.method, t.externalRef),
    index("payments_invoice_id_idx").on(t.invoiceId),
    index("payments_org_id_idx").on(t.orgId),
    index("payments_recorded_by_idx").on(t.recordedBy),
    check("payments_method_check", sql`${t.method} in ('stripe', 'bank_transfer')`),
    check("payments_status_check", sql`${t.status} in ('applied', 'needs_refund', 'refunded')`),
    check(
      "payments_amounts_check",
      sql`${t.amountFen} > 0 and ${t.appliedFen} >= 0 and ${t.appliedFen} <= ${t.amountFen} and ${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.amountFen}`,
    ),
  ],
);

export const refunds = pgTable(
  "refunds",
  {
    /** Also the idempotency key sent to the gateway. */
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    amountFen: fen("amount_fen").notNull(),
    reason: text("reason").notNull(),
    status: text("status").notNull().default("pending"),
    externalRef: text("external_ref").unique(),
    requestedBy: uuid("requested_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    confirmedAt: timestamptz("confirmed_at"),
    /** A refund by bank transfer: the day finance sent it, its bank reference and who said so. */
    sentOn: date("sent_on", { mode: "string" }),
    bankReference: text("bank_reference"),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
  },
  (t) => [
    index("refunds_payment_id_idx").on(t.paymentId),
    index("refunds_requested_by_idx").on(t.requestedBy),
    index("refunds_confirmed_by_idx").on(t.confirmedBy),
    index("refunds_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
    check("refunds_status_check", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check("refunds_amount_check", sql`${t.amountFen} > 0`),
  ],
);

/** Every Stripe event id ever received, with what applying it did: a redelivery changes nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  result: jsonb("result").$type<Record<string, unknown>>().notNull(),
  receivedAt: timestamptz("received_at").notNull().defaultNow(),
});

/** A corporate bank transfer (对公转账) seen on the park's account, recorded by finance. */
export const bankTransfers = pgTable(
  "bank_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bankReference: text("bank_reference").notNull().unique(),
    amountFen: fen("amount_fen").notNull(),
    allocatedFen: fen("allocated_fen").notNull().default(sql`0`),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    payerName: text("payer_name").notNull(),
    memo: text("memo").notNull().default(""),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("bank_transfers_recorded_by_idx").on(t.recordedBy),
    check("bank_transfers_amount_check", sql`${t.amountFen} > 0 and ${t.allocatedFen} >= 0 and ${t.allocatedFen} <= ${t.amountFen}`),
  ],
);

/** The tenant's invoicing details for fapiao (发票). */
export const billingProfiles = pgTable("billing_profiles", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  taxpayerId: text("taxpayer_id").notNull(),
  address: text("address").notNull().default(""),
  phone: text("phone").notNull().default(""),
  bankName: text("bank_name").notNull().default(""),
  bankAccount: text("bank_account").notNull().default(""),
  email: text("email").notNull().default(""),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
});

export const fapiaoRequests = pgTable(
  "fapiao_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    /** 普票 (normal) or 专票 (special). */
    fapiaoType: text("fapiao_type").notNull(),
    status: text("status").notNull().default("requested"),
    /** The invoicing details as they were when requested. */
    details: jsonb("details").$type<Record<string, string>>().notNull(),
    fapiaoNumber: text("fapiao_number"),
    pdfPath: text("pdf_path"),
    requestedBy: uuid("requested_by").references(() => users.id),
    issuedBy: uuid("issued_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    issuedAt: timestamptz("issued_at"),
  },
  (t) => [
    index("fapiao_requests_org_id_idx").on(t.orgId),
    index("fapiao_requests_invoice_id_idx").on(t.invoiceId),
    index("fapiao_requests_requested_by_idx").on(t.requestedBy),
    index("fapiao_requests_issued_by_idx").on(t.issuedBy),
    // One live request per invoice.
    uniqueIndex("fapiao_requests_open_key").on(t.invoiceId).where(sql`${t.status} <> 'rejected'`),
    check("fapiao_requests_type_check", sql`${t.fapiaoType} in ('normal', 'special')`),
    check("fapiao_requests_status_check", sql`${t.status} in ('requested', 'issued', 'rejected')`),
  ],
);

