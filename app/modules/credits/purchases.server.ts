// Buying credit packs: a purchase becomes a billing invoice; when billing says it is paid, the
// credits (and any bonus) are issued exactly once. Unused purchased credits can be refunded.
import { and, asc, eq, gt, isNull, lte, or } from "drizzle-orm";
import { creditLots, creditPacks, creditPurchases } from "#db/schema/credits";
import { registerInvoiceKind, type PaidInvoice } from "~/modules/billing/handlers.server";
import { changeInvoiceStatusInTx, createInvoice } from "~/modules/billing/invoices.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { addLot, lockTenantAccounts, parkAccount, postTransfers, tenantAccounts } from "./ledger.server";
import { formatCredits } from "./units";

export const CREDITS_VAT_RATE_BP = 600;

export async function listActivePacks(now = new Date()) {
  const db = await getDb();
  return db
    .select()
    .from(creditPacks)
    .where(and(lte(creditPacks.activeFrom, now), or(isNull(creditPacks.activeUntil), gt(creditPacks.activeUntil, now))))
    .orderBy(asc(creditPacks.priceFen));
}

export async function buyPack(actor: MemberActor, packId: string) {
  if (actor.org.kind !== "tenant" || !can("tenant", actor.role, "credits:buy")) throw forbidden();
  if (!isUuid(packId)) throw new AppError("not_found", "errors.unknownPack");
  const packs = await listActivePacks();
  const pack = packs.find((p) => p.id === packId);
  if (!pack) throw new AppError("not_found", "errors.unknownPack");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [purchase] = await tx
      .insert(creditPurchases)
      .values({ orgId: actor.org.id, packId: pack.id, creditsMilli: pack.creditsMilli, bonusMilli: pack.bonusMilli, priceFen: pack.priceFen, createdBy: actor.user.id })
      .returning();
    const credits = formatCredits(pack.creditsMilli);
    const invoice = await createInvoice(tx, {
      orgId: actor.org.id,
      kind: "credit_pack",
      sourceRef: purchase.id,
      lines: [{ descriptionZh: `${pack.nameZh}（${credits} 算力点）`, descriptionEn: `${pack.nameEn} (${credits} credits)`, quantity: 1, unitPriceFen: pack.priceFen }],
      vatRateBp: CREDITS_VAT_RATE_BP,
      createdBy: actor.user.id,
    });
    await tx.update(creditPurchases).set({ invoiceId: invoice.id }).where(eq(creditPurchases.id, purchase.id));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "credits.pack_ordered",
      subjectType: "credit_purchase",
      subjectId: purchase.id,
      after: { pack: pack.nameZh, creditsMilli: String(pack.creditsMilli), invoiceId: invoice.id },
    });
    return { purchase, invoice };
  });
}

/** The purchase's lot, locked after its tenant's available account (the order usage and holds lock in). */
async function purchaseLot(tx: Tx, purchaseId: string) {
  const where = and(eq(creditLots.source, "purchase"), eq(creditLots.sourceRef, purchaseId));
  const [found] = await tx.select({ orgId: creditLots.orgId }).from(creditLots).where(where);
  if (!found) return undefined;
  await lockTenantAccounts(tx, found.orgId);
  const [lot] = await tx.select().from(creditLots).where(where).for("update");
  return lot;
}

/**
 * The tenant changes its mind about a pack it has not paid for: the purchase is cancelled and its
 * invoice voided, in one transaction. Once any money has arrived it can no longer be cancelled.
 */
export async function cancelPackPurchase(actor: MemberActor, purchaseId: string) {
  if (actor.org.kind !== "tenant" || !can("tenant", actor.role, "credits:buy")) throw forbidden();
  if (!isUuid(purchaseId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [purchase] = await tx
      .select()
      .from(creditPurchases)
      .where(and(eq(creditPurchases.id, purchaseId), eq(creditPurchases.orgId, actor.org.id)))
      .for("update");
    if (!purchase) throw notFound();
    if (purchase.status !== "awaiting_payment") throw new AppError("conflict", "errors.packNotCancellable");
    if (purchase.invoiceId && !(await changeInvoiceStatusInTx(tx, purchase.invoiceId, "void", "租户取消算力订单", actor.user.id))) {
      throw new AppError("conflict", "errors.packNotCancellable");
    }
    await tx.update(creditPurchases).set({ status: "cancelled" }).where(eq(creditPurchases.id, purchase.id));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: actor.org.id,
      action: "credits.pack_cancelled",
      subjectType: "credit_purchase",
      subjectId: purchase.id,
      before: { status: purchase.status },
      after: { status: "cancelled", invoiceId: purchase.invoiceId },
    });
  });
}

/** Registers this file's job handlers, tasks and hooks; called once by app/bootstrap.server.ts. */
export function registerCreditsPurchases() {
  registerInvoiceKind("credit_pack", {
    async paidNotice(db, invoice) {
      if (!invoice.sourceRef) return null;
      const [purchase] = await db.select().from(creditPurchases).where(eq(creditPurchases.id, invoice.sourceRef));
      if (!purchase || purchase.status !== "issued") return null;
      return {
        messageKey: "compute.paidNotice",
        params: { credits: formatCredits(purchase.creditsMilli + purchase.bonusMilli) },
        returnTo: "/compute",
        returnLabelKey: "compute.backToCompute",
      };
    },
    async onPaid(tx: Tx, invoice: PaidInvoice) {
      if (!invoice.sourceRef) return;
      const [purchase] = await tx
        .update(creditPurchases)
        .set({ status: "issued", issuedAt: new Date() })
        .where(and(eq(creditPurchases.id, invoice.sourceRef), eq(creditPurchases.status, "awaiting_payment")))
        .returning();
      if (!purchase) return;
      await addLot(tx, { orgId: purchase.orgId, source: "purchase", sourceRef: purchase.id, amountMilli: purchase.creditsMilli });
      if (purchase.bonusMilli > 0n) {
        await addLot(tx, { orgId: purchase.orgId, source: "bonus", sourceRef: purchase.id, amountMilli: purchase.bonusMilli });
      }
    },
    /** Only unused purchased credits are refundable (bonus and grants never), pro rata to what was paid. */
    async refundableFen(tx: Tx, invoice: PaidInvoice) {
      if (!invoice.sourceRef) return 0n;
      const lot = await purchaseLot(tx, invoice.sourceRef);
      if (!lot) return 0n;
      return (lot.remainingMilli * invoice.totalFen) / lot.amountMilli;
    },
    async onRefunded(tx: Tx, invoice: PaidInvoice, amountFen: bigint) {
      if (!invoice.sourceRef) return;
      const lot = await purchaseLot(tx, invoice.sourceRef);
      if (!lot) return;
      const wanted = (amountFen * lot.amountMilli + invoice.totalFen - 1n) / invoice.totalFen;
      const credits = wanted < lot.remainingMilli ? wanted : lot.remainingMilli;
      if (credits <= 0n) return;
      // purchaseLot has locked the account and the lot.
      const accounts = await tenantAccounts(tx, lot.orgId);
      await tx.update(creditLots).set({ remainingMilli: lot.remainingMilli - credits }).where(eq(creditLots.id, lot.id));
      await postTransfers(tx, [
        { from: accounts.available, to: await parkAccount(tx, "sales"), amountMilli: credits, kind: "refund", reference: `purchase:${lot.sourceRef}`, lotId: lot.id },
      ]);
    },
  });
}
