// Billing test data: tenants with an open invoice, a gateway that records what it was asked, and
// Stripe events shaped like Stripe's, signed the way Stripe signs them, posted to the webhook route.
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { organisations } from "#db/schema/index";
import type { CheckoutInput, PaymentGateway, RefundInput } from "~/modules/billing/gateway.server";
import { signWebhookPayload } from "~/modules/billing/gateway.server";
import { resetConfig } from "~/modules/platform/config.server";
import { createInvoice } from "~/modules/billing/invoices.server";
import { activeMembership, type MemberActor } from "~/modules/identity/access.server";
import { readSession } from "~/modules/identity/session.server";
import { getDb } from "~/modules/platform/db.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { getRequest, signedInMember } from "./factories";

export const stripeId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

/** The endpoint secret of the Stripe installation the tests configure: random per run, as Stripe's are. */
export const TEST_STRIPE_WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64url")}`;

/** Configures the process as a site taking payments through Stripe, as an operator would. */
export function asStripeInstallation() {
  process.env.STRIPE_SECRET_KEY = "sk_test_haopu_tests";
  process.env.STRIPE_WEBHOOK_SECRET = TEST_STRIPE_WEBHOOK_SECRET;
  delete process.env.DEMO_PAYMENTS;
  resetConfig();
}

/** Back to the tests' default: the embedded demo (no DATABASE_URL), whose demo gateway is on. */
export function asDemoInstallation() {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.DEMO_PAYMENTS;
  delete process.env.DATABASE_URL;
  resetConfig();
}

/** A server set up from the README: DATABASE_URL, no Stripe settings, nothing else said. */
export function asServerWithoutStripe() {
  asDemoInstallation();
  process.env.DATABASE_URL = "postgres://haopu@127.0.0.1:5432/haopu";
  resetConfig();
}

/** The acting member behind a session cookie, loaded as a route would. */
async function actorOf(cookie: string): Promise<MemberActor> {
  const session = await readSession(getRequest("/", cookie));
  const member = session && (await activeMembership(session));
  if (!member) throw new Error("no active membership behind this cookie");
  return member;
}

export async function tenantOwner() {
  const member = await signedInMember({ kind: "tenant", role: "owner" });
  return { ...member, actor: await actorOf(member.cookie) };
}

/** A member of the park's staff with this role (there is one park organisation; it is created once). */
export async function parkStaff(role: string) {
  const db = await getDb();
  const [park] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, "park"));
  const member = await signedInMember(park ? { orgId: park.id, role } : { kind: "park", role });
  return { ...member, actor: await actorOf(member.cookie) };
}

/** Two stage days at ¥5,000.00 plus 6% VAT: ¥10,600.00 = 1,060,000 fen. */
export const STAGE_LINES = [{ descriptionZh: "1号摄影棚 日租", descriptionEn: "Stage 1, day rate", quantity: 2, unitPriceFen: 500_000n }];
export const STAGE_TOTAL_FEN = 1_060_000n;

export async function openInvoice(orgId: string, options: { kind?: string; sourceRef?: string; lines?: typeof STAGE_LINES; vatRateBp?: number } = {}) {
  const db = await getDb();
  return db.transaction((tx) =>
    createInvoice(tx, {
      orgId,
      kind: options.kind ?? "manual",
      sourceRef: options.sourceRef ?? null,
      lines: options.lines ?? STAGE_LINES,
      vatRateBp: options.vatRateBp ?? 600,
    }),
  );
}

export interface RecordingGateway extends PaymentGateway {
  checkouts: CheckoutInput[];
  refunds: RefundInput[];
  /** Make the next createRefund calls throw this. */
  refundError?: Error;
  /** The status Stripe answers a refund creation with (pending unless set). */
  refundStatus?: string;
}

/** Stands in for Stripe at the adapter boundary: named "stripe", records every call. */
export function recordingGateway(): RecordingGateway {
  const gateway: RecordingGateway = {
    name: "stripe",
    checkouts: [],
    refunds: [],
    async createCheckoutSession(input) {
      gateway.checkouts.push(input);
      const id = `cs_test_${input.attemptId.replace(/-/g, "")}`;
      return { id, url: `https://checkout.stripe.com/c/pay/${id}` };
    },
    async createRefund(input) {
      gateway.refunds.push(input);
      if (gateway.refundError) throw gateway.refundError;
      return { id: `re_test_${input.refundId.replace(/-/g, "")}`, status: gateway.refundStatus ?? "pending" };
    },
  };
  return gateway;
}

export interface CheckoutEventOptions {
  eventId?: string;
  type?: string;
  sessionId: string;
  invoiceId: string;
  attemptId?: string;
  paymentIntent?: string | null;
  amountFen: bigint;
  paymentStatus?: "paid" | "unpaid" | "no_payment_required";
  currency?: string;
  extra?: Record<string, unknown>;
}

/** A Stripe event about a Checkout Session, as the raw JSON text Stripe posts. */
export function checkoutEvent(options: CheckoutEventOptions) {
  const paid = (options.paymentStatus ?? "paid") === "paid";
  const session = {
    id: options.sessionId,
    object: "checkout.session",
    amount_subtotal: Number(options.amountFen),
    amount_total: Number(options.amountFen),
    client_reference_id: options.invoiceId,
    currency: options.currency ?? "cny",
    livemode: false,
    metadata: { invoice_id: options.invoiceId, ...(options.attemptId ? { attempt_id: options.attemptId } : {}) },
    mode: "payment",
    payment_intent: options.paymentIntent === undefined ? stripeId("pi") : options.paymentIntent,
    payment_method_types: ["card", "alipay", "wechat_pay"],
    payment_status: options.paymentStatus ?? "paid",
    status: paid || options.type === "checkout.session.completed" ? "complete" : "expired",
    ...options.extra,
  };
  return stripeEventJson(options.eventId ?? stripeId("evt"), options.type ?? "checkout.session.completed", session);
}

export function refundEvent(options: { eventId?: string; type?: string; refundExternalId: string; refundId?: string; amountFen: bigint; paymentIntent: string; status: string }) {
  return stripeEventJson(options.eventId ?? stripeId("evt"), options.type ?? "refund.updated", {
    id: options.refundExternalId,
    object: "refund",
    amount: Number(options.amountFen),
    currency: "cny",
    metadata: options.refundId ? { refund_id: options.refundId } : {},
    payment_intent: options.paymentIntent,
    status: options.status,
  });
}

export function stripeEventJson(id: string, type: string, object: Record<string, unknown>) {
  return JSON.stringify({
    id,
    object: "event",
    api_version: "2026-10-29.clover",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
}

/** The request Stripe would make: the raw body, signed over exactly those bytes unless told otherwise. */
export function webhookRequest(rawBody: string, signature: string | null = signWebhookPayload(rawBody, TEST_STRIPE_WEBHOOK_SECRET)) {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  return new Request("http://localhost/webhooks/stripe", { method: "POST", body: rawBody, headers });
}

/** Posts to the webhook route's action and reads its JSON answer; a thrown error (a 500) rejects. */
export async function deliver(rawBody: string, signature?: string | null) {
  const response = (await webhookAction({ request: webhookRequest(rawBody, signature), params: {}, context: { clientIp: "127.0.0.1" } })) as Response;
  return { status: response.status, body: (await response.json()) as { received?: boolean; duplicate?: boolean; error?: string } };
}

export async function rowCount(table: PgTable) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(table);
  return Number(row.n);
}
