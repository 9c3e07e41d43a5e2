// Low-balance alerts: when a tenant's available credits fall to 20 %, 5 % and 0 % of the credits
// it holds (its unexpired lots), its owners and admins are told once per crossing — a top-up
// starts a new epoch, so the next crossing alerts again.
import { and, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { creditAccounts, creditAlerts, creditLots } from "#db/schema/credits";
import type { Tx } from "~/modules/platform/db.server";
import { sendEmail } from "~/modules/platform/mail.server";
import { notify } from "~/modules/platform/notifications.server";
import { formatCredits } from "./units";
import { peopleWithRoles } from "~/modules/identity/members.server";

export const ALERT_THRESHOLDS_PERCENT = [20, 5, 0] as const;

export async function checkBalanceAlerts(tx: Tx, orgId: string) {
  const [available] = await tx
    .select({ balance: creditAccounts.balanceMilli })
    .from(creditAccounts)
    .where(and(eq(creditAccounts.orgId, orgId), eq(creditAccounts.kind, "available")));
  const [reference] = await tx
    .select({ total: sql<string>`coalesce(sum(${creditLots.amountMilli}), 0)`, lots: count() })
    .from(creditLots)
    .where(and(eq(creditLots.orgId, orgId), or(isNull(creditLots.expiresAt), gt(creditLots.expiresAt, new Date()))));
  const totalMilli = BigInt(reference.total);
  if (!available || totalMilli === 0n) return;
  const [epochRow] = await tx.select({ n: count() }).from(creditLots).where(eq(creditLots.orgId, orgId));
  const epoch = Number(epochRow.n);
  for (const threshold of ALERT_THRESHOLDS_PERCENT) {
    if (available.balance * 100n > totalMilli * BigInt(threshold)) continue;
    const [fresh] = await tx
      .insert(creditAlerts)
      .values({ orgId, scope: "balance", thresholdPercent: threshold, epoch })
      .onConflictDoNothing()
      .returning({ id: creditAlerts.id });
    if (!fresh) continue;
    const admins = await peopleWithRoles(tx, { orgId }, ["owner", "admin"]);
    const params = { percent: String(threshold), balance: formatCredits(available.balance) };
    for (const admin of admins) {
      await notify(tx, { userId: admin.userId, orgId, kind: threshold === 0 ? "creditsExhausted" : "creditsLow", params, link: "/compute" });
      await sendEmail(tx, { to: admin.email, template: "creditsLow", language: admin.locale, params: { ...params, name: admin.displayName } });
    }
    // One alert per check: the lowest threshold crossed speaks for the ones above it.
    break;
  }
}
