// The ledger's invariants, checked from the entries themselves: an admin runs it from the console
// and the tests run it after every step.
import { sql } from "drizzle-orm";
import { getDb, queryRows, type DbOrTx } from "~/modules/platform/db.server";

export interface ReconciliationResult {
  ok: boolean;
  checkedAt: string;
  accounts: number;
  transfers: number;
  problems: string[];
}

export async function reconcileLedger(db?: DbOrTx): Promise<ReconciliationResult> {
  const conn = db ?? (await getDb());
  const problems: string[] = [];
  const mismatched = await queryRows<{ id: string; kind: string; balance: string; computed: string }>(
    conn,
    sql`select a.id, a.kind, a.balance_milli::text as balance,
               (coalesce(c.total, 0) - coalesce(d.total, 0))::text as computed
        from credit_accounts a
        left join (select credit_account_id as id, sum(amount_milli) as total from credit_transfers group by 1) c on c.id = a.id
        left join (select debit_account_id as id, sum(amount_milli) as total from credit_transfers group by 1) d on d.id = a.id
        where a.balance_milli <> coalesce(c.total, 0) - coalesce(d.total, 0)`,
  );
  for (const m of mismatched) problems.push(`account ${m.id} (${m.kind}) balance ${m.balance} ≠ entries ${m.computed}`);
  const [totals] = await queryRows<{ sum: string | null; accounts: number; transfers: number }>(
    conn,
    sql`select (select sum(balance_milli) from credit_accounts)::text as sum,
               (select count(*) from credit_accounts)::int as accounts,
               (select count(*) from credit_transfers)::int as transfers`,
  );
  if (totals.sum !== null && BigInt(totals.sum) !== 0n) problems.push(`the ledger does not sum to zero: ${totals.sum}`);
  const negative = await queryRows<{ id: string }>(conn, sql`select id from credit_accounts where org_id is not null and balance_milli < 0`);
  for (const n of negative) problems.push(`tenant account ${n.id} is negative`);
  const lots = await queryRows<{ org_id: string; lots: string; available: string }>(
    conn,
    sql`select a.org_id, coalesce(l.total, 0)::text as lots, a.balance_milli::text as available
        from credit_accounts a
        left join (select org_id, sum(remaining_milli) as total from credit_lots group by 1) l on l.org_id = a.org_id
        where a.kind = 'available' and a.balance_milli <> coalesce(l.total, 0)`,
  );
  for (const l of lots) problems.push(`tenant ${l.org_id}: lots hold ${l.lots} but available is ${l.available}`);
  const holds = await queryRows<{ org_id: string; holds: string; held: string }>(
    conn,
    sql`select a.org_id, coalesce(h.total, 0)::text as holds, a.balance_milli::text as held
        from credit_accounts a
        left join (select org_id, sum(amount_milli) as total from credit_holds where status = 'active' group by 1) h on h.org_id = a.org_id
        where a.kind = 'held' and a.balance_milli <> coalesce(h.total, 0)`,
  );
  for (const h of holds) problems.push(`tenant ${h.org_id}: active holds ${h.holds} but held is ${h.held}`);
  // Each lot's remaining credits follow from the transfers into and out of the tenant's available
  // account that name it (issue, usage, hold, release, expiry, refund).
  const lotEntries = await queryRows<{ id: string; remaining: string; computed: string }>(
    conn,
    sql`select l.id, l.remaining_milli::text as remaining, coalesce(sum(case when t.credit_account_id = a.id then t.amount_milli
                                                                     when t.debit_account_id = a.id then -t.amount_milli else 0 end), 0)::text as computed
        from credit_lots l
        join credit_accounts a on a.org_id = l.org_id and a.kind = 'available'
        left join credit_transfers t on t.lot_id = l.id
        group by l.id, l.remaining_milli
        having l.remaining_milli <> coalesce(sum(case when t.credit_account_id = a.id then t.amount_milli
                                                      when t.debit_account_id = a.id then -t.amount_milli else 0 end), 0)`,
  );
  for (const l of lotEntries) problems.push(`lot ${l.id}: remaining ${l.remaining} ≠ entries ${l.computed}`);
  // Every applied usage event is paid for: the usage transfers out of a tenant's credits add up to
  // the cost of its usage events.
  const usage = await queryRows<{ org_id: string; events: string; transfers: string }>(
    conn,
    sql`select coalesce(e.org_id, t.org_id) as org_id, coalesce(e.total, 0)::text as events, coalesce(t.total, 0)::text as transfers
        from (select org_id, sum(cost_milli) as total from usage_events group by 1) e
        full join (select a.org_id, sum(t.amount_milli) as total
                   from credit_transfers t join credit_accounts a on a.id = t.debit_account_id
                   where t.kind = 'usage' group by 1) t on t.org_id = e.org_id
        where coalesce(e.total, 0) <> coalesce(t.total, 0)`,
  );
  for (const u of usage) problems.push(`tenant ${u.org_id}: usage events cost ${u.events} but usage transfers total ${u.transfers}`);
  // Project budgets: what is held and spent against a project follows from its holds and usage.
  const projects = await queryRows<{ id: string; held: string; holds: string; spent: string; used: string }>(
    conn,
    sql`select p.id, p.held_milli::text as held, coalesce(h.active, 0)::text as holds, p.spent_milli::text as spent,
               (coalesce(e.total, 0) + coalesce(h.captured, 0))::text as used
        from compute_projects p
        left join (select project_id, sum(cost_milli) as total from usage_events where project_id is not null group by 1) e on e.project_id = p.id
        left join (select project_id,
                          sum(amount_milli) filter (where status = 'active') as active,
                          sum(captured_milli) filter (where status = 'captured') as captured
                   from credit_holds where project_id is not null group by 1) h on h.project_id = p.id
        where p.held_milli <> coalesce(h.active, 0) or p.spent_milli <> coalesce(e.total, 0) + coalesce(h.captured, 0)`,
  );
  for (const p of projects) problems.push(`project ${p.id}: held ${p.held} (holds ${p.holds}), spent ${p.spent} (usage and captures ${p.used})`);
  // The usage rollups equal the sums over the raw events they summarise, row for row. This also
  // holds every event's tenant and project to existing rows: the rollups have the foreign keys
  // that `usage_events` does without (docs/decisions/023-usage-events-without-foreign-keys.md).
  const hourKey = sql`date_trunc('hour', started_at, 'Asia/Shanghai')`;
  const dayKey = sql`(started_at at time zone 'Asia/Shanghai')::date`;
  for (const [table, period, key] of [
    ["usage_hourly", "hour", hourKey],
    ["usage_daily", "day", dayKey],
  ] as const) {
    const rollup = sql.raw(table);
    const column = sql.raw(period);
    const wrong = await queryRows<{ org_id: string; period: string; events: string | null; rolled: string | null }>(
      conn,
      sql`select coalesce(e.org_id, r.org_id) as org_id, coalesce(e.period, r.${column})::text as period,
                 e.events::text as events, r.events::text as rolled
          from (select org_id, project_id, meter, model, ${key} as period, count(*) as events, sum(quantity) as quantity, sum(cost_milli) as cost
                from usage_events group by 1, 2, 3, 4, 5) e
          full join ${rollup} r on r.org_id = e.org_id and r.project_id is not distinct from e.project_id and r.meter = e.meter
                                and r.model = e.model and r.${column} = e.period
          where e.events is distinct from r.events or e.quantity is distinct from r.quantity or e.cost is distinct from r.cost_milli`,
    );
    for (const w of wrong) problems.push(`${table}: tenant ${w.org_id} at ${w.period}: events ${w.events ?? 0} but rollup ${w.rolled ?? 0}`);
  }
  const batches = await queryRows<{ batch_id: string; org_id: string }>(
    conn,
    sql`select coalesce(e.batch_id, b.batch_id) as batch_id, coalesce(e.org_id, b.org_id) as org_id
        from (select batch_id, org_id, count(*) as events, min(started_at) as first, max(ended_at) as last,
                     sum(case when meter = 'gpu_seconds' then quantity else 0 end) as gpu,
                     sum(case when meter <> 'gpu_seconds' then quantity else 0 end) as tokens
              from usage_events group by 1, 2) e
        full join usage_batches b on b.batch_id = e.batch_id and b.org_id = e.org_id
        where e.events is distinct from b.events or e.first is distinct from b.first_started_at or e.last is distinct from b.last_ended_at
           or e.gpu is distinct from b.gpu_seconds or e.tokens is distinct from b.tokens`,
  );
  for (const b of batches) problems.push(`usage batch ${b.batch_id} of tenant ${b.org_id} does not match its events`);
  return { ok: problems.length === 0, checkedAt: new Date().toISOString(), accounts: totals.accounts, transfers: totals.transfers, problems };
}
