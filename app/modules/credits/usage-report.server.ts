// A tenant's usage over the last days, for its charts: credits by park day (GPU and LLM), by
// model and by project. Days are Shanghai calendar days; amounts stay bigint milli-credits.
import { sql } from "drizzle-orm";
import type { MemberActor } from "~/modules/identity/access.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { currentPrices, loadPriceList } from "./prices.server";
import { requirePermission } from "~/modules/identity/permissions";

/** The park dates from `days - 1` days ago to today, oldest first. */
function lastParkDays(days: number, now = new Date()) {
  const today = parkDate(now);
  return Array.from({ length: days }, (_, i) => addDaysIso(today, i - (days - 1)));
}

export interface UsageReport {
  days: { day: string; gpuMilli: bigint; llmMilli: bigint }[];
  models: { meter: string; model: string; quantity: bigint; costMilli: bigint }[];
  projects: { code: string | null; name: string | null; costMilli: bigint; budgetMilli: bigint | null }[];
  totalMilli: bigint;
}

export async function getUsageReport(actor: MemberActor, options: { days?: number; now?: Date } = {}): Promise<UsageReport> {
  requirePermission(actor, "credits:read", { kind: "tenant" });
  const days = lastParkDays(options.days ?? 30, options.now);
  const since = days[0];
  const org = actor.org.id;
  const db = await getDb();
  // From the daily rollups (kept exact by ingestion), never the raw events: the work is per day,
  // meter, model and project, whatever the number of events. One statement for the three views
  // (the rollup rows are read once); amounts travel as text, each view as a JSON list of arrays.
  const [row] = await queryRows<{ days: [string, string, string][]; models: [string, string, string, string][]; projects: [string | null, string | null, string, string | null][] }>(
    db,
    sql`with d as (
          select day, meter, model, project_id, quantity, cost_milli from usage_daily
          where org_id = ${org} and day >= ${since}::date)
        select
          (select coalesce(json_agg(json_build_array(day, gpu, llm)), '[]') from (
             select to_char(day, 'YYYY-MM-DD') as day,
                    sum(case when meter = 'gpu_seconds' then cost_milli else 0 end)::text as gpu,
                    sum(case when meter <> 'gpu_seconds' then cost_milli else 0 end)::text as llm
             from d group by day) x) as days,
          (select coalesce(json_agg(json_build_array(meter, model, quantity, cost) order by total desc, meter, model), '[]') from (
             select meter, model, sum(quantity)::text as quantity, sum(cost_milli) as total, sum(cost_milli)::text as cost
             from d group by meter, model) x) as models,
          (select coalesce(json_agg(json_build_array(code, name, cost, budget) order by total desc, code nulls last), '[]') from (
             select p.code, p.name, sum(d.cost_milli) as total, sum(d.cost_milli)::text as cost, p.budget_milli::text as budget
             from d left join compute_projects p on p.id = d.project_id
             group by p.id, p.code, p.name, p.budget_milli) x) as projects`,
  );
  const dayMap = new Map(row.days.map(([day, gpu, llm]) => [day, { gpu, llm }]));
  const report: UsageReport = {
    days: days.map((day) => ({ day, gpuMilli: BigInt(dayMap.get(day)?.gpu ?? 0), llmMilli: BigInt(dayMap.get(day)?.llm ?? 0) })),
    models: row.models.map(([meter, model, quantity, cost]) => ({ meter, model, quantity: BigInt(quantity), costMilli: BigInt(cost) })),
    projects: row.projects.map(([code, name, cost, budget]) => ({ code, name, costMilli: BigInt(cost), budgetMilli: budget === null ? null : BigInt(budget) })),
    totalMilli: 0n,
  };
  report.totalMilli = report.days.reduce((sum, d) => sum + d.gpuMilli + d.llmMilli, 0n);
  return report;
}

/** Today's price of every meter and model, for the tenant's price table: GPUs first, then each LLM's input and output. */
export async function getCurrentPrices(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "credits:read", { kind: "tenant" });
  const order = (meter: string) => (meter === "gpu_seconds" ? 0 : 1);
  return currentPrices(await loadPriceList(await getDb()), now).sort(
    (a, b) => order(a.meter) - order(b.meter) || a.model.localeCompare(b.model) || a.meter.localeCompare(b.meter),
  );
}
