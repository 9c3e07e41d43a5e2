// A seeded randomised walk through compute credits: purchases paid (and payments retried), grants
// with expiries, usage batches with retries and duplicates, holds captured, voided and expired,
// lots expiring, refunds of unused purchased credits. After every step the ledger reconciles, no
// tenant is negative, and a model of every lot, hold and project kept here matches the database.
//
// Replay a failure with the seed it prints: CREDITS_SEED=<seed> npm test -- credits-random
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { computeProjects, creditPurchases } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { refundPayment } from "~/modules/billing/refunds.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { expireLots, grantCreditsInTx } from "~/modules/credits/grants.server";
import { captureHold, createHold, expireHolds, voidHold } from "~/modules/credits/holds.server";
import { buyPack } from "~/modules/credits/purchases.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { usageCostMilli, type Meter } from "~/modules/credits/units";
import { ingestUsage, type UsageResult } from "~/modules/credits/usage.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { actorFor, signedInMember } from "../support/factories";
import { USAGE_DAY, seedPack, seedPrices } from "../support/credits";

const SEED = Number(process.env.CREDITS_SEED ?? 20261120);
const STEPS = Number(process.env.CREDITS_STEPS ?? 300);
const DAY = 24 * 3600 * 1000;
const PRICES: Record<Meter, bigint> = { gpu_seconds: 18_000n, llm_tokens_in: 2_000n, llm_tokens_out: 8_000n };
const PACK = { creditsMilli: 200_000n, bonusMilli: 20_000n, priceFen: 100_000n };
const BUDGET = 150_000n;

/** mulberry32: small, fast and the same on every machine. */
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

interface LotModel {
  id: string;
  orgId: string;
  source: "purchase" | "bonus" | "grant";
  sourceRef: string;
  expiresAt: Date | null;
  /** created_at in microseconds, as the database orders by it. */
  createdUs: bigint;
  amount: bigint;
  remaining: bigint;
  /** The expiry task expired it (its key is used): credits released to it later expire at once. */
  expiryPosted: boolean;
}

interface HoldModel {
  id: string;
  orgId: string;
  project: string | null;
  amount: bigint;
  status: "active" | "captured" | "voided" | "expired";
  expiresAt: Date;
  parts: { lotId: string; amount: bigint }[];
  captured: bigint | null;
}

interface TenantModel {
  orgId: string;
  slug: string;
  actor: MemberActor;
  projectId: string;
  projectSpent: bigint;
  projectHeld: bigint;
}

interface PurchaseModel {
  purchaseId: string;
  invoiceId: string;
  totalFen: bigint;
  orgId: string;
  paymentRef: string | null;
  paymentId: string | null;
  refundedFen: bigint;
  lotId: string | null;
}

interface SentEvent {
  id: string;
  tenant: string;
  project?: string;
  meter: Meter;
  model: string;
  quantity: number | string;
  started_at: string;
  ended_at: string;
}

/** Lots in the order usage spends them: grants and bonuses by soonest expiry, then purchases. */
function byPriority(a: LotModel, b: LotModel) {
  const pa = a.source === "purchase" ? 1 : 0;
  const pb = b.source === "purchase" ? 1 : 0;
  if (pa !== pb) return pa - pb;
  if (a.expiresAt && b.expiresAt && a.expiresAt.getTime() !== b.expiresAt.getTime()) return a.expiresAt.getTime() - b.expiresAt.getTime();
  if (a.expiresAt && !b.expiresAt) return -1;
  if (!a.expiresAt && b.expiresAt) return 1;
  if (a.createdUs !== b.createdUs) return a.createdUs < b.createdUs ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

describe("credits, randomised", () => {
  it(`keeps the ledger exact through ${STEPS} random steps (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const chance = (p: number) => random() < p;

    await seedPrices();
    const pack = await seedPack(PACK);
    const db = await getDb();
    const finance = await actorFor((await signedInMember({ kind: "park", role: "finance" })).cookie);

    const tenants: TenantModel[] = [];
    for (let i = 0; i < 3; i++) {
      const owner = await signedInMember({ role: "owner" });
      const [project] = await db.insert(computeProjects).values({ orgId: owner.org.id, code: "film", name: "Film", budgetMilli: BUDGET }).returning();
      tenants.push({ orgId: owner.org.id, slug: owner.org.slug, actor: await actorFor(owner.cookie), projectId: project.id, projectSpent: 0n, projectHeld: 0n });
    }
    const lots = new Map<string, LotModel>();
    const holds = new Map<string, HoldModel>();
    const events = new Map<string, { orgId: string; cost: bigint }>();
    const purchases: PurchaseModel[] = [];
    const sentBatches: SentEvent[][] = [];
    let clock = Date.now();
    let serial = 0;
    const next = (prefix: string) => `${prefix}-${++serial}`;
    const counts: Record<string, number> = {};
    /** What the walk exercised (printed with CREDITS_VERBOSE=1). */
    const tally: Record<string, number> = {};
    const count = (what: string) => void (tally[what] = (tally[what] ?? 0) + 1);

    const tenantBySlug = (slug: string) => tenants.find((t) => t.slug === slug);
    const lotsOf = (orgId: string) => [...lots.values()].filter((l) => l.orgId === orgId).sort(byPriority);
    const availableOf = (orgId: string) => lotsOf(orgId).reduce((sum, l) => sum + l.remaining, 0n);
    const heldOf = (orgId: string) => [...holds.values()].filter((h) => h.orgId === orgId && h.status === "active").reduce((sum, h) => sum + h.amount, 0n);

    /** What usage may spend now: lots with credits left that have not reached their expiry. */
    function take(orgId: string, amount: bigint) {
      const now = Date.now();
      const spendable = lotsOf(orgId).filter((l) => l.remaining > 0n && (l.expiresAt === null || l.expiresAt.getTime() > now));
      if (spendable.reduce((sum, l) => sum + l.remaining, 0n) < amount) return null;
      const parts: { lotId: string; amount: bigint }[] = [];
      let left = amount;
      for (const lot of spendable) {
        if (left === 0n) break;
        const part = lot.remaining < left ? lot.remaining : left;
        lot.remaining -= part;
        left -= part;
        parts.push({ lotId: lot.id, amount: part });
      }
      return parts;
    }

    /** Mirrors resolving a hold: capture from its parts in spending order, release the rest. */
    function resolve(hold: HoldModel, status: HoldModel["status"], captured: bigint) {
      let toCapture = captured;
      for (const part of [...hold.parts].sort((a, b) => byPriority(lots.get(a.lotId)!, lots.get(b.lotId)!))) {
        const capture = part.amount < toCapture ? part.amount : toCapture;
        toCapture -= capture;
        const lot = lots.get(part.lotId)!;
        const expired = lot.expiryPosted || (lot.expiresAt !== null && lot.expiresAt.getTime() <= Date.now());
        if (expired && part.amount > capture) count("released to an expired lot");
        if (!expired) lot.remaining += part.amount - capture;
      }
      hold.status = status;
      hold.captured = captured;
      if (hold.project) {
        const tenant = tenants.find((t) => t.orgId === hold.orgId)!;
        tenant.projectHeld -= hold.amount;
        tenant.projectSpent += captured;
      }
    }

    async function loadLots(where: ReturnType<typeof sql>) {
      return queryRows<{ id: string; org_id: string; source: "purchase" | "bonus" | "grant"; source_ref: string; created_us: string; amount_milli: string }>(
        db,
        sql`select id, org_id, source, source_ref, (extract(epoch from created_at) * 1000000)::bigint::text as created_us, amount_milli::text
            from credit_lots where ${where}`,
      );
    }

    async function addLots(where: ReturnType<typeof sql>, expiresAt: Date | null) {
      for (const row of await loadLots(where)) {
        lots.set(row.id, {
          id: row.id,
          orgId: row.org_id,
          source: row.source,
          sourceRef: row.source_ref,
          expiresAt: row.source === "grant" ? expiresAt : null,
          createdUs: BigInt(row.created_us),
          amount: BigInt(row.amount_milli),
          remaining: BigInt(row.amount_milli),
          expiryPosted: false,
        });
      }
    }

    function randomEvent(tenant: TenantModel): SentEvent {
      const kind = int(0, 9);
      const base = { id: next("ev"), tenant: tenant.slug, started_at: `${USAGE_DAY}T01:00:00Z`, ended_at: `${USAGE_DAY}T02:00:00Z` };
      const project = chance(0.3) ? { project: chance(0.9) ? "film" : "no-such-project" } : {};
      if (kind < 6) return { ...base, ...project, meter: "gpu_seconds", model: "H800", quantity: int(60, 4000) };
      return { ...base, ...project, meter: kind < 8 ? "llm_tokens_in" : "llm_tokens_out", model: "deepseek-v3", quantity: String(int(1000, 3_000_000)) };
    }

    /** The model's answer to a batch, applied to the model as the database should apply it. */
    function expectedBatch(batch: SentEvent[]) {
      return batch.map((e): UsageResult => {
        const tenant = tenantBySlug(e.tenant);
        const quantity = BigInt(e.quantity);
        if (quantity <= 0n) return { id: e.id, status: "rejected", reason: "bad_quantity" };
        if (!tenant) return { id: e.id, status: "rejected", reason: "unknown_tenant" };
        const cost = usageCostMilli(e.meter, quantity, PRICES[e.meter]);
        const prior = events.get(e.id);
        if (prior) return prior.orgId === tenant.orgId ? { id: e.id, status: "duplicate", cost_milli: String(prior.cost) } : { id: e.id, status: "rejected", reason: "id_conflict" };
        if (e.project && e.project !== "film") return { id: e.id, status: "rejected", reason: "unknown_project" };
        if (e.project && tenant.projectSpent + tenant.projectHeld + cost > BUDGET) return { id: e.id, status: "rejected", reason: "budget_exceeded" };
        if (cost > 0n && take(tenant.orgId, cost) === null) return { id: e.id, status: "rejected", reason: "insufficient_credits" };
        if (e.project) tenant.projectSpent += cost;
        events.set(e.id, { orgId: tenant.orgId, cost });
        return { id: e.id, status: "applied", cost_milli: String(cost) };
      });
    }

    async function expectConflict(promise: Promise<unknown>, messageKey: string) {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `expected ${messageKey}`).toBeInstanceOf(AppError);
      expect((error as AppError).messageKey).toBe(messageKey);
    }

    const steps: [number, string, () => Promise<void>][] = [
      [
        10,
        "buy a pack",
        async () => {
          const tenant = pick(tenants);
          const { purchase, invoice } = await buyPack(tenant.actor, pack.id);
          purchases.push({ purchaseId: purchase.id, invoiceId: invoice.id, totalFen: invoice.totalFen, orgId: tenant.orgId, paymentRef: null, paymentId: null, refundedFen: 0n, lotId: null });
        },
      ],
      [
        10,
        "pay (or pay again) for a purchase",
        async () => {
          const purchase = pick(purchases.filter((p) => p.paymentRef === null)) ?? pick(purchases);
          if (!purchase) return;
          const retry = purchase.paymentRef !== null;
          const ref = purchase.paymentRef ?? next("bank");
          const result = await db.transaction((tx) => applyPayment(tx, { invoiceId: purchase.invoiceId, method: "bank_transfer", externalRef: ref, amountFen: purchase.totalFen }));
          expect(result.duplicate).toBe(retry);
          if (retry) return;
          purchase.paymentRef = ref;
          purchase.paymentId = result.paymentId;
          await addLots(sql`source_ref = ${purchase.purchaseId}`, null);
          purchase.lotId = [...lots.values()].find((l) => l.source === "purchase" && l.sourceRef === purchase.purchaseId)!.id;
        },
      ],
      [
        10,
        "grant credits",
        async () => {
          const tenant = pick(tenants);
          const expiresAt = chance(0.7) ? new Date(Date.now() + int(1, 40) * DAY + int(0, DAY)) : null;
          const grant = await db.transaction((tx) =>
            grantCreditsInTx(tx, { orgId: tenant.orgId, amountMilli: BigInt(int(1, 200)) * 1000n + BigInt(int(0, 999)), category: "programme", reason: "random", expiresAt }, null),
          );
          await addLots(sql`source = 'grant' and source_ref = ${grant.id}`, expiresAt);
        },
      ],
      [
        25,
        "send a usage batch",
        async () => {
          const batch: SentEvent[] = [];
          for (let i = int(1, 20); i > 0; i--) {
            const roll = random();
            if (roll < 0.1 && batch.length) batch.push(pick(batch)); // the same event twice in one batch
            else if (roll < 0.2 && sentBatches.length) batch.push(pick(pick(sentBatches))); // a retry of an earlier event
            else if (roll < 0.23) batch.push({ ...randomEvent(pick(tenants)), quantity: 0 });
            else if (roll < 0.25) batch.push({ ...randomEvent(pick(tenants)), tenant: "no-such-tenant" });
            else batch.push(randomEvent(pick(tenants)));
          }
          const expected = expectedBatch(batch);
          expect(await ingestUsage(batch)).toEqual(expected);
          for (const r of expected) count(r.status === "rejected" ? `usage ${r.reason}` : `usage ${r.status}`);
          sentBatches.push(batch);
        },
      ],
      [
        4,
        "retry a whole usage batch",
        async () => {
          const batch = pick(sentBatches);
          if (!batch) return;
          // Applied events come back as duplicates; refused ones are tried again (credits may have come in).
          const expected = expectedBatch(batch);
          expect(await ingestUsage(batch)).toEqual(expected);
        },
      ],
      [
        14,
        "create a hold",
        async () => {
          const retry = chance(0.1) ? pick([...holds.values()]) : undefined;
          if (retry) {
            const tenant = tenants.find((t) => t.orgId === retry.orgId)!;
            const again = await createHold({ id: retry.id, tenant: tenant.slug, amountMilli: retry.amount });
            expect(again.duplicate).toBe(true);
            expect(again.hold.status).toBe(retry.status);
            return;
          }
          const tenant = pick(tenants);
          const amount = BigInt(int(1, 80)) * 1000n;
          const project = chance(0.3) ? "film" : null;
          const id = next("hold");
          const ttlSeconds = int(3600, 7 * 24 * 3600);
          if (project && tenant.projectSpent + tenant.projectHeld + amount > BUDGET) {
            await expectConflict(createHold({ id, tenant: tenant.slug, project, amountMilli: amount, ttlSeconds }), "errors.budgetExceeded");
            count("hold over budget");
            return;
          }
          const parts = take(tenant.orgId, amount);
          if (!parts) {
            await expectConflict(createHold({ id, tenant: tenant.slug, project, amountMilli: amount, ttlSeconds }), "errors.insufficientCredits");
            count("hold refused");
            return;
          }
          const { hold, duplicate } = await createHold({ id, tenant: tenant.slug, project, amountMilli: amount, ttlSeconds });
          expect(duplicate).toBe(false);
          if (project) tenant.projectHeld += amount;
          holds.set(id, { id, orgId: tenant.orgId, project, amount, status: "active", expiresAt: hold.expiresAt, parts, captured: null });
        },
      ],
      [
        9,
        "capture a hold",
        async () => {
          const hold = pick([...holds.values()].filter((h) => h.status === "active")) ?? pick([...holds.values()]);
          if (!hold) return;
          const asked = (hold.amount * BigInt(int(0, 120))) / 100n;
          if (hold.status === "captured") {
            const again = await captureHold(hold.id, asked);
            expect(again.duplicate).toBe(true);
            expect(again.hold.capturedMilli).toBe(hold.captured);
            return;
          }
          if (hold.status !== "active") return expectConflict(captureHold(hold.id, asked), "errors.holdResolved");
          const captured = asked < hold.amount ? asked : hold.amount;
          const result = await captureHold(hold.id, asked);
          expect(result.hold.capturedMilli).toBe(captured);
          resolve(hold, "captured", captured);
        },
      ],
      [
        6,
        "void a hold",
        async () => {
          const hold = pick([...holds.values()].filter((h) => h.status === "active")) ?? pick([...holds.values()]);
          if (!hold) return;
          if (hold.status === "voided") {
            expect((await voidHold(hold.id)).duplicate).toBe(true);
            return;
          }
          if (hold.status !== "active") return expectConflict(voidHold(hold.id), "errors.holdResolved");
          expect((await voidHold(hold.id)).hold.status).toBe("voided");
          resolve(hold, "voided", 0n);
        },
      ],
      [
        4,
        "time passes: holds expire",
        async () => {
          clock += int(6, 72) * 3600 * 1000;
          const due = [...holds.values()].filter((h) => h.status === "active" && h.expiresAt.getTime() <= clock);
          expect(await expireHolds(new Date(clock))).toBe(due.length);
          for (const hold of due) resolve(hold, "expired", 0n);
          tally["hold expired"] = (tally["hold expired"] ?? 0) + due.length;
        },
      ],
      [
        4,
        "time passes: lots expire",
        async () => {
          clock += int(6, 72) * 3600 * 1000;
          let expected = 0n;
          for (const lot of lots.values()) {
            if (lot.expiresAt && lot.expiresAt.getTime() <= clock && lot.remaining > 0n && !lot.expiryPosted) {
              expected += lot.remaining;
              count("lot expired");
              lot.remaining = 0n;
              lot.expiryPosted = true;
            }
          }
          expect(await expireLots(new Date(clock))).toBe(expected);
          expect(await expireLots(new Date(clock))).toBe(0n);
        },
      ],
      [
        6,
        "refund unused purchased credits",
        async () => {
          const purchase = pick(purchases.filter((p) => p.paymentId !== null));
          if (!purchase) return;
          const lot = lots.get(purchase.lotId!)!;
          const byCredits = (lot.remaining * purchase.totalFen) / lot.amount;
          const unpaidBack = purchase.totalFen - purchase.refundedFen;
          const refundable = byCredits < unpaidBack ? byCredits : unpaidBack;
          if (refundable === 0n || chance(0.2)) {
            // More than the unused purchased credits are worth: refused, nothing changes.
            await expectConflict(refundPayment(finance, { paymentId: purchase.paymentId!, amountFen: refundable + BigInt(int(1, 1000)), reason: "too much" }, { ip: null }), "errors.refundTooLarge");
            return;
          }
          const amountFen = chance(0.3) ? refundable : BigInt(int(1, Number(refundable)));
          await refundPayment(finance, { paymentId: purchase.paymentId!, amountFen, reason: "random refund" }, { ip: null });
          count(amountFen === refundable ? "refund of everything unused" : "partial refund");
          const wanted = (amountFen * lot.amount + purchase.totalFen - 1n) / purchase.totalFen;
          lot.remaining -= wanted < lot.remaining ? wanted : lot.remaining;
          purchase.refundedFen += amountFen;
        },
      ],
    ];
    const totalWeight = steps.reduce((sum, [w]) => sum + w, 0);

    async function checkInvariants() {
      const reconciliation = await reconcileLedger();
      expect(reconciliation.problems).toEqual([]);
      const accounts = await queryRows<{ org_id: string | null; kind: string; balance: string }>(db, sql`select org_id, kind, balance_milli::text as balance from credit_accounts`);
      for (const a of accounts) if (a.org_id) expect(BigInt(a.balance) >= 0n, `tenant account ${a.org_id}/${a.kind} is negative`).toBe(true);
      for (const tenant of tenants) {
        const balance = (kind: string) => BigInt(accounts.find((a) => a.org_id === tenant.orgId && a.kind === kind)?.balance ?? "0");
        expect({ tenant: tenant.slug, available: balance("available"), held: balance("held") }).toEqual({
          tenant: tenant.slug,
          available: availableOf(tenant.orgId),
          held: heldOf(tenant.orgId),
        });
      }
      const dbLots = await queryRows<{ id: string; remaining: string }>(db, sql`select id, remaining_milli::text as remaining from credit_lots`);
      expect(Object.fromEntries(dbLots.map((l) => [l.id, BigInt(l.remaining)]))).toEqual(Object.fromEntries([...lots.values()].map((l) => [l.id, l.remaining])));
      const dbHolds = await queryRows<{ id: string; status: string; captured: string | null }>(db, sql`select id, status, captured_milli::text as captured from credit_holds`);
      expect(Object.fromEntries(dbHolds.map((h) => [h.id, `${h.status}:${h.captured ?? ""}`]))).toEqual(
        Object.fromEntries([...holds.values()].map((h) => [h.id, `${h.status}:${h.captured === null ? "" : String(h.captured)}`])),
      );
      const projects = await db.select().from(computeProjects);
      for (const tenant of tenants) {
        const project = projects.find((p) => p.id === tenant.projectId)!;
        expect({ spent: project.spentMilli, held: project.heldMilli }).toEqual({ spent: tenant.projectSpent, held: tenant.projectHeld });
      }
      const [usage] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from usage_events`);
      expect(Number(usage.n)).toBe(events.size);
    }

    for (let step = 1; step <= STEPS; step++) {
      let roll = random() * totalWeight;
      const [, name, run] = steps.find(([weight]) => (roll -= weight) < 0) ?? steps[steps.length - 1];
      try {
        await run();
        await checkInvariants();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`credits-random failed at step ${step} ("${name}") — replay with CREDITS_SEED=${SEED}\n${message}`, { cause: error });
      }
      counts[name] = (counts[name] ?? 0) + 1;
    }
    if (process.env.CREDITS_VERBOSE) console.log(JSON.stringify({ seed: SEED, counts, tally }));
    // The walk visited every kind of step and left money everywhere it should be.
    expect(Object.keys(counts).length, JSON.stringify(counts)).toBe(steps.length);
    const [issued] = await db.select({ n: sql<number>`count(*)::int` }).from(creditPurchases).where(sql`${creditPurchases.status} = 'issued'`);
    expect(Number(issued.n)).toBe(purchases.filter((p) => p.paymentId).length);
  }, 120_000);
});
