CREATE TABLE "bank_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bank_reference" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"allocated_fen" bigint DEFAULT 0 NOT NULL,
	"received_on" date NOT NULL,
	"payer_name" text NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_transfers_bank_reference_unique" UNIQUE("bank_reference"),
	CONSTRAINT "bank_transfers_amount_check" CHECK ("bank_transfers"."amount_fen" > 0 and "bank_transfers"."allocated_fen" >= 0 and "bank_transfers"."allocated_fen" <= "bank_transfers"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "billing_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"taxpayer_id" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"bank_name" text DEFAULT '' NOT NULL,
	"bank_account" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fapiao_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"fapiao_type" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"details" jsonb NOT NULL,
	"fapiao_number" text,
	"pdf_path" text,
	"requested_by" uuid,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	CONSTRAINT "fapiao_requests_type_check" CHECK ("fapiao_requests"."fapiao_type" in ('normal', 'special')),
	CONSTRAINT "fapiao_requests_status_check" CHECK ("fapiao_requests"."status" in ('requested', 'issued', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "invoice_lines_amount_check" CHECK ("invoice_lines"."quantity" > 0 and "invoice_lines"."unit_price_fen" >= 0 and "invoice_lines"."amount_fen" = "invoice_lines"."quantity" * "invoice_lines"."unit_price_fen")
);
--> statement-breakpoint
CREATE TABLE "invoice_number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"number" text,
	"kind" text NOT NULL,
	"source_ref" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"subtotal_fen" bigint NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"vat_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"due_on" date NOT NULL,
	"transfer_reference" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	CONSTRAINT "invoices_number_unique" UNIQUE("number"),
	CONSTRAINT "invoices_transfer_reference_unique" UNIQUE("transfer_reference"),
	CONSTRAINT "invoices_status_check" CHECK ("invoices"."status" in ('draft', 'open', 'paid', 'void')),
	CONSTRAINT "invoices_amounts_check" CHECK ("invoices"."subtotal_fen" >= 0 and "invoices"."vat_fen" >= 0 and "invoices"."total_fen" = "invoices"."subtotal_fen" + "invoices"."vat_fen"),
	CONSTRAINT "invoices_paid_check" CHECK ("invoices"."paid_fen" >= 0 and "invoices"."paid_fen" <= "invoices"."total_fen"),
	CONSTRAINT "invoices_vat_rate_check" CHECK ("invoices"."vat_rate_bp" between 0 and 10000),
	CONSTRAINT "invoices_number_check" CHECK (("invoices"."status" = 'draft') = ("invoices"."number" is null)),
	CONSTRAINT "invoices_paid_status_check" CHECK (("invoices"."status" = 'paid') = ("invoices"."paid_fen" = "invoices"."total_fen" and "invoices"."status" <> 'draft' and "invoices"."status" <> 'void'))
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"gateway" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"checkout_session_id" text,
	"checkout_url" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_attempts_checkout_session_id_unique" UNIQUE("checkout_session_id"),
	CONSTRAINT "payment_attempts_status_check" CHECK ("payment_attempts"."status" in ('created', 'completed', 'failed', 'expired')),
	CONSTRAINT "payment_attempts_amount_check" CHECK ("payment_attempts"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"method" text NOT NULL,
	"external_ref" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"applied_fen" bigint NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "payments_method_check" CHECK ("payments"."method" in ('stripe', 'bank_transfer')),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('applied', 'needs_refund', 'refunded')),
	CONSTRAINT "payments_amounts_check" CHECK ("payments"."amount_fen" > 0 and "payments"."applied_fen" >= 0 and "payments"."applied_fen" <= "payments"."amount_fen" and "payments"."refunded_fen" >= 0 and "payments"."refunded_fen" <= "payments"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"external_ref" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "refunds_external_ref_unique" UNIQUE("external_ref"),
	CONSTRAINT "refunds_status_check" CHECK ("refunds"."status" in ('pending', 'succeeded', 'failed')),
	CONSTRAINT "refunds_amount_check" CHECK ("refunds"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"result" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_transfers" ADD CONSTRAINT "bank_transfers_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_profiles" ADD CONSTRAINT "billing_profiles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fapiao_requests" ADD CONSTRAINT "fapiao_requests_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fapiao_requests" ADD CONSTRAINT "fapiao_requests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fapiao_requests" ADD CONSTRAINT "fapiao_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fapiao_requests" ADD CONSTRAINT "fapiao_requests_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bank_transfers_recorded_by_idx" ON "bank_transfers" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "fapiao_requests_org_id_idx" ON "fapiao_requests" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "fapiao_requests_invoice_id_idx" ON "fapiao_requests" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "fapiao_requests_requested_by_idx" ON "fapiao_requests" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "fapiao_requests_issued_by_idx" ON "fapiao_requests" USING btree ("issued_by");--> statement-breakpoint
CREATE UNIQUE INDEX "fapiao_requests_open_key" ON "fapiao_requests" USING btree ("invoice_id") WHERE "fapiao_requests"."status" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_position_key" ON "invoice_lines" USING btree ("invoice_id","position");--> statement-breakpoint
CREATE INDEX "invoices_org_id_idx" ON "invoices" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "invoices_status_idx" ON "invoices" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "invoices_created_by_idx" ON "invoices" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_source_key" ON "invoices" USING btree ("kind","source_ref");--> statement-breakpoint
CREATE INDEX "payment_attempts_invoice_id_idx" ON "payment_attempts" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payment_attempts_created_by_idx" ON "payment_attempts" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_method_external_ref_key" ON "payments" USING btree ("method","external_ref");--> statement-breakpoint
CREATE INDEX "payments_invoice_id_idx" ON "payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payments_org_id_idx" ON "payments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "payments_recorded_by_idx" ON "payments" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "refunds_payment_id_idx" ON "refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "refunds_requested_by_idx" ON "refunds" USING btree ("requested_by");