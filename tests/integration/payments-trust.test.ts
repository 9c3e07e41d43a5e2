// No money, no "paid": on a server set up from the README (DATABASE_URL, no Stripe settings) nothing
// is paid online, no event signed with anything in the source is believed, the demo pay page does
// not exist; in the embedded demo the demo gateway signs with a secret only its database knows; and
// a payment attempt is only ever completed by the gateway it was made with (decision 013).
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { appSettings, invoices, paymentAttempts, payments } from "#db/schema/index";
import { demoWebhookSecret, setPaymentGateway, signWebhookPayload } from "~/modules/billing/gateway.server";
import { completeFakeCheckout, startCheckout } from "~/modules/billing/payments.server";
import { paymentMode, parseConfig } from "~/modules/platform/config.server";
import { getDb } from "~/modules/platform/db.server";
import { AppError } from "~/modules/platform/errors";
import { action as fakeCheckoutAction, loader as fakeCheckoutLoader } from "~/routes/billing.checkout.$sessionId";
import { action as invoiceAction, loader as invoiceLoader } from "~/routes/billing.invoices.$id";
import {
  TEST_STRIPE_WEBHOOK_SECRET,
  asDemoInstallation,
  asServerWithoutStripe,
  asStripeInstallation,
  checkoutEvent,
  deliver,
  openInvoice,
  recordingGateway,
  stripeId,
  tenantOwner,
} from "../support/billing";
import { call, getRequest, postRequest } from "../support/factories";

const root = path.resolve(import.meta.dirname, "../..");
/** The demo gateway's secret as the code carried it until it became random per installation. */
const SECRET_THE_CODE_SHIPPED_WITH = "whsec_haopu_local_fake_gateway";

/** Every string in app/ and db/ that looks like a webhook secret: what anyone reading the repository has. */
function secretsInTheSource(): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|tsx|js|json|sql)$/.test(entry.name)) {
        for (const match of fs.readFileSync(full, "utf8").matchAll(/whsec_[A-Za-z0-9_]+/g)) found.add(match[0]);
      }
    }
  };
  visit(path.join(root, "app"));
  visit(path.join(root, "db"));
  return [...found];
}

async function invoiceRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  return row;
}

async function paymentsOf(invoiceId: string) {
  const db = await getDb();
  return db.select().from(payments).where(eq(payments.invoiceId, invoiceId));
}

afterEach(() => {
  setPaymentGateway(undefined);
  asDemoInstallation();
});

describe("the configuration says how money is taken", () => {
  it.each([
    [{}, "demo", "the embedded demo (no DATABASE_URL)"],
    [{ DATABASE_URL: "postgres://h@127.0.0.1/h" }, "none", "a server without Stripe"],
    [{ DATABASE_URL: "postgres://h@127.0.0.1/h", DEMO_PAYMENTS: "true" }, "demo", "a server whose operator turned demo payments on by name"],
    [{ DEMO_PAYMENTS: "false" }, "none", "the embedded database with demo payments turned off"],
    [{ STRIPE_SECRET_KEY: "sk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x" }, "stripe", "Stripe"],
  ])("%j → %s (%s)", (env: Record<string, string>, mode: string, _what: string) => {
    expect(paymentMode(parseConfig(env))).toBe(mode);
  });

  it.each([
    [{ STRIPE_SECRET_KEY: "sk_live_x" }, "STRIPE_WEBHOOK_SECRET"],
    [{ STRIPE_WEBHOOK_SECRET: "whsec_x" }, "STRIPE_SECRET_KEY"],
    [{ STRIPE_SECRET_KEY: "pk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x" }, "STRIPE_SECRET_KEY"],
    [{ STRIPE_SECRET_KEY: "sk_live_x", STRIPE_WEBHOOK_SECRET: "whsec_x", DEMO_PAYMENTS: "true" }, "DEMO_PAYMENTS"],
    [{ DEMO_PAYMENTS: "yes" }, "DEMO_PAYMENTS"],
    [{ PUBLIC_URL: "https://hub.example.com/app" }, "PUBLIC_URL"],
    [{ STRIPE_PAYMENT_METHODS: "card,bitcoin" }, "STRIPE_PAYMENT_METHODS"],
  ])("refuses %j at start-up with a sentence naming %s", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`Invalid configuration: .*${variable} `));
  });
});

describe("a server set up from the README, without Stripe", () => {
  it("believes no checkout.session.completed signed with any secret found in the source: the invoice stays open", async () => {
    asServerWithoutStripe();
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const secrets = [...new Set([SECRET_THE_CODE_SHIPPED_WITH, ...secretsInTheSource()])];
    for (const secret of secrets) {
      const raw = checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, amountFen: invoice.totalFen });
      const answer = await deliver(raw, signWebhookPayload(raw, secret));
      expect(answer.status, `signed with ${secret}`).toBe(400);
    }
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
    expect(await paymentsOf(invoice.id)).toEqual([]);
  });

  it("has no webhook secret in the source at all", () => {
    expect(secretsInTheSource()).toEqual([]);
  });

  it("offers no online payment: the invoice page says to pay by transfer and paying online is refused with a sentence", async () => {
    asServerWithoutStripe();
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const page = await call<typeof invoiceLoader>(invoiceLoader, getRequest(`/billing/invoices/${invoice.id}`, owner.cookie), { id: invoice.id });
    expect(page.data).toMatchObject({ onlinePayment: false, bank: { account: expect.any(String) } });
    expect(page.data.invoice.transferReference).toBeTruthy();

    const pay = await call<typeof invoiceAction>(invoiceAction, postRequest(`/billing/invoices/${invoice.id}`, {}, owner.cookie), { id: invoice.id });
    expect(pay.location).toBeNull();
    expect(pay.data.result.error?.[""]).toEqual(["errors.onlinePaymentOff"]);
    const db = await getDb();
    expect(await db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoice.id))).toEqual([]);
    await expect(startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" })).rejects.toMatchObject({
      code: "conflict",
      messageKey: "errors.onlinePaymentOff",
    });
  });

  it("has no demo pay page: /billing/checkout/* answers 404, and its buttons pay nothing", async () => {
    // An attempt made while the installation was still the embedded demo…
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { url } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    const sessionId = url.split("/").pop()!;
    // …and the same database served as a server.
    asServerWithoutStripe();
    const page = await call<typeof fakeCheckoutLoader>(fakeCheckoutLoader, getRequest(url, owner.cookie), { sessionId });
    expect(page.status).toBe(404);
    const clicked = await call<typeof fakeCheckoutAction>(fakeCheckoutAction, postRequest(url, { outcome: "paid" }, owner.cookie), { sessionId });
    expect(clicked.status).toBe(404);
    await expect(completeFakeCheckout(owner.actor, sessionId, "paid")).rejects.toBeInstanceOf(AppError);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
  });
});

describe("the embedded demo's gateway", () => {
  it("signs with a random secret kept in its own database, never one in the source, and pays by click", async () => {
    asDemoInstallation();
    const secret = await demoWebhookSecret();
    expect(secret).toMatch(/^demo_[A-Za-z0-9_-]{40,}$/);
    expect(secretsInTheSource()).not.toContain(secret);
    expect(await demoWebhookSecret()).toBe(secret);
    const db = await getDb();
    expect(await db.select().from(appSettings).where(eq(appSettings.key, "demo_webhook_secret"))).toEqual([expect.objectContaining({ value: secret })]);

    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { url } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    const clicked = await call<typeof fakeCheckoutAction>(fakeCheckoutAction, postRequest(url, { outcome: "paid" }, owner.cookie), { sessionId: url.split("/").pop()! });
    expect(clicked.location).toBe(`/billing/invoices/${invoice.id}?paid=1`);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid" });
  });

  it("an event signed with the shipped constant is refused even in the demo", async () => {
    asDemoInstallation();
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { attemptId, url } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    const raw = checkoutEvent({ sessionId: url.split("/").pop()!, invoiceId: invoice.id, attemptId, amountFen: invoice.totalFen });
    expect((await deliver(raw, signWebhookPayload(raw, SECRET_THE_CODE_SHIPPED_WITH))).status).toBe(400);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open" });
  });
});

describe("an attempt is completed only by the gateway it was made with", () => {
  it("a demo attempt left over from the embedded demo is never paid by an event signed with Stripe's secret", async () => {
    asDemoInstallation();
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { attemptId, url } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    asStripeInstallation();
    setPaymentGateway(recordingGateway());
    const raw = checkoutEvent({ sessionId: url.split("/").pop()!, invoiceId: invoice.id, attemptId, amountFen: invoice.totalFen });
    const answer = await deliver(raw);
    expect(answer.status).toBe(200);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open", paidFen: 0n });
    // By metadata alone (another session id) it is refused too.
    const byMetadata = checkoutEvent({ sessionId: stripeId("cs"), invoiceId: invoice.id, attemptId, amountFen: invoice.totalFen });
    expect((await deliver(byMetadata)).status).toBe(200);
    expect(await paymentsOf(invoice.id)).toEqual([]);
  });

  it("the demo gateway's secret pays nothing once Stripe is configured", async () => {
    asDemoInstallation();
    const demoSecret = (await demoWebhookSecret())!;
    asStripeInstallation();
    const gateway = recordingGateway();
    setPaymentGateway(gateway);
    const owner = await tenantOwner();
    const invoice = await openInvoice(owner.org.id);
    const { attemptId } = await startCheckout(owner.actor, invoice.id, { origin: "http://localhost", language: "zh-CN" });
    const raw = checkoutEvent({ sessionId: `cs_test_${attemptId.replace(/-/g, "")}`, invoiceId: invoice.id, attemptId, amountFen: invoice.totalFen });
    expect((await deliver(raw, signWebhookPayload(raw, demoSecret))).status).toBe(400);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "open" });
    // Stripe's own event, signed with the endpoint's secret, pays it.
    expect((await deliver(raw, signWebhookPayload(raw, TEST_STRIPE_WEBHOOK_SECRET))).status).toBe(200);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid" });
  });
});
