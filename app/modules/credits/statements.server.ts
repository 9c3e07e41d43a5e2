// A tenant's view of its credits: balances, purchases waiting for payment, and the statement —
// every movement on its available credits with the balance after it. Everything is scoped to the
// acting member's organisation; nothing here takes an organisation id from the request.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { computeProjects, creditAccounts, creditGrants, creditHolds, creditLots, creditPacks, creditPurchases, usageBatches } from "#db/schema/credits";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { isUuid } from "~/modules/platform/ids";
import { monthStart, parkDate, parkMidnight } from "~/modules/platform/dates";
import { isMonth } from "./forms";

const EXPIRING_WINDOW_MS = 30 * 24 * 3600 * 1000;

type LotSource = (typeof creditLots.$inferSelect)["source"];

export async function getBalances(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "credits:read", { kind: "tenant" });
  const db = await getDb();
  const orgId = actor.org.id;
  const from = now.toISOString();
  const until = new Date(now.getTime() + EXPIRING_WINDOW_MS).toISOString();
  // Both balances and the lots expiring within the window, in one statement (one round trip).
  const [row] = await queryRows<{ available: string | null; held: string | null; expiring: string }>(
    db,
    sql`select
      (select ${creditAccounts.balanceMilli}::text from ${creditAccounts} where ${creditAccounts.orgId} = ${orgId} and ${creditAccounts.kind} = 'available') as available,
      (select ${creditAccounts.balanceMilli}::text from ${creditAccounts} where ${creditAccounts.orgId} = ${orgId} and ${creditAccounts.kind} = 'held') as held,
      (select coalesce(json_agg(json_build_object(
          'remaining_milli', ${creditLots.remainingMilli}::text,
          'expires_at_ms', floor(extract(epoch from ${creditLots.expiresAt}) * 1000)::bigint,
          'source', ${creditLots.source}) order by ${creditLots.expiresAt}), '[]')::text
        from ${creditLots}
        where ${creditLots.orgId} = ${orgId} and ${creditLots.remainingMilli} > 0 and ${creditLots.expiresAt} is not null
          and ${creditLots.expiresAt} > ${from}::timestamptz and ${creditLots.expiresAt} <= ${until}::timestamptz) as expiring`,
  );
  const lots = JSON.parse(row.expiring) as { remaining_milli: string; expires_at_ms: number | string; source: LotSource }[];
  const expiring = lots.map((lot) => ({ remainingMilli: BigInt(lot.remaining_milli), expiresAt: new Date(Number(lot.expires_at_ms)), source: lot.source }));
  return {
    availableMilli: row.available === null ? 0n : BigInt(row.available),
    heldMilli: row.held === null ? 0n : BigInt(row.held),
    expiringMilli: expiring.reduce((sum, lot) => sum + lot.remainingMilli, 0n),
    expiring,
  };
}

/** What a list of pack purchases shows of each (joined with its pack); the park's console adds the tenant. */
export const purchaseColumns = {
  id: creditPurchases.id,
  status: creditPurchases.status,
  creditsMilli: creditPurchases.creditsMilli,
  bonusMilli: creditPurchases.bonusMilli,
  priceFen: creditPurchases.priceFen,
  createdAt: creditPurchases.createdAt,
  issuedAt: creditPurchases.issuedAt,
  packNameZh: creditPacks.nameZh,
  packNameEn: creditPacks.nameEn,
};

/** The tenant's pack purchases, newest first, with the invoice each one is paid through. */
export async function listPurchases(actor: MemberActor, limit = 10) {
  requirePermission(actor, "credits:read", { kind: "tenant" });
  const db = await getDb();
  return db
    .select({ ...purchaseColumns, invoiceId: creditPurchases.invoiceId })
    .from(creditPurchases)
    .innerJoin(creditPacks, eq(creditPacks.id, creditPurchases.packId))
    .where(eq(creditPurchases.orgId, actor.org.id))
    .orderBy(desc(creditPurchases.createdAt))
    .limit(limit);
}

export type StatementKind = "purchase" | "bonus" | "grant" | "usage" | "hold" | "capture" | "release" | "expiry" | "refund" | "reversal";

/** What a statement line is about, for its description. */
type StatementDetail =
  | { type: "purchase"; packNameZh: string; packNameEn: string; invoiceId: string | null }
  | { type: "grant"; category: string; reason: string }
  | { type: "usage"; events: number; from: Date; to: Date; gpuSeconds: bigint; tokens: bigint }
  | { type: "hold"; holdId: string; description: string; status: string; projectCode: string | null }
  | { type: "other" };

export interface StatementLine {
  key: string;
  kind: StatementKind;
  reference: string;
  at: Date;
  /** The change to available credits: negative when credits left them. */
  changeMilli: bigint;
  /** For a capture: what the hold charged (taken from held credits, so available is unchanged). */
  capturedMilli: bigint;
  balanceMilli: bigint;
  detail: StatementDetail;
}

// Movements posted in one transaction share a timestamp; within it, credits in come first.
const kindOrder = sql`case kind when 'purchase' then 1 when 'bonus' then 2 when 'grant' then 3 when 'release' then 4 when 'reversal' then 5 when 'usage' then 6 when 'hold' then 7 when 'capture' then 8 when 'expiry' then 9 else 10 end`;

/** The Shanghai calendar month [start, end) of "YYYY-MM". */
function monthRange(month: string) {
  const first = `${month}-01`;
  return { from: parkMidnight(first), to: parkMidnight(monthStart(first, 1)) };
}

/**
 * The statement: movements of the tenant's available credits (and what its holds charged),
 * grouped so a usage batch or a hold spread over several lots is one line, in posting order with
 * the running balance. `month` (YYYY-MM, Shanghai) narrows it; the balance still counts everything
 * before. Without a month, the whole history.
 */
export async function getStatement(actor: MemberActor, options: { month?: string | null } = {}) {
  requirePermission(actor, "credits:read", { kind: "tenant" });
  const db = await getDb();
  const accounts = await db
    .select({ id: creditAccounts.id, kind: creditAccounts.kind })
    .from(creditAccounts)
    .where(eq(creditAccounts.orgId, actor.org.id));
  const available = accounts.find((a) => a.kind === "available")?.id;
  const held = accounts.find((a) => a.kind === "held")?.id;
  const currentMonth = parkDate().slice(0, 7);
  const month = isMonth(options.month) ? options.month : null;
  if (!available || !held) {
    return { month, months: [currentMonth], openingMilli: 0n, closingMilli: 0n, lines: [] as StatementLine[] };
  }

  const range = month ? monthRange(month) : null;
  const rows = await queryRows<{
    kind: StatementKind;
    reference: string;
    created_at: Date | string;
    change: string;
    captured: string;
    balance: string;
  }>(
    db,
    sql`select kind, reference, created_at, change::text, captured::text, balance::text from (
          select kind, reference, created_at, change, captured,
                 sum(change) over (order by created_at, ${kindOrder}, reference rows between unbounded preceding and current row) as balance
          from (
            select kind, reference, created_at,
                   sum(case when credit_account_id = ${available} then amount_milli
                            when debit_account_id = ${available} then -amount_milli else 0 end) as change,
                   sum(case when kind = 'capture' then amount_milli else 0 end) as captured
            from credit_transfers
            where debit_account_id in (${available}, ${held}) or credit_account_id in (${available}, ${held})
            group by kind, reference, created_at
          ) moves
        ) statement
        ${range ? sql`where created_at >= ${range.from.toISOString()}::timestamptz and created_at < ${range.to.toISOString()}::timestamptz` : sql``}
        order by created_at, ${kindOrder}, reference`,
  );
  const [opening] = range
    ? await queryRows<{ total: string }>(
        db,
        sql`select (coalesce(sum(case when credit_account_id = ${available} then amount_milli else 0 end), 0)
                  - coalesce(sum(case when debit_account_id = ${available} then amount_milli else 0 end), 0))::text as total
            from credit_transfers
            where (debit_account_id = ${available} or credit_account_id = ${available}) and created_at < ${range.from.toISOString()}::timestamptz`,
      )
    : [{ total: "0" }];
  const months = await queryRows<{ month: string }>(
    db,
    sql`select distinct to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month
        from credit_transfers
        where debit_account_id in (${available}, ${held}) or credit_account_id in (${available}, ${held})`,
  );
  const monthList = [...new Set([currentMonth, ...months.map((m) => m.month)])].sort().reverse();

  const details = await describeReferences(actor.org.id, rows.map((r) => r.reference));
  const lines: StatementLine[] = rows.map((row) => ({
    key: `${row.kind}|${row.reference}|${new Date(row.created_at).toISOString()}`,
    kind: row.kind,
    reference: row.reference,
    at: new Date(row.created_at),
    changeMilli: BigInt(row.change),
    capturedMilli: BigInt(row.captured),
    balanceMilli: BigInt(row.balance),
    detail: details.get(row.reference) ?? { type: "other" },
  }));
  const openingMilli = BigInt(opening.total);
  return {
    month,
    months: monthList,
    openingMilli,
    closingMilli: lines.length ? lines[lines.length - 1].balanceMilli : openingMilli,
    lines,
  };
}

/** Looks up what each reference (`purchase:…`, `bonus:…`, `grant:…`, `usage:…`, `hold:…`) is about, within the tenant. */
async function describeReferences(orgId: string, references: string[]) {
  const ids = (prefix: string) => [...new Set(references.filter((r) => r.startsWith(`${prefix}:`)).map((r) => r.slice(prefix.length + 1)))];
  const purchaseIds = [...new Set([...ids("purchase"), ...ids("bonus")])].filter(isUuid);
  const grantIds = ids("grant").filter(isUuid);
  const batchIds = ids("usage").filter(isUuid);
  const holdIds = ids("hold");
  const db = await getDb();
  const out = new Map<string, StatementDetail>();

  if (purchaseIds.length) {
    const purchases = await db
      .select({ id: creditPurchases.id, invoiceId: creditPurchases.invoiceId, packNameZh: creditPacks.nameZh, packNameEn: creditPacks.nameEn })
      .from(creditPurchases)
      .innerJoin(creditPacks, eq(creditPacks.id, creditPurchases.packId))
      .where(and(eq(creditPurchases.orgId, orgId), inArray(creditPurchases.id, purchaseIds)));
    for (const p of purchases) {
      const detail = { type: "purchase" as const, packNameZh: p.packNameZh, packNameEn: p.packNameEn, invoiceId: p.invoiceId };
      out.set(`purchase:${p.id}`, detail);
      out.set(`bonus:${p.id}`, detail);
    }
  }
  if (grantIds.length) {
    const grants = await db
      .select({ id: creditGrants.id, category: creditGrants.category, reason: creditGrants.reason })
      .from(creditGrants)
      .where(and(eq(creditGrants.orgId, orgId), inArray(creditGrants.id, grantIds)));
    for (const g of grants) out.set(`grant:${g.id}`, { type: "grant", category: g.category, reason: g.reason });
  }
  if (batchIds.length) {
    const batches = await db
      .select({
        batchId: usageBatches.batchId,
        events: usageBatches.events,
        from: usageBatches.firstStartedAt,
        to: usageBatches.lastEndedAt,
        gpuSeconds: usageBatches.gpuSeconds,
        tokens: usageBatches.tokens,
      })
      .from(usageBatches)
      .where(and(eq(usageBatches.orgId, orgId), inArray(usageBatches.batchId, batchIds)));
    for (const b of batches) {
      out.set(`usage:${b.batchId}`, {
        type: "usage",
        events: b.events,
        from: b.from,
        to: b.to,
        gpuSeconds: b.gpuSeconds,
        tokens: b.tokens,
      });
    }
  }
  if (holdIds.length) {
    const holds = await db
      .select({ id: creditHolds.id, description: creditHolds.description, status: creditHolds.status, projectCode: computeProjects.code })
      .from(creditHolds)
      .leftJoin(computeProjects, eq(computeProjects.id, creditHolds.projectId))
      .where(and(eq(creditHolds.orgId, orgId), inArray(creditHolds.id, holdIds)));
    for (const h of holds) out.set(`hold:${h.id}`, { type: "hold", holdId: h.id, description: h.description, status: h.status, projectCode: h.projectCode });
  }
  return out;
}
