// Compute credits under concurrency, on the real server: debits and holds never overdraw a tenant,
// every usage event is applied once however many batches carry it at the same moment, a hold is
// resolved once, and the ledger reconciles after every test.
import { count, eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { creditHolds, usageEvents } from "#db/schema/index";
import { storeApiKey } from "~/modules/credits/api-keys.server";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { captureHold, createHold, voidHold } from "~/modules/credits/holds.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { usageCostMilli } from "~/modules/credits/units";
import { ingestUsage } from "~/modules/credits/usage.server";
import { getDb, queryRows } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import * as captureRoute from "~/routes/api.v1.holds.$id.capture";
import * as voidRoute from "~/routes/api.v1.holds.$id.void";
import * as usageRoute from "~/routes/api.v1.usage";
import { USAGE_DAY, creditBalancesOf, gpuEvent, seedPrices, tenantWithCredits } from "../support/credits";
import { raceCalls, raceOnConnections } from "../support/race";

/** H800 at 18 credits per GPU-hour: 2,000 GPU-seconds cost exactly 10 credits. */
const TEN_CREDITS_OF_GPU = 2000;

afterEach(async () => {
  const result = await reconcileLedger();
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
});

async function newKey() {
  const db = await getDb();
  return (await storeApiKey(db, { name: "race gateway", createdBy: null })).value;
}

function post(key: string, path: string, body?: unknown) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Watches a tenant's available balance on a connection of its own while `work` runs, and returns
 * the lowest balance seen (committed states only: what any reader could observe).
 */
async function watchingBalance<T>(orgId: string, work: () => Promise<T>) {
  let running = true;
  let lowest: bigint | null = null;
  let samples = 0;
  const watcher = raceOnConnections(1, async (db) => {
    while (running) {
      const [row] = await queryRows<{ balance: string }>(db, sql`select balance_milli::text as balance from credit_accounts where org_id = ${orgId} and kind = 'available'`);
      if (row) {
        const balance = BigInt(row.balance);
        if (lowest === null || balance < lowest) lowest = balance;
        samples++;
      }
    }
  });
  try {
    return { result: await work(), lowest: () => lowest, samples: () => samples };
  } finally {
    running = false;
    await watcher;
  }
}

function shuffle<T>(items: T[], random = Math.random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("credits under concurrency", () => {
  it("lets exactly 10 of 50 concurrent 10-credit debits through a 100-credit balance, never below zero", async () => {
    await seedPrices();
    const org = await tenantWithCredits(100);
    const watched = await watchingBalance(org.id, () =>
      raceCalls(50, (i) => ingestUsage([gpuEvent(`debit-${i}`, org.slug, TEN_CREDITS_OF_GPU)])),
    );
    const outcome = watched.result;
    expect(outcome.rejected).toEqual([]);
    const statuses = outcome.fulfilled.map(([r]) => (r.status === "rejected" ? r.reason : r.status));
    expect(statuses.filter((s) => s === "applied")).toHaveLength(10);
    expect(statuses.filter((s) => s === "insufficient_credits")).toHaveLength(40);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 0n });
    expect(watched.samples()).toBeGreaterThan(0);
    expect(watched.lowest()! >= 0n).toBe(true);
    const db = await getDb();
    const [events] = await db.select({ n: count() }).from(usageEvents);
    expect(Number(events.n)).toBe(10);
  }, 120_000);

  it("does the same through the HTTP action: 50 concurrent requests, 10 applied, 40 refused per event", async () => {
    await seedPrices();
    const key = await newKey();
    const org = await tenantWithCredits(100);
    const outcome = await raceCalls(50, async (i) => {
      const response = (await usageRoute.action({ request: post(key, "/api/v1/usage", { events: [gpuEvent(`http-${i}`, org.slug, TEN_CREDITS_OF_GPU)] }), params: {}, context: { clientIp: "127.0.0.1" } })) as Response;
      return { status: response.status, body: await response.json() };
    });
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.every((a) => a.status === 200)).toBe(true);
    expect(outcome.fulfilled.filter((a) => a.body.applied === 1)).toHaveLength(10);
    expect(outcome.fulfilled.filter((a) => a.body.results[0].reason === "insufficient_credits")).toHaveLength(40);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 0n });
  }, 120_000);

  it("lets exactly 10 of 50 concurrent 10-credit holds through a 100-credit balance", async () => {
    const org = await tenantWithCredits(100);
    const watched = await watchingBalance(org.id, () =>
      raceCalls(50, (i) => createHold({ id: `hold-${i}`, tenant: org.slug, amountMilli: 10_000n })),
    );
    const outcome = watched.result;
    expect(outcome.fulfilled).toHaveLength(10);
    expect(outcome.fulfilled.every((r) => !r.duplicate)).toBe(true);
    expect(outcome.rejected).toHaveLength(40);
    expect(outcome.rejected.every((e) => e instanceof AppError && e.messageKey === "errors.insufficientCredits")).toBe(true);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 100_000n });
    expect(watched.lowest()! >= 0n).toBe(true);
  }, 120_000);

  it("creates one hold when the same hold request arrives 20 times at once", async () => {
    const org = await tenantWithCredits(100);
    const outcome = await raceCalls(20, () => createHold({ id: "same-hold", tenant: org.slug, amountMilli: 30_000n }));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 70_000n, held: 30_000n });
  });

  it("authorises exactly up to the balance when 300 holds of one tenant arrive at once, batched here and by another instance", async () => {
    // 100 credits in three lots: two grants (soonest expiry spent first) and a purchase.
    const org = await tenantWithCredits(40, { expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const db = await getDb();
    const { addLot } = await import("~/modules/credits/ledger.server");
    await db.transaction(async (tx) => {
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 30_000n, category: "other", reason: "race", expiresAt: null }, null);
      await addLot(tx, { orgId: org.id, source: "purchase", sourceRef: `race-${org.id}`, amountMilli: 30_000n });
    });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 100_000n, held: 0n });
    const watched = await watchingBalance(org.id, () =>
      Promise.all([
        // This instance: 200 one-credit holds through the module (its per-tenant batches).
        raceCalls(200, (i) => createHold({ id: `limit-here-${i}`, tenant: org.slug, amountMilli: 1_000n })),
        // "Another instance": 4 connections, each sending 5 batches of 5 one-credit holds straight to the function.
        raceOnConnections(4, async (other, c) => {
          const answers: string[] = [];
          for (let b = 0; b < 5; b++) {
            const holds = Array.from({ length: 5 }, (_, k) => ({ id: `limit-there-${c}-${b}-${k}`, project: null, amount_milli: "1000", ttl_seconds: 3600, description: "" }));
            const [row] = await queryRows<{ answers: string }>(other, sql`select credit_authorise_holds(${org.slug}, ${JSON.stringify(holds)}::json) as answers`);
            answers.push(...(JSON.parse(row.answers) as { outcome: string }[]).map((a) => a.outcome));
          }
          return answers;
        }),
      ]),
    );
    const [here, there] = watched.result;
    expect(here.rejected.every((e) => e instanceof AppError && e.messageKey === "errors.insufficientCredits")).toBe(true);
    expect(there.rejected).toEqual([]);
    const thereOutcomes = there.fulfilled.flat();
    expect(thereOutcomes.every((o) => o === "created" || o === "insufficient_credits")).toBe(true);
    const created = here.fulfilled.length + thereOutcomes.filter((o) => o === "created").length;
    expect(created).toBe(100);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 100_000n });
    expect(watched.lowest()! >= 0n).toBe(true);
    const [holds] = await queryRows<{ n: number; total: string }>(db, sql`select count(*)::int as n, sum(amount_milli)::text as total from credit_holds where org_id = ${org.id}`);
    expect(holds).toEqual({ n: 100, total: "100000" });
  }, 120_000);

  it("authorises 100 concurrent holds of one tenant in a few transactions, not one each", async () => {
    const org = await tenantWithCredits(1_000);
    const outcome = await raceCalls(100, (i) => createHold({ id: `batched-${i}`, tenant: org.slug, amountMilli: 1_000n }));
    expect(outcome.rejected).toEqual([]);
    expect(new Set(outcome.fulfilled.map((r) => r.hold.id)).size).toBe(100);
    const db = await getDb();
    // Each row's xmin is the transaction that inserted it: one per batch (one per hold before).
    const [row] = await queryRows<{ n: number }>(db, sql`select count(distinct xmin::text)::int as n from credit_holds where org_id = ${org.id}`);
    expect(Number(row.n)).toBeLessThanOrEqual(3);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 900_000n, held: 100_000n });
  });

  it("applies 10,000 events with 10 % duplicates, in concurrent batches of 500 through the API, each distinct event once", async () => {
    await seedPrices();
    const key = await newKey();
    const tenants = await Promise.all([1, 2, 3, 4].map(() => tenantWithCredits(1_000_000)));
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let state = 20261120;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const distinct = Array.from({ length: 9000 }, (_, i) => {
      const tenant = tenants[i % tenants.length];
      const llm = i % 3 === 0;
      const quantity = llm ? 1 + Math.floor(random() * 2_000_000) : 1 + Math.floor(random() * 7200);
      return llm
        ? { id: `ev-${i}`, tenant: tenant.slug, meter: i % 2 ? "llm_tokens_in" : "llm_tokens_out", model: "deepseek-v3", quantity, started_at: `${USAGE_DAY}T01:00:00Z`, ended_at: `${USAGE_DAY}T01:00:09Z` }
        : gpuEvent(`ev-${i}`, tenant.slug, quantity);
    });
    // 1,000 repeats of events picked at random: the same ids (and content) again.
    const repeats = Array.from({ length: 1000 }, () => distinct[Math.floor(random() * distinct.length)]);
    const all = shuffle([...distinct, ...repeats], random);
    const batches = Array.from({ length: all.length / 500 }, (_, b) => all.slice(b * 500, b * 500 + 500));
    expect(batches).toHaveLength(20);

    const started = Date.now();
    const outcome = await raceCalls(batches.length, async (b) => {
      const response = (await usageRoute.action({ request: post(key, "/api/v1/usage", { events: batches[b] }), params: {}, context: { clientIp: "127.0.0.1" } })) as Response;
      return { status: response.status, body: await response.json() };
    });
    const elapsed = Date.now() - started;
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.map((a) => a.status)).toEqual(Array(20).fill(200));
    const applied = outcome.fulfilled.reduce((n, a) => n + a.body.applied, 0);
    const duplicates = outcome.fulfilled.reduce((n, a) => n + a.body.duplicates, 0);
    const rejected = outcome.fulfilled.reduce((n, a) => n + a.body.rejected, 0);
    expect({ applied, duplicates, rejected }).toEqual({ applied: 9000, duplicates: 1000, rejected: 0 });

    const priceOf = { gpu_seconds: 18_000n, llm_tokens_in: 2_000n, llm_tokens_out: 8_000n } as const;
    const db = await getDb();
    for (const tenant of tenants) {
      const cost = distinct
        .filter((e) => e.tenant === tenant.slug)
        .reduce((sum, e) => sum + usageCostMilli(e.meter as keyof typeof priceOf, BigInt(e.quantity), priceOf[e.meter as keyof typeof priceOf]), 0n);
      expect(await creditBalancesOf(tenant.id)).toEqual({ available: 1_000_000_000n - cost, held: 0n });
    }
    const [events] = await db.select({ n: count() }).from(usageEvents);
    expect(Number(events.n)).toBe(9000);
    // Every answer for a repeated id names the cost it was first applied with.
    const costs = new Map((await db.select({ id: usageEvents.id, cost: usageEvents.costMilli }).from(usageEvents)).map((r) => [r.id, String(r.cost)]));
    for (const answer of outcome.fulfilled) for (const r of answer.body.results) expect(r.cost_milli).toBe(costs.get(r.id));
    console.log(`10,000 events in 20 concurrent batches of 500 through the usage action: ${elapsed} ms`);
  }, 180_000);

  it("applies an id once when two tenants' batches carry it at the same moment", async () => {
    await seedPrices();
    const a = await tenantWithCredits(100);
    const b = await tenantWithCredits(100);
    for (let round = 0; round < 10; round++) {
      const outcome = await raceCalls(2, (i) => ingestUsage([gpuEvent(`shared-${round}`, i === 0 ? a.slug : b.slug, 200), gpuEvent(`own-${round}-${i}`, i === 0 ? a.slug : b.slug, 200)]));
      expect(outcome.rejected).toEqual([]);
      const first = outcome.fulfilled.map((results) => results[0].status === "applied" ? "applied" : (results[0] as { reason: string }).reason).sort();
      expect(first).toEqual(["applied", "id_conflict"]);
      expect(outcome.fulfilled.every((results) => results[1].status === "applied")).toBe(true);
    }
    const total = (await creditBalancesOf(a.id)).available + (await creditBalancesOf(b.id)).available;
    expect(total).toBe(200_000n - 30n * 1000n);
  }, 120_000);

  it("resolves a hold once when a capture and a void race: one wins, the other is a 409", async () => {
    const key = await newKey();
    const org = await tenantWithCredits(1000);
    const winners: string[] = [];
    for (let round = 0; round < 20; round++) {
      const id = `race-hold-${round}`;
      await createHold({ id, tenant: org.slug, amountMilli: 30_000n });
      const outcome = await raceCalls(2, async (i) => {
        const response = (
          i === 0
            ? await captureRoute.action({ request: post(key, `/api/v1/holds/${id}/capture`, { amount_milli: 20_000 }), params: { id }, context: { clientIp: "127.0.0.1" } })
            : await voidRoute.action({ request: post(key, `/api/v1/holds/${id}/void`), params: { id }, context: { clientIp: "127.0.0.1" } })
        ) as Response;
        return { kind: i === 0 ? "capture" : "void", status: response.status, body: await response.json() };
      });
      expect(outcome.rejected).toEqual([]);
      const statuses = outcome.fulfilled.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 409]);
      const winner = outcome.fulfilled.find((a) => a.status === 200)!;
      const loser = outcome.fulfilled.find((a) => a.status === 409)!;
      expect(loser.body.error.code).toBe("hold_resolved");
      expect(loser.body.error.hold_status).toBe(winner.kind === "capture" ? "captured" : "voided");
      winners.push(winner.kind);
    }
    const captured = winners.filter((w) => w === "capture").length;
    expect(await creditBalancesOf(org.id)).toEqual({ available: 1_000_000n - BigInt(captured) * 20_000n, held: 0n });
    const db = await getDb();
    const holds = await db.select().from(creditHolds);
    expect(holds.filter((h) => h.status === "captured")).toHaveLength(captured);
    expect(holds.filter((h) => h.status === "voided")).toHaveLength(20 - captured);
  }, 120_000);

  it("answers a capture retried many times at once with one capture", async () => {
    const org = await tenantWithCredits(100);
    await createHold({ id: "retried", tenant: org.slug, amountMilli: 50_000n });
    const outcome = await raceCalls(10, () => captureHold("retried", 20_000n));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 80_000n, held: 0n });
  });

  it("keeps one tenant's ledger exact under concurrent grants, usage, holds, captures and voids", async () => {
    await seedPrices();
    const org = await tenantWithCredits(50);
    const held: string[] = [];
    for (let i = 0; i < 10; i++) {
      await createHold({ id: `pre-${i}`, tenant: org.slug, amountMilli: 2_000n });
      held.push(`pre-${i}`);
    }
    // 20 grants of 5 credits, 40 usage events of 5 credits, 20 holds of 5 credits, 5 captures of
    // 1 credit and 5 voids of the holds made beforehand — 90 operations at once.
    const db = await getDb();
    const work: (() => Promise<unknown>)[] = [
      ...Array.from({ length: 20 }, () => () =>
        db.transaction((tx) => grantCreditsInTx(tx, { orgId: org.id, amountMilli: 5_000n, category: "other", reason: "race", expiresAt: null }, null)),
      ),
      ...Array.from({ length: 40 }, (_, i) => () => ingestUsage([gpuEvent(`mix-${i}`, org.slug, 1000)])),
      ...Array.from({ length: 20 }, (_, i) => () => createHold({ id: `mix-hold-${i}`, tenant: org.slug, amountMilli: 5_000n })),
      ...held.slice(0, 5).map((id) => () => captureHold(id, 1_000n)),
      ...held.slice(5).map((id) => () => voidHold(id)),
    ];
    const order = shuffle(work.map((_, i) => i));
    const watched = await watchingBalance(org.id, () => raceCalls(work.length, (i) => work[order[i]]()));
    const outcome = watched.result;
    const kinds = order.map((w) => (w < 20 ? "grant" : w < 60 ? "usage" : w < 80 ? "hold" : "resolve"));
    const settled = outcome.results.map((r, i) => ({ kind: kinds[i], r }));
    const failures = settled.filter((s) => s.r.status === "rejected");
    // Only holds may be refused, and only for want of credits.
    for (const f of failures) {
      expect(f.kind).toBe("hold");
      expect((f.r as PromiseRejectedResult).reason).toMatchObject({ messageKey: "errors.insufficientCredits" });
    }
    const usageApplied = settled.filter((s) => s.kind === "usage" && s.r.status === "fulfilled" && (s.r.value as { status: string }[])[0].status === "applied").length;
    const holdsMade = settled.filter((s) => s.kind === "hold" && s.r.status === "fulfilled").length;
    // 50 credits less 10 holds of 2 = 30 available; + 100 granted; each capture of 1 releases 1,
    // each void releases 2; then 5 per usage event applied and per hold made.
    const expectedAvailable = 30_000n + 100_000n + 5n * 1_000n + 5n * 2_000n - BigInt(usageApplied + holdsMade) * 5_000n;
    expect(await creditBalancesOf(org.id)).toEqual({ available: expectedAvailable, held: BigInt(holdsMade) * 5_000n });
    expect(usageApplied + holdsMade).toBeGreaterThan(0);
    expect(watched.lowest()! >= 0n).toBe(true);
    const [active] = await db.select({ n: count() }).from(creditHolds).where(eq(creditHolds.status, "active"));
    expect(Number(active.n)).toBe(holdsMade);
    const appliedIds = await db.select({ id: usageEvents.id }).from(usageEvents).where(inArray(usageEvents.id, Array.from({ length: 40 }, (_, i) => `mix-${i}`)));
    expect(appliedIds).toHaveLength(usageApplied);
  }, 120_000);
});
