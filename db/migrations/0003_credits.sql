CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "compute_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"budget_milli" bigint,
	"spent_milli" bigint DEFAULT 0 NOT NULL,
	"held_milli" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compute_projects_spent_check" CHECK ("compute_projects"."spent_milli" >= 0 and "compute_projects"."held_milli" >= 0),
	CONSTRAINT "compute_projects_budget_check" CHECK ("compute_projects"."budget_milli" is null or "compute_projects"."spent_milli" + "compute_projects"."held_milli" <= "compute_projects"."budget_milli")
);
--> statement-breakpoint
CREATE TABLE "credit_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"kind" text NOT NULL,
	"balance_milli" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_accounts_kind_check" CHECK (("credit_accounts"."org_id" is not null and "credit_accounts"."kind" in ('available', 'held')) or ("credit_accounts"."org_id" is null and "credit_accounts"."kind" in ('sales', 'grants', 'usage', 'expired'))),
	CONSTRAINT "credit_accounts_tenant_balance_check" CHECK ("credit_accounts"."org_id" is null or "credit_accounts"."balance_milli" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"threshold_percent" integer NOT NULL,
	"epoch" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"amount_milli" bigint NOT NULL,
	"reason" text NOT NULL,
	"category" text NOT NULL,
	"expires_at" timestamp with time zone,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_grants_amount_check" CHECK ("credit_grants"."amount_milli" > 0),
	CONSTRAINT "credit_grants_category_check" CHECK ("credit_grants"."category" in ('welcome', 'programme', 'compensation', 'other'))
);
--> statement-breakpoint
CREATE TABLE "credit_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"amount_milli" bigint NOT NULL,
	"captured_milli" bigint,
	"status" text DEFAULT 'active' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "credit_holds_status_check" CHECK ("credit_holds"."status" in ('active', 'captured', 'voided', 'expired')),
	CONSTRAINT "credit_holds_amount_check" CHECK ("credit_holds"."amount_milli" > 0 and ("credit_holds"."captured_milli" is null or "credit_holds"."captured_milli" between 0 and "credit_holds"."amount_milli"))
);
--> statement-breakpoint
CREATE TABLE "credit_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"amount_milli" bigint NOT NULL,
	"remaining_milli" bigint NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_lots_source_check" CHECK ("credit_lots"."source" in ('purchase', 'bonus', 'grant')),
	CONSTRAINT "credit_lots_amounts_check" CHECK ("credit_lots"."amount_milli" > 0 and "credit_lots"."remaining_milli" >= 0 and "credit_lots"."remaining_milli" <= "credit_lots"."amount_milli")
);
--> statement-breakpoint
CREATE TABLE "credit_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"credits_milli" bigint NOT NULL,
	"bonus_milli" bigint DEFAULT 0 NOT NULL,
	"price_fen" bigint NOT NULL,
	"active_from" timestamp with time zone DEFAULT now() NOT NULL,
	"active_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_packs_amounts_check" CHECK ("credit_packs"."credits_milli" > 0 and "credit_packs"."bonus_milli" >= 0 and "credit_packs"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meter" text NOT NULL,
	"model" text NOT NULL,
	"price_milli" bigint NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_prices_meter_check" CHECK ("credit_prices"."meter" in ('gpu_seconds', 'llm_tokens_in', 'llm_tokens_out')),
	CONSTRAINT "credit_prices_price_check" CHECK ("credit_prices"."price_milli" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_purchases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_id" uuid NOT NULL,
	"credits_milli" bigint NOT NULL,
	"bonus_milli" bigint NOT NULL,
	"price_fen" bigint NOT NULL,
	"invoice_id" uuid,
	"status" text DEFAULT 'awaiting_payment' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	CONSTRAINT "credit_purchases_status_check" CHECK ("credit_purchases"."status" in ('awaiting_payment', 'issued', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "credit_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount_milli" bigint NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"lot_id" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_transfers_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "credit_transfers_amount_check" CHECK ("credit_transfers"."amount_milli" > 0),
	CONSTRAINT "credit_transfers_accounts_check" CHECK ("credit_transfers"."debit_account_id" <> "credit_transfers"."credit_account_id"),
	CONSTRAINT "credit_transfers_kind_check" CHECK ("credit_transfers"."kind" in ('purchase', 'bonus', 'grant', 'usage', 'hold', 'capture', 'release', 'expiry', 'refund', 'reversal'))
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"meter" text NOT NULL,
	"model" text NOT NULL,
	"quantity" bigint NOT NULL,
	"cost_milli" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"batch_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_quantity_check" CHECK ("usage_events"."quantity" > 0 and "usage_events"."cost_milli" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compute_projects" ADD CONSTRAINT "compute_projects_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD CONSTRAINT "credit_accounts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_alerts" ADD CONSTRAINT "credit_alerts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grants" ADD CONSTRAINT "credit_grants_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_grants" ADD CONSTRAINT "credit_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_project_id_compute_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."compute_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_lots" ADD CONSTRAINT "credit_lots_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_purchases" ADD CONSTRAINT "credit_purchases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_purchases" ADD CONSTRAINT "credit_purchases_pack_id_credit_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."credit_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_purchases" ADD CONSTRAINT "credit_purchases_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_purchases" ADD CONSTRAINT "credit_purchases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_debit_account_id_credit_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_credit_account_id_credit_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfers" ADD CONSTRAINT "credit_transfers_lot_id_credit_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."credit_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_project_id_compute_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."compute_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_created_by_idx" ON "api_keys" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "compute_projects_org_code_key" ON "compute_projects" USING btree ("org_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_org_kind_key" ON "credit_accounts" USING btree ("org_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_accounts_park_kind_key" ON "credit_accounts" USING btree ("kind") WHERE "credit_accounts"."org_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_alerts_once_key" ON "credit_alerts" USING btree ("org_id","scope","threshold_percent","epoch");--> statement-breakpoint
CREATE INDEX "credit_grants_org_id_idx" ON "credit_grants" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "credit_grants_granted_by_idx" ON "credit_grants" USING btree ("granted_by");--> statement-breakpoint
CREATE INDEX "credit_holds_org_id_idx" ON "credit_holds" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "credit_holds_project_id_idx" ON "credit_holds" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "credit_holds_active_idx" ON "credit_holds" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "credit_lots_org_id_idx" ON "credit_lots" USING btree ("org_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_lots_source_key" ON "credit_lots" USING btree ("source","source_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_prices_meter_model_from_key" ON "credit_prices" USING btree ("meter","model","effective_from");--> statement-breakpoint
CREATE INDEX "credit_purchases_org_id_idx" ON "credit_purchases" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "credit_purchases_pack_id_idx" ON "credit_purchases" USING btree ("pack_id");--> statement-breakpoint
CREATE INDEX "credit_purchases_invoice_id_idx" ON "credit_purchases" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "credit_purchases_created_by_idx" ON "credit_purchases" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "credit_transfers_debit_idx" ON "credit_transfers" USING btree ("debit_account_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_transfers_credit_idx" ON "credit_transfers" USING btree ("credit_account_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_transfers_lot_id_idx" ON "credit_transfers" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "credit_transfers_reference_idx" ON "credit_transfers" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "usage_events_org_started_idx" ON "usage_events" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "usage_events_project_id_idx" ON "usage_events" USING btree ("project_id");