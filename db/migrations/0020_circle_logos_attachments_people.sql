CREATE TABLE "circle_people" (
	"membership_id" uuid PRIMARY KEY NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"skill_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"public_opt_in" boolean DEFAULT false NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circle_post_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"storage_path" text NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_post_attachments_size_check" CHECK ("circle_post_attachments"."size_bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD COLUMN "logo_path" text;--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD COLUMN "logo_content_type" text;--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD COLUMN "logo_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "circle_people" ADD CONSTRAINT "circle_people_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_post_attachments" ADD CONSTRAINT "circle_post_attachments_post_id_circle_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."circle_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_post_attachments" ADD CONSTRAINT "circle_post_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_post_attachments_post_id_idx" ON "circle_post_attachments" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "circle_post_attachments_uploaded_by_idx" ON "circle_post_attachments" USING btree ("uploaded_by");--> statement-breakpoint
ALTER TABLE "circle_profiles" ADD CONSTRAINT "circle_profiles_logo_check" CHECK (("circle_profiles"."logo_path" is null) = ("circle_profiles"."logo_content_type" is null) and ("circle_profiles"."logo_path" is null) = ("circle_profiles"."logo_updated_at" is null));