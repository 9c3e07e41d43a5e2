-- The usage rollups start equal to the raw events already stored (docs/decisions/016-usage-rollups.md);
-- from here on ingestion adds each batch's applied events in the batch's transaction.
-- Park hours and days are Asia/Shanghai's.
INSERT INTO usage_hourly (org_id, project_id, meter, model, hour, events, quantity, cost_milli)
SELECT org_id, project_id, meter, model, date_trunc('hour', started_at, 'Asia/Shanghai'), count(*), sum(quantity), sum(cost_milli)
FROM usage_events
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO usage_daily (org_id, project_id, meter, model, day, events, quantity, cost_milli)
SELECT org_id, project_id, meter, model, (started_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), sum(quantity), sum(cost_milli)
FROM usage_events
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO usage_batches (batch_id, org_id, events, first_started_at, last_ended_at, gpu_seconds, tokens)
SELECT batch_id, org_id, count(*), min(started_at), max(ended_at),
       coalesce(sum(quantity) FILTER (WHERE meter = 'gpu_seconds'), 0),
       coalesce(sum(quantity) FILTER (WHERE meter <> 'gpu_seconds'), 0)
FROM usage_events
GROUP BY 1, 2;
