// Money out: finance refunds a payment (fully or partly). Stripe refunds go through the gateway
// with our refund id as the idempotency key and are confirmed by the webhook; a bank transfer is
// refunded by the bank and recorded here as done.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { invoices, payments, refunds } from "#db/schema/index";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { invoiceKindHandler } from "./handlers.server";
import { paymentGateway, signWebhookPayload } from "./gateway.server";
import { fenToYuanString } from "./money";

/** How much of a payment can still be refunded: the excess always, the applied part as its owner allows. */
async function refundableFen(tx: Tx, payment: typeof payments.$inferSelect) {
  const [reserved] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amountFen}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), inArray(refunds.status, ["pending", "succeeded"])));
  const alreadyFen = BigInt(reserved.total);
  const excessFen = payment.amountFen - payment.appliedFen;
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, payment.invoiceId));
  const ownerLimit = await invoiceKindHandler(invoice.kind).refundableFen?.(tx, {
    id: invoice.id,
    orgId: invoice.orgId,
    kind: invoice.kind,
    sourceRef: invoice.sourceRef,
    totalFen: invoice.totalFen,
  });
  const appliedRefundable = ownerLimit === undefined || ownerLimit > payment.appliedFen ? payment.appliedFen : ownerLimit;
  const ceiling = excessFen + appliedRefundable;
  return ceiling > alreadyFen ? ceiling - alreadyFen : 0n;
}

export async function refundPayment(
  actor: MemberActor,
  input: { paymentId: string; amountFen: bigint; reason: string },
  info: { ip: string | null },
) {
  if (actor.org.kind !== "park" || !can("park", actor.role, "finance:manage")) throw forbidden();
  if (!isUuid(input.paymentId)) throw notFound();
  if (input.amountFen <= 0n) throw new AppError("invalid", "errors.amountPositive");
  const db = await getDb();
  const refundId = randomUUID();
  const payment = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for("update");
    if (!row) throw notFound();
    const available = await refundableFen(tx, row);
    if (input.amountFen > available) {
      throw new AppError("conflict", "errors.refundTooLarge", { max: fenToYuanString(available) });
    }
    await tx.insert(refunds).values({
      id: refundId,
      paymentId: row.id,
      amountFen: input.amountFen,
      reason: input.reason,
      requestedBy: actor.user.id,
      status: "pending",
    });
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: row.orgId,
      action: "refund.requested",
      subjectType: "payment",
      subjectId: row.id,
      after: { refundId, amountFen: String(input.amountFen), method: row.method },
      reason: input.reason,
      ip: info.ip,
    });
    if (row.method === "bank_transfer") await settleRefund(tx, refundId, "succeeded", `bank-refund-${refundId}`);
    return row;
  });
  if (payment.method === "stripe") {
    try {
      const gateway = paymentGateway();
      const result = await gateway.createRefund({ refundId, paymentIntentId: payment.externalRef, amountFen: input.amountFen });
      await db.update(refunds).set({ externalRef: result.id }).where(eq(refunds.id, refundId));
      if (gateway.name === "fake") await deliverFakeRefundEvent(refundId, result.id, input.amountFen);
    } catch (error) {
      await db.transaction((tx) => settleRefund(tx, refundId, "failed", null));
      throw error;
    }
  }
  return refundId;
}

/** Marks a refund succeeded or failed, once; a success reduces what the owning module sold. */
export async function settleRefund(tx: Tx, refundId: string, status: "succeeded" | "failed", externalRef: string | null) {
  const [refund] = await tx
    .update(refunds)
    .set({ status, confirmedAt: new Date(), ...(externalRef ? { externalRef } : {}) })
    .where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")))
    .returning();
  if (!refund || status === "failed") return;
  const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId)).for("update");
  const excessFen = payment.amountFen - payment.appliedFen;
  const before = payment.refundedFen;
  const after = before + refund.amountFen;
  const fromApplied = (after > excessFen ? after - excessFen : 0n) - (before > excessFen ? before - excessFen : 0n);
  await tx
    .update(payments)
    .set({ refundedFen: after, status: after === payment.amountFen ? "refunded" : after >= excessFen ? "applied" : payment.status })
    .where(eq(payments.id, payment.id));
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, payment.invoiceId));
  if (fromApplied > 0n) {
    await invoiceKindHandler(invoice.kind).onRefunded?.(
      tx,
      { id: invoice.id, orgId: invoice.orgId, kind: invoice.kind, sourceRef: invoice.sourceRef, totalFen: invoice.totalFen },
      fromApplied,
    );
  }
  await recordAudit(tx, {
    actorUserId: null,
    orgId: invoice.orgId,
    action: "refund.succeeded",
    subjectType: "payment",
    subjectId: payment.id,
    before: { refundedFen: String(before) },
    after: { refundedFen: String(after), refundId },
  });
}

async function deliverFakeRefundEvent(refundId: string, externalId: string, amountFen: bigint) {
  const { handleStripeWebhook } = await import("./payments.server");
  const payload = JSON.stringify({
    id: `evt_fake_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: "refund.updated",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: externalId, object: "refund", status: "succeeded", amount: Number(amountFen), metadata: { refund_id: refundId } } },
  });
  await handleStripeWebhook(payload, signWebhookPayload(payload));
}
