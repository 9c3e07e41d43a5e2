CREATE SEQUENCE "public"."housing_lease_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."registration_case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "housing_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"applicant_user_id" uuid NOT NULL,
	"unit_type" text NOT NULL,
	"move_in_on" date NOT NULL,
	"move_out_on" date NOT NULL,
	"payer" text DEFAULT 'company' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"priority_reason" text DEFAULT '' NOT NULL,
	"endorsed_by" uuid,
	"endorsed_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_applications_status_check" CHECK ("housing_applications"."status" in ('submitted', 'endorsed', 'offered', 'accepted', 'declined', 'rejected', 'withdrawn')),
	CONSTRAINT "housing_applications_type_check" CHECK ("housing_applications"."unit_type" in ('studio', 'one_bedroom', 'two_bedroom', 'shared')),
	CONSTRAINT "housing_applications_payer_check" CHECK ("housing_applications"."payer" in ('company', 'resident')),
	CONSTRAINT "housing_applications_dates_check" CHECK ("housing_applications"."move_out_on" > "housing_applications"."move_in_on")
);
--> statement-breakpoint
CREATE TABLE "housing_buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"address_zh" text DEFAULT '' NOT NULL,
	"address_en" text DEFAULT '' NOT NULL,
	"floors" integer DEFAULT 1 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "housing_buildings_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "housing_deposit_deductions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lease_id" uuid NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_deposit_deductions_amount_check" CHECK ("housing_deposit_deductions"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "housing_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lease_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"keys" integer NOT NULL,
	"access_cards" integer DEFAULT 0 NOT NULL,
	"reading_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_handovers_kind_check" CHECK ("housing_handovers"."kind" in ('check_in', 'check_out')),
	CONSTRAINT "housing_handovers_keys_check" CHECK ("housing_handovers"."keys" >= 0 and "housing_handovers"."access_cards" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing_leases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text DEFAULT 'HL-' || lpad(nextval('housing_lease_number_seq')::text, 5, '0') NOT NULL,
	"application_id" uuid,
	"offer_id" uuid,
	"renews_lease_id" uuid,
	"unit_id" uuid NOT NULL,
	"bed_no" integer DEFAULT 0 NOT NULL,
	"org_id" uuid NOT NULL,
	"resident_user_id" uuid NOT NULL,
	"payer" text DEFAULT 'company' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"monthly_rent_fen" bigint NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"status" text DEFAULT 'awaiting_signature' NOT NULL,
	"terms_version" text NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signed_ip" text,
	"notice_given_at" timestamp with time zone,
	"deposit_invoice_id" uuid,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"deposit_settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_leases_number_unique" UNIQUE("number"),
	CONSTRAINT "housing_leases_status_check" CHECK ("housing_leases"."status" in ('awaiting_signature', 'active', 'ended', 'terminated', 'cancelled')),
	CONSTRAINT "housing_leases_payer_check" CHECK ("housing_leases"."payer" in ('company', 'resident')),
	CONSTRAINT "housing_leases_dates_check" CHECK ("housing_leases"."ends_on" > "housing_leases"."starts_on"),
	CONSTRAINT "housing_leases_money_check" CHECK ("housing_leases"."monthly_rent_fen" > 0 and "housing_leases"."deposit_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing_meter_readings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"lease_id" uuid,
	"read_on" date NOT NULL,
	"electricity_kwh" numeric(12, 2) NOT NULL,
	"water_m3" numeric(12, 2) NOT NULL,
	"kind" text DEFAULT 'monthly' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_meter_readings_kind_check" CHECK ("housing_meter_readings"."kind" in ('check_in', 'check_out', 'monthly')),
	CONSTRAINT "housing_meter_readings_values_check" CHECK ("housing_meter_readings"."electricity_kwh" >= 0 and "housing_meter_readings"."water_m3" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing_occupancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"bed_no" integer DEFAULT 0 NOT NULL,
	"during" daterange NOT NULL,
	"kind" text NOT NULL,
	"lease_id" uuid,
	"source_ref" text,
	"org_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "housing_occupancies_kind_check" CHECK ("housing_occupancies"."kind" in ('lease', 'short_stay', 'maintenance')),
	CONSTRAINT "housing_occupancies_status_check" CHECK ("housing_occupancies"."status" in ('held', 'active', 'released')),
	CONSTRAINT "housing_occupancies_bed_check" CHECK ("housing_occupancies"."bed_no" >= 0),
	CONSTRAINT "housing_occupancies_lease_check" CHECK (("housing_occupancies"."kind" = 'lease') = ("housing_occupancies"."lease_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "housing_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"bed_no" integer DEFAULT 0 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"monthly_rent_fen" bigint NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"offered_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_offers_status_check" CHECK ("housing_offers"."status" in ('open', 'accepted', 'declined', 'lapsed', 'withdrawn', 'taken')),
	CONSTRAINT "housing_offers_dates_check" CHECK ("housing_offers"."ends_on" > "housing_offers"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "housing_quotas" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"places" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_quotas_places_check" CHECK ("housing_quotas"."places" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing_rent_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lease_id" uuid NOT NULL,
	"month" date NOT NULL,
	"days" integer NOT NULL,
	"rent_fen" bigint NOT NULL,
	"utilities_fen" bigint DEFAULT 0 NOT NULL,
	"invoice_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_rent_charges_check" CHECK ("housing_rent_charges"."days" >= 0 and "housing_rent_charges"."rent_fen" >= 0 and "housing_rent_charges"."utilities_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "housing_repairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"lease_id" uuid,
	"org_id" uuid NOT NULL,
	"reported_by" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'reported' NOT NULL,
	"assignee_user_id" uuid,
	"scheduled_for" timestamp with time zone,
	"resolution_note" text,
	"resolved_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"rating" integer,
	"rating_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_repairs_status_check" CHECK ("housing_repairs"."status" in ('reported', 'assigned', 'scheduled', 'resolved', 'confirmed', 'cancelled')),
	CONSTRAINT "housing_repairs_category_check" CHECK ("housing_repairs"."category" in ('plumbing', 'electrical', 'appliance', 'furniture', 'network', 'doors_locks', 'other')),
	CONSTRAINT "housing_repairs_rating_check" CHECK ("housing_repairs"."rating" is null or "housing_repairs"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "housing_residents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"user_id" uuid,
	"is_primary" boolean DEFAULT false NOT NULL,
	"name_enc" text NOT NULL,
	"name_masked" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"code" text NOT NULL,
	"floor" integer NOT NULL,
	"unit_type" text NOT NULL,
	"beds" integer DEFAULT 1 NOT NULL,
	"area_m2" numeric(7, 2) NOT NULL,
	"furnishing" text DEFAULT 'furnished' NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"monthly_rent_fen" bigint NOT NULL,
	"deposit_fen" bigint NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"short_stay" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_units_code_unique" UNIQUE("code"),
	CONSTRAINT "housing_units_type_check" CHECK ("housing_units"."unit_type" in ('studio', 'one_bedroom', 'two_bedroom', 'shared')),
	CONSTRAINT "housing_units_beds_check" CHECK ("housing_units"."beds" >= 1 and ("housing_units"."unit_type" = 'shared' or "housing_units"."beds" = 1)),
	CONSTRAINT "housing_units_short_stay_check" CHECK (not ("housing_units"."short_stay" and "housing_units"."unit_type" = 'shared')),
	CONSTRAINT "housing_units_status_check" CHECK ("housing_units"."status" in ('available', 'let', 'reserved', 'maintenance')),
	CONSTRAINT "housing_units_furnishing_check" CHECK ("housing_units"."furnishing" in ('furnished', 'basic', 'unfurnished')),
	CONSTRAINT "housing_units_money_check" CHECK ("housing_units"."monthly_rent_fen" > 0 and "housing_units"."deposit_fen" >= 0 and "housing_units"."area_m2" > 0)
);
--> statement-breakpoint
CREATE TABLE "registration_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"address_zh" text NOT NULL,
	"address_en" text NOT NULL,
	"case_id" uuid,
	"assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_addresses_address_zh_unique" UNIQUE("address_zh"),
	CONSTRAINT "registration_addresses_assigned_check" CHECK (("registration_addresses"."case_id" is null) = ("registration_addresses"."assigned_at" is null))
);
--> statement-breakpoint
CREATE TABLE "registration_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text DEFAULT 'RC-' || lpad(nextval('registration_case_number_seq')::text, 5, '0') NOT NULL,
	"case_type" text NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"org_id" uuid,
	"status" text DEFAULT 'intake' NOT NULL,
	"resume_status" text,
	"waiting_reason" text,
	"step_owner" text DEFAULT 'applicant' NOT NULL,
	"due_on" date,
	"assignee_user_id" uuid,
	"intake" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"intake_submitted_at" timestamp with time zone,
	"approved_name_zh" text,
	"uscc" text,
	"licence_issued_on" date,
	"own_address" text,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"fee_invoice_id" uuid,
	"cancelled_reason" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_cases_number_unique" UNIQUE("number"),
	CONSTRAINT "registration_cases_status_check" CHECK ("registration_cases"."status" in ('intake', 'materials_complete', 'name_approved', 'filed', 'licence_issued', 'seals_made', 'bank_opened', 'tax_registered', 'completed', 'waiting_for_applicant', 'cancelled')),
	CONSTRAINT "registration_cases_type_check" CHECK ("registration_cases"."case_type" in ('limited', 'sole_proprietorship', 'individual', 'relocation')),
	CONSTRAINT "registration_cases_step_owner_check" CHECK ("registration_cases"."step_owner" in ('applicant', 'desk')),
	CONSTRAINT "registration_cases_fee_check" CHECK ("registration_cases"."fee_fen" >= 0),
	CONSTRAINT "registration_cases_waiting_check" CHECK (("registration_cases"."status" = 'waiting_for_applicant') = ("registration_cases"."resume_status" is not null))
);
--> statement-breakpoint
CREATE TABLE "registration_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"requirement" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "registration_documents_storage_path_unique" UNIQUE("storage_path"),
	CONSTRAINT "registration_documents_type_check" CHECK ("registration_documents"."content_type" in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "registration_documents_size_check" CHECK ("registration_documents"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "registration_duty_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"duty" text NOT NULL,
	"year" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registration_fees" (
	"case_type" text PRIMARY KEY NOT NULL,
	"fee_fen" bigint NOT NULL,
	"free_for_tenants" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_fees_type_check" CHECK ("registration_fees"."case_type" in ('limited', 'sole_proprietorship', 'individual', 'relocation')),
	CONSTRAINT "registration_fees_fee_check" CHECK ("registration_fees"."fee_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_role_check";--> statement-breakpoint
ALTER TABLE "admission_applications" ADD COLUMN "registration_case_id" uuid;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_endorsed_by_users_id_fk" FOREIGN KEY ("endorsed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_deposit_deductions" ADD CONSTRAINT "housing_deposit_deductions_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_deposit_deductions" ADD CONSTRAINT "housing_deposit_deductions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_handovers" ADD CONSTRAINT "housing_handovers_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_handovers" ADD CONSTRAINT "housing_handovers_reading_id_housing_meter_readings_id_fk" FOREIGN KEY ("reading_id") REFERENCES "public"."housing_meter_readings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_handovers" ADD CONSTRAINT "housing_handovers_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_application_id_housing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."housing_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_offer_id_housing_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."housing_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_unit_id_housing_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."housing_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_resident_user_id_users_id_fk" FOREIGN KEY ("resident_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_leases" ADD CONSTRAINT "housing_leases_deposit_invoice_id_invoices_id_fk" FOREIGN KEY ("deposit_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_meter_readings" ADD CONSTRAINT "housing_meter_readings_unit_id_housing_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."housing_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_meter_readings" ADD CONSTRAINT "housing_meter_readings_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_meter_readings" ADD CONSTRAINT "housing_meter_readings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_occupancies" ADD CONSTRAINT "housing_occupancies_unit_id_housing_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."housing_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_occupancies" ADD CONSTRAINT "housing_occupancies_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_occupancies" ADD CONSTRAINT "housing_occupancies_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_offers" ADD CONSTRAINT "housing_offers_application_id_housing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."housing_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_offers" ADD CONSTRAINT "housing_offers_unit_id_housing_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."housing_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_offers" ADD CONSTRAINT "housing_offers_offered_by_users_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_quotas" ADD CONSTRAINT "housing_quotas_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_quotas" ADD CONSTRAINT "housing_quotas_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_rent_charges" ADD CONSTRAINT "housing_rent_charges_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_rent_charges" ADD CONSTRAINT "housing_rent_charges_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_repairs" ADD CONSTRAINT "housing_repairs_unit_id_housing_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."housing_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_repairs" ADD CONSTRAINT "housing_repairs_lease_id_housing_leases_id_fk" FOREIGN KEY ("lease_id") REFERENCES "public"."housing_leases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_repairs" ADD CONSTRAINT "housing_repairs_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_repairs" ADD CONSTRAINT "housing_repairs_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_repairs" ADD CONSTRAINT "housing_repairs_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_residents" ADD CONSTRAINT "housing_residents_application_id_housing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."housing_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_residents" ADD CONSTRAINT "housing_residents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_units" ADD CONSTRAINT "housing_units_building_id_housing_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."housing_buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_addresses" ADD CONSTRAINT "registration_addresses_case_id_registration_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."registration_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_cases" ADD CONSTRAINT "registration_cases_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_cases" ADD CONSTRAINT "registration_cases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_cases" ADD CONSTRAINT "registration_cases_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_cases" ADD CONSTRAINT "registration_cases_fee_invoice_id_invoices_id_fk" FOREIGN KEY ("fee_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_documents" ADD CONSTRAINT "registration_documents_case_id_registration_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."registration_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_documents" ADD CONSTRAINT "registration_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_duty_reminders" ADD CONSTRAINT "registration_duty_reminders_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_case_id_registration_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."registration_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_fees" ADD CONSTRAINT "registration_fees_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "housing_applications_org_idx" ON "housing_applications" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "housing_applications_waitlist_idx" ON "housing_applications" USING btree ("status","priority","endorsed_at");--> statement-breakpoint
CREATE INDEX "housing_applications_applicant_idx" ON "housing_applications" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE INDEX "housing_applications_endorsed_by_idx" ON "housing_applications" USING btree ("endorsed_by");--> statement-breakpoint
CREATE INDEX "housing_applications_decided_by_idx" ON "housing_applications" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "housing_deposit_deductions_lease_idx" ON "housing_deposit_deductions" USING btree ("lease_id");--> statement-breakpoint
CREATE INDEX "housing_deposit_deductions_created_by_idx" ON "housing_deposit_deductions" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "housing_handovers_key" ON "housing_handovers" USING btree ("lease_id","kind");--> statement-breakpoint
CREATE INDEX "housing_handovers_reading_idx" ON "housing_handovers" USING btree ("reading_id");--> statement-breakpoint
CREATE INDEX "housing_handovers_recorded_by_idx" ON "housing_handovers" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "housing_leases_unit_idx" ON "housing_leases" USING btree ("unit_id","starts_on");--> statement-breakpoint
CREATE INDEX "housing_leases_org_idx" ON "housing_leases" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "housing_leases_resident_idx" ON "housing_leases" USING btree ("resident_user_id");--> statement-breakpoint
CREATE INDEX "housing_leases_application_idx" ON "housing_leases" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "housing_leases_offer_idx" ON "housing_leases" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "housing_leases_signed_by_idx" ON "housing_leases" USING btree ("signed_by");--> statement-breakpoint
CREATE INDEX "housing_leases_deposit_invoice_idx" ON "housing_leases" USING btree ("deposit_invoice_id");--> statement-breakpoint
CREATE INDEX "housing_leases_status_ends_idx" ON "housing_leases" USING btree ("status","ends_on");--> statement-breakpoint
CREATE INDEX "housing_meter_readings_unit_idx" ON "housing_meter_readings" USING btree ("unit_id","read_on");--> statement-breakpoint
CREATE INDEX "housing_meter_readings_lease_idx" ON "housing_meter_readings" USING btree ("lease_id");--> statement-breakpoint
CREATE INDEX "housing_meter_readings_recorded_by_idx" ON "housing_meter_readings" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "housing_occupancies_unit_idx" ON "housing_occupancies" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "housing_occupancies_lease_idx" ON "housing_occupancies" USING btree ("lease_id");--> statement-breakpoint
CREATE INDEX "housing_occupancies_source_idx" ON "housing_occupancies" USING btree ("source_ref");--> statement-breakpoint
CREATE INDEX "housing_occupancies_org_idx" ON "housing_occupancies" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "housing_offers_application_idx" ON "housing_offers" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "housing_offers_unit_idx" ON "housing_offers" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "housing_offers_open_idx" ON "housing_offers" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "housing_offers_offered_by_idx" ON "housing_offers" USING btree ("offered_by");--> statement-breakpoint
CREATE UNIQUE INDEX "housing_offers_one_open_key" ON "housing_offers" USING btree ("application_id") WHERE "housing_offers"."status" = 'open';--> statement-breakpoint
CREATE INDEX "housing_quotas_updated_by_idx" ON "housing_quotas" USING btree ("updated_by");--> statement-breakpoint
CREATE UNIQUE INDEX "housing_rent_charges_key" ON "housing_rent_charges" USING btree ("lease_id","month");--> statement-breakpoint
CREATE INDEX "housing_rent_charges_invoice_idx" ON "housing_rent_charges" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "housing_repairs_unit_idx" ON "housing_repairs" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "housing_repairs_lease_idx" ON "housing_repairs" USING btree ("lease_id");--> statement-breakpoint
CREATE INDEX "housing_repairs_org_idx" ON "housing_repairs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "housing_repairs_status_idx" ON "housing_repairs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "housing_repairs_reported_by_idx" ON "housing_repairs" USING btree ("reported_by");--> statement-breakpoint
CREATE INDEX "housing_repairs_assignee_idx" ON "housing_repairs" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "housing_residents_application_idx" ON "housing_residents" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "housing_residents_user_idx" ON "housing_residents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "housing_units_building_idx" ON "housing_units" USING btree ("building_id","floor","code");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_addresses_case_key" ON "registration_addresses" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "registration_cases_owner_idx" ON "registration_cases" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "registration_cases_org_idx" ON "registration_cases" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "registration_cases_status_idx" ON "registration_cases" USING btree ("status","status_changed_at");--> statement-breakpoint
CREATE INDEX "registration_cases_assignee_idx" ON "registration_cases" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "registration_cases_fee_invoice_idx" ON "registration_cases" USING btree ("fee_invoice_id");--> statement-breakpoint
CREATE INDEX "registration_documents_case_idx" ON "registration_documents" USING btree ("case_id","requirement");--> statement-breakpoint
CREATE INDEX "registration_documents_uploaded_by_idx" ON "registration_documents" USING btree ("uploaded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "registration_duty_reminders_key" ON "registration_duty_reminders" USING btree ("org_id","duty","year");--> statement-breakpoint
CREATE INDEX "registration_events_case_idx" ON "registration_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "registration_events_actor_idx" ON "registration_events" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "registration_fees_updated_by_idx" ON "registration_fees" USING btree ("updated_by");--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_registration_case_id_registration_cases_id_fk" FOREIGN KEY ("registration_case_id") REFERENCES "public"."registration_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "admission_applications_registration_case_key" ON "admission_applications" USING btree ("registration_case_id");--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_check" CHECK ("memberships"."role" in ('owner', 'admin', 'member', 'admissions', 'services', 'housing', 'registration', 'finance'));