// The double-entry ledger: every movement is a transfer from one account to another with a
// positive amount, posted with the balance updates in the caller's transaction. Tenant balances
// are checked >= 0 by the database, so an overdraft fails the whole transaction.
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { creditAccounts, creditLots, creditTransfers } from "#db/schema/index";
import { pgErrorCode, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";

export type TenantAccountKind = "available" | "held";
export type ParkAccountKind = "sales" | "grants" | "usage" | "expired";
export type TransferKind = "purchase" | "bonus" | "grant" | "usage" | "hold" | "capture" | "release" | "expiry" | "refund" | "reversal";

/** The tenant's available and held accounts, created on first use. */
export async function tenantAccounts(tx: Tx, orgId: string) {
  await tx
    .insert(creditAccounts)
    .values([
      { orgId, kind: "available" },
      { orgId, kind: "held" },
    ])
    .onConflictDoNothing();
  const rows = await tx
    .select({ id: creditAccounts.id, kind: creditAccounts.kind })
    .from(creditAccounts)
    .where(eq(creditAccounts.orgId, orgId));
  return {
    available: rows.find((r) => r.kind === "available")!.id,
    held: rows.find((r) => r.kind === "held")!.id,
  };
}

export async function parkAccount(tx: Tx, kind: ParkAccountKind) {
  await tx.insert(creditAccounts).values({ orgId: null, kind }).onConflictDoNothing();
  const [row] = await tx
    .select({ id: creditAccounts.id })
    .from(creditAccounts)
    .where(and(isNull(creditAccounts.orgId), eq(creditAccounts.kind, kind)));
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
 * Posts transfers and moves the balances. Amounts per account are summed first so each account
 * row is updated once, in a fixed order (no deadlocks between concurrent postings).
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
  try {
    for (const [accountId, change] of [...delta.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (change === 0n) continue;
      await tx
        .update(creditAccounts)
        .set({ balanceMilli: sql`${creditAccounts.balanceMilli} + ${change}` })
        .where(eq(creditAccounts.id, accountId));
    }
    await tx.insert(creditTransfers).values(
      live.map((t) => ({
        debitAccountId: t.from,
        creditAccountId: t.to,
        amountMilli: t.amountMilli,
        kind: t.kind,
        reference: t.reference,
        lotId: t.lotId ?? null,
        idempotencyKey: t.idempotencyKey ?? null,
      })),
    );
  } catch (error) {
    if (pgErrorCode(error) === "23514") throw new AppError("conflict", "errors.insufficientCredits");
    throw error;
  }
}

/** The order usage takes credits in: grants and bonuses by soonest expiry, then purchases, oldest first. */
const lotPriority = sql`case when ${creditLots.source} = 'purchase' then 1 else 0 end, ${creditLots.expiresAt} asc nulls last, ${creditLots.createdAt} asc`;

/** Locks the tenant's lots that still hold credits, in the order they are spent. */
export async function lockSpendableLots(tx: Tx, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return tx
    .select()
    .from(creditLots)
    .where(and(inArray(creditLots.orgId, orgIds), gt(creditLots.remainingMilli, 0n), sql`(${creditLots.expiresAt} is null or ${creditLots.expiresAt} > now())`))
    .orderBy(asc(creditLots.orgId), lotPriority)
    .for("update");
}

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

/** Writes lots' new remaining amounts after takes or returns. */
export async function saveLotChanges(tx: Tx, changes: Map<string, bigint>) {
  for (const [lotId, change] of [...changes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (change === 0n) continue;
    await tx
      .update(creditLots)
      .set({ remainingMilli: sql`${creditLots.remainingMilli} + ${change}` })
      .where(eq(creditLots.id, lotId));
  }
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
