// Test helpers for compute credits: prices, packs, a tenant with a balance.
import { eq } from "drizzle-orm";
import { computeProjects, creditAccounts, creditPacks, creditPrices } from "#db/schema/index";
import { grantCreditsInTx } from "~/modules/credits/grants.server";
import { getDb } from "~/modules/platform/db.server";
import { createOrg } from "./factories";

export const PRICE_FROM = new Date("2026-01-01T00:00:00Z");

/** H800 at 18 credits per GPU-hour, DeepSeek-V3 at 2 / 8 credits per million tokens in / out. */
export async function seedPrices() {
  const db = await getDb();
  await db.insert(creditPrices).values([
    { meter: "gpu_seconds", model: "H800", priceMilli: 18_000n, effectiveFrom: PRICE_FROM },
    { meter: "llm_tokens_in", model: "deepseek-v3", priceMilli: 2_000n, effectiveFrom: PRICE_FROM },
    { meter: "llm_tokens_out", model: "deepseek-v3", priceMilli: 8_000n, effectiveFrom: PRICE_FROM },
  ]);
}

export async function seedPack(options: { creditsMilli?: bigint; bonusMilli?: bigint; priceFen?: bigint } = {}) {
  const db = await getDb();
  const [pack] = await db
    .insert(creditPacks)
    .values({
      nameZh: "标准包",
      nameEn: "Standard pack",
      creditsMilli: options.creditsMilli ?? 10_000_000n,
      bonusMilli: options.bonusMilli ?? 0n,
      priceFen: options.priceFen ?? 1_000_000n,
      activeFrom: PRICE_FROM,
    })
    .returning();
  return pack;
}

/** A tenant holding `credits` whole credits from a grant. */
export async function tenantWithCredits(credits: number, options: { expiresAt?: Date | null } = {}) {
  const org = await createOrg();
  const db = await getDb();
  if (credits > 0) {
    await db.transaction((tx) =>
      grantCreditsInTx(tx, { orgId: org.id, amountMilli: BigInt(credits) * 1000n, category: "other", reason: "test", expiresAt: options.expiresAt ?? null }, null),
    );
  }
  return org;
}

/** A UTC date two days ago: usage must have started within the last 35 days to be accepted. */
export const USAGE_DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

export function gpuEvent(id: string, tenant: string, gpuSeconds: number, extra: Record<string, unknown> = {}) {
  return { id, tenant, meter: "gpu_seconds", model: "H800", quantity: gpuSeconds, started_at: `${USAGE_DAY}T01:00:00Z`, ended_at: `${USAGE_DAY}T02:00:00Z`, ...extra };
}

/** A tenant's available and held balances (0 before its first movement). */
export async function creditBalancesOf(orgId: string) {
  const db = await getDb();
  const rows = await db.select().from(creditAccounts).where(eq(creditAccounts.orgId, orgId));
  return {
    available: rows.find((r) => r.kind === "available")?.balanceMilli ?? 0n,
    held: rows.find((r) => r.kind === "held")?.balanceMilli ?? 0n,
  };
}

/** A compute project of the tenant, with a budget or none. */
export async function computeProject(orgId: string, code: string, budgetMilli: bigint | null) {
  const db = await getDb();
  const [row] = await db.insert(computeProjects).values({ orgId, code, name: code, budgetMilli }).returning();
  return row;
}
