CREATE TABLE "circle_event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"queue_no" bigserial NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"status" text NOT NULL,
	"check_in_code" text NOT NULL,
	"access_token_hash" text,
	"last_emailed_at" timestamp with time zone,
	"request_ip_hash" text,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" uuid,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_event_registrations_status_check" CHECK ("circle_event_registrations"."status" in ('pending', 'confirmed', 'waitlisted', 'cancelled')),
	CONSTRAINT "circle_event_registrations_who_check" CHECK ("circle_event_registrations"."user_id" is not null or "circle_event_registrations"."access_token_hash" is not null),
	CONSTRAINT "circle_event_registrations_checked_in_check" CHECK ("circle_event_registrations"."checked_in_at" is null or "circle_event_registrations"."status" = 'confirmed')
);
--> statement-breakpoint
CREATE TABLE "circle_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue" text DEFAULT '' NOT NULL,
	"venue_resource_id" uuid,
	"capacity" integer NOT NULL,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"audience" text DEFAULT 'members' NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_events_time_check" CHECK ("circle_events"."ends_at" > "circle_events"."starts_at"),
	CONSTRAINT "circle_events_capacity_check" CHECK ("circle_events"."capacity" between 1 and 100000),
	CONSTRAINT "circle_events_confirmed_check" CHECK ("circle_events"."confirmed_count" >= 0 and "circle_events"."confirmed_count" <= "circle_events"."capacity"),
	CONSTRAINT "circle_events_audience_check" CHECK ("circle_events"."audience" in ('members', 'public')),
	CONSTRAINT "circle_events_status_check" CHECK ("circle_events"."status" in ('published', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "service_bookings" ALTER COLUMN "order_line_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "service_bookings" ADD COLUMN "park_use_ref" text;--> statement-breakpoint
ALTER TABLE "circle_event_registrations" ADD CONSTRAINT "circle_event_registrations_event_id_circle_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."circle_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_event_registrations" ADD CONSTRAINT "circle_event_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_event_registrations" ADD CONSTRAINT "circle_event_registrations_checked_in_by_users_id_fk" FOREIGN KEY ("checked_in_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_events" ADD CONSTRAINT "circle_events_venue_resource_id_service_resources_id_fk" FOREIGN KEY ("venue_resource_id") REFERENCES "public"."service_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_events" ADD CONSTRAINT "circle_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circle_event_registrations_queue_idx" ON "circle_event_registrations" USING btree ("event_id","status","queue_no");--> statement-breakpoint
CREATE INDEX "circle_event_registrations_user_id_idx" ON "circle_event_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "circle_event_registrations_checked_in_by_idx" ON "circle_event_registrations" USING btree ("checked_in_by");--> statement-breakpoint
CREATE INDEX "circle_event_registrations_ip_idx" ON "circle_event_registrations" USING btree ("request_ip_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_event_registrations_code_key" ON "circle_event_registrations" USING btree ("event_id","check_in_code");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_event_registrations_token_key" ON "circle_event_registrations" USING btree ("access_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "circle_event_registrations_live_email_key" ON "circle_event_registrations" USING btree ("event_id","email") WHERE "circle_event_registrations"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "circle_event_registrations_live_user_key" ON "circle_event_registrations" USING btree ("event_id","user_id") WHERE "circle_event_registrations"."status" <> 'cancelled' and "circle_event_registrations"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "circle_events_starts_at_idx" ON "circle_events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "circle_events_venue_resource_id_idx" ON "circle_events" USING btree ("venue_resource_id");--> statement-breakpoint
CREATE INDEX "circle_events_created_by_idx" ON "circle_events" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "service_bookings_park_use_ref_key" ON "service_bookings" USING btree ("park_use_ref") WHERE "service_bookings"."status" in ('held', 'confirmed');--> statement-breakpoint
ALTER TABLE "service_bookings" ADD CONSTRAINT "service_bookings_holder_check" CHECK (("service_bookings"."order_line_id" is null) <> ("service_bookings"."park_use_ref" is null));