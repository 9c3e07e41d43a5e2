CREATE TABLE "admission_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_user_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"company" jsonb,
	"team" jsonb,
	"plan" jsonb,
	"needs" jsonb,
	"materials" jsonb,
	"assignee_user_id" uuid,
	"interview_at" timestamp with time zone,
	"interview_location" text,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"terms" jsonb,
	"org_id" uuid,
	"submitted_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_applications_status_check" CHECK ("admission_applications"."status" in ('draft', 'submitted', 'in_review', 'info_requested', 'resubmitted', 'interview_scheduled', 'approved', 'rejected', 'waitlisted', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "admission_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_attachments_storage_path_unique" UNIQUE("storage_path"),
	CONSTRAINT "admission_attachments_kind_check" CHECK ("admission_attachments"."kind" in ('business_plan', 'licence', 'showreel', 'other')),
	CONSTRAINT "admission_attachments_type_check" CHECK ("admission_attachments"."content_type" in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "admission_attachments_size_check" CHECK ("admission_attachments"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "admission_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"message" text,
	"details" jsonb,
	"internal" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admission_rubric_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"weight" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_rubric_criteria_key_unique" UNIQUE("key"),
	CONSTRAINT "admission_rubric_criteria_weight_check" CHECK ("admission_rubric_criteria"."weight" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "admission_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_scores_score_check" CHECK ("admission_scores"."score" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_applicant_user_id_users_id_fk" FOREIGN KEY ("applicant_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_applications" ADD CONSTRAINT "admission_applications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_attachments" ADD CONSTRAINT "admission_attachments_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_attachments" ADD CONSTRAINT "admission_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_events" ADD CONSTRAINT "admission_events_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_events" ADD CONSTRAINT "admission_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_scores" ADD CONSTRAINT "admission_scores_application_id_admission_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."admission_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_scores" ADD CONSTRAINT "admission_scores_criterion_id_admission_rubric_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."admission_rubric_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_scores" ADD CONSTRAINT "admission_scores_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_applications_applicant_idx" ON "admission_applications" USING btree ("applicant_user_id");--> statement-breakpoint
CREATE INDEX "admission_applications_assignee_idx" ON "admission_applications" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "admission_applications_decided_by_idx" ON "admission_applications" USING btree ("decided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_applications_org_key" ON "admission_applications" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "admission_applications_status_idx" ON "admission_applications" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_applications_one_open_key" ON "admission_applications" USING btree ("applicant_user_id") WHERE "admission_applications"."status" not in ('approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE INDEX "admission_attachments_application_idx" ON "admission_attachments" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "admission_attachments_uploaded_by_idx" ON "admission_attachments" USING btree ("uploaded_by");--> statement-breakpoint
CREATE INDEX "admission_events_application_idx" ON "admission_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "admission_events_actor_idx" ON "admission_events" USING btree ("actor_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "admission_scores_key" ON "admission_scores" USING btree ("application_id","criterion_id","reviewer_user_id");--> statement-breakpoint
CREATE INDEX "admission_scores_criterion_idx" ON "admission_scores" USING btree ("criterion_id");--> statement-breakpoint
CREATE INDEX "admission_scores_reviewer_idx" ON "admission_scores" USING btree ("reviewer_user_id");