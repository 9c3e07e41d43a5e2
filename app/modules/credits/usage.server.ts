// Usage from the compute gateway: batches of up to 1,000 events, each applied once ever by its
// producer-chosen id, priced, and debited from the tenant's lots (grants first) in one
// transaction per batch — one ledger transfer per lot touched, not one per event.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { computeProjects, creditAccounts, organisations, usageEvents } from "#db/schema/index";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { lockSpendableLots, parkAccount, postTransfers, saveLotChanges, takeFromLots, tenantAccounts, type TransferInput } from "./ledger.server";
import { loadPriceList, priceAt } from "./prices.server";
import { checkBalanceAlerts } from "./alerts.server";
import { isMeter, usageCostMilli, type Meter } from "./units";

export const MAX_BATCH = 1000;

export type UsageResult =
  | { id: string; status: "applied"; cost_milli: string }
  | { id: string; status: "duplicate"; cost_milli: string }
  | { id: string; status: "rejected"; reason: string };

interface ValidEvent {
  index: number;
  id: string;
  tenant: string;
  project: string | null;
  meter: Meter;
  model: string;
  quantity: bigint;
  startedAt: Date;
  endedAt: Date;
}

function parseEvent(raw: unknown, index: number): ValidEvent | { index: number; id: string; reason: string } {
  const e = (raw ?? {}) as Record<string, unknown>;
  const id = typeof e.id === "string" ? e.id : "";
  const reject = (reason: string) => ({ index, id, reason });
  if (!id || id.length > 200) return reject("invalid_id");
  if (typeof e.tenant !== "string" || !e.tenant) return reject("unknown_tenant");
  if (!isMeter(e.meter)) return reject("unknown_meter");
  if (typeof e.model !== "string" || !e.model || e.model.length > 100) return reject("unknown_model");
  const q = e.quantity;
  if (!(typeof q === "number" && Number.isSafeInteger(q) && q > 0) && !(typeof q === "string" && /^[1-9]\d{0,17}$/.test(q))) {
    return reject("bad_quantity");
  }
  const startedAt = new Date(String(e.started_at ?? ""));
  const endedAt = new Date(String(e.ended_at ?? ""));
  if (Number.isNaN(startedAt.getTime()) || Number.isNaN(endedAt.getTime()) || endedAt < startedAt) return reject("bad_time_range");
  if (e.project !== undefined && e.project !== null && (typeof e.project !== "string" || e.project.length > 100)) return reject("unknown_project");
  return {
    index,
    id,
    tenant: e.tenant,
    project: (e.project as string | null | undefined) ?? null,
    meter: e.meter,
    model: e.model,
    quantity: BigInt(q as number | string),
    startedAt,
    endedAt,
  };
}

/** Applies a batch; the answer lists every event, in order, as applied, duplicate or rejected. */
export async function ingestUsage(rawEvents: unknown[]): Promise<UsageResult[]> {
  if (!Array.isArray(rawEvents) || rawEvents.length === 0) throw new AppError("invalid", "errors.usageBatchEmpty");
  if (rawEvents.length > MAX_BATCH) throw new AppError("invalid", "errors.usageBatchTooLarge");
  const results: UsageResult[] = new Array(rawEvents.length);
  const valid: ValidEvent[] = [];
  for (const [index, raw] of rawEvents.entries()) {
    const parsed = parseEvent(raw, index);
    if ("reason" in parsed) results[index] = { id: parsed.id, status: "rejected", reason: parsed.reason };
    else valid.push(parsed);
  }
  if (valid.length === 0) return results;

  const db = await getDb();
  const slugs = [...new Set(valid.map((e) => e.tenant))];
  const tenants = await db
    .select({ id: organisations.id, slug: organisations.slug })
    .from(organisations)
    .where(and(inArray(organisations.slug, slugs), eq(organisations.kind, "tenant"), eq(organisations.status, "active")));
  const orgBySlug = new Map(tenants.map((t) => [t.slug, t.id]));
  const prices = await loadPriceList(db);

  const priced: (ValidEvent & { orgId: string; costMilli: bigint })[] = [];
  for (const e of valid) {
    const orgId = orgBySlug.get(e.tenant);
    if (!orgId) {
      results[e.index] = { id: e.id, status: "rejected", reason: "unknown_tenant" };
      continue;
    }
    const price = priceAt(prices, e.meter, e.model, e.startedAt);
    if (price === null) {
      results[e.index] = { id: e.id, status: "rejected", reason: "unknown_model" };
      continue;
    }
    priced.push({ ...e, orgId, costMilli: usageCostMilli(e.meter, e.quantity, price) });
  }
  if (priced.length === 0) return results;

  const batchId = randomUUID();
  await db.transaction(async (tx) => applyPricedBatch(tx, batchId, priced, results));
  return results;
}

async function applyPricedBatch(
  tx: Tx,
  batchId: string,
  events: (ValidEvent & { orgId: string; costMilli: bigint })[],
  results: UsageResult[],
) {
  const orgIds = [...new Set(events.map((e) => e.orgId))].sort();
  for (const orgId of orgIds) await tenantAccounts(tx, orgId);
  // One tenant's batches queue up here; different tenants proceed in parallel.
  const accounts = await tx
    .select({ id: creditAccounts.id, orgId: creditAccounts.orgId })
    .from(creditAccounts)
    .where(and(inArray(creditAccounts.orgId, orgIds), eq(creditAccounts.kind, "available")))
    .orderBy(asc(creditAccounts.id))
    .for("update");
  const availableByOrg = new Map(accounts.map((a) => [a.orgId!, a.id]));

  const existing = await tx
    .select({ id: usageEvents.id, costMilli: usageEvents.costMilli })
    .from(usageEvents)
    .where(inArray(usageEvents.id, [...new Set(events.map((e) => e.id))]));
  const seen = new Map(existing.map((e) => [e.id, e.costMilli]));

  const lots = await lockSpendableLots(tx, orgIds);
  const lotsByOrg = new Map<string, typeof lots>();
  for (const lot of lots) lotsByOrg.set(lot.orgId, [...(lotsByOrg.get(lot.orgId) ?? []), lot]);

  const projectCodes = [...new Set(events.filter((e) => e.project).map((e) => e.project!))];
  const projects = projectCodes.length
    ? await tx
        .select()
        .from(computeProjects)
        .where(and(inArray(computeProjects.orgId, orgIds), inArray(computeProjects.code, projectCodes)))
        .orderBy(asc(computeProjects.id))
        .for("update")
    : [];
  const projectByKey = new Map(projects.map((p) => [`${p.orgId}|${p.code}`, p]));
  const projectSpend = new Map<string, bigint>();

  const accepted: typeof events = [];
  const lotChanges = new Map<string, bigint>();
  const transfers: TransferInput[] = [];
  const usageAccount = await parkAccount(tx, "usage");
  for (const e of events) {
    const prior = seen.get(e.id);
    if (prior !== undefined) {
      results[e.index] = { id: e.id, status: "duplicate", cost_milli: String(prior) };
      continue;
    }
    let projectId: string | null = null;
    if (e.project) {
      const project = projectByKey.get(`${e.orgId}|${e.project}`);
      if (!project) {
        results[e.index] = { id: e.id, status: "rejected", reason: "unknown_project" };
        continue;
      }
      const spend = (projectSpend.get(project.id) ?? 0n) + e.costMilli;
      if (project.budgetMilli !== null && project.spentMilli + project.heldMilli + spend > project.budgetMilli) {
        results[e.index] = { id: e.id, status: "rejected", reason: "budget_exceeded" };
        continue;
      }
      projectSpend.set(project.id, spend);
      projectId = project.id;
    }
    const takes = e.costMilli === 0n ? [] : takeFromLots(lotsByOrg.get(e.orgId) ?? [], e.costMilli);
    if (takes === null) {
      if (projectId) projectSpend.set(projectId, projectSpend.get(projectId)! - e.costMilli);
      results[e.index] = { id: e.id, status: "rejected", reason: "insufficient_credits" };
      continue;
    }
    for (const take of takes) lotChanges.set(take.lotId, (lotChanges.get(take.lotId) ?? 0n) - take.amountMilli);
    seen.set(e.id, e.costMilli);
    accepted.push({ ...e, project: projectId });
    results[e.index] = { id: e.id, status: "applied", cost_milli: String(e.costMilli) };
  }
  if (accepted.length === 0) return;

  const inserted = await tx
    .insert(usageEvents)
    .values(
      accepted.map((e) => ({
        id: e.id,
        orgId: e.orgId,
        projectId: e.project,
        meter: e.meter,
        model: e.model,
        quantity: e.quantity,
        costMilli: e.costMilli,
        startedAt: e.startedAt,
        endedAt: e.endedAt,
        batchId,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: usageEvents.id });
  if (inserted.length !== accepted.length) {
    // The same id was applied for another tenant in a concurrent batch: start this batch over.
    throw new AppError("conflict", "errors.usageRetry");
  }

  for (const lot of lots) {
    const change = lotChanges.get(lot.id);
    if (change) transfers.push({ from: availableByOrg.get(lot.orgId)!, to: usageAccount, amountMilli: -change, kind: "usage", reference: `usage:${batchId}`, lotId: lot.id });
  }
  await saveLotChanges(tx, lotChanges);
  await postTransfers(tx, transfers);
  for (const [projectId, spend] of projectSpend) {
    if (spend > 0n) {
      await tx
        .update(computeProjects)
        .set({ spentMilli: sql`${computeProjects.spentMilli} + ${spend}` })
        .where(eq(computeProjects.id, projectId));
    }
  }
  for (const orgId of orgIds) await checkBalanceAlerts(tx, orgId);
}
