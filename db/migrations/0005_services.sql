CREATE TABLE "service_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_line_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"during" "tstzrange" NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"held_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_bookings_status_check" CHECK ("service_bookings"."status" in ('held', 'confirmed', 'cancelled', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "service_capacity_days" (
	"resource_id" uuid NOT NULL,
	"day" date NOT NULL,
	"capacity" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "service_capacity_days_check" CHECK ("service_capacity_days"."used" >= 0 and "service_capacity_days"."used" <= "service_capacity_days"."capacity")
);
--> statement-breakpoint
CREATE TABLE "service_capacity_takes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_line_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"day" date NOT NULL,
	"units" integer NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "service_capacity_takes_units_check" CHECK ("service_capacity_takes"."units" >= 1)
);
--> statement-breakpoint
CREATE TABLE "service_offerings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"category" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"photo" text,
	"pricing_unit" text NOT NULL,
	"price_fen" bigint,
	"min_quantity" integer DEFAULT 1 NOT NULL,
	"max_quantity" integer DEFAULT 1 NOT NULL,
	"lead_time_hours" integer DEFAULT 0 NOT NULL,
	"requires_approval" boolean DEFAULT true NOT NULL,
	"free_cancel_hours" integer DEFAULT 48 NOT NULL,
	"cancel_fee_bp" integer DEFAULT 0 NOT NULL,
	"resource_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "service_offerings_code_unique" UNIQUE("code"),
	CONSTRAINT "service_offerings_category_check" CHECK ("service_offerings"."category" in ('stages', 'locations', 'set_building', 'props', 'equipment', 'extras', 'post_production', 'virtual_production', 'scanning', 'accommodation', 'dining', 'business')),
	CONSTRAINT "service_offerings_unit_check" CHECK ("service_offerings"."pricing_unit" in ('hour', 'half_day', 'day', 'person_day', 'item', 'night', 'quote')),
	CONSTRAINT "service_offerings_price_check" CHECK (("service_offerings"."pricing_unit" = 'quote') = ("service_offerings"."price_fen" is null) and ("service_offerings"."price_fen" is null or "service_offerings"."price_fen" >= 0)),
	CONSTRAINT "service_offerings_quantity_check" CHECK ("service_offerings"."min_quantity" >= 1 and "service_offerings"."max_quantity" >= "service_offerings"."min_quantity"),
	CONSTRAINT "service_offerings_cancel_check" CHECK ("service_offerings"."cancel_fee_bp" between 0 and 10000 and "service_offerings"."free_cancel_hours" >= 0 and "service_offerings"."lead_time_hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"offering_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"units" integer NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"unit_price_fen" bigint,
	"amount_fen" bigint,
	CONSTRAINT "service_order_lines_check" CHECK ("service_order_lines"."quantity" >= 1 and "service_order_lines"."units" >= 1 and ("service_order_lines"."ends_at" is null or "service_order_lines"."ends_at" > "service_order_lines"."starts_at"))
);
--> statement-breakpoint
CREATE TABLE "service_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"status" text NOT NULL,
	"package_id" uuid,
	"title" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"cancellation_fee_fen" bigint,
	"invoice_id" uuid,
	"submitted_by" uuid NOT NULL,
	"decided_by" uuid,
	"decision_note" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_orders_status_check" CHECK ("service_orders"."status" in ('awaiting_tenant_approval', 'submitted', 'quoted', 'changes_requested', 'approved', 'rejected', 'confirmed', 'in_progress', 'completed', 'cancelled', 'expired')),
	CONSTRAINT "service_orders_total_check" CHECK ("service_orders"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_package_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"package_id" uuid NOT NULL,
	"offering_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"day_offset" integer DEFAULT 0 NOT NULL,
	"days" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "service_package_items_check" CHECK ("service_package_items"."quantity" >= 1 and "service_package_items"."days" >= 1 and "service_package_items"."day_offset" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"price_fen" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "service_packages_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "service_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"opens_minute" integer,
	"closes_minute" integer,
	"setup_minutes" integer DEFAULT 0 NOT NULL,
	"teardown_minutes" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "service_resources_code_unique" UNIQUE("code"),
	CONSTRAINT "service_resources_capacity_check" CHECK ("service_resources"."capacity" >= 1),
	CONSTRAINT "service_resources_buffers_check" CHECK ("service_resources"."setup_minutes" >= 0 and "service_resources"."teardown_minutes" >= 0),
	CONSTRAINT "service_resources_hours_check" CHECK (("service_resources"."opens_minute" is null and "service_resources"."closes_minute" is null) or ("service_resources"."opens_minute" >= 0 and "service_resources"."closes_minute" <= 1440 and "service_resources"."opens_minute" < "service_resources"."closes_minute"))
);
--> statement-breakpoint
ALTER TABLE "service_bookings" ADD CONSTRAINT "service_bookings_order_line_id_service_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."service_order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_bookings" ADD CONSTRAINT "service_bookings_resource_id_service_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."service_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_bookings" ADD CONSTRAINT "service_bookings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_capacity_days" ADD CONSTRAINT "service_capacity_days_resource_id_service_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."service_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_capacity_takes" ADD CONSTRAINT "service_capacity_takes_order_line_id_service_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."service_order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_capacity_takes" ADD CONSTRAINT "service_capacity_takes_resource_id_service_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."service_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_offerings" ADD CONSTRAINT "service_offerings_resource_id_service_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."service_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order_lines" ADD CONSTRAINT "service_order_lines_order_id_service_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."service_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_order_lines" ADD CONSTRAINT "service_order_lines_offering_id_service_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."service_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_package_id_service_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."service_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_package_items" ADD CONSTRAINT "service_package_items_package_id_service_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."service_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_package_items" ADD CONSTRAINT "service_package_items_offering_id_service_offerings_id_fk" FOREIGN KEY ("offering_id") REFERENCES "public"."service_offerings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_bookings_order_line_id_idx" ON "service_bookings" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "service_bookings_org_id_idx" ON "service_bookings" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "service_bookings_resource_id_idx" ON "service_bookings" USING btree ("resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_capacity_days_key" ON "service_capacity_days" USING btree ("resource_id","day");--> statement-breakpoint
CREATE INDEX "service_capacity_takes_line_idx" ON "service_capacity_takes" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "service_capacity_takes_resource_id_idx" ON "service_capacity_takes" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "service_offerings_category_idx" ON "service_offerings" USING btree ("category","sort_order");--> statement-breakpoint
CREATE INDEX "service_offerings_resource_id_idx" ON "service_offerings" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "service_order_lines_order_id_idx" ON "service_order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "service_order_lines_offering_id_idx" ON "service_order_lines" USING btree ("offering_id");--> statement-breakpoint
CREATE INDEX "service_orders_org_id_idx" ON "service_orders" USING btree ("org_id","submitted_at");--> statement-breakpoint
CREATE INDEX "service_orders_status_idx" ON "service_orders" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "service_orders_package_id_idx" ON "service_orders" USING btree ("package_id");--> statement-breakpoint
CREATE INDEX "service_orders_invoice_id_idx" ON "service_orders" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "service_orders_submitted_by_idx" ON "service_orders" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "service_orders_decided_by_idx" ON "service_orders" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "service_package_items_package_id_idx" ON "service_package_items" USING btree ("package_id");--> statement-breakpoint
CREATE INDEX "service_package_items_offering_id_idx" ON "service_package_items" USING btree ("offering_id");