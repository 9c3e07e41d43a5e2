// Grants: credits the park gives (welcome credits on admission, programme awards, compensation),
// optionally expiring. Usage spends them before purchased credits; a daily job expires leftovers.
import { and, eq, gt, isNotNull, lte } from "drizzle-orm";
import { creditGrants, creditLots, creditTransfers } from "#db/schema/credits";
import { orgDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { registerDailyTask } from "~/modules/platform/jobs.server";
import { notify } from "~/modules/platform/notifications.server";
import { addLot, lockTenantAccounts, parkAccount, postTransfers } from "./ledger.server";
import { formatCredits } from "./units";
import { peopleWithPermission } from "~/modules/identity/members.server";

type GrantCategory = "welcome" | "programme" | "compensation" | "other";

export interface GrantInput {
  orgId: string;
  amountMilli: bigint;
  category: GrantCategory;
  reason: string;
  expiresAt?: Date | null;
}

/** For other modules (admission's welcome credits): a grant inside the caller's transaction. */
export async function grantCreditsInTx(tx: Tx, input: GrantInput, grantedBy: string | null) {
  if (input.amountMilli <= 0n) throw new AppError("invalid", "errors.amountPositive");
  const [tenant] = await tx.select().from(orgDirectory).where(and(eq(orgDirectory.id, input.orgId), eq(orgDirectory.kind, "tenant")));
  if (!tenant) throw new AppError("not_found", "errors.unknownTenant");
  const [grant] = await tx
    .insert(creditGrants)
    .values({ orgId: input.orgId, amountMilli: input.amountMilli, category: input.category, reason: input.reason, expiresAt: input.expiresAt ?? null, grantedBy })
    .returning();
  await addLot(tx, { orgId: input.orgId, source: "grant", sourceRef: grant.id, amountMilli: input.amountMilli, expiresAt: input.expiresAt ?? null });
  await recordAudit(tx, {
    actorUserId: grantedBy,
    orgId: input.orgId,
    action: "credits.granted",
    subjectType: "credit_grant",
    subjectId: grant.id,
    after: { amountMilli: String(input.amountMilli), category: input.category, expiresAt: input.expiresAt?.toISOString() ?? null },
    reason: input.reason,
  });
  return grant;
}

/** Park staff grant credits to a tenant (the tenant's id comes from the staff page). */
export async function grantCredits(actor: MemberActor, input: GrantInput) {
  requirePermission(actor, "credits:grant", { kind: "park" });
  if (!isUuid(input.orgId)) throw new AppError("not_found", "errors.unknownTenant");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const grant = await grantCreditsInTx(tx, input, actor.user.id);
    const admins = await peopleWithPermission(tx, { orgId: input.orgId }, "credits:buy");
    for (const admin of admins) {
      await notify(tx, { userId: admin.userId, orgId: input.orgId, kind: "creditsGranted", params: { amount: formatCredits(input.amountMilli) }, link: "/compute" });
    }
    return grant;
  });
}

/**
 * Expires what is left of lots past their expiry, each exactly once: the expiry transfer's
 * idempotency key is the lot's id.
 */
export async function expireLots(now = new Date()) {
  const db = await getDb();
  const due = await db
    .select({ id: creditLots.id })
    .from(creditLots)
    .where(and(isNotNull(creditLots.expiresAt), lte(creditLots.expiresAt, now), gt(creditLots.remainingMilli, 0n)));
  let expired = 0n;
  for (const { id } of due) {
    expired += await db.transaction(async (tx) => {
      // The account first, then the lot: the order every other writer of credits locks in.
      const [found] = await tx.select({ orgId: creditLots.orgId }).from(creditLots).where(eq(creditLots.id, id));
      if (!found) return 0n;
      const accounts = await lockTenantAccounts(tx, found.orgId);
      const [lot] = await tx.select().from(creditLots).where(eq(creditLots.id, id)).for("update");
      if (!lot || lot.remainingMilli === 0n) return 0n;
      const [already] = await tx.select({ id: creditTransfers.id }).from(creditTransfers).where(eq(creditTransfers.idempotencyKey, `expiry:${lot.id}`));
      if (already) return 0n;
      await tx.update(creditLots).set({ remainingMilli: 0n }).where(eq(creditLots.id, lot.id));
      await postTransfers(tx, [
        {
          from: accounts.available,
          to: await parkAccount(tx, "expired"),
          amountMilli: lot.remainingMilli,
          kind: "expiry",
          reference: `${lot.source}:${lot.sourceRef}`,
          lotId: lot.id,
          idempotencyKey: `expiry:${lot.id}`,
        },
      ]);
      return lot.remainingMilli;
    });
  }
  return expired;
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerCreditsGrants() {
  registerDailyTask("expire-credit-lots", async () => {
    await expireLots();
  });
}
