// Compute credits: a double-entry ledger in milli-credits. Accounts carry balances kept equal to
// the sum of their append-only transfers; a tenant's available credits are split into lots
// (each purchase or grant) so usage can take grants first, soonest expiry first.
import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invoices } from "./billing";
import { organisations, users } from "./identity";
import { timestamptz, milli } from "./columns";


export const creditAccounts = pgTable(
  "credit_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null for the park's own accounts. */
    orgId: uuid("org_id").references(() => organisations.id),
    kind: text("kind").notNull(),
    balanceMilli: milli("balance_milli").notNull().default(sql`0`),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credit_accounts_org_kind_key").on(t.orgId, t.kind),
    uniqueIndex("credit_accounts_park_kind_key").on(t.kind).where(sql`${t.orgId} is null`),
    check(
      "credit_accounts_kind_check",
      sql`(${t.orgId} is not null and ${t.kind} in ('available', 'held')) or (${t.orgId} is null and ${t.kind} in ('sales', 'grants', 'usage', 'expired'))`,
    ),
    // A tenant's credits never go negative; the park's source accounts do (they issue credits).
    check("credit_accounts_tenant_balance_check", sql`${t.orgId} is null or ${t.balanceMilli} >= 0`),
  ],
);

/** A parcel of a tenant's available credits, from one purchase or grant. */
export const creditLots = pgTable(
  "credit_lots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    source: text("source").notNull(),
    sourceRef: text("source_ref").notNull(),
    amountMilli: milli("amount_milli").notNull(),
    remainingMilli: milli("remaining_milli").notNull(),
    expiresAt: timestamptz("expires_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("credit_lots_org_id_idx").on(t.orgId, t.expiresAt),
    uniqueIndex("credit_lots_source_key").on(t.source, t.sourceRef),
    check("credit_lots_source_check", sql`${t.source} in ('purchase', 'bonus', 'grant')`),
    check("credit_lots_amounts_check", sql`${t.amountMilli} > 0 and ${t.remainingMilli} >= 0 and ${t.remainingMilli} <= ${t.amountMilli}`),
  ],
);

/** Append-only (a trigger refuses UPDATE and DELETE): corrections are reversing transfers. */
export const creditTransfers = pgTable(
  "credit_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    debitAccountId: uuid("debit_account_id")
      .notNull()
      .references(() => creditAccounts.id),
    creditAccountId: uuid("credit_account_id")
      .notNull()
      .references(() => creditAccounts.id),
    amountMilli: milli("amount_milli").notNull(),
    kind: text("kind").notNull(),
    /** What caused it: a purchase, grant, usage batch, hold… */
    reference: text("reference").notNull(),
    /** The lot the credits left or returned to, when a tenant's available account is involved. */
    lotId: uuid("lot_id").references(() => creditLots.id),
    /** Client-chosen where a client caused it; unique so a retry cannot post twice. */
    idempotencyKey: text("idempotency_key").unique(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("credit_transfers_debit_idx").on(t.debitAccountId, t.createdAt),
    index("credit_transfers_credit_idx").on(t.creditAccountId, t.createdAt),
    index("credit_transfers_lot_id_idx").on(t.lotId),
    index("credit_transfers_reference_idx").on(t.reference),
    check("credit_transfers_amount_check", sql`${t.amountMilli} > 0`),
    check("credit_transfers_accounts_check", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check(
      "credit_transfers_kind_check",
      sql`${t.kind} in ('purchase', 'bonus', 'grant', 'usage', 'hold', 'capture', 'release', 'expiry', 'refund', 'reversal')`,
    ),
  ],
);

export const creditPacks = pgTable(
  "credit_packs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    creditsMilli: milli("credits_milli").notNull(),
    bonusMilli: milli("bonus_milli").notNull().default(sql`0`),
    priceFen: bigint("price_fen", { mode: "bigint" }).notNull(),
    activeFrom: timestamptz("active_from").notNull().defaultNow(),
    activeUntil: timestamptz("active_until"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [check("credit_packs_amounts_check", sql`${t.creditsMilli} > 0 and ${t.bonusMilli} >= 0 and ${t.priceFen} > 0`)],
);

export const creditPurchases = pgTable(
  "credit_purchases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    packId: uuid("pack_id")
      .notNull()
      .references(() => creditPacks.id),
    creditsMilli: milli("credits_milli").notNull(),
    bonusMilli: milli("bonus_milli").notNull(),
    priceFen: bigint("price_fen", { mode: "bigint" }).notNull(),
    invoiceId: uuid("invoice_id").references(() => invoices.id),
    status: text("status").notNull().default("awaiting_payment"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    issuedAt: timestamptz("issued_at"),
  },
  (t) => [
    index("credit_purchases_org_id_idx").on(t.orgId),
    index("credit_purchases_pack_id_idx").on(t.packId),
    index("credit_purchases_invoice_id_idx").on(t.invoiceId),
    index("credit_purchases_created_by_idx").on(t.createdBy),
    check("credit_purchases_status_check", sql`${t.status} in ('awaiting_payment', 'issued', 'cancelled')`),
  ],
);

export const creditGrants = pgTable(
  "credit_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    amountMilli: milli("amount_milli").notNull(),
    reason: text("reason").notNull(),
    category: text("category").notNull(),
    expiresAt: timestamptz("expires_at"),
    grantedBy: uuid("granted_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("credit_grants_org_id_idx").on(t.orgId),
    index("credit_grants_granted_by_idx").on(t.grantedBy),
    check("credit_grants_amount_check", sql`${t.amountMilli} > 0`),
    check("credit_grants_category_check", sql`${t.category} in ('welcome', 'programme', 'compensation', 'other')`),
  ],
);

/** Credits per unit: per GPU-hour for `gpu_seconds`, per million tokens for `llm_tokens_*`. */
export const creditPrices = pgTable(
  "credit_prices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meter: text("meter").notNull(),
    model: text("model").notNull(),
    priceMilli: milli("price_milli").notNull(),
    effectiveFrom: timestamptz("effective_from").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credit_prices_meter_model_from_key").on(t.meter, t.model, t.effectiveFrom),
    check("credit_prices_meter_check", sql`${t.meter} in ('gpu_seconds', 'llm_tokens_in', 'llm_tokens_out')`),
    check("credit_prices_price_check", sql`${t.priceMilli} >= 0`),
  ],
);

export const computeProjects = pgTable(
  "compute_projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** Null: no limit beyond the tenant's balance. */
    budgetMilli: milli("budget_milli"),
    spentMilli: milli("spent_milli").notNull().default(sql`0`),
    heldMilli: milli("held_milli").notNull().default(sql`0`),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("compute_projects_org_code_key").on(t.orgId, t.code),
    check("compute_projects_spent_check", sql`${t.spentMilli} >= 0 and ${t.heldMilli} >= 0`),
    check("compute_projects_budget_check", sql`${t.budgetMilli} is null or ${t.spentMilli} + ${t.heldMilli} <= ${t.budgetMilli}`),
  ],
);

/**
 * Usage as reported by the gateway; the producer's event id is applied once, ever.
 *
 * `org_id` and `project_id` carry no foreign keys: checking them cost a trigger call per event
 * row (a third of the batch insert). They are still held to existing tenants and projects, through
 * the rollups: every applied event is summed into a `usage_daily` and a `usage_hourly` row with
 * the same tenant and project, those rows have the foreign keys, and `reconcileLedger` checks the
 * rollups against the events row for row (docs/decisions/023-usage-events-without-foreign-keys.md).
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: text("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    projectId: uuid("project_id"),
    meter: text("meter").notNull(),
    model: text("model").notNull(),
    quantity: bigint("quantity", { mode: "bigint" }).notNull(),
    costMilli: milli("cost_milli").notNull(),
    startedAt: timestamptz("started_at").notNull(),
    endedAt: timestamptz("ended_at").notNull(),
    batchId: uuid("batch_id").notNull(),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    index("usage_events_org_started_idx").on(t.orgId, t.startedAt),
    index("usage_events_project_id_idx").on(t.projectId),
    check("usage_events_quantity_check", sql`${t.quantity} > 0 and ${t.costMilli} >= 0`),
  ],
);

/**
 * Applied usage summed per tenant, project, meter, model and park hour (Shanghai is UTC+8 all year,
 * so a park hour is a UTC hour; `hour` is its start). Ingestion adds each batch's applied events
 * in the batch's transaction, so these equal the sums over `usage_events` at every commit; views
 * read these, never the raw events (docs/decisions/016-usage-rollups.md).
 */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    projectId: uuid("project_id").references(() => computeProjects.id),
    meter: text("meter").notNull(),
    model: text("model").notNull(),
    hour: timestamptz("hour").notNull(),
    events: bigint("events", { mode: "bigint" }).notNull(),
    quantity: bigint("quantity", { mode: "bigint" }).notNull(),
    costMilli: milli("cost_milli").notNull(),
  },
  (t) => [
    unique("usage_hourly_key").on(t.orgId, t.hour, t.meter, t.model, t.projectId).nullsNotDistinct(),
    index("usage_hourly_project_id_idx").on(t.projectId),
  ],
);

/** The same per park day (the Shanghai calendar date): what the 30-day charts and totals read. */
export const usageDaily = pgTable(
  "usage_daily",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    projectId: uuid("project_id").references(() => computeProjects.id),
    meter: text("meter").notNull(),
    model: text("model").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    events: bigint("events", { mode: "bigint" }).notNull(),
    quantity: bigint("quantity", { mode: "bigint" }).notNull(),
    costMilli: milli("cost_milli").notNull(),
  },
  (t) => [
    unique("usage_daily_key").on(t.orgId, t.day, t.meter, t.model, t.projectId).nullsNotDistinct(),
    index("usage_daily_project_id_idx").on(t.projectId),
  ],
);

/** What one batch applied for one tenant: the statement's line for the batch's usage transfer. */
export const usageBatches = pgTable(
  "usage_batches",
  {
    batchId: uuid("batch_id").notNull(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    events: integer("events").notNull(),
    firstStartedAt: timestamptz("first_started_at").notNull(),
    lastEndedAt: timestamptz("last_ended_at").notNull(),
    gpuSeconds: bigint("gpu_seconds", { mode: "bigint" }).notNull(),
    tokens: bigint("tokens", { mode: "bigint" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.orgId] }), index("usage_batches_org_id_idx").on(t.orgId)],
);

export const creditHolds = pgTable(
  "credit_holds",
  {
    /** Chosen by the gateway: a retried request for the same hold returns the first answer. */
    id: text("id").primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    projectId: uuid("project_id").references(() => computeProjects.id),
    amountMilli: milli("amount_milli").notNull(),
    capturedMilli: milli("captured_milli"),
    status: text("status").notNull().default("active"),
    description: text("description").notNull().default(""),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    resolvedAt: timestamptz("resolved_at"),
  },
  (t) => [
    index("credit_holds_org_id_idx").on(t.orgId),
    index("credit_holds_project_id_idx").on(t.projectId),
    index("credit_holds_active_idx").on(t.status, t.expiresAt),
    check("credit_holds_status_check", sql`${t.status} in ('active', 'captured', 'voided', 'expired')`),
    check("credit_holds_amount_check", sql`${t.amountMilli} > 0 and (${t.capturedMilli} is null or ${t.capturedMilli} between 0 and ${t.amountMilli})`),
  ],
);

/**
 * API keys, stored as a SHA-256 only. A key without an organisation is the park's gateway key (any
 * tenant); a tenant's key has its `org_id` and acts for that company only — and, with a
 * `project_id`, for that one project.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    orgId: uuid("org_id").references(() => organisations.id),
    projectId: uuid("project_id").references(() => computeProjects.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    index("api_keys_created_by_idx").on(t.createdBy),
    index("api_keys_org_id_idx").on(t.orgId),
    index("api_keys_project_id_idx").on(t.projectId),
    check("api_keys_project_needs_org", sql`${t.projectId} is null or ${t.orgId} is not null`),
  ],
);

/** One row per alert sent, so each threshold crossing notifies once. */
export const creditAlerts = pgTable(
  "credit_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisations.id),
    scope: text("scope").notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    /** Which crossing: bumps when the balance is topped up above the threshold again. */
    epoch: integer("epoch").notNull(),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("credit_alerts_once_key").on(t.orgId, t.scope, t.thresholdPercent, t.epoch)],
);
