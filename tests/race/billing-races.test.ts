// Billing rules under concurrency, on the real server: every Stripe event applied exactly once
// however often and however concurrently it is delivered, and invoice numbers without gaps.
import { count, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { invoices, notifications, payments, refunds, stripeEvents } from "#db/schema/index";
import { setPaymentGateway } from "~/modules/billing/gateway.server";
import { createInvoice } from "~/modules/billing/invoices.server";
import { invoiceNumber } from "~/modules/billing/money";
import { refundPayment } from "~/modules/billing/refunds.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { parkDate } from "~/modules/platform/dates";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import {
  STAGE_LINES,
  STAGE_TOTAL_FEN,
  asDemoInstallation,
  asStripeInstallation,
  checkoutEvent,
  deliver,
  openInvoice,
  parkStaff,
  recordingGateway,
  stripeId,
  tenantOwner,
  webhookRequest,
} from "../support/billing";
import { call } from "../support/factories";
import { raceCalls, raceOnConnections } from "../support/race";

/** Fisher–Yates, so deliveries of one event are scattered among the others. */
function shuffle<T>(items: T[]) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// A site taking payments through Stripe: events are signed with the endpoint's secret (decision 013).
beforeEach(() => asStripeInstallation());
afterEach(() => asDemoInstallation());

describe("Stripe events under concurrency", () => {
  it("applies 50 payments exactly once when each event arrives 4 times, all 200 at once in random order", async () => {
    const owner = await tenantOwner();
    const opened = [];
    for (let i = 0; i < 50; i++) opened.push(await openInvoice(owner.org.id));
    const events = opened.map((invoice) => checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, amountFen: invoice.totalFen }));
    const deliveries = shuffle(events.flatMap((raw) => [raw, raw, raw, raw]));

    const started = Date.now();
    const outcome = await raceCalls(deliveries.length, (i) => deliver(deliveries[i]));
    const elapsedMs = Date.now() - started;

    // No 500s: nothing threw, every delivery was answered 200, three of each four as a duplicate.
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.map((a) => a.status)).toEqual(Array(200).fill(200));
    expect(outcome.fulfilled.filter((a) => a.body.duplicate)).toHaveLength(150);
    const db = await getDb();
    const ids = opened.map((i) => i.id);
    const rows = await db.select().from(invoices).where(inArray(invoices.id, ids));
    expect(rows).toHaveLength(50);
    for (const row of rows) expect(row).toMatchObject({ status: "paid", paidFen: row.totalFen });
    const paid = await db.select().from(payments).where(inArray(payments.invoiceId, ids));
    expect(paid).toHaveLength(50);
    expect(new Set(paid.map((p) => p.invoiceId)).size).toBe(50);
    expect(paid.every((p) => p.status === "applied" && p.appliedFen === p.amountFen)).toBe(true);
    const [events50] = await db.select({ n: count() }).from(stripeEvents);
    expect(Number(events50.n)).toBe(50);
    // One "paid" notification per invoice for the owner.
    const [told] = await db.select({ n: count() }).from(notifications).where(eq(notifications.userId, owner.user.id));
    expect(Number(told.n)).toBe(50);
    expect(elapsedMs).toBeLessThan(30_000);
  }, 120_000);

  it("credits one payment when two different events about the same payment intent arrive 10 times each at once", async () => {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const common = { sessionId: stripeId("cs"), invoiceId: invoice.id, paymentIntent: stripeId("pi"), amountFen: STAGE_TOTAL_FEN };
    const completed = checkoutEvent(common);
    const asyncSucceeded = checkoutEvent({ ...common, type: "checkout.session.async_payment_succeeded" });
    const deliveries = shuffle([...Array(10).fill(completed), ...Array(10).fill(asyncSucceeded)] as string[]);

    const outcome = await raceCalls(deliveries.length, (i) => call<typeof webhookAction>(webhookAction, webhookRequest(deliveries[i])));
    expect(outcome.rejected).toEqual([]);
    expect(outcome.fulfilled.every((a) => a.status === 200)).toBe(true);

    const db = await getDb();
    expect(await db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(row).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
    const [events] = await db.select({ n: count() }).from(stripeEvents);
    expect(Number(events.n)).toBe(2);
  });

  it("applies two different payments racing for one invoice once each: one applied, one flagged for refund", async () => {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const raws = [0, 1].map(() => checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, amountFen: STAGE_TOTAL_FEN }));
    const deliveries = shuffle([...raws, ...raws, ...raws]);
    const outcome = await raceCalls(deliveries.length, (i) => call<typeof webhookAction>(webhookAction, webhookRequest(deliveries[i])));
    expect(outcome.rejected).toEqual([]);
    const db = await getDb();
    const recorded = await db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(recorded.map((p) => p.status).sort()).toEqual(["applied", "needs_refund"]);
    const [row] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(row).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
  });
});

describe("refunds under concurrency", () => {
  it("lets only as much be refunded as was paid when finance submits several refunds at once", async () => {
    const gateway = recordingGateway();
    setPaymentGateway(gateway);
    try {
      const owner = await tenantOwner();
      const invoice = await openInvoice(owner.org.id);
      await call<typeof webhookAction>(webhookAction, webhookRequest(checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, amountFen: STAGE_TOTAL_FEN })));
      const db = await getDb();
      const [payment] = await db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
      const finance = await parkStaff("finance");
      // Six refunds of 40% each: two fit.
      const outcome = await raceCalls(6, () =>
        refundPayment(finance.actor, { paymentId: payment.id, amountFen: 424_000n, reason: "并发退款" }, { ip: null }),
      );
      expect(outcome.fulfilled).toHaveLength(2);
      expect(outcome.rejected).toHaveLength(4);
      expect(outcome.rejected.every((e) => e instanceof AppError && e.messageKey === "errors.refundTooLarge")).toBe(true);
      const rows = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
      expect(rows).toHaveLength(2);
      expect(gateway.refunds).toHaveLength(2);
    } finally {
      setPaymentGateway(undefined);
    }
  });
});

describe("invoice numbers", () => {
  it("gives 40 invoices created at once the numbers 1 to 40 of this year, without gaps or duplicates", async () => {
    const owner = await tenantOwner();
    const outcome = await raceOnConnections(40, (db) =>
      db.transaction((tx) => createInvoice(tx, { orgId: owner.org.id, kind: "manual", lines: STAGE_LINES, vatRateBp: 600 })),
    );
    expect(outcome.rejected).toEqual([]);
    const year = Number(parkDate().slice(0, 4));
    const numbers = outcome.fulfilled.map((invoice) => invoice.number).sort();
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => invoiceNumber(year, i + 1)));
  });

  it("hands a rolled-back number to the next invoice", async () => {
    const owner = await tenantOwner();
    const db = await getDb();
    const year = Number(parkDate().slice(0, 4));
    await expect(
      db.transaction(async (tx) => {
        await createInvoice(tx, { orgId: owner.org.id, kind: "manual", lines: STAGE_LINES, vatRateBp: 600 });
        throw new Error("the selling module failed after invoicing");
      }),
    ).rejects.toThrow();
    const next = await openInvoice(owner.org.id);
    expect(next.number).toBe(invoiceNumber(year, 1));
  });
});
