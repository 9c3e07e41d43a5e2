// Money in: applying a payment to an invoice exactly once (Stripe or bank transfer), online
// checkout, and the Stripe webhook. Every external event carries an id that is unique here.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { invoices, paymentAttempts, payments, stripeEvents } from "#db/schema/billing";
import { userDirectory } from "~/modules/identity/directory.server";
import type { MemberActor } from "~/modules/identity/access.server";
import { requirePermission } from "~/modules/identity/permissions";
import { recordAudit } from "~/modules/platform/audit.server";
import { getDb, type DbOrTx, type Tx } from "~/modules/platform/db.server";
import { AppError, notFound } from "~/modules/platform/errors";
import { isUuid } from "~/modules/platform/ids";
import { logger } from "~/modules/platform/logger.server";
import { notify } from "~/modules/platform/notifications.server";
import { invoiceKindHandler, type PaidInvoice } from "./handlers.server";
import { loadInvoiceFor } from "./invoices.server";
import { demoWebhookSecret, enabledMethods, paymentGateway, signWebhookPayload, verifyWebhook, type EventSource } from "./gateway.server";
import { peopleWithPermission } from "~/modules/identity/members.server";

type PaymentMethod = "stripe" | "bank_transfer";

/**
 * What an invoice has taken in and given back (or will: a bank refund once asked), for the module
 * that owns it to bound a refund:
 * the amount applied to it, and how much of that applied part has been refunded (refunds take an
 * over-payment's excess first, so only what goes beyond it counts).
 */
export async function paidAndRefundedOfInvoice(db: DbOrTx, invoiceId: string) {
  const [invoice] = await db.select({ paidFen: invoices.paidFen }).from(invoices).where(eq(invoices.id, invoiceId));
  // A bank refund counts from the moment it is asked: finance will send it (decision 013), and the
  // owner was told then; a gateway's counts once the gateway confirms it.
  const bankPending = sql`coalesce((select sum(r.amount_fen) from refunds r where r.payment_id = ${payments.id} and r.status = 'pending' and ${payments.method} = 'bank_transfer'), 0)`;
  const [refunded] = await db
    .select({ fromApplied: sql<string>`coalesce(sum(greatest(0, ${payments.refundedFen} + ${bankPending} - (${payments.amountFen} - ${payments.appliedFen}))), 0)` })
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId));
  return { paidFen: invoice?.paidFen ?? 0n, refundedFromPaidFen: BigInt(refunded?.fromApplied ?? 0) };
}

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

export async function notifyFinance(tx: Tx, kind: string, params: Record<string, string>, link: string) {
  const staff = await peopleWithPermission(tx, { park: true }, "finance:manage");
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
    const owners = await peopleWithPermission(tx, { orgId: invoice.orgId }, "billing:pay");
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
  requirePermission(actor, "billing:pay");
  const db = await getDb();
  const invoice = await loadInvoiceFor(db, actor, invoiceId);
  if (invoice.orgId !== actor.org.id) throw notFound();
  if (invoice.status !== "open") throw new AppError("conflict", "errors.invoiceNotPayable");
  const gateway = paymentGateway();
  // Without Stripe on a server nothing is paid online: the invoice is paid by bank transfer.
  if (!gateway) throw new AppError("conflict", "errors.onlinePaymentOff");
  const amountFen = invoice.totalFen - invoice.paidFen;
  const attemptId = randomUUID();
  await db.insert(paymentAttempts).values({
    id: attemptId,
    invoiceId: invoice.id,
    gateway: gateway.name,
    amountFen,
    createdBy: actor.user.id,
  });
  let session: { id: string; url: string };
  try {
    session = await gateway.createCheckoutSession({
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
  } catch (error) {
    // The payer never got a session to pay: the attempt is over, not "in progress" forever.
    await db.update(paymentAttempts).set({ status: "failed" }).where(eq(paymentAttempts.id, attemptId));
    throw error;
  }
  await db
    .update(paymentAttempts)
    .set({ checkoutSessionId: session.id, checkoutUrl: session.url })
    .where(eq(paymentAttempts.id, attemptId));
  return { url: session.url, attemptId };
}

type StripeObject = Record<string, any>;

/** Our payment attempt behind a Checkout Session: by the session's id, else by the id we put in its metadata. */
async function attemptForSession(tx: Tx, session: StripeObject) {
  const [bySession] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.checkoutSessionId, String(session.id)));
  if (bySession) return bySession;
  const attemptId = session.metadata?.attempt_id;
  if (typeof attemptId !== "string" || !isUuid(attemptId)) return undefined;
  const [byMetadata] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  return byMetadata;
}

/**
 * What a paid session brought in, in fen. With Stripe's Adaptive Pricing the session's own amount is
 * in the customer's currency and the CNY amount sits in `currency_conversion`; any other currency
 * is not fen and must not be applied as if it were.
 */
function sessionAmountFen(session: StripeObject): bigint | null {
  const amount = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? BigInt(value) : null);
  if (session.currency === "cny") return amount(session.amount_total);
  if (session.currency_conversion?.source_currency === "cny") return amount(session.currency_conversion.amount_total);
  return null;
}

/** The gateway name an attempt records for events from each source. */
const gatewayOfSource = { stripe: "stripe", demo: "fake" } as const;

async function applyCheckoutSession(tx: Tx, session: StripeObject, source: EventSource) {
  const attempt = await attemptForSession(tx, session);
  // An attempt is completed only by the gateway it was made with: a demo attempt left over from
  // the embedded demo is never paid by a Stripe event, and the demo gateway pays nothing else.
  if (attempt && attempt.gateway !== gatewayOfSource[source]) return { ignored: "attempt made through another gateway" };
  if (!attempt && source === "demo") return { ignored: "unknown checkout session" };
  const invoiceId: unknown = attempt?.invoiceId ?? session.metadata?.invoice_id;
  if (typeof invoiceId !== "string" || !isUuid(invoiceId)) return { ignored: "unknown checkout session" };
  const [invoice] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) return { ignored: "unknown invoice" };
  if (session.payment_status !== "paid") return { waiting: "payment not yet confirmed" };
  const amountFen = sessionAmountFen(session);
  if (amountFen === null) {
    logger.error({ sessionId: session.id, currency: session.currency }, "paid checkout session in a currency that is not CNY");
    return { ignored: "amount not in CNY", currency: String(session.currency) };
  }
  const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  const result = await applyPayment(tx, {
    invoiceId,
    method: "stripe",
    externalRef: paymentIntent ?? String(session.id),
    amountFen,
  });
  if (attempt) await tx.update(paymentAttempts).set({ status: "completed" }).where(eq(paymentAttempts.id, attempt.id));
  return { paymentId: result.paymentId, duplicatePayment: result.duplicate, invoiceStatus: result.invoiceStatus };
}

async function setAttemptStatus(tx: Tx, session: StripeObject, status: "failed" | "expired", source: EventSource) {
  const attempt = await attemptForSession(tx, session);
  if (!attempt) return { ignored: "unknown checkout session" };
  if (attempt.gateway !== gatewayOfSource[source]) return { ignored: "attempt made through another gateway" };
  const changed = await tx
    .update(paymentAttempts)
    .set({ status })
    .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.status, "created")))
    .returning({ id: paymentAttempts.id });
  return changed.length ? { attempt: status } : { attempt: attempt.status, unchanged: true };
}

/** Applies one verified Stripe event exactly once; a redelivery returns the first result. */
async function processStripeEvent(event: Pick<Stripe.Event, "id" | "type"> & { data: { object: unknown } }, source: EventSource) {
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
        result = await applyCheckoutSession(tx, object, source);
        break;
      case "checkout.session.async_payment_failed":
        result = await setAttemptStatus(tx, object, "failed", source);
        break;
      case "checkout.session.expired":
        result = await setAttemptStatus(tx, object, "expired", source);
        break;
      case "refund.created":
      case "refund.updated":
      case "refund.failed":
      case "charge.refund.updated":
        result = await (await import("./refunds.server")).confirmRefund(tx, object, source);
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
  let verified: Awaited<ReturnType<typeof verifyWebhook>>;
  try {
    verified = await verifyWebhook(rawBody, signature);
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : error }, "stripe webhook refused");
    throw new AppError("invalid", "errors.webhookSignature");
  }
  return processStripeEvent(verified.event, verified.source);
}

/**
 * The fake gateway's "pay" and "cancel" buttons: they build the event Stripe would send, sign it
 * and deliver it through the same webhook path.
 */
/** The demo gateway's session ids: `cs_fake_` and an attempt's uuid without dashes. */
const FAKE_SESSION_ID = /^cs_fake_[0-9a-f]{32}$/;

export async function completeFakeCheckout(actor: MemberActor, sessionId: string, outcome: "paid" | "cancelled") {
  const secret = await demoWebhookSecret();
  if (!secret || !FAKE_SESSION_ID.test(sessionId)) throw notFound();
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
  await handleStripeWebhook(payload, signWebhookPayload(payload, secret));
  return { invoiceId: attempt.invoices.id };
}

/** The demo gateway's pay page; there is none (404) unless demo payments are on. */
export async function findFakeCheckout(actor: MemberActor, sessionId: string) {
  if (!(await demoWebhookSecret()) || !FAKE_SESSION_ID.test(sessionId)) throw notFound();
  const db = await getDb();
  const [row] = await db
    .select({ attempt: paymentAttempts, invoice: invoices, payerEmail: userDirectory.email })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .leftJoin(userDirectory, eq(userDirectory.id, paymentAttempts.createdBy))
    .where(and(eq(paymentAttempts.checkoutSessionId, sessionId), eq(invoices.orgId, actor.org.id)));
  if (!row) throw notFound();
  return row;
}
