CREATE TABLE "circle_call_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_path" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circle_call_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"credit_grant_id" uuid,
	"amount_milli" bigint,
	"awarded_by" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circle_call_reviewers" (
	"call_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "circle_call_reviewers_call_id_user_id_pk" PRIMARY KEY("call_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "circle_call_scores" (
	"submission_id" uuid NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_call_scores_submission_id_reviewer_user_id_pk" PRIMARY KEY("submission_id","reviewer_user_id"),
	CONSTRAINT "circle_call_scores_total_check" CHECK ("circle_call_scores"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "circle_call_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_call_submissions_status_check" CHECK ("circle_call_submissions"."status" in ('draft', 'submitted', 'withdrawn')),
	CONSTRAINT "circle_call_submissions_submitted_check" CHECK ("circle_call_submissions"."status" <> 'submitted' or "circle_call_submissions"."submitted_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "circle_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'call' NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"criteria_zh" text DEFAULT '' NOT NULL,
	"criteria_en" text DEFAULT '' NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"required_attachments" text[] DEFAULT '{}'::text[] NOT NULL,
	"rubric" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"award_milli" bigint,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_calls_kind_check" CHECK ("circle_calls"."kind" in ('call', 'incubator')),
	CONSTRAINT "circle_calls_status_check" CHECK ("circle_calls"."status" in ('draft', 'open', 'closed', 'decided')),
	CONSTRAINT "circle_calls_award_check" CHECK ("circle_calls"."award_milli" is null or "circle_calls"."award_milli" > 0)
);
--> statement-breakpoint
ALTER TABLE "circle_call_attachments" ADD CONSTRAINT "circle_call_attachments_submission_id_circle_call_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."circle_call_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_attachments" ADD CONSTRAINT "circle_call_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_awards" ADD CONSTRAINT "circle_call_awards_call_id_circle_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."circle_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_awards" ADD CONSTRAINT "circle_call_awards_submission_id_circle_call_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."circle_call_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_awards" ADD CONSTRAINT "circle_call_awards_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_awards" ADD CONSTRAINT "circle_call_awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_reviewers" ADD CONSTRAINT "circle_call_reviewers_call_id_circle_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."circle_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_reviewers" ADD CONSTRAINT "circle_call_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_scores" ADD CONSTRAINT "circle_call_scores_submission_id_circle_call_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."circle_call_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_scores" ADD CONSTRAINT "circle_call_scores_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_submissions" ADD CONSTRAINT "circle_call_submissions_call_id_circle_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."circle_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_submissions" ADD CONSTRAINT "circle_call_submissions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_call_submissions" ADD CONSTRAINT "circle_call_submissions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_calls" ADD CONSTRAINT "circle_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_call_attachments_submission_id_idx" ON "circle_call_attachments" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "circle_call_attachments_uploaded_by_idx" ON "circle_call_attachments" USING btree ("uploaded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_call_awards_submission_key" ON "circle_call_awards" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_call_awards_credit_grant_key" ON "circle_call_awards" USING btree ("credit_grant_id");--> statement-breakpoint
CREATE INDEX "circle_call_awards_call_id_idx" ON "circle_call_awards" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "circle_call_awards_org_id_idx" ON "circle_call_awards" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "circle_call_awards_awarded_by_idx" ON "circle_call_awards" USING btree ("awarded_by");--> statement-breakpoint
CREATE INDEX "circle_call_reviewers_user_id_idx" ON "circle_call_reviewers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "circle_call_scores_reviewer_user_id_idx" ON "circle_call_scores" USING btree ("reviewer_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_call_submissions_call_org_key" ON "circle_call_submissions" USING btree ("call_id","org_id");--> statement-breakpoint
CREATE INDEX "circle_call_submissions_org_id_idx" ON "circle_call_submissions" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "circle_call_submissions_created_by_idx" ON "circle_call_submissions" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "circle_calls_created_by_idx" ON "circle_calls" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "circle_calls_status_idx" ON "circle_calls" USING btree ("status","deadline_at");