CREATE TABLE "usage_batches" (
	"batch_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"events" integer NOT NULL,
	"first_started_at" timestamp with time zone NOT NULL,
	"last_ended_at" timestamp with time zone NOT NULL,
	"gpu_seconds" bigint NOT NULL,
	"tokens" bigint NOT NULL,
	CONSTRAINT "usage_batches_batch_id_org_id_pk" PRIMARY KEY("batch_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"meter" text NOT NULL,
	"model" text NOT NULL,
	"day" date NOT NULL,
	"events" bigint NOT NULL,
	"quantity" bigint NOT NULL,
	"cost_milli" bigint NOT NULL,
	CONSTRAINT "usage_daily_key" UNIQUE NULLS NOT DISTINCT("org_id","day","meter","model","project_id")
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"org_id" uuid NOT NULL,
	"project_id" uuid,
	"meter" text NOT NULL,
	"model" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"events" bigint NOT NULL,
	"quantity" bigint NOT NULL,
	"cost_milli" bigint NOT NULL,
	CONSTRAINT "usage_hourly_key" UNIQUE NULLS NOT DISTINCT("org_id","hour","meter","model","project_id")
);
--> statement-breakpoint
ALTER TABLE "usage_batches" ADD CONSTRAINT "usage_batches_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_project_id_compute_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."compute_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_project_id_compute_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."compute_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_batches_org_id_idx" ON "usage_batches" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "usage_daily_project_id_idx" ON "usage_daily" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "usage_hourly_project_id_idx" ON "usage_hourly" USING btree ("project_id");