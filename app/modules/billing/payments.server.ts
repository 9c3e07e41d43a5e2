// Money in: applying a payment to an invoice exactly once (Stripe or bank transfer), online
// checkout, and the Stripe webhook. Every external event carries an id that is unique here.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { invoices, memberships, organisations, paymentAttempts, payments, refunds, stripeEvents, users } from "#db/schema/index";
import type { MemberActor } from "~/modules/identity/access.server";
import { can } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type Tx } from "~/modules/platform/db.server";
import { AppError, forbidden, notFound } from "~/modules/platform/errors";
import { logger } from "~/modules/platform/logger.server";
import { notify } from "~/modules/platform/notifications.server";
import { invoiceKindHandler, type PaidInvoice } from "./handlers.server";
import { loadInvoiceFor } from "./invoices.server";
import { enabledMethods, paymentGateway, signWebhookPayload, verifyWebhook } from "./gateway.server";

export type PaymentMethod = "stripe" | "bank_transfer";

export interface ApplyPaymentInput {
  invoiceId: string;
  method: PaymentMethod;
  /** The payment's id at its source: a Stripe PaymentIntent, a bank transfer's reference. */
  externalRef: string;
  amountFen: bigint;
  recordedBy?: string | null;
  receivedAt?: Date;
}

export interface ApplyPaymentResult {
  paymentId: string;
  duplicate: boolean;
  appliedFen: bigint;
  /** Money we received but the invoice did not need (already paid, voided, or more than due). */
  excessFen: bigint;
  invoiceStatus: string;
}

async function notifyFinance(tx: Tx, kind: string, params: Record<string, string>, link: string) {
  const staff = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(organisations.kind, "park"), sql`${memberships.role} in ('finance', 'admin')`));
  for (const { userId } of staff) await notify(tx, { userId, kind, params, link });
}

/**
 * Records a payment against an invoice, once per (method, externalRef) ever. The invoice row is
 * locked first, so concurrent deliveries of the same payment queue up and all but the first find
 * it already recorded. A payment for an invoice that no longer needs it is kept and flagged for
 * refund, never silently absorbed.
 */
export async function applyPayment(tx: Tx, input: ApplyPaymentInput): Promise<ApplyPaymentResult> {
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for("update");
  if (!invoice) throw notFound();
  const [existing] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.method, input.method), eq(payments.externalRef, input.externalRef)));
  if (existing) {
    return {
      paymentId: existing.id,
      duplicate: true,
      appliedFen: existing.appliedFen,
      excessFen: existing.amountFen - existing.appliedFen,
      invoiceStatus: invoice.status,
    };
  }
  const outstanding = invoice.status === "open" ? invoice.totalFen - invoice.paidFen : 0n;
  const applied = input.amountFen < outstanding ? input.amountFen : outstanding;
  const excess = input.amountFen - applied;
  const [payment] = await tx
    .insert(payments)
    .values({
      invoiceId: invoice.id,
      orgId: invoice.orgId,
      method: input.method,
      externalRef: input.externalRef,
      amountFen: input.amountFen,
      appliedFen: applied,
      status: excess > 0n ? "needs_refund" : "applied",
      receivedAt: input.receivedAt ?? new Date(),
      recordedBy: input.recordedBy ?? null,
    })
    .returning();
  const paidFen = invoice.paidFen + applied;
  const nowPaid = invoice.status === "open" && paidFen === invoice.totalFen;
  if (applied > 0n) {
    await tx
      .update(invoices)
      .set(nowPaid ? { paidFen, status: "paid", paidAt: new Date() } : { paidFen })
      .where(eq(invoices.id, invoice.id));
  }
  await recordAudit(tx, {
    actorUserId: input.recordedBy ?? null,
    orgId: invoice.orgId,
    action: excess > 0n ? "payment.flagged_for_refund" : "payment.received",
    subjectType: "invoice",
    subjectId: invoice.id,
    before: { status: invoice.status, paidFen: String(invoice.paidFen) },
    after: {
      status: nowPaid ? "paid" : invoice.status,
      paidFen: String(paidFen),
      paymentId: payment.id,
      method: input.method,
      externalRef: input.externalRef,
      amountFen: String(input.amountFen),
      excessFen: String(excess),
    },
  });
  if (nowPaid) {
    const paid: PaidInvoice = { id: invoice.id, orgId: invoice.orgId, kind: invoice.kind, sourceRef: invoice.sourceRef, totalFen: invoice.totalFen };
    await invoiceKindHandler(invoice.kind).onPaid?.(tx, paid);
    const owners = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, invoice.orgId), sql`${memberships.role} in ('owner', 'admin')`));
    for (const { userId } of owners) {
      await notify(tx, { userId, orgId: invoice.orgId, kind: "invoicePaid", params: { number: invoice.number ?? "" }, link: `/billing/invoices/${invoice.id}` });
    }
  }
  if (excess > 0n) {
    await notifyFinance(tx, "paymentNeedsRefund", { number: invoice.number ?? "" }, `/finance/invoices/${invoice.id}`);
  }
  return { paymentId: payment.id, duplicate: false, appliedFen: applied, excessFen: excess, invoiceStatus: nowPaid ? "paid" : invoice.status };
}

/** A tenant starts paying an open invoice online; returns where to send the browser. */
export async function startCheckout(actor: MemberActor, invoiceId: string, info: { origin: string; language: string }) {
  if (!can(actor.org.kind, actor.role, "billing:pay")) throw forbidden();
  const db = await getDb();
  const invoice = await loadInvoiceFor(db, actor, invoiceId);
  if (invoice.orgId !== actor.org.id) throw notFound();
  if (invoice.status !== "open") throw new AppError("conflict", "errors.invoiceNotPayable");
  const amountFen = invoice.totalFen - invoice.paidFen;
  const attemptId = randomUUID();
  await db.insert(paymentAttempts).values({
    id: attemptId,
    invoiceId: invoice.id,
    gateway: paymentGateway().name,
    amountFen,
    createdBy: actor.user.id,
  });
  const session = await paymentGateway().createCheckoutSession({
    attemptId,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number!,
    amountFen,
    description: info.language === "en" ? "Haopu Hub invoice" : "昊浦汇账单",
    customerEmail: actor.user.email,
    successUrl: `${info.origin}/billing/invoices/${invoice.id}?paid=1`,
    cancelUrl: `${info.origin}/billing/invoices/${invoice.id}?cancelled=1`,
    methods: enabledMethods(),
    locale: info.language === "en" ? "en" : "zh",
  });
  await db
    .update(paymentAttempts)
    .set({ checkoutSessionId: session.id, checkoutUrl: session.url })
    .where(eq(paymentAttempts.id, attemptId));
  return { url: session.url, attemptId };
}

type StripeObject = Record<string, any>;

async function applyCheckoutSession(tx: Tx, session: StripeObject) {
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.checkoutSessionId, String(session.id)));
  const invoiceId = attempt?.invoiceId ?? session.metadata?.invoice_id;
  if (!invoiceId) return { ignored: "unknown checkout session" };
  if (session.payment_status !== "paid") return { waiting: "payment not yet confirmed" };
  const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  const result = await applyPayment(tx, {
    invoiceId,
    method: "stripe",
    externalRef: paymentIntent ?? String(session.id),
    amountFen: BigInt(session.amount_total),
  });
  if (attempt) await tx.update(paymentAttempts).set({ status: "completed" }).where(eq(paymentAttempts.id, attempt.id));
  return { paymentId: result.paymentId, duplicatePayment: result.duplicate, invoiceStatus: result.invoiceStatus };
}

async function setAttemptStatus(tx: Tx, session: StripeObject, status: "failed" | "expired") {
  await tx
    .update(paymentAttempts)
    .set({ status })
    .where(and(eq(paymentAttempts.checkoutSessionId, String(session.id)), eq(paymentAttempts.status, "created")));
  return { attempt: status };
}

async function confirmRefund(tx: Tx, refund: StripeObject) {
  const ourId = refund.metadata?.refund_id;
  const [row] = await tx
    .select()
    .from(refunds)
    .where(ourId ? eq(refunds.id, ourId) : eq(refunds.externalRef, String(refund.id)))
    .for("update");
  if (!row) return { ignored: "unknown refund" };
  if (row.status !== "pending") return { refund: row.status, unchanged: true };
  const status = refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : null;
  if (!status) return { refund: "pending" };
  const { settleRefund } = await import("./refunds.server");
  await settleRefund(tx, row.id, status, String(refund.id));
  return { refund: status };
}

/** Applies one verified Stripe event exactly once; a redelivery returns the first result. */
export async function processStripeEvent(event: Pick<Stripe.Event, "id" | "type"> & { data: { object: unknown } }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, result: {} })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) {
      const [seen] = await tx.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
      return { duplicate: true, result: seen?.result ?? {} };
    }
    const object = event.data.object as StripeObject;
    let result: Record<string, unknown>;
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
        result = await applyCheckoutSession(tx, object);
        break;
      case "checkout.session.async_payment_failed":
        result = await setAttemptStatus(tx, object, "failed");
        break;
      case "checkout.session.expired":
        result = await setAttemptStatus(tx, object, "expired");
        break;
      case "refund.created":
      case "refund.updated":
      case "refund.failed":
      case "charge.refund.updated":
        result = await confirmRefund(tx, object);
        break;
      default:
        result = { ignored: event.type };
    }
    await tx.update(stripeEvents).set({ result }).where(eq(stripeEvents.id, event.id));
    return { duplicate: false, result };
  });
}

/** The webhook: verify the signature over the raw body, then apply. Bad signatures write nothing. */
export async function handleStripeWebhook(rawBody: string, signature: string | null) {
  let event: Stripe.Event;
  try {
    event = verifyWebhook(rawBody, signature);
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, "stripe webhook refused");
    throw new AppError("invalid", "errors.webhookSignature");
  }
  return processStripeEvent(event);
}

/**
 * The fake gateway's "pay" and "cancel" buttons: they build the event Stripe would send, sign it
 * and deliver it through the same webhook path.
 */
export async function completeFakeCheckout(actor: MemberActor, sessionId: string, outcome: "paid" | "cancelled") {
  if (!sessionId.startsWith("cs_fake_")) throw notFound();
  const db = await getDb();
  const [attempt] = await db
    .select()
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .where(and(eq(paymentAttempts.checkoutSessionId, sessionId), eq(invoices.orgId, actor.org.id)));
  if (!attempt) throw notFound();
  const session = {
    id: sessionId,
    object: "checkout.session",
    payment_status: outcome === "paid" ? "paid" : "unpaid",
    payment_intent: outcome === "paid" ? `pi_fake_${attempt.payment_attempts.id.replace(/-/g, "")}` : null,
    amount_total: Number(attempt.payment_attempts.amountFen),
    currency: "cny",
    metadata: { invoice_id: attempt.invoices.id, attempt_id: attempt.payment_attempts.id },
  };
  const payload = JSON.stringify({
    id: `evt_fake_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: outcome === "paid" ? "checkout.session.completed" : "checkout.session.expired",
    created: Math.floor(Date.now() / 1000),
    data: { object: session },
  });
  await handleStripeWebhook(payload, signWebhookPayload(payload));
  return { invoiceId: attempt.invoices.id };
}

export async function findFakeCheckout(actor: MemberActor, sessionId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ attempt: paymentAttempts, invoice: invoices, payerEmail: users.email })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .leftJoin(users, eq(users.id, paymentAttempts.createdBy))
    .where(and(eq(paymentAttempts.checkoutSessionId, sessionId), eq(invoices.orgId, actor.org.id)));
  if (!row) throw notFound();
  return row;
}
