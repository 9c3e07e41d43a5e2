CREATE TABLE "circle_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_interests_status_check" CHECK ("circle_interests"."status" in ('pending', 'accepted', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "circle_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"category" text,
	"skill_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"budget_min_fen" bigint,
	"budget_max_fen" bigint,
	"starts_on" date,
	"ends_on" date,
	"location" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_posts_kind_check" CHECK ("circle_posts"."kind" in ('looking', 'offering')),
	CONSTRAINT "circle_posts_status_check" CHECK ("circle_posts"."status" in ('open', 'closed')),
	CONSTRAINT "circle_posts_outcome_check" CHECK (("circle_posts"."status" = 'open' and "circle_posts"."outcome" is null) or ("circle_posts"."status" = 'closed' and "circle_posts"."outcome" in ('found_in_park', 'found_elsewhere', 'cancelled', 'expired'))),
	CONSTRAINT "circle_posts_budget_check" CHECK (("circle_posts"."budget_min_fen" is null or "circle_posts"."budget_min_fen" >= 0) and ("circle_posts"."budget_max_fen" is null or "circle_posts"."budget_max_fen" >= 0) and ("circle_posts"."budget_min_fen" is null or "circle_posts"."budget_max_fen" is null or "circle_posts"."budget_min_fen" <= "circle_posts"."budget_max_fen")),
	CONSTRAINT "circle_posts_dates_check" CHECK ("circle_posts"."starts_on" is null or "circle_posts"."ends_on" is null or "circle_posts"."starts_on" <= "circle_posts"."ends_on"),
	CONSTRAINT "circle_posts_hidden_reason_check" CHECK ("circle_posts"."hidden_at" is null or "circle_posts"."hidden_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "circle_profile_skills" (
	"org_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	"side" text NOT NULL,
	CONSTRAINT "circle_profile_skills_org_id_skill_id_side_pk" PRIMARY KEY("org_id","skill_id","side"),
	CONSTRAINT "circle_profile_skills_side_check" CHECK ("circle_profile_skills"."side" in ('offer', 'seek'))
);
--> statement-breakpoint
CREATE TABLE "circle_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"what_we_do_zh" text DEFAULT '' NOT NULL,
	"what_we_do_en" text DEFAULT '' NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"works" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"showreel_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"team_size" integer,
	"founded_year" integer,
	"contact_user_id" uuid,
	"visibility" text DEFAULT 'listed' NOT NULL,
	"public_opt_in" boolean DEFAULT false NOT NULL,
	"in_park_since" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"name_search" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_profiles_visibility_check" CHECK ("circle_profiles"."visibility" in ('listed', 'hidden')),
	CONSTRAINT "circle_profiles_team_size_check" CHECK ("circle_profiles"."team_size" is null or "circle_profiles"."team_size" between 1 and 100000),
	CONSTRAINT "circle_profiles_founded_year_check" CHECK ("circle_profiles"."founded_year" is null or "circle_profiles"."founded_year" between 1900 and 2100)
);
--> statement-breakpoint
CREATE TABLE "circle_skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circle_interests" ADD CONSTRAINT "circle_interests_post_id_circle_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."circle_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_interests" ADD CONSTRAINT "circle_interests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_interests" ADD CONSTRAINT "circle_interests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_posts" ADD CONSTRAINT "circle_posts_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_profile_skills" ADD CONSTRAINT "circle_profile_skills_org_id_circle_profiles_org_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."circle_profiles"("org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_profile_skills" ADD CONSTRAINT "circle_profile_skills_skill_id_circle_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."circle_skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD CONSTRAINT "circle_profiles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD CONSTRAINT "circle_profiles_contact_user_id_users_id_fk" FOREIGN KEY ("contact_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "circle_interests_post_org_key" ON "circle_interests" USING btree ("post_id","org_id");--> statement-breakpoint
CREATE INDEX "circle_interests_org_id_idx" ON "circle_interests" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "circle_interests_user_id_idx" ON "circle_interests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "circle_posts_org_id_idx" ON "circle_posts" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "circle_posts_author_user_id_idx" ON "circle_posts" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "circle_posts_hidden_by_idx" ON "circle_posts" USING btree ("hidden_by");--> statement-breakpoint
CREATE INDEX "circle_posts_open_idx" ON "circle_posts" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "circle_profile_skills_skill_id_idx" ON "circle_profile_skills" USING btree ("skill_id","side");--> statement-breakpoint
CREATE INDEX "circle_profiles_contact_user_id_idx" ON "circle_profiles" USING btree ("contact_user_id");--> statement-breakpoint
CREATE INDEX "circle_profiles_in_park_since_idx" ON "circle_profiles" USING btree ("in_park_since");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_skills_code_key" ON "circle_skills" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_skills_name_zh_key" ON "circle_skills" USING btree ("name_zh");