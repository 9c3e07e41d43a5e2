ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_org_id_organisations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_project_id_compute_projects_id_fk";
