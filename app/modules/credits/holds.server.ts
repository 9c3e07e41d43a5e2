// Authorisation holds: before a long GPU job the gateway reserves an estimated cost (moved from
// the tenant's lots to its held account); the job's end captures the actual cost and releases the
// rest, or voids it; forgotten holds expire. A hold is resolved at most once.
import { and, eq, inArray, like, lte, or, sql } from "drizzle-orm";
import { computeProjects, creditHolds, creditLots, creditTransfers } from "#db/schema/credits";
import { getDb, pgErrorCode, type Tx } from "~/modules/platform/db.server";
import { AppError, type AppErrorCode } from "~/modules/platform/errors";
import { registerPeriodicTask } from "~/modules/platform/jobs.server";
import { authoriseHold, type AuthorisationAnswer } from "./hold-batches.server";
import { lotPriority, parkAccount, postTransfers, saveLotChanges, lockTenantAccounts, type TransferInput } from "./ledger.server";

const DEFAULT_HOLD_SECONDS = 24 * 3600;
const MAX_HOLD_SECONDS = 7 * 24 * 3600;

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

type HoldRow = typeof creditHolds.$inferSelect;

/** What each refusal is for the caller (the API maps these to its codes). */
const refusals: Partial<Record<AuthorisationAnswer["outcome"], [AppErrorCode, string]>> = {
  invalid: ["invalid", "errors.holdInvalid"],
  unknown_tenant: ["not_found", "errors.unknownTenant"],
  unknown_project: ["not_found", "errors.unknownProject"],
  budget_exceeded: ["conflict", "errors.budgetExceeded"],
  insufficient_credits: ["conflict", "errors.insufficientCredits"],
  id_conflict: ["conflict", "errors.holdInvalid"],
};

/**
 * Authorises a hold: the tenant's lots (grants first) cover it, and its project's budget if it
 * names one. The database decides and writes it (`credit_authorise_holds`, migrations 0015 and
 * 0023), together with the tenant's other holds waiting at that moment: one statement and one
 * commit per batch, so the tenant's account lock and WAL flush are shared
 * (docs/decisions/015-hold-authorisation-in-one-statement.md, 022-hold-batches.md).
 */
export async function createHold(input: HoldInput): Promise<{ hold: HoldRow; duplicate: boolean }> {
  if (!input.id || input.id.length > 200) throw new AppError("invalid", "errors.holdInvalid");
  if (input.amountMilli <= 0n) throw new AppError("invalid", "errors.holdInvalid");
  const ttl = Math.min(Math.max(input.ttlSeconds ?? DEFAULT_HOLD_SECONDS, 60), MAX_HOLD_SECONDS);
  let answer: AuthorisationAnswer;
  try {
    answer = await authoriseHold(input.tenant, {
      id: input.id,
      project: input.project ?? null,
      amount_milli: String(input.amountMilli),
      ttl_seconds: Math.round(ttl),
      description: (input.description ?? "").slice(0, 300),
    });
  } catch (error) {
    // Another tenant's hold took this id at the same instant.
    if (pgErrorCode(error) === "23505") throw new AppError("conflict", "errors.holdInvalid");
    throw error;
  }
  const refusal = refusals[answer.outcome];
  if (refusal) throw new AppError(...refusal);
  const h = answer.hold!;
  const hold: HoldRow = {
    id: h.id,
    orgId: h.org_id,
    projectId: h.project_id,
    amountMilli: BigInt(h.amount_milli),
    capturedMilli: h.captured_milli === null ? null : BigInt(h.captured_milli),
    status: h.status,
    description: h.description,
    expiresAt: new Date(Number(h.expires_at_ms)),
    createdAt: new Date(Number(h.created_at_ms)),
    resolvedAt: h.resolved_at_ms === null ? null : new Date(Number(h.resolved_at_ms)),
  };
  return { hold, duplicate: answer.outcome === "duplicate" };
}

type Resolution = "captured" | "voided" | "expired";

/**
 * Resolves an active hold: `capturedMilli` of it goes to usage revenue, the rest returns to the
 * lots it was taken from. The capture is taken from those lots in the order usage spends them
 * (grants first, soonest expiry first), so a partial capture consumes what expires first and
 * releases purchased credits. Credits released to a lot that has expired meanwhile expire at once
 * (the lot's own expiry ran while they were held, so nothing else would expire them).
 * Compare-and-set on the hold's status: a second resolution finds it resolved and changes nothing.
 */
async function resolveHold(tx: Tx, hold: typeof creditHolds.$inferSelect, resolution: Resolution, capturedMilli: bigint) {
  const accounts = await lockTenantAccounts(tx, hold.orgId);
  const [updated] = await tx
    .update(creditHolds)
    .set({ status: resolution, capturedMilli, resolvedAt: new Date() })
    .where(and(eq(creditHolds.id, hold.id), eq(creditHolds.status, "active")))
    .returning();
  if (!updated) return null;
  const held = await tx
    .select({ lotId: creditTransfers.lotId, amountMilli: creditTransfers.amountMilli })
    .from(creditTransfers)
    .innerJoin(creditLots, eq(creditLots.id, creditTransfers.lotId))
    .where(and(eq(creditTransfers.reference, `hold:${hold.id}`), eq(creditTransfers.kind, "hold")))
    .orderBy(lotPriority);
  const usage = await parkAccount(tx, "usage");
  let toCapture = capturedMilli;
  const transfers: TransferInput[] = [];
  const released = new Map<string, bigint>();
  for (const part of held) {
    const capture = part.amountMilli < toCapture ? part.amountMilli : toCapture;
    toCapture -= capture;
    const release = part.amountMilli - capture;
    if (capture > 0n) transfers.push({ from: accounts.held, to: usage, amountMilli: capture, kind: "capture", reference: `hold:${hold.id}`, lotId: part.lotId });
    if (release > 0n) {
      transfers.push({ from: accounts.held, to: accounts.available, amountMilli: release, kind: "release", reference: `hold:${hold.id}`, lotId: part.lotId });
      released.set(part.lotId!, (released.get(part.lotId!) ?? 0n) + release);
    }
  }
  const expiredLots = released.size ? await expiredLotIds(tx, [...released.keys()]) : new Set<string>();
  if (expiredLots.size) {
    const expiredAccount = await parkAccount(tx, "expired");
    for (const lotId of [...expiredLots].sort()) {
      transfers.push({
        from: accounts.available,
        to: expiredAccount,
        amountMilli: released.get(lotId)!,
        kind: "expiry",
        reference: `hold:${hold.id}`,
        lotId,
        idempotencyKey: `expiry:${lotId}:hold:${hold.id}`,
      });
      released.delete(lotId);
    }
  }
  await saveLotChanges(tx, released);
  await postTransfers(tx, transfers);
  if (hold.projectId) {
    await tx
      .update(computeProjects)
      .set({ heldMilli: sql`${computeProjects.heldMilli} - ${hold.amountMilli}`, spentMilli: sql`${computeProjects.spentMilli} + ${capturedMilli}` })
      .where(eq(computeProjects.id, hold.projectId));
  }
  return updated;
}

/** Of these lots, those past their expiry or already expired by the expiry job. */
async function expiredLotIds(tx: Tx, lotIds: string[]) {
  const rows = await tx
    .select({ id: creditLots.id })
    .from(creditLots)
    .where(
      and(
        inArray(creditLots.id, lotIds),
        or(
          lte(creditLots.expiresAt, sql`now()`),
          sql`exists (select 1 from ${creditTransfers} where ${creditTransfers.lotId} = ${creditLots.id} and ${like(creditTransfers.idempotencyKey, "expiry:%")})`,
        ),
      ),
    );
  return new Set(rows.map((r) => r.id));
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
    // Past its expiry a hold is expired, whether or not the expiry task has released it yet.
    if (hold.expiresAt.getTime() <= Date.now()) throw new AppError("conflict", "errors.holdResolved", { status: "expired" });
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
  if (!hold) throw new AppError("not_found", "errors.unknownHold");
  return hold;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerCreditsHolds() {
  registerPeriodicTask("expire-holds", 60, async () => {
    await expireHolds();
  });
}
