// Authorisation holds: before a long GPU job the gateway reserves an estimated cost (moved from
// the tenant's lots to its held account); the job's end captures the actual cost and releases the
// rest, or voids it; forgotten holds expire. A hold is resolved at most once.
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { computeProjects, creditAccounts, creditHolds, creditTransfers, organisations } from "#db/schema/index";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { lockSpendableLots, parkAccount, postTransfers, saveLotChanges, takeFromLots, tenantAccounts, type TransferInput } from "./ledger.server";

export const DEFAULT_HOLD_SECONDS = 24 * 3600;
export const MAX_HOLD_SECONDS = 7 * 24 * 3600;

export interface HoldInput {
  id: string;
  tenant: string;
  project?: string | null;
  amountMilli: bigint;
  ttlSeconds?: number;
  description?: string;
}

export function holdView(hold: typeof creditHolds.$inferSelect) {
  return {
    id: hold.id,
    status: hold.status,
    amount_milli: String(hold.amountMilli),
    captured_milli: hold.capturedMilli === null ? null : String(hold.capturedMilli),
    expires_at: hold.expiresAt.toISOString(),
  };
}

async function lockAvailable(tx: Tx, orgId: string) {
  const accounts = await tenantAccounts(tx, orgId);
  await tx.select({ id: creditAccounts.id }).from(creditAccounts).where(eq(creditAccounts.id, accounts.available)).for("update");
  return accounts;
}

export async function createHold(input: HoldInput) {
  if (!input.id || input.id.length > 200) throw new AppError("invalid", "errors.holdInvalid");
  if (input.amountMilli <= 0n) throw new AppError("invalid", "errors.holdInvalid");
  const ttl = Math.min(Math.max(input.ttlSeconds ?? DEFAULT_HOLD_SECONDS, 60), MAX_HOLD_SECONDS);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.slug, input.tenant), eq(organisations.kind, "tenant"), eq(organisations.status, "active")));
    if (!org) throw new AppError("not_found", "errors.unknownTenant");
    const accounts = await lockAvailable(tx, org.id);
    const [existing] = await tx.select().from(creditHolds).where(eq(creditHolds.id, input.id));
    if (existing) {
      if (existing.orgId !== org.id) throw new AppError("conflict", "errors.holdInvalid");
      return { hold: existing, duplicate: true };
    }
    let projectId: string | null = null;
    if (input.project) {
      const [project] = await tx
        .select()
        .from(computeProjects)
        .where(and(eq(computeProjects.orgId, org.id), eq(computeProjects.code, input.project)))
        .for("update");
      if (!project) throw new AppError("not_found", "errors.unknownProject");
      if (project.budgetMilli !== null && project.spentMilli + project.heldMilli + input.amountMilli > project.budgetMilli) {
        throw new AppError("conflict", "errors.budgetExceeded");
      }
      projectId = project.id;
      await tx.update(computeProjects).set({ heldMilli: sql`${computeProjects.heldMilli} + ${input.amountMilli}` }).where(eq(computeProjects.id, project.id));
    }
    const lots = await lockSpendableLots(tx, [org.id]);
    const takes = takeFromLots(lots, input.amountMilli);
    if (!takes) throw new AppError("conflict", "errors.insufficientCredits");
    const [hold] = await tx
      .insert(creditHolds)
      .values({
        id: input.id,
        orgId: org.id,
        projectId,
        amountMilli: input.amountMilli,
        description: (input.description ?? "").slice(0, 300),
        expiresAt: new Date(Date.now() + ttl * 1000),
      })
      .returning();
    await saveLotChanges(tx, new Map(takes.map((t) => [t.lotId, -t.amountMilli])));
    await postTransfers(
      tx,
      takes.map((t) => ({ from: accounts.available, to: accounts.held, amountMilli: t.amountMilli, kind: "hold", reference: `hold:${hold.id}`, lotId: t.lotId })),
    );
    return { hold, duplicate: false };
  });
}

type Resolution = "captured" | "voided" | "expired";

/**
 * Resolves an active hold: `capturedMilli` of it goes to usage revenue (taken from its lots in
 * the order they were held), the rest returns to those lots. Compare-and-set on the hold's status:
 * a second resolution finds it resolved and changes nothing.
 */
async function resolveHold(tx: Tx, hold: typeof creditHolds.$inferSelect, resolution: Resolution, capturedMilli: bigint) {
  const accounts = await lockAvailable(tx, hold.orgId);
  const [updated] = await tx
    .update(creditHolds)
    .set({ status: resolution, capturedMilli, resolvedAt: new Date() })
    .where(and(eq(creditHolds.id, hold.id), eq(creditHolds.status, "active")))
    .returning();
  if (!updated) return null;
  const held = await tx
    .select({ lotId: creditTransfers.lotId, amountMilli: creditTransfers.amountMilli })
    .from(creditTransfers)
    .where(and(eq(creditTransfers.reference, `hold:${hold.id}`), eq(creditTransfers.kind, "hold")))
    .orderBy(asc(creditTransfers.createdAt), asc(creditTransfers.id));
  const usage = await parkAccount(tx, "usage");
  let toCapture = capturedMilli;
  const transfers: TransferInput[] = [];
  const returned = new Map<string, bigint>();
  for (const part of held) {
    const capture = part.amountMilli < toCapture ? part.amountMilli : toCapture;
    toCapture -= capture;
    const release = part.amountMilli - capture;
    if (capture > 0n) transfers.push({ from: accounts.held, to: usage, amountMilli: capture, kind: "capture", reference: `hold:${hold.id}`, lotId: part.lotId });
    if (release > 0n) {
      transfers.push({ from: accounts.held, to: accounts.available, amountMilli: release, kind: "release", reference: `hold:${hold.id}`, lotId: part.lotId });
      returned.set(part.lotId!, (returned.get(part.lotId!) ?? 0n) + release);
    }
  }
  await saveLotChanges(tx, returned);
  await postTransfers(tx, transfers);
  if (hold.projectId) {
    await tx
      .update(computeProjects)
      .set({ heldMilli: sql`${computeProjects.heldMilli} - ${hold.amountMilli}`, spentMilli: sql`${computeProjects.spentMilli} + ${capturedMilli}` })
      .where(eq(computeProjects.id, hold.projectId));
  }
  return updated;
}

async function lockHold(tx: Tx, holdId: string) {
  const [hold] = await tx.select().from(creditHolds).where(eq(creditHolds.id, holdId)).for("update");
  if (!hold) throw new AppError("not_found", "errors.unknownHold");
  return hold;
}

/** Captures the actual cost (capped at the hold) and releases the rest. A retry of the same capture returns it. */
export async function captureHold(holdId: string, actualMilli: bigint) {
  if (actualMilli < 0n) throw new AppError("invalid", "errors.holdInvalid");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const hold = await lockHold(tx, holdId);
    if (hold.status === "captured") return { hold, duplicate: true };
    if (hold.status !== "active") throw new AppError("conflict", "errors.holdResolved", { status: hold.status });
    const capture = actualMilli < hold.amountMilli ? actualMilli : hold.amountMilli;
    return { hold: (await resolveHold(tx, hold, "captured", capture))!, duplicate: false };
  });
}

export async function voidHold(holdId: string) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const hold = await lockHold(tx, holdId);
    if (hold.status === "voided") return { hold, duplicate: true };
    if (hold.status !== "active") throw new AppError("conflict", "errors.holdResolved", { status: hold.status });
    return { hold: (await resolveHold(tx, hold, "voided", 0n))!, duplicate: false };
  });
}

/** Releases every hold past its expiry; each one in its own transaction, each at most once. */
export async function expireHolds(now = new Date()) {
  const db = await getDb();
  const due = await db
    .select({ id: creditHolds.id })
    .from(creditHolds)
    .where(and(eq(creditHolds.status, "active"), lte(creditHolds.expiresAt, now)));
  let expired = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const hold = await lockHold(tx, id);
      if (hold.status !== "active") return null;
      return resolveHold(tx, hold, "expired", 0n);
    });
    if (done) expired++;
  }
  return expired;
}

export async function getHold(holdId: string) {
  const db = await getDb();
  const [hold] = await db.select().from(creditHolds).where(eq(creditHolds.id, holdId));
  if (!hold) throw notFound();
  return hold;
}

registerPeriodicTask("expire-holds", 60, async () => {
  await expireHolds();
});
