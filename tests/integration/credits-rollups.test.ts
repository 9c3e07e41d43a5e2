// Usage views read rollups, not raw events: after random batches (ids repeated within a batch and
// across batches, other tenants' ids, unknown projects, budgets and balances running out, times
// either side of park midnight) the hourly and daily rollups and the per-batch lines equal the sums
// over the raw events, and the tenant's 30-day report equals the same report computed from them.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { computeProjects } from "#db/schema/index";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { getUsageReport } from "~/modules/credits/usage-report.server";
import { ingestUsage } from "~/modules/credits/usage.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { actorFor, signedInMember } from "../support/factories";
import { seedPrices, tenantWithCredits } from "../support/credits";

const SEED = Number(process.env.ROLLUP_SEED ?? 20261207);

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("usage rollups", () => {
  it(`equal the raw events after random batches with duplicates (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    await seedPrices();
    const db = await getDb();
    // One tenant rich, one that runs out, one whose project budget runs out.
    const tenants = [await tenantWithCredits(1_000_000), await tenantWithCredits(40), await tenantWithCredits(1_000_000)];
    await db.insert(computeProjects).values([
      { orgId: tenants[0].id, code: "film", name: "Film" },
      { orgId: tenants[1].id, code: "film", name: "Film" },
      { orgId: tenants[2].id, code: "film", name: "Film", budgetMilli: 30_000n },
    ]);
    const now = Date.now();
    // Around park midnight (16:00 UTC) on the last few days, so hours and days split there.
    const parkMidnight = Math.floor((now + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
    const usedIds: string[] = [];
    let applied = 0;
    let duplicates = 0;
    for (let batch = 0; batch < 25; batch++) {
      const events = Array.from({ length: int(1, 60) }, (_, i) => {
        const reuse = usedIds.length > 0 && random() < 0.2;
        const id = reuse ? usedIds[int(0, usedIds.length - 1)] : `ev-${batch}-${i}`;
        if (!reuse) usedIds.push(id);
        const meter = (["gpu_seconds", "llm_tokens_in", "llm_tokens_out"] as const)[int(0, 2)];
        const started = parkMidnight - int(0, 3) * 86_400_000 + int(-3 * 3600, 3 * 3600) * 1000;
        return {
          id,
          tenant: tenants[int(0, 2)].slug,
          project: [null, "film", "film", "nope"][int(0, 3)],
          meter,
          model: meter === "gpu_seconds" ? "H800" : "deepseek-v3",
          quantity: meter === "gpu_seconds" ? int(1, 7200) : int(1, 2_000_000),
          started_at: new Date(started).toISOString(),
          ended_at: new Date(started + int(0, 3600) * 1000).toISOString(),
        };
      });
      // Now and then the same batch is sent twice (a client retry).
      const sends = random() < 0.2 ? 2 : 1;
      for (let s = 0; s < sends; s++) {
        for (const r of await ingestUsage(events)) {
          if (r.status === "applied") applied++;
          if (r.status === "duplicate") duplicates++;
        }
      }
    }
    expect(applied).toBeGreaterThan(100);
    expect(duplicates).toBeGreaterThan(20);

    // Row for row, both grains, and the per-batch lines (the reconciliation checks all three).
    expect((await reconcileLedger()).problems).toEqual([]);
    const [totals] = await queryRows<{ raw: string; hourly: string; daily: string; batches: string }>(
      db,
      sql`select (select count(*) from usage_events)::text as raw, (select sum(events) from usage_hourly)::text as hourly,
                 (select sum(events) from usage_daily)::text as daily, (select sum(events) from usage_batches)::text as batches`,
    );
    expect(totals).toEqual({ raw: String(applied), hourly: String(applied), daily: String(applied), batches: String(applied) });

    // What a tenant sees equals what the raw events say.
    for (const tenant of tenants) {
      const member = await signedInMember({ orgId: tenant.id, role: "owner" });
      const report = await getUsageReport(await actorFor(member.cookie), { days: 30 });
      const byDay = await queryRows<{ day: string; gpu: string; llm: string }>(
        db,
        sql`select to_char(started_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
                   sum(case when meter = 'gpu_seconds' then cost_milli else 0 end)::text as gpu,
                   sum(case when meter <> 'gpu_seconds' then cost_milli else 0 end)::text as llm
            from usage_events where org_id = ${tenant.id} group by 1`,
      );
      const rawDays = new Map(byDay.map((d) => [d.day, d]));
      for (const day of report.days) {
        expect([day.day, String(day.gpuMilli), String(day.llmMilli)]).toEqual([day.day, rawDays.get(day.day)?.gpu ?? "0", rawDays.get(day.day)?.llm ?? "0"]);
      }
      const byModel = await queryRows<{ meter: string; model: string; quantity: string; cost: string }>(
        db,
        sql`select meter, model, sum(quantity)::text as quantity, sum(cost_milli)::text as cost
            from usage_events where org_id = ${tenant.id} group by meter, model order by sum(cost_milli) desc, meter, model`,
      );
      expect(report.models.map((m) => [m.meter, m.model, String(m.quantity), String(m.costMilli)])).toEqual(byModel.map((m) => [m.meter, m.model, m.quantity, m.cost]));
      const [raw] = await queryRows<{ total: string }>(db, sql`select coalesce(sum(cost_milli), 0)::text as total from usage_events where org_id = ${tenant.id}`);
      expect(String(report.totalMilli)).toBe(raw.total);
      expect(String(report.projects.reduce((sum, p) => sum + p.costMilli, 0n))).toBe(raw.total);
    }
  });
});
