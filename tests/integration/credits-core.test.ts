import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditAccounts, creditLots, creditTransfers } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { buyPack } from "~/modules/credits/purchases.server";
import { captureHold, createHold, voidHold } from "~/modules/credits/holds.server";
import { expireLots } from "~/modules/credits/grants.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { getBalances } from "~/modules/credits/statements.server";
import { ingestUsage } from "~/modules/credits/usage.server";
import { getDb } from "~/modules/platform/db.server";
import { actorFor, signedInMember } from "../support/factories";
import { gpuEvent, seedPack, seedPrices, tenantWithCredits } from "../support/credits";

async function available(orgId: string) {
  const db = await getDb();
  const [row] = await db.select().from(creditAccounts).where(and(eq(creditAccounts.orgId, orgId), eq(creditAccounts.kind, "available")));
  return row?.balanceMilli ?? 0n;
}

describe("the credit ledger", () => {
  it("prices usage, debits it once, and reports duplicates and rejections per event", async () => {
    await seedPrices();
    const org = await tenantWithCredits(100);
    const results = await ingestUsage([
      gpuEvent("e1", org.slug, 3600), // 18 credits
      gpuEvent("e1", org.slug, 3600), // duplicate inside the batch
      gpuEvent("e2", "no-such-tenant", 10),
      gpuEvent("e3", org.slug, 0),
      { ...gpuEvent("e4", org.slug, 10), model: "unknown-gpu" },
      gpuEvent("e5", org.slug, 36_000), // 180 credits: more than is left
    ]);
    expect(results.map((r) => r.status)).toEqual(["applied", "duplicate", "rejected", "rejected", "rejected", "rejected"]);
    expect(results[0]).toMatchObject({ cost_milli: "18000" });
    expect(results[2]).toMatchObject({ reason: "unknown_tenant" });
    expect(results[3]).toMatchObject({ reason: "bad_quantity" });
    expect(results[4]).toMatchObject({ reason: "unknown_model" });
    expect(results[5]).toMatchObject({ reason: "insufficient_credits" });
    expect(await available(org.id)).toBe(82_000n);
    const again = await ingestUsage([gpuEvent("e1", org.slug, 3600)]);
    expect(again[0]).toMatchObject({ status: "duplicate", cost_milli: "18000" });
    expect(await available(org.id)).toBe(82_000n);
    expect((await reconcileLedger()).problems).toEqual([]);
  });

  it("spends grants before purchased credits, soonest expiry first", async () => {
    await seedPrices();
    const org = await tenantWithCredits(0);
    const db = await getDb();
    const { grantCreditsInTx } = await import("~/modules/credits/grants.server");
    const { addLot } = await import("~/modules/credits/ledger.server");
    await db.transaction(async (tx) => {
      await addLot(tx, { orgId: org.id, source: "purchase", sourceRef: "p1", amountMilli: 50_000n });
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 10_000n, category: "other", reason: "late", expiresAt: new Date("2027-06-01") }, null);
      await grantCreditsInTx(tx, { orgId: org.id, amountMilli: 10_000n, category: "other", reason: "soon", expiresAt: new Date("2027-01-01") }, null);
    });
    await ingestUsage([gpuEvent("a", org.slug, 3000)]); // 15 credits
    const lots = await db.select().from(creditLots).where(eq(creditLots.orgId, org.id));
    const bySource = (s: string, exp?: string) => lots.find((l) => l.source === s && (!exp || l.expiresAt?.toISOString().startsWith(exp)))!;
    expect(bySource("grant", "2027-01-01").remainingMilli).toBe(0n);
    expect(bySource("grant", "2027-06-01").remainingMilli).toBe(5_000n);
    expect(bySource("purchase").remainingMilli).toBe(50_000n);
    expect((await reconcileLedger()).ok).toBe(true);
  });

  it("holds, captures the actual cost and releases the rest; a resolved hold stays resolved", async () => {
    const org = await tenantWithCredits(100);
    await createHold({ id: "job-1", tenant: org.slug, amountMilli: 40_000n });
    expect(await available(org.id)).toBe(60_000n);
    const captured = await captureHold("job-1", 25_000n);
    expect(captured.hold.status).toBe("captured");
    expect(await available(org.id)).toBe(75_000n);
    expect((await captureHold("job-1", 25_000n)).duplicate).toBe(true);
    await expect(voidHold("job-1")).rejects.toMatchObject({ code: "conflict" });
    await expect(createHold({ id: "job-2", tenant: org.slug, amountMilli: 80_000n })).rejects.toMatchObject({ messageKey: "errors.insufficientCredits" });
    expect((await reconcileLedger()).problems).toEqual([]);
  });

  it("expires what is left of an expired grant exactly once", async () => {
    const org = await tenantWithCredits(30, { expiresAt: new Date(Date.now() + 1000) });
    const later = new Date(Date.now() + 60_000);
    expect(await expireLots(later)).toBe(30_000n);
    expect(await expireLots(later)).toBe(0n);
    expect(await available(org.id)).toBe(0n);
    expect((await reconcileLedger()).ok).toBe(true);
  });

  it("gives the balances and the lots expiring within 30 days, soonest first, in one read", async () => {
    const member = await signedInMember({ kind: "tenant" });
    const actor = await actorFor(member.cookie);
    const db = await getDb();
    const { grantCreditsInTx } = await import("~/modules/credits/grants.server");
    const { addLot } = await import("~/modules/credits/ledger.server");
    const now = new Date();
    const inDays = (days: number) => new Date(Math.floor(now.getTime() / 1000) * 1000 + days * 86_400_000 + 123);
    expect(await getBalances(actor, now)).toEqual({ availableMilli: 0n, heldMilli: 0n, expiringMilli: 0n, expiring: [] });
    const grant = (amountMilli: bigint, expiresAt: Date | null) =>
      db.transaction((tx) => grantCreditsInTx(tx, { orgId: member.org.id, amountMilli, category: "other", reason: "test", expiresAt }, null));
    await grant(7_000n, inDays(20));
    await grant(5_000n, inDays(5));
    await grant(9_000n, inDays(60)); // beyond the window
    await db.transaction((tx) => addLot(tx, { orgId: member.org.id, source: "purchase", sourceRef: "p-balances", amountMilli: 50_000n }));
    await createHold({ id: "balances-hold", tenant: member.org.slug, amountMilli: 6_000n });
    const balances = await getBalances(actor, now);
    // The hold took the 5,000 expiring soonest, then 1,000 of the next; an emptied lot is not listed.
    expect(balances).toEqual({
      availableMilli: 65_000n,
      heldMilli: 6_000n,
      expiringMilli: 6_000n,
      expiring: [{ remainingMilli: 6_000n, expiresAt: inDays(20), source: "grant" }],
    });
    await grant(2_000n, inDays(3));
    expect((await getBalances(actor, now)).expiring.map((l) => l.remainingMilli)).toEqual([2_000n, 6_000n]);
    expect((await reconcileLedger()).problems).toEqual([]);
  });

  it("issues a pack's credits once when its invoice is paid, and refuses to edit the ledger", async () => {
    const pack = await seedPack({ creditsMilli: 10_000_000n, bonusMilli: 500_000n, priceFen: 1_000_000n });
    const owner = await signedInMember({ role: "owner" });
    const actor = await actorFor(owner.cookie);
    const { invoice } = await buyPack(actor, pack.id);
    expect(invoice.totalFen).toBe(1_060_000n);
    const db = await getDb();
    for (const ref of ["pi_1", "pi_1", "pi_2"]) {
      await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "stripe", externalRef: ref, amountFen: invoice.totalFen }));
    }
    expect(await available(owner.org.id)).toBe(10_500_000n);
    expect((await reconcileLedger()).ok).toBe(true);
    await expect(db.update(creditTransfers).set({ amountMilli: 1n })).rejects.toThrow();
    await expect(db.delete(creditTransfers)).rejects.toThrow();
  });
});
