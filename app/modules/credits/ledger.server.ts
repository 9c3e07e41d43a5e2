// The double-entry ledger: every movement is a transfer from one account to another with a
// positive amount, posted with the balance updates in the caller's transaction. Tenant balances
// are checked >= 0 by the database, so an overdraft fails the whole transaction.
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { creditAccounts, creditLots } from "#db/schema/credits";
import { pgErrorCode, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";

export type ParkAccountKind = "sales" | "grants" | "usage" | "expired";
type TransferKind = "purchase" | "bonus" | "grant" | "usage" | "hold" | "capture" | "release" | "expiry" | "refund" | "reversal";

/**
 * A list as one JSON text inlined in the statement: the statements here read rows with
 * `json_to_recordset` and ids with `json_array_elements_text`, so a batch is one short statement
 * whatever its size. Inlined rather than bound as a parameter because postgres.js sends a
 * statement with parameters in two round trips (it first asks the server for their types) and
 * stops pipelining there, while one without goes in a single write, pipelined with those around
 * it — inside a batch's critical section (the tenants' accounts locked) that is most of the wait.
 *
 * Safe as a literal: `E'…'` with every backslash and quote doubled (what `quote_literal` does),
 * and JSON.stringify escapes every control character, so the text holds no NUL. Strings in it
 * must be well-formed Unicode (callers validate what clients send: see `isCleanText`); bigints
 * go in as strings.
 */
export function jsonLiteral(value: unknown): SQL {
  return sql.raw(`E'${JSON.stringify(value).replace(/\\/g, "\\\\").replace(/'/g, "''")}'`);
}

/** Text PostgreSQL can store and JSON can carry: no NUL, no lone UTF-16 surrogate. */
export function isCleanText(value: string) {
  return !value.includes("\0") && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
}

/** The tenant's available and held accounts, created on first use. */
export async function tenantAccounts(tx: Tx, orgId: string) {
  const find = () => tx.select({ id: creditAccounts.id, kind: creditAccounts.kind }).from(creditAccounts).where(eq(creditAccounts.orgId, orgId));
  let rows = await find();
  if (rows.length < 2) {
    await tx
      .insert(creditAccounts)
      .values([
        { orgId, kind: "available" },
        { orgId, kind: "held" },
      ])
      .onConflictDoNothing();
    rows = await find();
  }
  return {
    available: rows.find((r) => r.kind === "available")!.id,
    held: rows.find((r) => r.kind === "held")!.id,
  };
}

/** A park account's id, created on first use (no transaction needed: it only ever comes into being). */
/**
 * The tenant's accounts with its available account locked: every writer of a tenant's credits
 * takes this lock first (then lots, then projects), so they queue rather than deadlock.
 */
export async function lockTenantAccounts(tx: Tx, orgId: string) {
  const accounts = await tenantAccounts(tx, orgId);
  await tx.select({ id: creditAccounts.id }).from(creditAccounts).where(eq(creditAccounts.id, accounts.available)).for("update");
  return accounts;
}

export async function parkAccount(db: DbOrTx, kind: ParkAccountKind) {
  const find = () =>
    db
      .select({ id: creditAccounts.id })
      .from(creditAccounts)
      .where(and(isNull(creditAccounts.orgId), eq(creditAccounts.kind, kind)));
  let [row] = await find();
  if (!row) {
    await db.insert(creditAccounts).values({ orgId: null, kind }).onConflictDoNothing();
    [row] = await find();
  }
  return row.id;
}

export interface TransferInput {
  from: string;
  to: string;
  amountMilli: bigint;
  kind: TransferKind;
  reference: string;
  lotId?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Posts transfers and moves the balances, in three statements whatever their number, sent
 * together (pipelined: one round trip, see `jsonLiteral`). The accounts are locked first in one
 * global order — tenants' accounts before the park's, each by id — so concurrent postings never
 * deadlock (callers that lock a tenant's account earlier in the transaction take it first as
 * well); then every balance moves in one update (the amounts per account summed first); then the
 * entries are inserted.
 */
export async function postTransfers(tx: Tx, transfers: TransferInput[]) {
  const live = transfers.filter((t) => t.amountMilli !== 0n);
  if (live.length === 0) return;
  for (const t of live) if (t.amountMilli < 0n) throw new Error("transfer amounts are positive");
  const delta = new Map<string, bigint>();
  for (const t of live) {
    delta.set(t.from, (delta.get(t.from) ?? 0n) - t.amountMilli);
    delta.set(t.to, (delta.get(t.to) ?? 0n) + t.amountMilli);
  }
  const changes = [...delta.entries()].filter(([, change]) => change !== 0n).map(([id, change]) => ({ id, change: String(change) }));
  const entries = live.map((t) => ({
    debit: t.from,
    credit: t.to,
    amount: String(t.amountMilli),
    kind: t.kind,
    reference: t.reference,
    lot: t.lotId ?? null,
    key: t.idempotencyKey ?? null,
  }));
  const statements = [];
  if (changes.length) {
    statements.push(
      tx.execute(
        sql`select id from credit_accounts
            where id in (select value::uuid from json_array_elements_text(${jsonLiteral(changes.map((c) => c.id))}::json))
            order by (org_id is null), id for update`,
      ),
      tx.execute(
        sql`update credit_accounts a set balance_milli = a.balance_milli + d.change
            from json_to_recordset(${jsonLiteral(changes)}::json) as d(id uuid, change bigint)
            where a.id = d.id`,
      ),
    );
  }
  statements.push(
    tx.execute(
      sql`insert into credit_transfers (debit_account_id, credit_account_id, amount_milli, kind, reference, lot_id, idempotency_key)
          select debit, credit, amount, kind, reference, lot, key
          from json_to_recordset(${jsonLiteral(entries)}::json) as t(debit uuid, credit uuid, amount bigint, kind text, reference text, lot uuid, key text)`,
    ),
  );
  try {
    await Promise.all(statements);
  } catch (error) {
    if (pgErrorCode(error) === "23514") throw new AppError("conflict", "errors.insufficientCredits");
    throw error;
  }
}

/**
 * The order usage takes credits in: grants and bonuses by soonest expiry, then purchases, oldest
 * first; the lot's id settles ties (lots created in one transaction share `created_at`).
 */
export const lotPriority = sql`case when ${creditLots.source} = 'purchase' then 1 else 0 end, ${creditLots.expiresAt} asc nulls last, ${creditLots.createdAt} asc, ${creditLots.id} asc`;

export interface LotTake {
  lotId: string;
  amountMilli: bigint;
}

/** Takes `amount` from lots in priority order (mutating their remaining amounts in memory). */
export function takeFromLots(lots: { id: string; remainingMilli: bigint }[], amount: bigint): LotTake[] | null {
  const takes: LotTake[] = [];
  let left = amount;
  for (const lot of lots) {
    if (left === 0n) break;
    if (lot.remainingMilli === 0n) continue;
    const take = lot.remainingMilli < left ? lot.remainingMilli : left;
    takes.push({ lotId: lot.id, amountMilli: take });
    lot.remainingMilli -= take;
    left -= take;
  }
  if (left > 0n) {
    // Put back what was taken: the caller refuses the whole amount.
    for (const t of takes) lots.find((l) => l.id === t.lotId)!.remainingMilli += t.amountMilli;
    return null;
  }
  return takes;
}

/** Writes lots' new remaining amounts after takes or returns, in one statement. */
export async function saveLotChanges(tx: Tx, changes: Map<string, bigint>) {
  const rows = [...changes.entries()].filter(([, change]) => change !== 0n).map(([id, change]) => ({ id, change: String(change) }));
  if (rows.length === 0) return;
  await tx.execute(
    sql`update credit_lots l set remaining_milli = l.remaining_milli + d.change
        from json_to_recordset(${jsonLiteral(rows)}::json) as d(id uuid, change bigint)
        where l.id = d.id`,
  );
}

/** Adds a lot to a tenant's available credits, moved from a park source account. */
export async function addLot(
  tx: Tx,
  input: { orgId: string; source: "purchase" | "bonus" | "grant"; sourceRef: string; amountMilli: bigint; expiresAt?: Date | null },
) {
  const [lot] = await tx
    .insert(creditLots)
    .values({
      orgId: input.orgId,
      source: input.source,
      sourceRef: input.sourceRef,
      amountMilli: input.amountMilli,
      remainingMilli: input.amountMilli,
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  const accounts = await tenantAccounts(tx, input.orgId);
  await postTransfers(tx, [
    {
      from: await parkAccount(tx, input.source === "purchase" ? "sales" : "grants"),
      to: accounts.available,
      amountMilli: input.amountMilli,
      kind: input.source,
      reference: `${input.source}:${input.sourceRef}`,
      lotId: lot.id,
    },
  ]);
  return lot;
}
