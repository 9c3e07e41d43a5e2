ALTER TABLE "admission_applications" ADD COLUMN "declaration_version" text;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD COLUMN "declared_at" timestamp with time zone;