ALTER TABLE "housing_leases" ADD COLUMN "deposit_refunds_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "housing_rent_charges" ADD COLUMN "credit_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "housing_rent_charges" ADD COLUMN "credit_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "housing_rent_charges" ADD CONSTRAINT "housing_rent_charges_credit_check" CHECK ("housing_rent_charges"."credit_fen" >= 0);