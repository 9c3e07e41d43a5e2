// Holds of one tenant that arrive while one of its holds is being authorised go together, in one
// statement and one commit (docs/decisions/022-hold-batches.md), and each still gets its own
// answer: created, the first answer for a repeated id, or its own refusal.
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { computeProjects } from "#db/schema/index";
import { createHold } from "~/modules/credits/holds.server";
import { reconcileLedger } from "~/modules/credits/reconcile.server";
import { getDb, pgErrorCode, queryRows } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { computeProject, creditBalancesOf, tenantWithCredits } from "../support/credits";

afterEach(async () => {
  expect((await reconcileLedger()).problems).toEqual([]);
});

/** How many transactions wrote this tenant's holds (each row's `xmin` is its inserting transaction). */
async function holdTransactions(orgId: string) {
  const db = await getDb();
  const [row] = await queryRows<{ n: number }>(db, sql`select count(distinct xmin::text)::int as n from credit_holds where org_id = ${orgId}`);
  return Number(row.n);
}

function settled<T>(promises: Promise<T>[]) {
  return Promise.allSettled(promises);
}

describe("hold batches", () => {
  it("authorises holds that arrive together in one transaction, each checked in order against the balance", async () => {
    const org = await tenantWithCredits(100);
    // The first is sent alone; the 30 that arrive while it is in flight go as one batch.
    const results = await settled(Array.from({ length: 31 }, (_, i) => createHold({ id: `b-${i}`, tenant: org.slug, amountMilli: 4_000n })));
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(created).toHaveLength(25);
    expect(refused).toHaveLength(6);
    expect(refused.every((r) => r.reason instanceof AppError && r.reason.messageKey === "errors.insufficientCredits")).toBe(true);
    // Arrival order is kept: the first 25 got the credits.
    expect(results.slice(0, 25).every((r) => r.status === "fulfilled")).toBe(true);
    expect(await creditBalancesOf(org.id)).toEqual({ available: 0n, held: 100_000n });
    expect(await holdTransactions(org.id)).toBe(2);
  });

  it("gives each hold of a batch its own answer: a repeated id gets the first hold, a refusal refuses only its own", async () => {
    const org = await tenantWithCredits(100);
    await computeProject(org.id, "small", 5_000n);
    const [first, a, again, unknown, overBudget, tooBig, b] = await settled([
      createHold({ id: "first", tenant: org.slug, amountMilli: 1_000n }),
      createHold({ id: "a", tenant: org.slug, amountMilli: 10_000n, description: "job a" }),
      createHold({ id: "a", tenant: org.slug, amountMilli: 10_000n, description: "job a" }),
      createHold({ id: "c", tenant: org.slug, project: "no-such-project", amountMilli: 1_000n }),
      createHold({ id: "d", tenant: org.slug, project: "small", amountMilli: 6_000n }),
      createHold({ id: "e", tenant: org.slug, amountMilli: 500_000n }),
      createHold({ id: "b", tenant: org.slug, project: "small", amountMilli: 5_000n }),
    ]);
    expect(first).toMatchObject({ status: "fulfilled", value: { duplicate: false } });
    expect(a).toMatchObject({ status: "fulfilled", value: { duplicate: false, hold: { id: "a", amountMilli: 10_000n, description: "job a" } } });
    expect(again).toMatchObject({ status: "fulfilled", value: { duplicate: true, hold: { id: "a", amountMilli: 10_000n } } });
    expect(unknown).toMatchObject({ status: "rejected", reason: { code: "not_found", messageKey: "errors.unknownProject" } });
    expect(overBudget).toMatchObject({ status: "rejected", reason: { code: "conflict", messageKey: "errors.budgetExceeded" } });
    expect(tooBig).toMatchObject({ status: "rejected", reason: { code: "conflict", messageKey: "errors.insufficientCredits" } });
    expect(b).toMatchObject({ status: "fulfilled", value: { duplicate: false, hold: { id: "b", projectId: expect.any(String) } } });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 84_000n, held: 16_000n });
    expect(await holdTransactions(org.id)).toBe(2);
    const db = await getDb();
    const [small] = await db.select().from(computeProjects).where(eq(computeProjects.code, "small"));
    expect(small.heldMilli).toBe(5_000n);
  });

  it("when a batch's statement fails, tries its holds one by one: only the failing hold fails", async () => {
    const org = await tenantWithCredits(100);
    // The first hold (sent alone) puts 1 credit on the project; then a budget check of the largest
    // bigint overflows, which raises an error for the whole statement of the second batch.
    await computeProject(org.id, "huge", 9_000_000_000_000_000_000n);
    const [first, a, overflow, b] = await settled([
      createHold({ id: "first", tenant: org.slug, project: "huge", amountMilli: 1_000n }),
      createHold({ id: "a", tenant: org.slug, amountMilli: 10_000n }),
      createHold({ id: "overflow", tenant: org.slug, project: "huge", amountMilli: 2n ** 63n - 1n }),
      createHold({ id: "b", tenant: org.slug, amountMilli: 20_000n }),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(a).toMatchObject({ status: "fulfilled", value: { duplicate: false } });
    expect(overflow.status).toBe("rejected");
    expect(pgErrorCode((overflow as PromiseRejectedResult).reason)).toBe("22003");
    expect(b).toMatchObject({ status: "fulfilled", value: { duplicate: false } });
    expect(await creditBalancesOf(org.id)).toEqual({ available: 69_000n, held: 31_000n });
  });

  it("answers every hold of a batch for an unknown tenant as unknown", async () => {
    const results = await settled([1, 2, 3].map((i) => createHold({ id: `x-${i}`, tenant: "no-such-tenant", amountMilli: 1_000n })));
    expect(results.every((r) => r.status === "rejected" && (r.reason as AppError).messageKey === "errors.unknownTenant")).toBe(true);
  });
});
