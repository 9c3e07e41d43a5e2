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
  // meter, model and project, whatever the number of events.
  const [byDay, byModel, byProject] = await Promise.all([
    queryRows<{ day: string; gpu: string; llm: string }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day,
                 sum(case when meter = 'gpu_seconds' then cost_milli else 0 end)::text as gpu,
                 sum(case when meter <> 'gpu_seconds' then cost_milli else 0 end)::text as llm
          from usage_daily where org_id = ${org} and day >= ${since}::date
          group by day`,
    ),
    queryRows<{ meter: string; model: string; quantity: string; cost: string }>(
      db,
      sql`select meter, model, sum(quantity)::text as quantity, sum(cost_milli)::text as cost
          from usage_daily where org_id = ${org} and day >= ${since}::date
          group by meter, model order by sum(cost_milli) desc, meter, model`,
    ),
    queryRows<{ code: string | null; name: string | null; cost: string; budget: string | null }>(
      db,
      sql`select p.code, p.name, sum(d.cost_milli)::text as cost, p.budget_milli::text as budget
          from usage_daily d left join compute_projects p on p.id = d.project_id
          where d.org_id = ${org} and d.day >= ${since}::date
          group by p.id, p.code, p.name, p.budget_milli order by sum(d.cost_milli) desc`,
    ),
  ]);
  const dayMap = new Map(byDay.map((d) => [d.day, d]));
  const report: UsageReport = {
    days: days.map((day) => ({ day, gpuMilli: BigInt(dayMap.get(day)?.gpu ?? 0), llmMilli: BigInt(dayMap.get(day)?.llm ?? 0) })),
    models: byModel.map((m) => ({ meter: m.meter, model: m.model, quantity: BigInt(m.quantity), costMilli: BigInt(m.cost) })),
    projects: byProject.map((p) => ({ code: p.code, name: p.name, costMilli: BigInt(p.cost), budgetMilli: p.budget === null ? null : BigInt(p.budget) })),
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
