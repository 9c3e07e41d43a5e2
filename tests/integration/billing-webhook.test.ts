// Stripe Checkout payments arriving through the signed webhook: each event applied exactly once,
// two events about one payment credit it once, anything unsigned or altered changes nothing.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, invoices, notifications, paymentAttempts, payments, stripeEvents } from "#db/schema/index";
import { setPaymentGateway, signWebhookPayload } from "~/modules/billing/gateway.server";
import { startCheckout } from "~/modules/billing/payments.server";
import { getDb } from "~/modules/platform/db.server";
import { action as webhookAction, loader as webhookLoader } from "~/routes/webhooks.stripe";
import {
  STAGE_TOTAL_FEN,
  TEST_STRIPE_WEBHOOK_SECRET,
  asDemoInstallation,
  asStripeInstallation,
  checkoutEvent,
  deliver,
  openInvoice,
  parkStaff,
  recordingGateway,
  rowCount,
  stripeEventJson,
  stripeId,
  tenantOwner,
  webhookRequest,
  type RecordingGateway,
} from "../support/billing";
import { call, getRequest } from "../support/factories";

const checkoutInfo = { origin: "http://localhost", language: "zh-CN" };
let gateway: RecordingGateway;

beforeEach(() => {
  asStripeInstallation();
  gateway = recordingGateway();
  setPaymentGateway(gateway);
});

afterEach(() => {
  setPaymentGateway(undefined);
  asDemoInstallation();
});

/** A tenant owner, an open invoice of theirs, and a Checkout Session they started for it. */
async function invoiceWithCheckout() {
  const owner = await tenantOwner();
  const invoice = await openInvoice(owner.org.id);
  const checkout = await startCheckout(owner.actor, invoice.id, checkoutInfo);
  const attempt = await attemptById(checkout.attemptId);
  return { owner, invoice, attempt, sessionId: attempt.checkoutSessionId! };
}

async function attemptById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id));
  return row;
}

async function invoiceById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

async function paymentsOf(invoiceId: string) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
}

async function notificationsOf(userId: string) {
  const db = await getDb();
  return db.select().from(notifications).where(eq(notifications.userId, userId));
}

async function auditOf(invoiceId: string, action: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, invoiceId), eq(auditEvents.action, action)));
}

/** Everything a delivery could have written, to compare before and after. */
async function footprint() {
  return {
    stripeEvents: await rowCount(stripeEvents),
    payments: await rowCount(payments),
    notifications: await rowCount(notifications),
    audit: await rowCount(auditEvents),
  };
}

describe("starting a Checkout", () => {
  it("asks the gateway for the amount due in fen with our attempt id and the invoice's number", async () => {
    const { owner, invoice, attempt, sessionId } = await invoiceWithCheckout();
    expect(gateway.checkouts).toHaveLength(1);
    expect(gateway.checkouts[0]).toMatchObject({
      attemptId: attempt.id,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amountFen: STAGE_TOTAL_FEN,
      customerEmail: owner.user.email,
      methods: ["card", "alipay", "wechat_pay"],
      locale: "zh",
      successUrl: `http://localhost/billing/invoices/${invoice.id}?paid=1`,
      cancelUrl: `http://localhost/billing/invoices/${invoice.id}?cancelled=1`,
    });
    expect(attempt).toMatchObject({ invoiceId: invoice.id, status: "created", amountFen: STAGE_TOTAL_FEN, gateway: "stripe" });
    expect(sessionId).toBe(`cs_test_${attempt.id.replace(/-/g, "")}`);
  });

  it("marks the attempt failed when the gateway cannot create the session", async () => {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    setPaymentGateway({
      ...gateway,
      async createCheckoutSession() {
        throw new Error("connect ECONNREFUSED api.stripe.com");
      },
    });
    await expect(startCheckout(owner.actor, invoice.id, checkoutInfo)).rejects.toThrow(/ECONNREFUSED/);
    const db = await getDb();
    const attempts = await db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id));
    expect(attempts.map((a) => a.status)).toEqual(["failed"]);
  });

  it("refuses finance staff and plain members: only the tenant's owners and admins pay", async () => {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const finance = await parkStaff("finance");
    await expect(startCheckout(finance.actor, invoice.id, checkoutInfo)).rejects.toMatchObject({ code: "forbidden" });
    expect(gateway.checkouts).toHaveLength(0);
  });
});

describe("checkout.session.completed", () => {
  it("marks the invoice paid, records one payment, tells the owner and audits payment.received", async () => {
    const { owner, invoice, attempt, sessionId } = await invoiceWithCheckout();
    const paymentIntent = stripeId("pi");
    const raw = checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, paymentIntent, amountFen: STAGE_TOTAL_FEN });

    const answer = await deliver(raw);
    expect(answer).toEqual({ status: 200, body: { received: true, duplicate: false } });

    const paid = await invoiceById(invoice.id);
    expect(paid).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN, totalFen: STAGE_TOTAL_FEN });
    expect(paid.paidAt).toBeInstanceOf(Date);
    const recorded = await paymentsOf(invoice.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "stripe",
      externalRef: paymentIntent,
      amountFen: STAGE_TOTAL_FEN,
      appliedFen: STAGE_TOTAL_FEN,
      refundedFen: 0n,
      status: "applied",
      orgId: owner.org.id,
    });
    expect(typeof recorded[0].amountFen).toBe("bigint");
    expect((await attemptById(attempt.id)).status).toBe("completed");

    const told = await notificationsOf(owner.user.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: "invoicePaid", orgId: owner.org.id, params: { number: invoice.number }, link: `/billing/invoices/${invoice.id}` });

    const audit = await auditOf(invoice.id, "payment.received");
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ status: "paid", paidFen: String(STAGE_TOTAL_FEN), externalRef: paymentIntent, method: "stripe" });

    const db = await getDb();
    const [event] = await db.select().from(stripeEvents);
    expect(event.type).toBe("checkout.session.completed");
    expect(event.result).toMatchObject({ paymentId: recorded[0].id, duplicatePayment: false, invoiceStatus: "paid" });
  });

  it("answers a redelivery of the same event with 200 duplicate and changes nothing", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const raw = checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: STAGE_TOTAL_FEN });
    expect((await deliver(raw)).status).toBe(200);
    const before = await footprint();
    const paidBefore = await invoiceById(invoice.id);

    // Stripe re-signs a redelivery with a new timestamp: the event id is what makes it the same.
    const again = await deliver(raw, signWebhookPayload(raw, TEST_STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 60));
    expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await footprint()).toEqual(before);
    expect(await invoiceById(invoice.id)).toEqual(paidBefore);
  });

  it("credits a payment once when a different event (async_payment_succeeded) reports the same payment intent", async () => {
    const { owner, invoice, attempt, sessionId } = await invoiceWithCheckout();
    const paymentIntent = stripeId("pi");
    const common = { sessionId, invoiceId: invoice.id, attemptId: attempt.id, paymentIntent, amountFen: STAGE_TOTAL_FEN };
    expect((await deliver(checkoutEvent(common))).status).toBe(200);
    const second = await deliver(checkoutEvent({ ...common, type: "checkout.session.async_payment_succeeded" }));
    expect(second).toEqual({ status: 200, body: { received: true, duplicate: false } });

    expect(await paymentsOf(invoice.id)).toHaveLength(1);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect(await notificationsOf(owner.user.id)).toHaveLength(1);
    expect(await auditOf(invoice.id, "payment.received")).toHaveLength(1);
    expect(await rowCount(stripeEvents)).toBe(2);
    const db = await getDb();
    const [secondEvent] = await db.select().from(stripeEvents).where(eq(stripeEvents.type, "checkout.session.async_payment_succeeded"));
    expect(secondEvent.result).toMatchObject({ duplicatePayment: true });
  });

  it("waits on a completed session whose payment is not yet confirmed, then applies the async success", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const paymentIntent = stripeId("pi");
    const common = { sessionId, invoiceId: invoice.id, attemptId: attempt.id, paymentIntent, amountFen: STAGE_TOTAL_FEN };
    const pending = await deliver(checkoutEvent({ ...common, paymentStatus: "unpaid" }));
    expect(pending.status).toBe(200);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    expect((await attemptById(attempt.id)).status).toBe("created");

    await deliver(checkoutEvent({ ...common, type: "checkout.session.async_payment_succeeded" }));
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect((await attemptById(attempt.id)).status).toBe("completed");
  });

  it.each([
    ["checkout.session.expired", "expired"],
    ["checkout.session.async_payment_failed", "failed"],
  ])("%s marks the attempt %s and leaves the invoice open", async (type, status) => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const answer = await deliver(
      checkoutEvent({ type, sessionId, invoiceId: invoice.id, attemptId: attempt.id, paymentIntent: null, amountFen: STAGE_TOTAL_FEN, paymentStatus: "unpaid" }),
    );
    expect(answer.status).toBe(200);
    expect((await attemptById(attempt.id)).status).toBe(status);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
    expect(await rowCount(payments)).toBe(0);
  });

  it("does not let a late expiry undo a completed attempt", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    await deliver(checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: STAGE_TOTAL_FEN }));
    await deliver(checkoutEvent({ type: "checkout.session.expired", sessionId, invoiceId: invoice.id, paymentIntent: null, amountFen: STAGE_TOTAL_FEN, paymentStatus: "unpaid" }));
    expect((await attemptById(attempt.id)).status).toBe("completed");
  });

  it("leaves the invoice open with paid_fen raised after a partial payment, and charges only the rest next time", async () => {
    const { owner, invoice, attempt, sessionId } = await invoiceWithCheckout();
    const partFen = 400_000n;
    await deliver(checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: partFen }));
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "open", paidFen: partFen });
    expect((await paymentsOf(invoice.id))[0]).toMatchObject({ amountFen: partFen, appliedFen: partFen, status: "applied" });
    expect(await notificationsOf(owner.user.id)).toHaveLength(0);

    const next = await startCheckout(owner.actor, invoice.id, checkoutInfo);
    expect(gateway.checkouts[1].amountFen).toBe(STAGE_TOTAL_FEN - partFen);
    const nextAttempt = await attemptById(next.attemptId);
    await deliver(checkoutEvent({ sessionId: nextAttempt.checkoutSessionId!, invoiceId: invoice.id, attemptId: nextAttempt.id, amountFen: STAGE_TOTAL_FEN - partFen }));
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect(await paymentsOf(invoice.id)).toHaveLength(2);
    expect(await notificationsOf(owner.user.id)).toHaveLength(1);
  });

  it("records a late second payment as needs_refund, keeps the invoice paid once and tells finance", async () => {
    const owner = await tenantOwner();
    const finance = await parkStaff("finance");
    const bystander = await parkStaff("services");
    const invoice = await openInvoice(owner.org.id);
    // Two tabs: two sessions started while the invoice was open, both paid.
    const first = await attemptById((await startCheckout(owner.actor, invoice.id, checkoutInfo)).attemptId);
    const second = await attemptById((await startCheckout(owner.actor, invoice.id, checkoutInfo)).attemptId);
    await deliver(checkoutEvent({ sessionId: first.checkoutSessionId!, invoiceId: invoice.id, attemptId: first.id, amountFen: STAGE_TOTAL_FEN }));
    const latePi = stripeId("pi");
    const answer = await deliver(
      checkoutEvent({ sessionId: second.checkoutSessionId!, invoiceId: invoice.id, attemptId: second.id, paymentIntent: latePi, amountFen: STAGE_TOTAL_FEN }),
    );
    expect(answer.status).toBe(200);

    const recorded = await paymentsOf(invoice.id);
    expect(recorded).toHaveLength(2);
    expect(recorded.find((p) => p.externalRef === latePi)).toMatchObject({ amountFen: STAGE_TOTAL_FEN, appliedFen: 0n, status: "needs_refund" });
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect(await notificationsOf(owner.user.id)).toHaveLength(1);
    const financeTold = await notificationsOf(finance.user.id);
    expect(financeTold).toHaveLength(1);
    expect(financeTold[0]).toMatchObject({ kind: "paymentNeedsRefund", params: { number: invoice.number }, link: `/finance/invoices/${invoice.id}` });
    expect(await notificationsOf(bystander.user.id)).toHaveLength(0);
    expect(await auditOf(invoice.id, "payment.received")).toHaveLength(1);
    expect(await auditOf(invoice.id, "payment.flagged_for_refund")).toHaveLength(1);
  });

  it("applies what is due from an overpayment and flags the excess for refund", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    await deliver(checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: STAGE_TOTAL_FEN + 1n }));
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect((await paymentsOf(invoice.id))[0]).toMatchObject({ amountFen: STAGE_TOTAL_FEN + 1n, appliedFen: STAGE_TOTAL_FEN, status: "needs_refund" });
  });

  it("takes the CNY amount from currency_conversion when Stripe localised the session's currency", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const raw = checkoutEvent({
      sessionId,
      invoiceId: invoice.id,
      attemptId: attempt.id,
      amountFen: 149_211n, // what the customer paid in USD cents
      currency: "usd",
      extra: { currency_conversion: { amount_subtotal: 1_060_000, amount_total: 1_060_000, fx_rate: "0.140765", source_currency: "cny" } },
    });
    expect((await deliver(raw)).status).toBe(200);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    expect((await paymentsOf(invoice.id))[0].amountFen).toBe(STAGE_TOTAL_FEN);
  });

  it("does not apply an amount in a currency it cannot turn into fen", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const answer = await deliver(checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: 149_211n, currency: "usd" }));
    expect(answer.status).toBe(200);
    expect(await rowCount(payments)).toBe(0);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
  });

  it("finds the invoice from the session's metadata when it does not know the session, and ignores one it cannot place", async () => {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    await deliver(checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, amountFen: STAGE_TOTAL_FEN }));
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });

    const before = await rowCount(payments);
    const strays = [
      stripeEventJson(stripeId("evt"), "checkout.session.completed", { id: stripeId("cs"), object: "checkout.session", payment_status: "paid", amount_total: 100, currency: "cny", payment_intent: stripeId("pi"), metadata: {} }),
      checkoutEvent({ sessionId: stripeId("cs"), invoiceId: "not-a-uuid", amountFen: 100n }),
      checkoutEvent({ sessionId: stripeId("cs"), invoiceId: "7a0d2f7e-0000-4000-8000-000000000000", amountFen: 100n }),
    ];
    for (const raw of strays) expect((await deliver(raw)).status).toBe(200);
    expect(await rowCount(payments)).toBe(before);
  });

  it("stores and acknowledges event types it does not act on", async () => {
    const answer = await deliver(stripeEventJson(stripeId("evt"), "customer.created", { id: stripeId("cus"), object: "customer" }));
    expect(answer).toEqual({ status: 200, body: { received: true, duplicate: false } });
    const db = await getDb();
    const [event] = await db.select().from(stripeEvents);
    expect(event.result).toEqual({ ignored: "customer.created" });
  });
});

describe("a webhook delivery that Stripe did not sign as it is", () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const cases: [string, (raw: string) => { body: string; signature: string | null }][] = [
    ["a signature made with another secret", (raw) => ({ body: raw, signature: signWebhookPayload(raw, "whsec_someone_else") })],
    ["a stale signature (10 minutes old)", (raw) => ({ body: raw, signature: signWebhookPayload(raw, TEST_STRIPE_WEBHOOK_SECRET, nowSeconds() - 600) })],
    ["no Stripe-Signature header", (raw) => ({ body: raw, signature: null })],
    ["an empty Stripe-Signature header", (raw) => ({ body: raw, signature: "" })],
    ["a malformed Stripe-Signature header", (raw) => ({ body: raw, signature: "t=abc,v1=zzz" })],
    ["a body re-serialised after signing", (raw) => ({ body: JSON.stringify(JSON.parse(raw), null, 2), signature: signWebhookPayload(raw, TEST_STRIPE_WEBHOOK_SECRET) })],
    ["an amount changed after signing", (raw) => ({ body: raw.replace(/"amount_total":\d+/, '"amount_total":1'), signature: signWebhookPayload(raw, TEST_STRIPE_WEBHOOK_SECRET) })],
  ];

  it.each(cases)("is refused with 400 and writes nothing: %s", async (_label, tamper) => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    const raw = checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: STAGE_TOTAL_FEN });
    const { body, signature } = tamper(raw);
    const before = await footprint();
    const answer = await deliver(body, signature);
    expect(answer).toEqual({ status: 400, body: { error: "invalid signature" } });
    expect(await footprint()).toEqual(before);
    expect(await rowCount(stripeEvents)).toBe(0);
    expect(await rowCount(payments)).toBe(0);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
    expect((await attemptById(attempt.id)).status).toBe("created");

    // The genuine delivery still works afterwards.
    expect((await deliver(raw)).status).toBe(200);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid" });
  });

  it("answers a signed body that is not JSON with 400", async () => {
    const raw = "not json at all";
    expect((await deliver(raw)).status).toBe(400);
    expect(await rowCount(stripeEvents)).toBe(0);
  });

  it("answers other methods than POST with 405", async () => {
    expect((await call<typeof webhookLoader>(webhookLoader, getRequest("/webhooks/stripe"))).status).toBe(405);
    const put = new Request("http://localhost/webhooks/stripe", { method: "PUT", body: "{}" });
    expect((await call<typeof webhookAction>(webhookAction, put)).status).toBe(405);
  });

  it("goes through the route with call() and the raw body exactly as sent", async () => {
    const { invoice, attempt, sessionId } = await invoiceWithCheckout();
    // Spacing and key order Stripe's own serialiser might use; only the exact bytes are signed.
    const raw = checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId: attempt.id, amountFen: STAGE_TOTAL_FEN }).replace(/,"/g, ', "');
    const answer = await call<typeof webhookAction>(webhookAction, webhookRequest(raw));
    expect(answer.status).toBe(200);
    expect(await invoiceById(invoice.id)).toMatchObject({ status: "paid" });
  });
});
