// Refunds by park finance: never more than can be refunded (the owning module has a say over the
// part applied to its invoice), confirmed once by Stripe's signed event, recoverable when the
// gateway call fails.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, invoices, notifications, paymentAttempts, payments, refunds, stripeEvents } from "#db/schema/index";
import { fakeGateway, setPaymentGateway, type PaymentGateway } from "~/modules/billing/gateway.server";
import { registerInvoiceKind } from "~/modules/billing/handlers.server";
import { getInvoiceDetail } from "~/modules/billing/invoices.server";
import { applyPayment, completeFakeCheckout, startCheckout } from "~/modules/billing/payments.server";
import { confirmRefundSent, listRefundsToSend, refundPayment, retryRefund } from "~/modules/billing/refunds.server";
import { addDaysIso, parkDate } from "~/modules/platform/dates";
import { getDb } from "~/modules/platform/db.server";
import { action as refundsAction, loader as refundsLoader } from "~/routes/finance.refunds";
import { AppError } from "~/modules/platform/errors";
import {
  STAGE_TOTAL_FEN,
  asDemoInstallation,
  asStripeInstallation,
  checkoutEvent,
  deliver,
  openInvoice,
  parkStaff,
  recordingGateway,
  refundEvent,
  rowCount,
  stripeId,
  tenantOwner,
  type RecordingGateway,
} from "../support/billing";
import { call, getRequest, postRequest, unique } from "../support/factories";

const info = { ip: "127.0.0.1" };
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

/** Stripe answers every refund creation with "succeeded", so refunds settle at once. */
function refundsSucceedAtOnce() {
  gateway.refundStatus = "succeeded";
}

/** An invoice paid in full by Stripe Checkout through the webhook (or with `amountFen` paid). */
async function paidByStripe(options: { kind?: string; amountFen?: bigint } = {}) {
  const owner = await tenantOwner();
  const invoice = await openInvoice(owner.org.id, { kind: options.kind, sourceRef: options.kind ? unique("src") : undefined });
  const { attemptId } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
  const db = await getDb();
  const paymentIntent = stripeId("pi");
  const [attempt] = await db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  const sessionId = attempt.checkoutSessionId!;
  const answer = await deliver(checkoutEvent({ sessionId, invoiceId: invoice.id, attemptId, paymentIntent, amountFen: options.amountFen ?? STAGE_TOTAL_FEN }));
  expect(answer.status).toBe(200);
  const [payment] = await db.select().from(payments).where(eq(payments.externalRef, paymentIntent));
  return { owner, invoice, payment, paymentIntent };
}

async function paymentById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

async function refundById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  return row;
}

async function refundsOf(paymentId: string) {
  const db = await getDb();
  return db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("refunding a payment taken by the demo gateway", () => {
  it("creates a pending refund, which the demo gateway's signed refund.updated event turns succeeded", async () => {
    asDemoInstallation();
    const seenAtGateway: { status: string; amountFen: bigint }[] = [];
    const observingFake: PaymentGateway = {
      ...fakeGateway,
      async createRefund(input) {
        seenAtGateway.push(await refundById(input.refundId));
        return fakeGateway.createRefund(input);
      },
    };
    setPaymentGateway(observingFake);
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { url } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    await completeFakeCheckout(owner.actor, url.split("/").pop()!, "paid");
    const db0 = await getDb();
    const [payment] = await db0.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    const finance = await parkStaff("finance");

    const refundId = await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 300_000n, reason: "少用一天摄影棚" }, info);

    expect(seenAtGateway).toEqual([expect.objectContaining({ status: "pending", amountFen: 300_000n })]);
    const refund = await refundById(refundId);
    expect(refund).toMatchObject({ status: "succeeded", amountFen: 300_000n, externalRef: `re_fake_${refundId.replace(/-/g, "")}`, requestedBy: finance.user.id });
    expect(refund.confirmedAt).toBeInstanceOf(Date);
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 300_000n, status: "applied" });
    const db = await getDb();
    expect(await db.select({ type: stripeEvents.type }).from(stripeEvents).where(eq(stripeEvents.type, "refund.updated"))).toHaveLength(1);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, payment.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["refund.requested", "refund.succeeded"]);
    expect(audit.find((a) => a.action === "refund.requested")).toMatchObject({ actorUserId: finance.user.id, reason: "少用一天摄影棚", orgId: invoice.orgId });
    // A refund does not reopen or un-pay the invoice.
    const [after] = await db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: "paid", paidFen: STAGE_TOTAL_FEN });
  });
});

describe("how much can be refunded", () => {
  it("refuses more than what is left with errors.refundTooLarge and the most that is left, and writes nothing", async () => {
    refundsSucceedAtOnce();
    const { payment } = await paidByStripe();
    const finance = await parkStaff("finance");
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 300_000n, reason: "部分退款" }, info);

    const error = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 760_001n, reason: "太多" }, info));
    expect(error).toMatchObject({ code: "conflict", messageKey: "errors.refundTooLarge", params: { max: "7600.00" } });
    expect(await refundsOf(payment.id)).toHaveLength(1);

    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 760_000n, reason: "余款" }, info);
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: STAGE_TOTAL_FEN, status: "refunded" });
    const none = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1n, reason: "再退" }, info));
    expect(none).toMatchObject({ code: "conflict", messageKey: "errors.refundTooLarge", params: { max: "0.00" } });
  });

  it("counts pending refunds as spoken for", async () => {
    const { payment } = await paidByStripe();
    const finance = await parkStaff("finance");
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1_000_000n, reason: "待确认" }, info);
    expect((await refundsOf(payment.id))[0].status).toBe("pending");
    const error = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 60_001n, reason: "太多" }, info));
    expect(error.params).toEqual({ max: "600.00" });
  });

  it("answers a zero amount, an unknown payment and a malformed id clearly", async () => {
    const { payment } = await paidByStripe();
    const finance = await parkStaff("finance");
    expect(await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 0n, reason: "零" }, info))).toMatchObject({ code: "invalid", messageKey: "errors.amountPositive" });
    expect(await rejection(refundPayment(finance.actor, { paymentId: "7a0d2f7e-0000-4000-8000-000000000000", amountFen: 1n, reason: "?" }, info))).toMatchObject({ code: "not_found" });
    expect(await rejection(refundPayment(finance.actor, { paymentId: "../etc", amountFen: 1n, reason: "?" }, info))).toMatchObject({ code: "not_found" });
    expect(await rowCount(refunds)).toBe(0);
  });

  it("lets the invoice's owner cap the applied part, and tells it what was refunded of it", async () => {
    refundsSucceedAtOnce();
    const kind = unique("test_pack_");
    // Like unused purchased credits: what is left to refund now, reduced by every refund reported.
    let unusedFen = 500_000n;
    const reported: bigint[] = [];
    registerInvoiceKind(kind, {
      refundableFen: async () => unusedFen,
      onRefunded: async (_tx, invoice, amountFen) => {
        expect(invoice.kind).toBe(kind);
        reported.push(amountFen);
        unusedFen -= amountFen;
      },
    });
    const { payment } = await paidByStripe({ kind });
    const finance = await parkStaff("finance");

    const capped = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 500_001n, reason: "超出未用部分" }, info));
    expect(capped).toMatchObject({ code: "conflict", messageKey: "errors.refundTooLarge", params: { max: "5000.00" } });

    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 200_000n, reason: "未用部分" }, info);
    expect(reported).toEqual([200_000n]);
    // The owner now says 300,000 is left, and all of it can go back.
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 300_000n, reason: "剩余未用部分" }, info);
    expect(reported).toEqual([200_000n, 300_000n]);
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 500_000n });
    expect(await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 1n, reason: "已用" }, info))).toMatchObject({ params: { max: "0.00" } });
  });

  it("takes refunds still pending at Stripe off what the owner allows, since it has not heard of them", async () => {
    const kind = unique("test_pack_");
    registerInvoiceKind(kind, { refundableFen: async () => 500_000n });
    const { payment } = await paidByStripe({ kind });
    const finance = await parkStaff("finance");
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 200_000n, reason: "待确认" }, info);
    const error = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 300_001n, reason: "太多" }, info));
    expect(error.params).toEqual({ max: "3000.00" });
  });

  it("refunds the excess of an overpayment first and reports only the applied part to the owner", async () => {
    refundsSucceedAtOnce();
    const kind = unique("test_pack_");
    const reported: bigint[] = [];
    registerInvoiceKind(kind, { refundableFen: async () => 0n, onRefunded: async (_tx, _invoice, amountFen) => void reported.push(amountFen) });
    const { payment } = await paidByStripe({ kind, amountFen: STAGE_TOTAL_FEN + 50_000n });
    expect(payment).toMatchObject({ appliedFen: STAGE_TOTAL_FEN, status: "needs_refund" });
    const finance = await parkStaff("finance");

    // The owner allows nothing of the applied part, but the excess is always refundable.
    const error = await rejection(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 50_001n, reason: "多付" }, info));
    expect(error.params).toEqual({ max: "500.00" });
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 50_000n, reason: "多付" }, info);
    expect(reported).toEqual([]);
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 50_000n, status: "applied" });
  });

  it("reports only the applied part of a refund that spans the excess and the applied amount", async () => {
    refundsSucceedAtOnce();
    const kind = unique("test_pack_");
    const reported: bigint[] = [];
    registerInvoiceKind(kind, { onRefunded: async (_tx, _invoice, amountFen) => void reported.push(amountFen) });
    const { payment } = await paidByStripe({ kind, amountFen: STAGE_TOTAL_FEN + 50_000n });
    const finance = await parkStaff("finance");
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 80_000n, reason: "多付并部分退款" }, info);
    expect(reported).toEqual([30_000n]);
  });

  it("refunds a late duplicate payment in full without telling the owner", async () => {
    refundsSucceedAtOnce();
    const kind = unique("test_pack_");
    const reported: bigint[] = [];
    registerInvoiceKind(kind, { onRefunded: async (_tx, _invoice, amountFen) => void reported.push(amountFen) });
    const { owner, invoice } = await paidByStripe({ kind });
    const latePi = stripeId("pi");
    await deliver(checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, paymentIntent: latePi, amountFen: STAGE_TOTAL_FEN }));
    const db = await getDb();
    const [late] = await db.select().from(payments).where(eq(payments.externalRef, latePi));
    expect(late).toMatchObject({ appliedFen: 0n, status: "needs_refund", orgId: owner.org.id });
    const finance = await parkStaff("finance");
    await refundPayment(finance.actor, { paymentId: late.id, amountFen: STAGE_TOTAL_FEN, reason: "重复付款" }, info);
    expect(await paymentById(late.id)).toMatchObject({ refundedFen: STAGE_TOTAL_FEN, status: "refunded" });
    expect(reported).toEqual([]);
  });
});

describe("who may refund", () => {
  it.each([
    ["the tenant's owner", "tenant-owner"],
    ["park staff without finance (services)", "services"],
    ["park staff without finance (admissions)", "admissions"],
  ])("refuses %s", async (_label, who) => {
    const { owner, payment } = await paidByStripe();
    const actor = who === "tenant-owner" ? owner.actor : (await parkStaff(who)).actor;
    expect(await rejection(refundPayment(actor, { paymentId: payment.id, amountFen: 1n, reason: "试试" }, info))).toMatchObject({ code: "forbidden" });
    expect(await rowCount(refunds)).toBe(0);
    expect(gateway.refunds).toHaveLength(0);
  });

  it("lets a park admin refund", async () => {
    const { payment } = await paidByStripe();
    const admin = await parkStaff("admin");
    await refundPayment(admin.actor, { paymentId: payment.id, amountFen: 1n, reason: "管理员退款" }, info);
    expect(gateway.refunds).toHaveLength(1);
  });
});

describe("refunding through the Stripe adapter", () => {
  it("calls the gateway with our refund id and the payment intent, then settles on Stripe's signed event once", async () => {
    const { payment, paymentIntent } = await paidByStripe();
    const finance = await parkStaff("finance");
    const refundId = await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 123_456n, reason: "部分退款" }, info);

    expect(gateway.refunds).toEqual([{ refundId, paymentIntentId: paymentIntent, amountFen: 123_456n }]);
    const externalId = `re_test_${refundId.replace(/-/g, "")}`;
    expect(await refundById(refundId)).toMatchObject({ status: "pending", externalRef: externalId });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 0n });

    const raw = refundEvent({ refundExternalId: externalId, refundId, amountFen: 123_456n, paymentIntent, status: "succeeded" });
    expect(await deliver(raw)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await refundById(refundId)).toMatchObject({ status: "succeeded" });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 123_456n });

    expect(await deliver(raw)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    // Another event about the same refund (charge.refund.updated, no metadata) changes nothing either.
    await deliver(refundEvent({ type: "charge.refund.updated", refundExternalId: externalId, amountFen: 123_456n, paymentIntent, status: "succeeded" }));
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 123_456n });
    const db = await getDb();
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, payment.id), eq(auditEvents.action, "refund.succeeded")))).toHaveLength(1);
  });

  it("settles at once when Stripe answers the creation with succeeded", async () => {
    gateway.refundStatus = "succeeded";
    const { payment } = await paidByStripe();
    const finance = await parkStaff("finance");
    const refundId = await refundPayment(finance.actor, { paymentId: payment.id, amountFen: 10_000n, reason: "即时退款" }, info);
    expect(await refundById(refundId)).toMatchObject({ status: "succeeded" });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 10_000n });
  });

  it("releases the amount when Stripe reports the refund failed", async () => {
    const { payment, paymentIntent } = await paidByStripe();
    const finance = await parkStaff("finance");
    const refundId = await refundPayment(finance.actor, { paymentId: payment.id, amountFen: STAGE_TOTAL_FEN, reason: "全额退款" }, info);
    await deliver(refundEvent({ type: "refund.failed", refundExternalId: `re_test_${refundId.replace(/-/g, "")}`, refundId, amountFen: STAGE_TOTAL_FEN, paymentIntent, status: "failed" }));
    expect(await refundById(refundId)).toMatchObject({ status: "failed" });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 0n, status: "applied" });
    await refundPayment(finance.actor, { paymentId: payment.id, amountFen: STAGE_TOTAL_FEN, reason: "重新退款" }, info);
  });

  it("marks the refund failed when the gateway throws, frees the amount, and can retry it", async () => {
    const { payment, paymentIntent } = await paidByStripe();
    const finance = await parkStaff("finance");
    gateway.refundError = new Error("connect ETIMEDOUT api.stripe.com");
    await expect(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 400_000n, reason: "网络故障" }, info)).rejects.toThrow(/ETIMEDOUT/);
    const [failed] = await refundsOf(payment.id);
    expect(failed).toMatchObject({ status: "failed", amountFen: 400_000n, externalRef: null });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 0n });

    // Retrying the same refund sends the same refund id (Stripe's idempotency key) again.
    gateway.refundError = undefined;
    await retryRefund(finance.actor, failed.id, info);
    expect(gateway.refunds.map((r) => r.refundId)).toEqual([failed.id, failed.id]);
    expect(gateway.refunds[1]).toEqual({ refundId: failed.id, paymentIntentId: paymentIntent, amountFen: 400_000n });
    expect(await refundById(failed.id)).toMatchObject({ status: "pending", externalRef: `re_test_${failed.id.replace(/-/g, "")}` });
    // Retrying again while it is pending does nothing.
    await retryRefund(finance.actor, failed.id, info);
    expect(gateway.refunds).toHaveLength(2);
  });

  it("can also take a new refund for the amount a failed one freed", async () => {
    const { payment } = await paidByStripe();
    const finance = await parkStaff("finance");
    gateway.refundError = new Error("Stripe is down");
    await expect(refundPayment(finance.actor, { paymentId: payment.id, amountFen: STAGE_TOTAL_FEN, reason: "全额" }, info)).rejects.toThrow();
    gateway.refundError = undefined;
    const second = await refundPayment(finance.actor, { paymentId: payment.id, amountFen: STAGE_TOTAL_FEN, reason: "全额重试" }, info);
    expect((await refundsOf(payment.id)).map((r) => [r.id === second, r.status]).sort()).toEqual([
      [false, "failed"],
      [true, "pending"],
    ]);
  });

  it("believes Stripe when a refund whose call errored went through after all", async () => {
    const { payment, paymentIntent } = await paidByStripe();
    const finance = await parkStaff("finance");
    gateway.refundError = new Error("socket hang up");
    await expect(refundPayment(finance.actor, { paymentId: payment.id, amountFen: 250_000n, reason: "超时" }, info)).rejects.toThrow();
    const [failed] = await refundsOf(payment.id);
    await deliver(refundEvent({ refundExternalId: stripeId("re"), refundId: failed.id, amountFen: 250_000n, paymentIntent, status: "succeeded" }));
    expect(await refundById(failed.id)).toMatchObject({ status: "succeeded" });
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 250_000n });
  });

  it("ignores refund events about refunds it did not make", async () => {
    const { payment, paymentIntent } = await paidByStripe();
    const answer = await deliver(refundEvent({ refundExternalId: stripeId("re"), amountFen: 1_000n, paymentIntent, status: "succeeded" }));
    expect(answer.status).toBe(200);
    expect(await paymentById(payment.id)).toMatchObject({ refundedFen: 0n });
    const nonsense = await deliver(refundEvent({ refundExternalId: stripeId("re"), refundId: "not-a-uuid", amountFen: 1_000n, paymentIntent, status: "succeeded" }));
    expect(nonsense.status).toBe(200);
  });
});

describe("refunding a bank transfer", () => {
  /** An invoice paid by bank transfer, with a refund of ¥600.00 asked by finance. */
  async function bankRefundAsked(kind?: string) {
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id, kind ? { kind, sourceRef: unique("src") } : {});
    const db = await getDb();
    const applied = await db.transaction((tx) =>
      applyPayment(tx, { invoiceId: invoice.id, method: "bank_transfer", externalRef: unique("ICBC"), amountFen: STAGE_TOTAL_FEN }),
    );
    const finance = await parkStaff("finance");
    const refundId = await refundPayment(finance.actor, { paymentId: applied.paymentId, amountFen: 60_000n, reason: "退还增值税差额" }, info);
    return { owner, invoice, finance, refundId, paymentId: applied.paymentId };
  }

  it("stays pending, asks no gateway, and sits in finance's queue with its age until finance says the money left", async () => {
    const kind = unique("test_kind_");
    const reported: bigint[] = [];
    registerInvoiceKind(kind, { onRefunded: async (_tx, _invoice, amountFen) => void reported.push(amountFen) });
    const { finance, refundId, paymentId, invoice, owner } = await bankRefundAsked(kind);

    expect(await refundById(refundId)).toMatchObject({ status: "pending", confirmedAt: null, sentOn: null });
    expect(await paymentById(paymentId)).toMatchObject({ refundedFen: 0n });
    // The money will go, so the module that sold the invoice takes back what it sold now (unused
    // credits being refunded cannot be spent while finance sends the transfer).
    expect(reported).toEqual([60_000n]);
    expect(gateway.refunds).toHaveLength(0);
    const queue = await listRefundsToSend(finance.actor);
    expect(queue).toEqual([expect.objectContaining({ id: refundId, amountFen: 60_000n, invoiceId: invoice.id, waitingDays: 0 })]);
    // Finance was told there is money to send.
    const db = await getDb();
    expect(await db.select().from(notifications).where(eq(notifications.kind, "refundToSend"))).not.toHaveLength(0);
    // The tenant's invoice page says the refund is on its way, not that it arrived.
    const tenantView = await getInvoiceDetail(owner.actor, invoice.id);
    expect(tenantView.refunds).toEqual([expect.objectContaining({ id: refundId, status: "pending" })]);
    // Retrying is for refunds a gateway failed; a pending bank refund is left as it is.
    await expect(retryRefund(finance.actor, refundId, info)).resolves.toBe(refundId);
    expect(await refundById(refundId)).toMatchObject({ status: "pending" });

    await confirmRefundSent(finance.actor, { refundId, sentOn: parkDate(), bankReference: "ICBC-OUT-0001" }, info);
    expect(await refundById(refundId)).toMatchObject({ status: "succeeded", sentOn: parkDate(), bankReference: "ICBC-OUT-0001", confirmedBy: finance.user.id });
    expect(await paymentById(paymentId)).toMatchObject({ refundedFen: 60_000n });
    // Told once, not again when the money left.
    expect(reported).toEqual([60_000n]);
    expect(await listRefundsToSend(finance.actor)).toEqual([]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, paymentId));
    expect(audit.map((a) => a.action).sort()).toEqual(["refund.requested", "refund.sent", "refund.succeeded"]);
  });

  it("is confirmed once: a second confirmation, or two at once, changes nothing more", async () => {
    const { finance, refundId, paymentId } = await bankRefundAsked();
    const outcomes = await Promise.allSettled([
      confirmRefundSent(finance.actor, { refundId, sentOn: parkDate(), bankReference: "A-1" }, info),
      confirmRefundSent(finance.actor, { refundId, sentOn: parkDate(), bankReference: "A-2" }, info),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", messageKey: "errors.refundNotPending" });
    expect(await paymentById(paymentId)).toMatchObject({ refundedFen: 60_000n });
  });

  it("refuses a day in the future or before the refund was asked, and anyone but finance", async () => {
    const { finance, refundId, owner } = await bankRefundAsked();
    const tomorrow = addDaysIso(parkDate(), 1);
    expect(await rejection(confirmRefundSent(finance.actor, { refundId, sentOn: tomorrow, bankReference: "X" }, info))).toMatchObject({ messageKey: "errors.sentOnFuture" });
    expect(await rejection(confirmRefundSent(finance.actor, { refundId, sentOn: "2020-01-01", bankReference: "X" }, info))).toMatchObject({ messageKey: "errors.sentOnBeforeRequest" });
    expect(await rejection(confirmRefundSent(owner.actor, { refundId, sentOn: parkDate(), bankReference: "X" }, info))).toMatchObject({ code: "forbidden" });
    expect(await refundById(refundId)).toMatchObject({ status: "pending" });
  });

  it("the finance page lists it and records it, with field errors for a bad day", async () => {
    const { finance, refundId } = await bankRefundAsked();
    const page = await call<typeof refundsLoader>(refundsLoader, getRequest("/finance/refunds", finance.cookie));
    expect(page.status).toBe(200);
    expect(page.data.refunds.map((r: { id: string }) => r.id)).toEqual([refundId]);
    const bad = await call<typeof refundsAction>(refundsAction, postRequest("/finance/refunds", { refundId, sentOn: "2026-02-30", bankReference: "" }, finance.cookie));
    expect(bad.status).toBe(400);
    expect(bad.data.result.error).toMatchObject({ sentOn: ["errors.date"], bankReference: ["errors.required"] });
    expect(await refundById(refundId)).toMatchObject({ status: "pending" });
    const good = await call<typeof refundsAction>(refundsAction, postRequest("/finance/refunds", { refundId, sentOn: parkDate(), bankReference: "CMB 20261207 0042" }, finance.cookie));
    expect(good.status).toBe(200);
    expect(await refundById(refundId)).toMatchObject({ status: "succeeded", bankReference: "CMB 20261207 0042" });
  });
});
