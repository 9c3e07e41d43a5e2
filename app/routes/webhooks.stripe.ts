// POST /webhooks/stripe — Stripe's events, verified over the raw body (no body parser in front).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/modules/billing/payments.server";
import { AppError } from "~/modules/platform/errors";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const rawBody = await request.text();
  try {
    const { duplicate } = await handleStripeWebhook(rawBody, request.headers.get("Stripe-Signature"));
    return Response.json({ received: true, duplicate });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid") {
      return Response.json({ error: "invalid signature" }, { status: 400 });
    }
    throw error;
  }
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405 });
}
