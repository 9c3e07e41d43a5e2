// The park's credits console: sales of packs, grants, usage by tenant, the price list, packs and
// the ledger's reconciliation. Reading and granting need `credits:grant` (finance has it);
// prices, packs and reconciliation need `credits:admin`. Prices are append-only: a change is a
// new row with the date it takes effect.
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { creditGrants, creditLots, creditPacks, creditPrices, creditPurchases } from "#db/schema/credits";
import { userDirectory, orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, pgErrorCode, queryRows } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { addDaysIso, parkDate, parkMidnight } from "~/modules/platform/dates";
import { reconcileLedger } from "./reconcile.server";
import { purchaseColumns } from "./statements.server";
import type { Meter } from "./units";

const DAY_MS = 24 * 3600 * 1000;

/** Pack sales: purchases issued (paid) all time and in the last 30 days, and the latest purchases. */
export async function getSales(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const [totals] = await queryRows<Record<string, string>>(
    db,
    sql`select count(*) filter (where status = 'issued')::text as issued,
               coalesce(sum(credits_milli) filter (where status = 'issued'), 0)::text as credits,
               coalesce(sum(bonus_milli) filter (where status = 'issued'), 0)::text as bonus,
               coalesce(sum(price_fen) filter (where status = 'issued'), 0)::text as price,
               count(*) filter (where status = 'issued' and issued_at >= ${since}::timestamptz)::text as issued30,
               coalesce(sum(credits_milli) filter (where status = 'issued' and issued_at >= ${since}::timestamptz), 0)::text as credits30,
               coalesce(sum(price_fen) filter (where status = 'issued' and issued_at >= ${since}::timestamptz), 0)::text as price30,
               count(*) filter (where status = 'awaiting_payment')::text as awaiting,
               coalesce(sum(price_fen) filter (where status = 'awaiting_payment'), 0)::text as awaiting_price
        from credit_purchases`,
  );
  const recent = await db
    .select({ ...purchaseColumns, orgNameZh: orgDirectory.nameZh, orgNameEn: orgDirectory.nameEn })
    .from(creditPurchases)
    .innerJoin(creditPacks, eq(creditPacks.id, creditPurchases.packId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, creditPurchases.orgId))
    .orderBy(desc(creditPurchases.createdAt))
    .limit(20);
  return {
    allTime: { issued: Number(totals.issued), creditsMilli: BigInt(totals.credits), bonusMilli: BigInt(totals.bonus), priceFen: BigInt(totals.price) },
    last30: { issued: Number(totals.issued30), creditsMilli: BigInt(totals.credits30), priceFen: BigInt(totals.price30) },
    awaiting: { count: Number(totals.awaiting), priceFen: BigInt(totals.awaiting_price) },
    recent,
  };
}

/** The latest grants with what is left of each. */
export async function listGrants(actor: MemberActor, limit = 50) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  return db
    .select({
      id: creditGrants.id,
      amountMilli: creditGrants.amountMilli,
      category: creditGrants.category,
      reason: creditGrants.reason,
      expiresAt: creditGrants.expiresAt,
      createdAt: creditGrants.createdAt,
      orgNameZh: orgDirectory.nameZh,
      orgNameEn: orgDirectory.nameEn,
      grantedByName: userDirectory.displayName,
      remainingMilli: creditLots.remainingMilli,
    })
    .from(creditGrants)
    .innerJoin(orgDirectory, eq(orgDirectory.id, creditGrants.orgId))
    .leftJoin(userDirectory, eq(userDirectory.id, creditGrants.grantedBy))
    .leftJoin(creditLots, and(eq(creditLots.source, "grant"), eq(creditLots.sourceRef, sql`${creditGrants.id}::text`)))
    .orderBy(desc(creditGrants.createdAt))
    .limit(limit);
}

/** Active tenants, for the grant form's select. */
export async function listGrantableTenants(actor: MemberActor) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  return db
    .select({ id: orgDirectory.id, slug: orgDirectory.slug, nameZh: orgDirectory.nameZh, nameEn: orgDirectory.nameEn })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.kind, "tenant"), eq(orgDirectory.status, "active")))
    .orderBy(asc(orgDirectory.nameZh));
}

/** Every tenant's usage in the last `days` days, with its balances now. */
export async function getUsageByTenant(actor: MemberActor, options: { days?: number; now?: Date } = {}) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  const since = parkMidnight(addDaysIso(parkDate(options.now), -((options.days ?? 30) - 1))).toISOString();
  const rows = await queryRows<Record<string, string | null>>(
    db,
    sql`select o.id, o.slug, o.name_zh, o.name_en,
               coalesce(u.gpu_seconds, 0)::text as gpu_seconds, coalesce(u.tokens_in, 0)::text as tokens_in,
               coalesce(u.tokens_out, 0)::text as tokens_out, coalesce(u.cost, 0)::text as cost,
               coalesce(av.balance_milli, 0)::text as available, coalesce(h.balance_milli, 0)::text as held
        from organisations o
        left join (
          select org_id,
                 sum(case when meter = 'gpu_seconds' then quantity else 0 end) as gpu_seconds,
                 sum(case when meter = 'llm_tokens_in' then quantity else 0 end) as tokens_in,
                 sum(case when meter = 'llm_tokens_out' then quantity else 0 end) as tokens_out,
                 sum(cost_milli) as cost
          from usage_daily where day >= (${since}::timestamptz at time zone 'Asia/Shanghai')::date group by org_id
        ) u on u.org_id = o.id
        left join credit_accounts av on av.org_id = o.id and av.kind = 'available'
        left join credit_accounts h on h.org_id = o.id and h.kind = 'held'
        where o.kind = 'tenant'
        order by coalesce(u.cost, 0) desc, o.name_zh`,
  );
  return rows.map((r) => ({
    id: r.id!,
    slug: r.slug!,
    nameZh: r.name_zh!,
    nameEn: r.name_en!,
    gpuSeconds: BigInt(r.gpu_seconds!),
    tokensIn: BigInt(r.tokens_in!),
    tokensOut: BigInt(r.tokens_out!),
    costMilli: BigInt(r.cost!),
    availableMilli: BigInt(r.available!),
    heldMilli: BigInt(r.held!),
  }));
}

type PriceState = "current" | "scheduled" | "superseded";

/** Every price row, newest first within a meter and model, marked current, scheduled or superseded. */
export async function getPriceList(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select()
    .from(creditPrices)
    .orderBy(asc(creditPrices.meter), asc(creditPrices.model), desc(creditPrices.effectiveFrom));
  const seenCurrent = new Set<string>();
  return rows.map((row) => {
    const key = `${row.meter}|${row.model}`;
    let state: PriceState;
    if (row.effectiveFrom.getTime() > now.getTime()) state = "scheduled";
    else if (seenCurrent.has(key)) state = "superseded";
    else {
      state = "current";
      seenCurrent.add(key);
    }
    return { ...row, state };
  });
}

/** A new price from a park date on (today: from now). Old rows are never changed. */
export async function addPrice(actor: MemberActor, input: { meter: Meter; model: string; priceMilli: bigint; effectiveOn: string }, meta: { ip?: string | null } = {}) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  const now = new Date();
  const effectiveFrom = input.effectiveOn <= parkDate(now) ? now : parkMidnight(input.effectiveOn);
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [price] = await tx
        .insert(creditPrices)
        .values({ meter: input.meter, model: input.model, priceMilli: input.priceMilli, effectiveFrom })
        .returning();
      await recordAudit(tx, {
        actorUserId: actor.user.id,
        orgId: actor.org.id,
        action: "credits.price_added",
        subjectType: "credit_price",
        subjectId: price.id,
        after: { meter: price.meter, model: price.model, priceMilli: String(price.priceMilli), effectiveFrom: effectiveFrom.toISOString() },
        ip: meta.ip ?? null,
      });
      return price;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.priceExists");
    throw error;
  }
}

type PackState = "active" | "scheduled" | "ended";

export async function listPacks(actor: MemberActor, now = new Date()) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  const db = await getDb();
  const rows = await db
    .select({
      pack: creditPacks,
      issued: sql<number>`(select count(*)::int from credit_purchases p where p.pack_id = ${creditPacks.id} and p.status = 'issued')`,
    })
    .from(creditPacks)
    .orderBy(desc(sql`${creditPacks.activeUntil} is null`), desc(creditPacks.activeUntil), asc(creditPacks.priceFen));
  return rows.map(({ pack, issued }) => {
    const state: PackState =
      pack.activeUntil && pack.activeUntil.getTime() <= now.getTime() ? "ended" : pack.activeFrom.getTime() > now.getTime() ? "scheduled" : "active";
    return { ...pack, issued: Number(issued), state };
  });
}

export async function createPack(
  actor: MemberActor,
  input: { nameZh: string; nameEn: string; creditsMilli: bigint; bonusMilli: bigint; priceFen: bigint; activeFrom?: string; activeUntil?: string },
  meta: { ip?: string | null } = {},
) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  const now = new Date();
  const activeFrom = input.activeFrom && input.activeFrom > parkDate(now) ? parkMidnight(input.activeFrom) : now;
  const activeUntil = input.activeUntil ? parkMidnight(input.activeUntil) : null;
  if (activeUntil && activeUntil.getTime() <= activeFrom.getTime()) throw new AppError("invalid", "errors.dateOrder");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [pack] = await tx
      .insert(creditPacks)
      .values({ nameZh: input.nameZh, nameEn: input.nameEn, creditsMilli: input.creditsMilli, bonusMilli: input.bonusMilli, priceFen: input.priceFen, activeFrom, activeUntil })
      .returning();
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "credits.pack_created",
      subjectType: "credit_pack",
      subjectId: pack.id,
      after: { nameZh: pack.nameZh, creditsMilli: String(pack.creditsMilli), bonusMilli: String(pack.bonusMilli), priceFen: String(pack.priceFen) },
      ip: meta.ip ?? null,
    });
    return pack;
  });
}

/** Takes a pack off sale now; purchases already made are paid and issued as usual. */
export async function endPack(actor: MemberActor, packId: string, meta: { ip?: string | null } = {}) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  if (!isUuid(packId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const now = new Date();
    const [pack] = await tx
      .update(creditPacks)
      .set({ activeUntil: now })
      .where(and(eq(creditPacks.id, packId), or(isNull(creditPacks.activeUntil), gt(creditPacks.activeUntil, now))))
      .returning();
    if (!pack) {
      const [exists] = await tx.select({ id: creditPacks.id }).from(creditPacks).where(eq(creditPacks.id, packId));
      if (!exists) throw notFound();
      throw new AppError("conflict", "errors.packEnded");
    }
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "credits.pack_ended",
      subjectType: "credit_pack",
      subjectId: pack.id,
      after: { nameZh: pack.nameZh, activeUntil: now.toISOString() },
      ip: meta.ip ?? null,
    });
    return pack;
  });
}

/** Checks the ledger's invariants now and records that it was checked, and what was found. */
export async function runReconciliation(actor: MemberActor, meta: { ip?: string | null } = {}) {
  requirePermission(actor, "credits:admin", { kind: "park" });
  const result = await reconcileLedger();
  const db = await getDb();
  await recordAudit(db, {
    actorUserId: actor.user.id,
    orgId: actor.org.id,
    action: "credits.reconciled",
    subjectType: "credit_ledger",
    subjectId: "ledger",
    after: { ok: result.ok, accounts: result.accounts, transfers: result.transfers, problems: result.problems.slice(0, 20) },
    ip: meta.ip ?? null,
  });
  return result;
}
