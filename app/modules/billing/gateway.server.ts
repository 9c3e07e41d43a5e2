// The payment gateway behind one small interface: Stripe for real (Checkout in payment mode, CNY,
// card / Alipay / WeChat Pay), and the demo gateway for the embedded demo, which shows a local
// "pay" page and delivers events signed with this installation's own random secret through the
// same webhook path. Which one an installation uses is `paymentMode()` (decision 013); with
// neither, nothing is paid online.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { config, paymentMode } from "~/modules/platform/config.server";
import { settingOnce } from "~/modules/platform/settings.server";

export type StripeMethod = "card" | "alipay" | "wechat_pay";

export interface CheckoutInput {
  /** Our payment attempt id: the idempotency key, and in the session's metadata. */
  attemptId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountFen: bigint;
  description: string;
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  methods: StripeMethod[];
  locale: "zh" | "en";
}

export interface RefundInput {
  /** Our refund id: the idempotency key, and in the refund's metadata. */
  refundId: string;
  paymentIntentId: string;
  amountFen: bigint;
}

export interface PaymentGateway {
  readonly name: "stripe" | "fake";
  createCheckoutSession(input: CheckoutInput): Promise<{ id: string; url: string }>;
  createRefund(input: RefundInput): Promise<{ id: string; status: string }>;
}

export interface StripeConnection {
  secretKey: string;
  /** For tests: a local stand-in for api.stripe.com. */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
}

function stripeClient(connection: StripeConnection) {
  return new Stripe(connection.secretKey, {
    host: connection.host,
    port: connection.port,
    protocol: connection.protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

/**
 * Fen as the integer Stripe's API takes. A bigint beyond 2^53 would silently round in a JS number
 * and ask Stripe for a different amount, so it is refused instead (Stripe's own ceiling is lower).
 */
function stripeAmount(amountFen: bigint): number {
  if (amountFen <= 0n || amountFen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount out of range: ${amountFen} fen`);
  return Number(amountFen);
}

export function stripeGateway(connection: StripeConnection): PaymentGateway {
  const stripe = stripeClient(connection);
  return {
    name: "stripe",
    async createCheckoutSession(input) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          currency: "cny",
          // Invoices, fapiao and refunds are in fen: the payer pays CNY, never a localised currency.
          adaptive_pricing: { enabled: false },
          allowed_payment_method_types: input.methods,
          ...(input.methods.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" } } } : {}),
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: "cny",
                unit_amount: stripeAmount(input.amountFen),
                product_data: { name: `${input.invoiceNumber} ${input.description}`.slice(0, 250) },
              },
            },
          ],
          client_reference_id: input.invoiceId,
          customer_email: input.customerEmail,
          metadata: { invoice_id: input.invoiceId, attempt_id: input.attemptId, invoice_number: input.invoiceNumber },
          payment_intent_data: { metadata: { invoice_id: input.invoiceId, attempt_id: input.attemptId } },
          locale: input.locale,
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: `checkout-${input.attemptId}` },
      );
      if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL");
      return { id: session.id, url: session.url };
    },
    async createRefund(input) {
      const refund = await stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          amount: stripeAmount(input.amountFen),
          metadata: { refund_id: input.refundId },
        },
        { idempotencyKey: `refund-${input.refundId}` },
      );
      return { id: refund.id, status: refund.status ?? "pending" };
    },
  };
}

/** The demo gateway (payment mode "demo"). The "pay" page is ours: /billing/checkout/:sessionId. */
export const fakeGateway: PaymentGateway = {
  name: "fake",
  async createCheckoutSession(input) {
    const id = `cs_fake_${input.attemptId.replace(/-/g, "")}`;
    return { id, url: `/billing/checkout/${id}` };
  },
  async createRefund(input) {
    return { id: `re_fake_${input.refundId.replace(/-/g, "")}`, status: "pending" };
  },
};

let override: PaymentGateway | undefined;

/** Tests install a recording gateway. */
export function setPaymentGateway(gateway: PaymentGateway | undefined) {
  override = gateway;
}

/** The gateway this installation takes payments through, or null when it takes none online. */
export function paymentGateway(): PaymentGateway | null {
  if (override) return override;
  switch (paymentMode()) {
    case "stripe":
      return stripeGateway({ secretKey: config().STRIPE_SECRET_KEY! });
    case "demo":
      return fakeGateway;
    case "none":
      return null;
  }
}

/** Whether invoices may be paid online here at all (else by bank transfer only). */
export function onlinePaymentOffered(): boolean {
  return paymentGateway() !== null;
}

/**
 * The secret the demo gateway signs its events with: random, created once per installation and kept
 * in its database, so nobody who reads this code can sign one. Only while demo payments are on.
 */
export async function demoWebhookSecret(): Promise<string | null> {
  if (paymentMode() !== "demo") return null;
  return settingOnce("demo_webhook_secret", () => `demo_${randomBytes(32).toString("base64url")}`);
}

export function enabledMethods(): StripeMethod[] {
  const raw = config().STRIPE_PAYMENT_METHODS.split(",").map((m) => m.trim());
  return raw.filter((m): m is StripeMethod => m === "card" || m === "alipay" || m === "wechat_pay");
}

/** Who signed an event: Stripe, with the endpoint's secret, or this installation's demo gateway. */
export type EventSource = "stripe" | "demo";

/**
 * Verifies a webhook's signature over the raw body (and that it is recent: 5 minutes) and returns
 * the event and who signed it. Throws on a bad, stale or missing signature or a body that was
 * re-serialised. Only the secrets this installation has are tried: Stripe's when Stripe is
 * configured, the demo gateway's while demo payments are on.
 */
export async function verifyWebhook(rawBody: string, signature: string | null): Promise<{ event: Stripe.Event; source: EventSource }> {
  if (!signature) throw new Error("missing webhook signature");
  const candidates: [EventSource, string | null | undefined][] = [
    ["stripe", config().STRIPE_WEBHOOK_SECRET],
    ["demo", await demoWebhookSecret()],
  ];
  let lastError: unknown = new Error("this installation takes no webhook events");
  for (const [source, secret] of candidates) {
    if (!secret) continue;
    try {
      return { event: Stripe.webhooks.constructEvent(rawBody, signature, secret, 300), source };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Signs a payload the way Stripe does; the demo gateway and the tests use it. */
export function signWebhookPayload(payload: string, secret: string, timestamp?: number) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
