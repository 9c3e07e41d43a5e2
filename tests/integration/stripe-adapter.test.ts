// The real Stripe adapter (stripe-node) against a local stand-in for api.stripe.com: the exact
// requests it sends (form fields, idempotency keys, key) and what it makes of Stripe's answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stripeGateway, type CheckoutInput, type PaymentGateway } from "~/modules/billing/gateway.server";

interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

type Reply = { status: number; body: unknown };

const seen: SeenRequest[] = [];
/** What the stand-in answers to the n-th request (0-based) of the current test. */
let reply: (request: SeenRequest, index: number) => Reply;
let server: http.Server;
let gateway: PaymentGateway;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      const request: SeenRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(raw)),
      };
      seen.push(request);
      const { status, body } = reply(request, seen.length - 1);
      res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${seen.length}` });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gateway = stripeGateway({ secretKey: "sk_test_x", host: "127.0.0.1", port, protocol: "http" });
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  seen.length = 0;
  reply = () => ({ status: 500, body: { error: { type: "api_error", message: "no reply set" } } });
});

const attemptId = "5b0e3f52-3d1c-4c55-9a57-0f6e3a1c2b7d";
const invoiceId = "0c6a4a3e-1d7f-4b8e-8a5b-2f3c4d5e6f70";

const checkoutInput: CheckoutInput = {
  attemptId,
  invoiceId,
  invoiceNumber: "HP-2026-000042",
  amountFen: 1_234_567n,
  description: "昊浦汇账单",
  customerEmail: "cfo@lantern-animation.test",
  successUrl: `https://hub.haopu.test/billing/invoices/${invoiceId}?paid=1`,
  cancelUrl: `https://hub.haopu.test/billing/invoices/${invoiceId}?cancelled=1`,
  methods: ["card", "alipay", "wechat_pay"],
  locale: "zh",
};

/** A Checkout Session as Stripe returns it from POST /v1/checkout/sessions (trimmed to what matters). */
function checkoutSessionJson(form: Record<string, string>) {
  return {
    id: "cs_test_a1B2c3D4e5F6g7H8i9J0",
    object: "checkout.session",
    allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
    amount_subtotal: Number(form["line_items[0][price_data][unit_amount]"]),
    amount_total: Number(form["line_items[0][price_data][unit_amount]"]),
    cancel_url: form.cancel_url,
    client_reference_id: form.client_reference_id,
    currency: "cny",
    customer_email: form.customer_email,
    expires_at: 1_795_000_000,
    livemode: false,
    locale: form.locale,
    metadata: { invoice_id: form["metadata[invoice_id]"], attempt_id: form["metadata[attempt_id]"] },
    mode: "payment",
    payment_intent: null,
    payment_method_options: { wechat_pay: { app_id: null, client: "web" } },
    payment_method_types: ["card", "alipay", "wechat_pay"],
    payment_status: "unpaid",
    status: "open",
    success_url: form.success_url,
    url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0#fidkdWxOYHwnPyd1blpxYHZxWjA0",
  };
}

function refundJson(form: Record<string, string>, status = "pending") {
  return {
    id: "re_3Q9xYzAbCdEfGh1234567890",
    object: "refund",
    amount: Number(form.amount),
    charge: "ch_3Q9xYzAbCdEfGh1234567890",
    created: 1_795_000_100,
    currency: "cny",
    metadata: { refund_id: form["metadata[refund_id]"] },
    payment_intent: form.payment_intent,
    reason: null,
    status,
  };
}

describe("the Stripe adapter", () => {
  it("creates a CNY Checkout Session in payment mode with card, Alipay and WeChat Pay, keyed by our attempt id", async () => {
    reply = (request) => ({ status: 200, body: checkoutSessionJson(request.form) });
    const session = await gateway.createCheckoutSession(checkoutInput);

    expect(session).toEqual({
      id: "cs_test_a1B2c3D4e5F6g7H8i9J0",
      url: "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0#fidkdWxOYHwnPyd1blpxYHZxWjA0",
    });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/checkout/sessions");
    expect(request.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.headers.authorization).toBe("Bearer sk_test_x");
    expect(request.headers["idempotency-key"]).toBe(`checkout-${attemptId}`);
    expect(request.form).toMatchObject({
      mode: "payment",
      currency: "cny",
      "adaptive_pricing[enabled]": "false",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "cny",
      "line_items[0][price_data][unit_amount]": "1234567",
      "line_items[0][price_data][product_data][name]": "HP-2026-000042 昊浦汇账单",
      "allowed_payment_method_types[0]": "card",
      "allowed_payment_method_types[1]": "alipay",
      "allowed_payment_method_types[2]": "wechat_pay",
      "payment_method_options[wechat_pay][client]": "web",
      "metadata[invoice_id]": invoiceId,
      "metadata[attempt_id]": attemptId,
      "metadata[invoice_number]": "HP-2026-000042",
      "payment_intent_data[metadata][invoice_id]": invoiceId,
      "payment_intent_data[metadata][attempt_id]": attemptId,
      client_reference_id: invoiceId,
      customer_email: "cfo@lantern-animation.test",
      locale: "zh",
      success_url: checkoutInput.successUrl,
      cancel_url: checkoutInput.cancelUrl,
    });
    // Exactly these methods, no legacy static list next to them.
    expect(Object.keys(request.form).filter((k) => k.startsWith("allowed_payment_method_types"))).toHaveLength(3);
    expect(Object.keys(request.form).some((k) => k.startsWith("payment_method_types"))).toBe(false);
  });

  it("sends no WeChat Pay options when WeChat Pay is not offered, and no email when there is none", async () => {
    reply = (request) => ({ status: 200, body: checkoutSessionJson(request.form) });
    await gateway.createCheckoutSession({ ...checkoutInput, methods: ["card"], customerEmail: undefined, locale: "en" });
    const [request] = seen;
    expect(request.form["allowed_payment_method_types[0]"]).toBe("card");
    expect(request.form["allowed_payment_method_types[1]"]).toBeUndefined();
    expect(Object.keys(request.form).some((k) => k.startsWith("payment_method_options"))).toBe(false);
    expect("customer_email" in request.form).toBe(false);
    expect(request.form.locale).toBe("en");
  });

  it("refuses an amount that is not an exact integer in a JavaScript number", async () => {
    reply = (request) => ({ status: 200, body: checkoutSessionJson(request.form) });
    await expect(gateway.createCheckoutSession({ ...checkoutInput, amountFen: 2n ** 53n + 1n })).rejects.toThrow();
    await expect(gateway.createCheckoutSession({ ...checkoutInput, amountFen: 0n })).rejects.toThrow();
    expect(seen).toHaveLength(0);
  });

  it("retries a 500 with the same idempotency key, so Stripe creates one session", async () => {
    reply = (request, index) =>
      index === 0
        ? { status: 500, body: { error: { type: "api_error", message: "An unknown error occurred" } } }
        : { status: 200, body: checkoutSessionJson(request.form) };
    const session = await gateway.createCheckoutSession(checkoutInput);
    expect(session.id).toBe("cs_test_a1B2c3D4e5F6g7H8i9J0");
    expect(seen).toHaveLength(2);
    expect(seen.map((r) => r.headers["idempotency-key"])).toEqual([`checkout-${attemptId}`, `checkout-${attemptId}`]);
    expect(seen[1].form).toEqual(seen[0].form);
  });

  it("gives up after two retries and reports the error", async () => {
    reply = () => ({ status: 500, body: { error: { type: "api_error", message: "An unknown error occurred" } } });
    await expect(gateway.createCheckoutSession(checkoutInput)).rejects.toMatchObject({ type: "StripeAPIError" });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([`checkout-${attemptId}`]));
  });

  it("does not retry a 400: Stripe has decided", async () => {
    reply = () => ({
      status: 400,
      body: { error: { type: "invalid_request_error", code: "parameter_invalid_integer", param: "line_items[0][price_data][unit_amount]", message: "Invalid integer" } },
    });
    await expect(gateway.createCheckoutSession(checkoutInput)).rejects.toMatchObject({ type: "StripeInvalidRequestError" });
    expect(seen).toHaveLength(1);
  });

  it("refunds part of a payment intent with our refund id as key and in the metadata", async () => {
    const refundId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
    reply = (request) => ({ status: 200, body: refundJson(request.form) });
    const refund = await gateway.createRefund({ refundId, paymentIntentId: "pi_3Q9xYzAbCdEfGh1234567890", amountFen: 50_000n });

    expect(refund).toEqual({ id: "re_3Q9xYzAbCdEfGh1234567890", status: "pending" });
    const [request] = seen;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/refunds");
    expect(request.headers.authorization).toBe("Bearer sk_test_x");
    expect(request.headers["idempotency-key"]).toBe(`refund-${refundId}`);
    expect(request.form).toEqual({
      payment_intent: "pi_3Q9xYzAbCdEfGh1234567890",
      amount: "50000",
      "metadata[refund_id]": refundId,
    });
  });

  it("passes on a refund Stripe completed at once, and retries a 500 under the same key", async () => {
    const refundId = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    reply = (request, index) =>
      index === 0 ? { status: 503, body: { error: { type: "api_error", message: "Service unavailable" } } } : { status: 200, body: refundJson(request.form, "succeeded") };
    const refund = await gateway.createRefund({ refundId, paymentIntentId: "pi_3Q9xYzAbCdEfGh1234567890", amountFen: 1n });
    expect(refund).toEqual({ id: "re_3Q9xYzAbCdEfGh1234567890", status: "succeeded" });
    expect(seen.map((r) => r.headers["idempotency-key"])).toEqual([`refund-${refundId}`, `refund-${refundId}`]);
    expect(seen[1].form.amount).toBe("1");
  });
});
