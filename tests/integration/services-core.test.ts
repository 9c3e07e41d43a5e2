import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, serviceBookings, serviceCapacityDays } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { cancelOrder } from "~/modules/services/cancel-order.server";
import { decideOrder } from "~/modules/services/decide-order.server";
import { placeOrder } from "~/modules/services/place-order.server";
import { priceLines } from "~/modules/services/price-lines.server";
import { quoteOrder, respondToQuote } from "~/modules/services/quote-order.server";
import { getDb } from "~/modules/platform/db.server";
import { actorFor, signedInMember } from "../support/factories";
import { daysFromNow, seedCatalogue } from "../support/services";

async function tenant() {
  const m = await signedInMember({ role: "owner" });
  return actorFor(m.cookie);
}

describe("service orders", () => {
  it("prices a preview exactly as the invoice charges it", async () => {
    await seedCatalogue();
    const { lines, totalFen } = await priceLines([
      { offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(10), days: 2 },
      { offeringCode: "extras-day", quantity: 20, startDate: daysFromNow(10), days: 2 },
    ]);
    expect(lines.map((l) => l.amountFen)).toEqual([5_600_000n, 1_200_000n]);
    expect(totalFen).toBe(6_800_000n);
    const actor = await tenant();
    const desk = await actorFor((await signedInMember({ kind: "park", role: "services" })).cookie);
    const order = await placeOrder(actor, { lines: [
      { offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(10), days: 2 },
      { offeringCode: "extras-day", quantity: 20, startDate: daysFromNow(10), days: 2 },
    ] });
    expect(order.status).toBe("submitted");
    const approved = await decideOrder(desk, { orderId: order.id, decision: "approve" });
    const db = await getDb();
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, approved.invoiceId!));
    expect(invoice.subtotalFen).toBe(totalFen);
    await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "stripe", externalRef: "pi_x", amountFen: invoice.totalFen }));
    const bookings = await db.select().from(serviceBookings);
    expect(bookings.map((b) => b.status)).toEqual(["confirmed"]);
  });

  it("refuses an overlapping booking of a stage, allows back-to-back ones, and frees the slot on cancel", async () => {
    await seedCatalogue();
    const a = await tenant();
    const b = await tenant();
    const first = await placeOrder(a, { lines: [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(20), days: 2 }] });
    await expect(placeOrder(b, { lines: [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(21), days: 1 }] })).rejects.toMatchObject({
      code: "conflict",
      messageKey: "errors.slotTaken",
    });
    await placeOrder(b, { lines: [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(22), days: 1 }] });
    await cancelOrder(a, { orderId: first.id, reason: "plans changed" });
    await placeOrder(b, { lines: [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(21), days: 1 }] });
  });

  it("books all lines or none: a taken stage leaves the extras pool untouched", async () => {
    await seedCatalogue();
    const a = await tenant();
    const b = await tenant();
    await placeOrder(a, { lines: [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(30), days: 1 }] });
    await expect(
      placeOrder(b, { lines: [
        { offeringCode: "extras-day", quantity: 10, startDate: daysFromNow(30), days: 1 },
        { offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(30), days: 1 },
      ] }),
    ).rejects.toMatchObject({ messageKey: "errors.slotTaken" });
    const db = await getDb();
    const [pool] = await db.select({ n: count() }).from(serviceCapacityDays).where(eq(serviceCapacityDays.used, 10));
    expect(Number(pool.n)).toBe(0);
  });

  it("never oversells a daily pool", async () => {
    await seedCatalogue();
    const a = await tenant();
    await placeOrder(a, { lines: [{ offeringCode: "extras-day", quantity: 40, startDate: daysFromNow(5), days: 1 }] });
    await expect(placeOrder(a, { lines: [{ offeringCode: "extras-day", quantity: 11, startDate: daysFromNow(5), days: 1 }] })).rejects.toMatchObject({
      messageKey: "errors.soldOut",
    });
    await placeOrder(a, { lines: [{ offeringCode: "extras-day", quantity: 10, startDate: daysFromNow(5), days: 1 }] });
    const db = await getDb();
    const [day] = await db.select().from(serviceCapacityDays).where(and(eq(serviceCapacityDays.day, daysFromNow(5))));
    expect(day.used).toBe(50);
  });

  it("respects opening hours and buffers for hourly rooms, auto-approving what needs no review", async () => {
    await seedCatalogue();
    const a = await tenant();
    const day = daysFromNow(3);
    const at = (hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();
    await expect(placeOrder(a, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: at("07:00"), endsAt: at("09:00") }] })).rejects.toMatchObject({
      messageKey: "errors.outsideOpeningHours",
    });
    const order = await placeOrder(a, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: at("10:00"), endsAt: at("12:30") }] });
    expect(order.status).toBe("approved");
    expect(order.invoiceId).toBeTruthy();
    // The 30-minute tear-down keeps 12:30–13:00 taken too.
    await expect(placeOrder(a, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: at("12:30"), endsAt: at("13:30") }] })).rejects.toMatchObject({
      messageKey: "errors.slotTaken",
    });
    await placeOrder(a, { lines: [{ offeringCode: "post-suite-hour", quantity: 1, startsAt: at("13:00"), endsAt: at("14:00") }] });
  });

  it("quotes a quote-only line, and the tenant's acceptance invoices the quoted price", async () => {
    await seedCatalogue();
    const a = await tenant();
    const desk = await actorFor((await signedInMember({ kind: "park", role: "services" })).cookie);
    const order = await placeOrder(a, { lines: [{ offeringCode: "set-build", quantity: 1 }] });
    await expect(decideOrder(desk, { orderId: order.id, decision: "approve" })).rejects.toMatchObject({ messageKey: "errors.orderNeedsQuote" });
    const { getOrder } = await import("~/modules/services/find-orders.server");
    const detail = await getOrder(desk, order.id);
    await quoteOrder(desk, { orderId: order.id, prices: { [detail.lines[0].line.id]: 12_000_000n } });
    const accepted = await respondToQuote(a, { orderId: order.id, accept: true });
    const db = await getDb();
    const [invoice] = await db.select().from(invoices).where(eq(invoices.sourceRef, accepted.id));
    expect(invoice.subtotalFen).toBe(12_000_000n);
  });
});
