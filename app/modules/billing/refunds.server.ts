// Money out: finance refunds a payment (fully or partly). Stripe refunds go through the gateway
// with our refund id as the idempotency key and are confirmed by the webhook; a refund of a bank
// transfer is money finance must send from the park's account, so it stays pending until finance
// records that it left (the day and the bank's reference) — decision 013.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { bankTransfers, invoices, payments, refunds } from "#db/schema/billing";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { logger } from "~/modules/platform/logger.server";
import { listTenants } from "~/modules/identity/organisations.server";
import { daysFromTo, parkDate } from "~/modules/platform/dates";
import { invoiceKindHandler, type PaidInvoice } from "./handlers.server";
import { demoWebhookSecret, paymentGateway, signWebhookPayload, type EventSource } from "./gateway.server";
import { fenToYuanString } from "./money";
import { notifyFinance } from "./payments.server";

type Payment = typeof payments.$inferSelect;
type Invoice = typeof invoices.$inferSelect;

const paidInvoice = (invoice: Invoice): PaidInvoice => ({
  id: invoice.id,
  orgId: invoice.orgId,
  kind: invoice.kind,
  sourceRef: invoice.sourceRef,
  totalFen: invoice.totalFen,
});

/**
 * How much of `refundedFen` refunded of a payment came out of the part applied to the invoice:
 * refunds take the excess (what the invoice did not need) first.
 */
function fromAppliedFen(payment: Payment, refundedFen: bigint) {
  const excessFen = payment.amountFen - payment.appliedFen;
  return refundedFen > excessFen ? refundedFen - excessFen : 0n;
}

/**
 * How much of a payment can still be refunded: its excess always, its applied part as far as the
 * invoice's owner allows. The owner's `refundableFen` answers for the whole invoice as it stands,
 * so it already reflects refunds it was told of through `onRefunded` (succeeded ones) but not
 * those still pending at the gateway; those are taken off here. Call with the invoice row locked.
 */
async function refundableFen(tx: Tx, invoice: Invoice, payment: Payment) {
  const invoicePayments = await tx.select().from(payments).where(eq(payments.invoiceId, invoice.id));
  const pendingRows = await tx
    .select({ paymentId: refunds.paymentId, total: sql<string>`sum(${refunds.amountFen})` })
    .from(refunds)
    .where(and(inArray(refunds.paymentId, invoicePayments.map((p) => p.id)), eq(refunds.status, "pending")))
    .groupBy(refunds.paymentId);
  const pendingFen = new Map(pendingRows.map((r) => [r.paymentId, BigInt(r.total)]));
  /** Succeeded plus pending: what is spoken for. */
  const reservedFen = (p: Payment) => p.refundedFen + (pendingFen.get(p.id) ?? 0n);

  const excessFen = payment.amountFen - payment.appliedFen;
  const reserved = reservedFen(payment);
  const excessLeft = excessFen > reserved ? excessFen - reserved : 0n;
  let appliedLeft = payment.appliedFen - fromAppliedFen(payment, reserved);

  const ownerLimit = await invoiceKindHandler(invoice.kind).refundableFen?.(tx, paidInvoice(invoice));
  if (ownerLimit !== undefined) {
    // The owner is told of a bank refund when it is asked (it will be sent), of a gateway's only
    // when the gateway confirms it: only the latter, still pending, are missing from its answer.
    const pendingFromApplied = invoicePayments
      .filter((p) => p.method !== "bank_transfer")
      .reduce((sum, p) => sum + fromAppliedFen(p, reservedFen(p)) - fromAppliedFen(p, p.refundedFen), 0n);
    const ownerLeft = ownerLimit > pendingFromApplied ? ownerLimit - pendingFromApplied : 0n;
    if (ownerLeft < appliedLeft) appliedLeft = ownerLeft;
  }
  return excessLeft + appliedLeft;
}

function requireFinance(actor: MemberActor) {
  if (actor.org.kind !== "park" || !can("park", actor.role, "finance:manage")) throw forbidden();
}

/** Locks the payment's invoice, then the payment (the order payments are applied in). */
async function lockPayment(tx: Tx, paymentId: string) {
  const [unlocked] = await tx.select({ invoiceId: payments.invoiceId }).from(payments).where(eq(payments.id, paymentId));
  if (!unlocked) throw notFound();
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, unlocked.invoiceId)).for("update");
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  return { invoice, payment };
}

async function checkRefundable(tx: Tx, invoice: Invoice, payment: Payment, amountFen: bigint) {
  const available = await refundableFen(tx, invoice, payment);
  if (amountFen > available) throw new AppError("conflict", "errors.refundTooLarge", { max: fenToYuanString(available) });
}

/** Finance refunds (part of) a payment. */
export async function refundPayment(
  actor: MemberActor,
  input: { paymentId: string; amountFen: bigint; reason: string },
  info: { ip: string | null },
) {
  requireFinance(actor);
  return requestRefund(actor.user.id, input, info);
}

async function requestRefund(
  requestedBy: string,
  input: { paymentId: string; amountFen: bigint; reason: string },
  info: { ip: string | null },
) {
  if (!isUuid(input.paymentId)) throw notFound();
  if (input.amountFen <= 0n) throw new AppError("invalid", "errors.amountPositive");
  const db = await getDb();
  const { refundId, payment } = await db.transaction(async (tx) => {
    const { invoice, payment } = await lockPayment(tx, input.paymentId);
    await checkRefundable(tx, invoice, payment, input.amountFen);
    return { refundId: await recordRefundRequest(tx, invoice, payment, { ...input, requestedBy, ip: info.ip }), payment };
  });
  if (payment.method === "stripe") await sendRefund(refundId, payment.externalRef, input.amountFen);
  return refundId;
}

/**
 * Writes a refund that has been checked against what may go back; a bank transfer's refund is
 * done by the bank and settled at once, a Stripe one is sent once the transaction commits.
 */
async function recordRefundRequest(
  tx: Tx,
  invoice: Invoice,
  payment: Payment,
  input: { amountFen: bigint; reason: string; requestedBy: string | null; ip: string | null },
) {
  const refundId = randomUUID();
  // What this payment already has going back (sent or not), before this refund.
  const [pending] = await tx
    .select({ total: sql<string>`coalesce(sum(${refunds.amountFen}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, "pending")));
  const reservedBefore = payment.refundedFen + BigInt(pending?.total ?? 0);
  await tx.insert(refunds).values({
    id: refundId,
    paymentId: payment.id,
    amountFen: input.amountFen,
    reason: input.reason,
    requestedBy: input.requestedBy,
    status: "pending",
  });
  await recordAudit(tx, {
    actorUserId: input.requestedBy,
    orgId: payment.orgId,
    action: "refund.requested",
    subjectType: "payment",
    subjectId: payment.id,
    after: { refundId, amountFen: String(input.amountFen), method: payment.method },
    reason: input.reason,
    ip: input.ip,
  });
  if (payment.method === "bank_transfer") {
    // A bank transfer goes back by bank transfer: finance sends it and says so (confirmRefundSent).
    // The money is certain to go, so the owner takes back what it sold now, not when the bank
    // reference arrives days later: unused credits being refunded cannot be spent meanwhile.
    const fromApplied = fromAppliedFen(payment, reservedBefore + input.amountFen) - fromAppliedFen(payment, reservedBefore);
    if (fromApplied > 0n) await invoiceKindHandler(invoice.kind).onRefunded?.(tx, paidInvoice(invoice), fromApplied);
    await notifyFinance(tx, "refundToSend", { amount: fenToYuanString(input.amountFen) }, `/finance/refunds`);
  }
  return refundId;
}

/**
 * Finance records that a pending refund of a bank transfer left the park's account: the day it was
 * sent and the bank's reference. Only then is it succeeded and the owning module told. Once only:
 * a second confirmation (or two at once) changes nothing.
 */
export async function confirmRefundSent(
  actor: MemberActor,
  input: { refundId: string; sentOn: string; bankReference: string },
  info: { ip: string | null },
) {
  requireFinance(actor);
  if (!isUuid(input.refundId)) throw notFound();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: refunds.status, method: payments.method, paymentId: refunds.paymentId, orgId: payments.orgId, amountFen: refunds.amountFen, createdAt: refunds.createdAt })
      .from(refunds)
      .innerJoin(payments, eq(payments.id, refunds.paymentId))
      .where(eq(refunds.id, input.refundId));
    if (!row) throw notFound();
    if (row.method !== "bank_transfer") throw new AppError("conflict", "errors.refundNotByBank");
    if (input.sentOn > parkDate()) throw new AppError("invalid", "errors.sentOnFuture");
    if (input.sentOn < parkDate(row.createdAt)) throw new AppError("invalid", "errors.sentOnBeforeRequest");
    // Lock in the order settleRefund does, then claim the row: only a pending refund is confirmed.
    await lockPayment(tx, row.paymentId);
    const [claimed] = await tx
      .update(refunds)
      .set({ sentOn: input.sentOn, bankReference: input.bankReference, confirmedBy: actor.user.id })
      .where(and(eq(refunds.id, input.refundId), eq(refunds.status, "pending")))
      .returning({ id: refunds.id });
    if (!claimed) throw new AppError("conflict", "errors.refundNotPending");
    await settleRefund(tx, input.refundId, "succeeded", null);
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: row.orgId,
      action: "refund.sent",
      subjectType: "payment",
      subjectId: row.paymentId,
      after: { refundId: input.refundId, amountFen: String(row.amountFen), sentOn: input.sentOn, bankReference: input.bankReference },
      ip: info.ip,
    });
    return { refundId: input.refundId };
  });
}

/**
 * Finance's queue of money to send back by bank transfer: every pending refund of a transfer,
 * oldest first, with how many days it has waited and whom to pay (the payer named on the transfer).
 */
export async function listRefundsToSend(actor: MemberActor) {
  requireFinance(actor);
  const db = await getDb();
  const rows = await db
    .select({
      id: refunds.id,
      amountFen: refunds.amountFen,
      reason: refunds.reason,
      createdAt: refunds.createdAt,
      invoiceId: invoices.id,
      invoiceNumber: invoices.number,
      orgId: invoices.orgId,
      payerName: bankTransfers.payerName,
      transferReference: bankTransfers.bankReference,
    })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .innerJoin(invoices, eq(invoices.id, payments.invoiceId))
    // A transfer's payment is `<bank reference>#<invoice id>` (transfers.server).
    .leftJoin(bankTransfers, sql`${payments.externalRef} = ${bankTransfers.bankReference} || '#' || ${invoices.id}::text`)
    .where(and(eq(refunds.status, "pending"), eq(payments.method, "bank_transfer")))
    .orderBy(asc(refunds.createdAt));
  const tenants = new Map((await listTenants()).map((t) => [t.id, t]));
  const today = parkDate();
  return rows.map((row) => ({
    ...row,
    orgNameZh: tenants.get(row.orgId)?.nameZh ?? "",
    orgNameEn: tenants.get(row.orgId)?.nameEn ?? "",
    waitingDays: daysFromTo(parkDate(row.createdAt), today),
  }));
}

/**
 * For the module that sold these invoices: how much of each is being refunded and not yet sent
 * (pending), and how much has gone back. Invoices without refunds are absent.
 */
export async function refundStateOfInvoices(db: DbOrTx, invoiceIds: string[]) {
  const ids = invoiceIds.filter(isUuid);
  const rows = ids.length
    ? await db
        .select({
          invoiceId: payments.invoiceId,
          pendingFen: sql<string>`coalesce(sum(${refunds.amountFen}) filter (where ${refunds.status} = 'pending'), 0)`,
          refundedFen: sql<string>`coalesce(sum(${refunds.amountFen}) filter (where ${refunds.status} = 'succeeded'), 0)`,
        })
        .from(refunds)
        .innerJoin(payments, eq(payments.id, refunds.paymentId))
        .where(inArray(payments.invoiceId, ids))
        .groupBy(payments.invoiceId)
    : [];
  return new Map(rows.map((r) => [r.invoiceId, { pendingFen: BigInt(r.pendingFen), refundedFen: BigInt(r.refundedFen) }]));
}

export interface OwnerRefundsOutcome {
  /** How much of the invoice's paid part has been asked back in all, these refunds included. */
  askedFen: bigint;
  /** The refunds asked for by this call (none when enough had been asked for already). */
  refundIds: string[];
}

/**
 * The module that sold an invoice wants `totalFen` of its paid part back in all (a deposit's
 * settlement, rent for days no longer let), and may say so as often as it likes: a retry after a
 * crash, a periodic sweep and a second click all ask for the same total. Refunds already asked for
 * count whatever became of them — a failed one is finance's to retry under its own idempotency key,
 * since a new refund could pay twice if the failed request reached the gateway after all — and only
 * the rest is asked for now, payment by payment, oldest first, each within what the owner's
 * `refundableFen` allows (so less than the rest when the owner allows less for now). A payment's
 * over-payment goes back with it: refunds take the excess first. The invoice stays locked while
 * this is decided, so two callers at once ask once.
 */
export async function requestOwnerRefundsUpTo(
  requestedBy: string | null,
  input: { invoiceId: string; totalFen: bigint; reason: string },
  info: { ip: string | null } = { ip: null },
): Promise<OwnerRefundsOutcome> {
  if (!isUuid(input.invoiceId)) throw notFound();
  const db = await getDb();
  const { askedFen, created } = await db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for("update");
    if (!invoice) throw notFound();
    const invoicePayments = await tx
      .select()
      .from(payments)
      .where(eq(payments.invoiceId, invoice.id))
      .orderBy(asc(payments.receivedAt), asc(payments.id))
      .for("update");
    const askedRows = invoicePayments.length
      ? await tx
          .select({ paymentId: refunds.paymentId, total: sql<string>`sum(${refunds.amountFen})` })
          .from(refunds)
          .where(inArray(refunds.paymentId, invoicePayments.map((p) => p.id)))
          .groupBy(refunds.paymentId)
      : [];
    const askedOf = new Map(askedRows.map((r) => [r.paymentId, BigInt(r.total)]));
    let asked = invoicePayments.reduce((sum, p) => sum + fromAppliedFen(p, askedOf.get(p.id) ?? 0n), 0n);
    const created: { refundId: string; payment: Payment; amountFen: bigint }[] = [];
    for (const payment of invoicePayments) {
      if (asked >= input.totalFen) break;
      const askedOfPayment = askedOf.get(payment.id) ?? 0n;
      const appliedLeft = payment.appliedFen - fromAppliedFen(payment, askedOfPayment);
      if (appliedLeft <= 0n) continue;
      const excessLeft = maxFen(0n, payment.amountFen - payment.appliedFen - askedOfPayment);
      const wanted = excessLeft + minFen(input.totalFen - asked, appliedLeft);
      const amountFen = minFen(wanted, await refundableFen(tx, invoice, payment));
      if (amountFen <= 0n) continue;
      const refundId = await recordRefundRequest(tx, invoice, payment, { amountFen, reason: input.reason, requestedBy, ip: info.ip });
      created.push({ refundId, payment, amountFen });
      asked += maxFen(0n, amountFen - excessLeft);
    }
    return { askedFen: asked, created };
  });
  // Each Stripe refund is sent even when an earlier one fails; the first failure is reported.
  let failure: unknown = null;
  for (const { refundId, payment, amountFen } of created) {
    if (payment.method !== "stripe") continue;
    try {
      await sendRefund(refundId, payment.externalRef, amountFen);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { askedFen, refundIds: created.map((c) => c.refundId) };
}

const minFen = (a: bigint, b: bigint) => (a < b ? a : b);
const maxFen = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * Sends a failed Stripe refund again under the same refund id, so the same idempotency key: if the
 * first call did reach Stripe after all, Stripe answers with that refund instead of making another.
 * A refund that is not failed (already retried, pending or done) is left as it is.
 */
export async function retryRefund(actor: MemberActor, refundId: string, info: { ip: string | null }) {
  requireFinance(actor);
  if (!isUuid(refundId)) throw notFound();
  const db = await getDb();
  const [existing] = await db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!existing) throw notFound();
  const payment = await db.transaction(async (tx) => {
    const { invoice, payment } = await lockPayment(tx, existing.paymentId);
    const [current] = await tx.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refundId));
    if (current.status !== "failed") return null;
    await checkRefundable(tx, invoice, payment, existing.amountFen);
    await tx.update(refunds).set({ status: "pending", confirmedAt: null }).where(eq(refunds.id, refundId));
    await recordAudit(tx, {
      actorUserId: actor.user.id,
      orgId: payment.orgId,
      action: "refund.requested",
      subjectType: "payment",
      subjectId: payment.id,
      after: { refundId, amountFen: String(existing.amountFen), method: payment.method, retryOf: "failed" },
      ip: info.ip,
    });
    return payment;
  });
  if (payment) await sendRefund(refundId, payment.externalRef, existing.amountFen);
  return refundId;
}

/** Asks the gateway for a pending refund; settles it at once when the gateway already knows how it ended. */
async function sendRefund(refundId: string, paymentIntentId: string, amountFen: bigint) {
  const db = await getDb();
  const gateway = paymentGateway();
  let result: { id: string; status: string };
  try {
    // A payment goes back through the gateway that took it; one taken by the demo gateway has no
    // real money behind it and is never sent to Stripe (nor a Stripe payment to the demo gateway).
    const madeByDemo = paymentIntentId.startsWith("pi_fake_");
    if (!gateway || (gateway.name === "fake") !== madeByDemo) throw new AppError("conflict", "errors.refundGatewayUnavailable");
    result = await gateway.createRefund({ refundId, paymentIntentId, amountFen });
  } catch (error) {
    // Finance sees it failed and may retry it (`retryRefund`, same idempotency key). Should the
    // call have reached Stripe after all, Stripe's refund event still settles it (see the webhook).
    await db.transaction((tx) => settleRefund(tx, refundId, "failed", null));
    throw error;
  }
  await db.update(refunds).set({ externalRef: result.id }).where(eq(refunds.id, refundId));
  const settled = result.status === "succeeded" ? "succeeded" : result.status === "failed" || result.status === "canceled" ? "failed" : null;
  if (settled) await db.transaction((tx) => settleRefund(tx, refundId, settled, result.id));
  else if (gateway!.name === "fake") await deliverFakeRefundEvent(refundId, result.id, amountFen);
}

/**
 * Marks a refund succeeded or failed, once; a success reduces what the owning module sold.
 * `from` is the state it may leave: pending normally; Stripe's word that a refund we had marked
 * failed (its request errored) went through after all is taken too, since the money has moved.
 */
export async function settleRefund(
  tx: Tx,
  refundId: string,
  status: "succeeded" | "failed",
  externalRef: string | null,
  from: ("pending" | "failed")[] = ["pending"],
) {
  const [current] = await tx.select({ paymentId: refunds.paymentId }).from(refunds).where(eq(refunds.id, refundId));
  if (!current) return;
  // Same lock order as taking a refund or a payment: invoice, then payment, then the refund row.
  const { invoice, payment } = await lockPayment(tx, current.paymentId);
  const [refund] = await tx
    .update(refunds)
    .set({ status, confirmedAt: new Date(), ...(externalRef ? { externalRef } : {}) })
    .where(and(eq(refunds.id, refundId), inArray(refunds.status, from)))
    .returning();
  if (!refund || status === "failed") return;
  const before = payment.refundedFen;
  const after = before + refund.amountFen;
  const excessFen = payment.amountFen - payment.appliedFen;
  const fromApplied = fromAppliedFen(payment, after) - fromAppliedFen(payment, before);
  await tx
    .update(payments)
    .set({ refundedFen: after, status: after === payment.amountFen ? "refunded" : after >= excessFen ? "applied" : payment.status })
    .where(eq(payments.id, payment.id));
  // A bank refund's owner was told when it was asked (recordRefundRequest).
  if (fromApplied > 0n && payment.method !== "bank_transfer") await invoiceKindHandler(invoice.kind).onRefunded?.(tx, paidInvoice(invoice), fromApplied);
  await recordAudit(tx, {
    actorUserId: null,
    orgId: invoice.orgId,
    action: "refund.succeeded",
    subjectType: "payment",
    subjectId: payment.id,
    before: { refundedFen: String(before) },
    after: { refundedFen: String(after), refundId, fromAppliedFen: String(fromApplied) },
  });
}

/** Applies what Stripe says about one of our refunds (from a verified event, in its transaction). */
export async function confirmRefund(tx: Tx, refund: Record<string, any>, source: EventSource) {
  const ourId: unknown = refund.metadata?.refund_id;
  const [row] = await tx
    .select({ id: refunds.id, status: refunds.status, externalRef: refunds.externalRef, method: payments.method, paymentRef: payments.externalRef })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(typeof ourId === "string" && isUuid(ourId) ? eq(refunds.id, ourId) : eq(refunds.externalRef, String(refund.id)));
  if (!row) return { ignored: "unknown refund" };
  // Only the gateway that took a payment speaks for its refunds; a bank refund is finance's word.
  if (row.method !== "stripe" || row.paymentRef.startsWith("pi_fake_") !== (source === "demo")) return { ignored: "refund of another gateway's payment" };
  const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : null;
  if (!status) return { refund: row.status, unchanged: true };
  if (row.status === "succeeded" && status === "failed") {
    // A refund can fail after it succeeded (the card was closed): the money is back with us.
    logger.error({ refundId: row.id, stripeRefund: refund.id }, "a succeeded refund failed at Stripe; finance must act");
    return { refund: row.status, stripeStatus: "failed", needsAttention: true };
  }
  if (row.status !== "pending" && !(row.status === "failed" && status === "succeeded")) return { refund: row.status, unchanged: true };
  await settleRefund(tx, row.id, status, String(refund.id), status === "succeeded" ? ["pending", "failed"] : ["pending"]);
  return { refund: status, ...(row.status === "failed" ? { was: "failed" } : {}) };
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
  const secret = await demoWebhookSecret();
  if (secret) await handleStripeWebhook(payload, signWebhookPayload(payload, secret));
}
