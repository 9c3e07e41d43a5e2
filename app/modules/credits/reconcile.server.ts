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
  return { ok: problems.length === 0, checkedAt: new Date().toISOString(), accounts: totals.accounts, transfers: totals.transfers, problems };
}
