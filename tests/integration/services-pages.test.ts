// The services pages through their loaders and actions: the price a tenant sees before submitting
// equals the invoice for every pricing unit (and for a cancellation fee); bad input is refused
// with field errors and writes nothing; another tenant's order is 404; the desk is staff-only;
// the desk decides, quotes and manages the catalogue; calendars and utilisation tell the truth.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invoices, serviceBookings, serviceCapacityTakes, serviceOfferings, serviceOrderLines, serviceOrders, serviceResources } from "#db/schema/index";
import { applyPayment } from "~/modules/billing/payments.server";
import { getDb } from "~/modules/platform/db.server";
import { cartCookieHeader } from "~/modules/services/catalogue.server";
import { expireUnpaidOrders } from "~/modules/services/expire-unpaid-orders.server";
import { addDaysIso, holdDeadline, parkDay } from "~/modules/services/pricing";
import { loader as invoiceLoader } from "~/routes/billing.invoices.$id";
import { action as offeringAction, loader as offeringLoader } from "~/routes/services.$code";
import { loader as catalogueLoader } from "~/routes/services._index";
import { action as cartAction, loader as cartLoader } from "~/routes/services.cart";
import { loader as deskLayoutLoader } from "~/routes/services.desk";
import { action as deskOrderAction, loader as deskOrderLoader } from "~/routes/services.desk.$id";
import { loader as deskQueueLoader } from "~/routes/services.desk._index";
import { loader as deskCalendarLoader } from "~/routes/services.desk.calendar";
import { action as offeringEditAction } from "~/routes/services.desk.offerings.$id";
import { action as packageEditAction } from "~/routes/services.desk.packages.$id";
import { action as resourceEditAction } from "~/routes/services.desk.resources.$id";
import { loader as utilisationLoader } from "~/routes/services.desk.utilisation";
import { action as orderAction, loader as orderLoader } from "~/routes/services.orders.$id";
import { loader as ordersLoader } from "~/routes/services.orders._index";
import { action as packageAction } from "~/routes/services.packages.$code";
import { loader as previewLoader } from "~/routes/services.preview";
import { call, getRequest, postRequest, present, signedInMember } from "../support/factories";
import { daysFromNow, seedCatalogue, shortStayRooms } from "../support/services";

/** The test catalogue, plus what it lacks for every pricing unit: half-days, items, nights, a package. */
async function catalogue() {
  const base = await seedCatalogue();
  const db = await getDb();
  const [hall, rooms, scanRig] = await db
    .insert(serviceResources)
    .values([
      { code: "hall", nameZh: "路演厅", nameEn: "Hall", kind: "room", opensMinute: 9 * 60, closesMinute: 21 * 60 },
      { code: "rooms", nameZh: "公寓", nameEn: "Rooms", kind: "lodging", capacity: 10 },
      { code: "scan-rig", nameZh: "扫描组", nameEn: "Scan rig", kind: "crew" },
    ])
    .returning();
  await db.insert(serviceOfferings).values([
    { code: "hall-halfday", category: "business", nameZh: "路演厅（半天）", nameEn: "Hall (half day)", pricingUnit: "half_day", priceFen: 80_000n, resourceId: hall.id, requiresApproval: false },
    { code: "room-night", category: "accommodation", nameZh: "公寓（晚）", nameEn: "Room (night)", pricingUnit: "night", priceFen: 38_000n, maxQuantity: 10, resourceId: rooms.id, requiresApproval: false },
    { code: "scan-prop", category: "scanning", nameZh: "道具扫描", nameEn: "Prop scan", pricingUnit: "item", priceFen: 300_050n, maxQuantity: 50, requiresApproval: true },
    { code: "scan-scene", category: "scanning", nameZh: "场景扫描", nameEn: "Scene scan", pricingUnit: "item", priceFen: 3_000_000n, resourceId: scanRig.id, requiresApproval: true },
  ]);
  // Lodging nights are held on housing's short-stay units.
  await shortStayRooms(10);
  return { ...base, hall, rooms, scanRig };
}

const tenant = () => signedInMember({ role: "owner" });
const desk = () => signedInMember({ kind: "park", role: "services" });

async function countRows() {
  const db = await getDb();
  const [orders] = await db.select({ n: count() }).from(serviceOrders);
  const [bookings] = await db.select({ n: count() }).from(serviceBookings);
  const [takes] = await db.select({ n: count() }).from(serviceCapacityTakes);
  const [bills] = await db.select({ n: count() }).from(invoices);
  return { orders: Number(orders.n), bookings: Number(bookings.n), takes: Number(takes.n), invoices: Number(bills.n) };
}

function previewOf(query: Record<string, string>) {
  return call<typeof previewLoader>(previewLoader, getRequest(`/services/preview?${new URLSearchParams(query)}`));
}

async function book(code: string, fields: Record<string, string>, cookie: string) {
  return call<typeof offeringAction>(offeringAction, postRequest(`/services/${code}`, { intent: "book", ...fields }, cookie), { code });
}

function orderIdFrom(location: string | null) {
  const match = /\/services\/orders\/([0-9a-f-]{36})/.exec(location ?? "");
  if (!match) throw new Error(`not an order page: ${location}`);
  return match[1];
}

async function invoiceTotal(invoiceId: string, cookie: string) {
  const answer = await call<typeof invoiceLoader>(invoiceLoader, getRequest(`/billing/invoices/${invoiceId}`, cookie), { id: invoiceId });
  expect(answer.status).toBe(200);
  return answer.data.invoice.totalFen as string;
}

async function orderRow(id: string) {
  const db = await getDb();
  const [order] = await db.select().from(serviceOrders).where(eq(serviceOrders.id, id));
  return order;
}

describe("the price before submitting is the invoice total", () => {
  const day = () => daysFromNow(6);
  const cases: [string, string, () => Record<string, string>][] = [
    ["hour", "post-suite-hour", () => ({ quantity: "1", date: day(), startTime: "10:00", endTime: "12:30" })],
    ["half_day", "hall-halfday", () => ({ quantity: "1", date: day(), startTime: "09:00", endTime: "15:00" })],
    ["day", "stage-1-day", () => ({ quantity: "1", date: day(), days: "2" })],
    ["person_day", "extras-day", () => ({ quantity: "17", date: day(), days: "3" })],
    ["item", "scan-prop", () => ({ quantity: "3" })],
    ["item with a date on a resource", "scan-scene", () => ({ quantity: "1", date: day() })],
    ["night", "room-night", () => ({ quantity: "2", date: day(), days: "3" })],
  ];

  it.each(cases)("%s", async (_unit, code, fields) => {
    await catalogue();
    const owner = await tenant();
    const staff = await desk();
    const preview = await previewOf({ offering: code, ...fields() });
    expect(preview.status).toBe(200);
    expect(preview.data.ok).toBe(true);
    expect(preview.data.preview?.available).toBe(true);
    const shownTotal = preview.data.preview?.totalFen as string;
    expect(BigInt(shownTotal)).toBeGreaterThan(0n);

    const placed = await book(code, fields(), owner.cookie);
    expect(placed.status).toBe(302);
    const orderId = orderIdFrom(placed.location);
    let order = await orderRow(orderId);
    if (order.status === "submitted") {
      const approved = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
      expect(approved.status).toBe(302);
      order = await orderRow(orderId);
    }
    expect(order.status).toBe("approved");
    // The tenant's order page shows the same total, and the invoice charges it.
    const page = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${orderId}`, owner.cookie), { id: orderId });
    expect(page.data.order.totalFen).toBe(shownTotal);
    expect(await invoiceTotal(order.invoiceId!, owner.cookie)).toBe(shownTotal);
  });

  it("for a quote-only line, after the desk has quoted it", async () => {
    await catalogue();
    const owner = await tenant();
    const staff = await desk();
    const preview = await previewOf({ offering: "set-build", quantity: "1" });
    expect(preview.data.preview?.hasQuoteLines).toBe(true);
    const placed = await book("set-build", { quantity: "1", note: "石库门客堂间" }, owner.cookie);
    const orderId = orderIdFrom(placed.location);
    const deskView = await call<typeof deskOrderLoader>(deskOrderLoader, getRequest(`/services/desk/${orderId}`, staff.cookie), { id: orderId });
    const lineId = deskView.data.lines[0].id as string;
    // Approving before quoting is refused; a malformed price is a field error.
    const early = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
    expect(early.status).toBe(409);
    const bad = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "quote", [`price_${lineId}`]: "12.345" }, staff.cookie), { id: orderId });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error?.[`price_${lineId}`]).toEqual(["errors.amountFormat"]);
    const quoted = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "quote", [`price_${lineId}`]: "123,456.78", note: "含三轮修改" }, staff.cookie), { id: orderId });
    expect(quoted.status).toBe(302);
    const page = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${orderId}`, owner.cookie), { id: orderId });
    expect(page.data.order.status).toBe("quoted");
    expect(page.data.order.subtotalFen).toBe("12345678");
    const shownTotal = page.data.order.totalFen as string;
    expect(shownTotal).toBe(String(12_345_678n + (12_345_678n * 600n + 5000n) / 10000n));
    // The desk cannot accept the quote on the tenant's behalf.
    const deskAccept = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
    expect(deskAccept.status).toBe(409);
    const accepted = await call<typeof orderAction>(orderAction, postRequest(`/services/orders/${orderId}`, { intent: "accept" }, owner.cookie), { id: orderId });
    expect(accepted.status).toBe(302);
    const order = await orderRow(orderId);
    expect(order.status).toBe("approved");
    expect(await invoiceTotal(order.invoiceId!, owner.cookie)).toBe(shownTotal);
  });

  it("for several lines in the cart, submitted as one order", async () => {
    await catalogue();
    const owner = await tenant();
    let cookie = owner.cookie;
    for (const [code, fields] of [
      ["stage-1-day", { quantity: "1", date: daysFromNow(8), days: "2" }],
      ["extras-day", { quantity: "20", date: daysFromNow(8), days: "2" }],
      ["post-suite-hour", { quantity: "1", date: daysFromNow(9), startTime: "09:00", endTime: "13:00" }],
    ] as const) {
      const added = await call<typeof offeringAction>(offeringAction, postRequest(`/services/${code}`, { intent: "add", ...fields }, cookie), { code });
      expect(added.status).toBe(302);
      expect(added.location).toBe("/services/cart?added=1");
      cookie = `${owner.cookie}; ${added.headers.get("Set-Cookie")!.split(";")[0]}`;
    }
    const cart = await call<typeof cartLoader>(cartLoader, getRequest("/services/cart", cookie));
    expect(cart.data.rows).toHaveLength(3);
    expect(cart.data.preview.subtotalFen).toBe(String(2 * 2_800_000 + 20 * 2 * 30_000 + 4 * 38_000));
    const shownTotal = cart.data.preview.totalFen as string;
    const submitted = await call<typeof cartAction>(cartAction, postRequest("/services/cart", { intent: "submit", title: "《外滩往事》棚拍" }, cookie));
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("Set-Cookie")).toMatch(/haopu_cart=;|Max-Age=0/);
    const orderId = orderIdFrom(submitted.location);
    const staff = await desk();
    await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
    const order = await orderRow(orderId);
    expect(order.title).toBe("《外滩往事》棚拍");
    expect(await invoiceTotal(order.invoiceId!, owner.cookie)).toBe(shownTotal);
    expect((await countRows()).orders).toBe(1);
  });

  it("for a package: the package price, not the sum of its items", async () => {
    await catalogue();
    const db = await getDb();
    const staff = await desk();
    const offerings = await db.select().from(serviceOfferings);
    const id = (code: string) => offerings.find((o) => o.code === code)!.id;
    const saved = await call<typeof packageEditAction>(
      packageEditAction,
      postRequest(
        "/services/desk/packages/new",
        {
          code: "starter",
          nameZh: "短剧开机套餐",
          nameEn: "Starter",
          price: "60000",
          active: "on",
          "items[0].offeringId": id("stage-1-day"),
          "items[0].quantity": "1",
          "items[0].dayOffset": "0",
          "items[0].days": "2",
          "items[1].offeringId": id("extras-day"),
          "items[1].quantity": "20",
          "items[1].dayOffset": "1",
          "items[1].days": "1",
        },
        staff.cookie,
      ),
      { id: "new" },
    );
    expect(saved.status).toBe(302);
    // The catalogue shows the package with its items in day order and what they cost one by one:
    // the stage for 2 days and 20 extras for a day.
    const listed = (await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services"))).data.packages.find((p: { code: string }) => p.code === "starter");
    expect(listed?.items.map((i: { offeringCode: string; quantity: number; days: number }) => [i.offeringCode, i.quantity, i.days])).toEqual([
      ["stage-1-day", 1, 2],
      ["extras-day", 20, 1],
    ]);
    expect(listed?.catalogueFen).toBe(String(2_800_000n * 2n + 30_000n * 20n));
    expect(listed?.priceFen).toBe("6000000");
    const owner = await tenant();
    const start = daysFromNow(12);
    const preview = await previewOf({ package: "starter", startDate: start });
    expect(preview.data.preview?.subtotalFen).toBe("6000000");
    const placed = await call<typeof packageAction>(packageAction, postRequest("/services/packages/starter", { startDate: start }, owner.cookie), { code: "starter" });
    const orderId = orderIdFrom(placed.location);
    await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
    const order = await orderRow(orderId);
    expect(await invoiceTotal(order.invoiceId!, owner.cookie)).toBe(preview.data.preview?.totalFen);
  });

  it("for a cancellation fee: the fee shown before confirming is the fee invoice; a paid order keeps it from the refund", async () => {
    await catalogue();
    const owner = await tenant();
    const staff = await desk();
    // Stage 1: free until 72 hours before, then 30%. Tomorrow is inside the window.
    const soon = async (date: string) => {
      const placed = await book("stage-1-day", { quantity: "1", date, days: "2" }, owner.cookie);
      const orderId = orderIdFrom(placed.location);
      await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
      return orderId;
    };
    const unpaid = await soon(daysFromNow(1));
    const page = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${unpaid}`, owner.cookie), { id: unpaid });
    const fee = 5_600_000n * 3000n / 10000n;
    expect(page.data.cancellation).toEqual({ feeFen: String(fee), totalFen: String(fee + (fee * 600n + 5000n) / 10000n), invoiced: true });
    const cancelled = await call<typeof orderAction>(orderAction, postRequest(`/services/orders/${unpaid}`, { intent: "cancel", reason: "改期" }, owner.cookie), { id: unpaid });
    expect(cancelled.status).toBe(302);
    const db = await getDb();
    const [feeInvoice] = await db.select().from(invoices).where(eq(invoices.kind, "service_cancellation"));
    expect(String(feeInvoice.totalFen)).toBe(page.data.cancellation?.totalFen);
    const original = await orderRow(unpaid);
    const [voided] = await db.select().from(invoices).where(eq(invoices.id, original.invoiceId!));
    expect(voided.status).toBe("void");

    // Paid: nothing more is invoiced; the fee is recorded on the order for finance's refund.
    const paid = await soon(daysFromNow(3));
    const paidOrder = await orderRow(paid);
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, paidOrder.invoiceId!));
    await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "stripe", externalRef: "pi_cancel_test", amountFen: invoice.totalFen }));
    expect((await orderRow(paid)).status).toBe("confirmed");
    const paidPage = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${paid}`, owner.cookie), { id: paid });
    expect(paidPage.data.cancellation?.invoiced).toBe(false);
    await call<typeof orderAction>(orderAction, postRequest(`/services/orders/${paid}`, { intent: "cancel" }, owner.cookie), { id: paid });
    expect((await orderRow(paid)).cancellationFeeFen).toBe(BigInt(present(paidPage.data.cancellation, "a cancellation").feeFen));
    const feeInvoices = await db.select().from(invoices).where(eq(invoices.kind, "service_cancellation"));
    expect(feeInvoices).toHaveLength(1);
    // Both cancellations gave the stage back.
    const live = await db.select().from(serviceBookings).where(eq(serviceBookings.status, "held"));
    expect(live).toHaveLength(0);
  });
});

describe("bad input is refused with field errors and writes nothing", () => {
  it("missing dates, a quantity out of range, an end before the start, HTML in the note", async () => {
    await catalogue();
    const owner = await tenant();
    const noDate = await book("stage-1-day", { quantity: "1", days: "2" }, owner.cookie);
    expect(noDate.status).toBe(400);
    expect(noDate.data.result.error?.date).toEqual(["services.problems.dateRequired"]);

    const tooMany = await book("extras-day", { quantity: "51", date: daysFromNow(5), days: "1" }, owner.cookie);
    expect(tooMany.status).toBe(422);
    expect(tooMany.data.result.error?.quantity?.[0]).toMatch(/^services\.problems\.quantityRange::/);

    const notANumber = await book("extras-day", { quantity: "lots", date: daysFromNow(5), days: "1" }, owner.cookie);
    expect(notANumber.status).toBe(400);
    expect(notANumber.data.result.error?.quantity).toBeTruthy();

    const backwards = await book("post-suite-hour", { quantity: "1", date: daysFromNow(5), startTime: "15:00", endTime: "11:00" }, owner.cookie);
    expect(backwards.status).toBe(400);
    expect(backwards.data.result.error?.endTime).toEqual(["services.problems.endBeforeStart"]);

    const closed = await book("post-suite-hour", { quantity: "1", date: daysFromNow(5), startTime: "07:00", endTime: "09:30" }, owner.cookie);
    expect(closed.status).toBe(422);
    expect(closed.data.result.error?.startTime).toEqual(["services.problems.outsideOpeningHours"]);

    const past = await book("post-suite-hour", { quantity: "1", date: daysFromNow(-1), startTime: "10:00", endTime: "11:00" }, owner.cookie);
    expect(past.status).toBe(422);
    expect(past.data.result.error?.date).toEqual(["services.problems.startInPast"]);

    const tooLong = await book("stage-1-day", { quantity: "1", date: daysFromNow(5), days: "91" }, owner.cookie);
    expect(tooLong.status).toBe(400);
    expect(tooLong.data.result.error?.days).toBeTruthy();

    const html = await book("stage-1-day", { quantity: "1", date: daysFromNow(5), days: "1", note: "<script>alert(1)</script>" }, owner.cookie);
    expect(html.status).toBe(400);
    expect(html.data.result.error?.note).toEqual(["errors.noAngleBrackets"]);

    const badDate = await book("stage-1-day", { quantity: "1", date: "2026-02-30", days: "1" }, owner.cookie);
    expect(badDate.status).toBe(400);
    expect(badDate.data.result.error?.date).toEqual(["errors.date"]);

    // The preview says the same, field by field, before anything is submitted.
    const previewed = await previewOf({ offering: "extras-day", quantity: "51", date: daysFromNow(5), days: "1" });
    expect(previewed.data.ok).toBe(false);
    expect(previewed.data.fieldErrors).toMatchObject({ quantity: [expect.stringMatching(/^services\.problems\.quantityRange/)] });

    const cartHtml = await call<typeof cartAction>(cartAction, postRequest("/services/cart", { intent: "submit", note: "<b>急</b>" }, owner.cookie));
    expect(cartHtml.status).toBe(400);
    expect(cartHtml.data.result.error?.note).toEqual(["errors.noAngleBrackets"]);

    expect(await countRows()).toEqual({ orders: 0, bookings: 0, takes: 0, invoices: 0 });
  });

  it("a stage's add-ons are checked with its booking: every field's errors in the first answer", async () => {
    await catalogue();
    const owner = await tenant();
    // The form's own checks: a missing date and an add-on quantity that is not one, both at once.
    const typed = await book("stage-1-day", { quantity: "1", days: "2", "addon-extras-day": "lots" }, owner.cookie);
    expect(typed.status).toBe(400);
    expect(typed.data.result.error?.date).toEqual(["services.problems.dateRequired"]);
    expect(typed.data.result.error?.["addon-extras-day"]).toEqual(['services.problems.quantityRange::{"min":0,"max":50}']);
    // The price check's: a past date is a problem of the stage's line and of the add-on's, each on its field.
    const past = await book("stage-1-day", { quantity: "1", date: daysFromNow(-1), days: "1", "addon-extras-day": "5" }, owner.cookie);
    expect(past.status).toBe(422);
    expect(past.data.result.error?.date?.[0]).toMatch(/^services\.problems\./);
    expect(past.data.result.error?.["addon-extras-day"]?.[0]).toMatch(/^services\.problems\./);
    expect(await countRows()).toEqual({ orders: 0, bookings: 0, takes: 0, invoices: 0 });
    // Booked with its add-on: both lines in one order.
    const placed = await book("stage-1-day", { quantity: "1", date: daysFromNow(12), days: "2", "addon-extras-day": "10" }, owner.cookie);
    expect(placed.status).toBe(302);
    const orderId = orderIdFrom(placed.location);
    const page = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${orderId}`, owner.cookie), { id: orderId });
    expect(page.data.lines.map((line: { offeringCode: string }) => line.offeringCode).sort()).toEqual(["extras-day", "stage-1-day"]);
  });

  it("a cart cookie that this server did not sign, or whose lines are not lines, is an empty cart, never a 500", async () => {
    await catalogue();
    const owner = await tenant();
    const encode = (value: unknown) => Buffer.from(encodeURIComponent(JSON.stringify(value)).replace(/%([0-9A-F]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16))), "binary").toString("base64");
    const badDate = [{ offeringCode: "stage-1-day", quantity: 1, startDate: "2026-13-01", days: 1 }];
    const good = [{ offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(5), days: 1 }];
    const signed = async (lines: unknown[]) => (await cartCookieHeader(lines as never)).split(";")[0];
    const cookies = {
      // The reproduced 500: an unsigned cookie, as the server used to write them, holding month 13.
      "unsigned, month 13": `haopu_cart=${encodeURIComponent(encode(badDate))}`,
      "unsigned, valid lines": `haopu_cart=${encodeURIComponent(encode(good))}`,
      "signed, then edited": (await signed(good)).replace(/^haopu_cart=([^.]+)/, `haopu_cart=${encodeURIComponent(encode(badDate))}`),
      "signed by this server, month 13": await signed(badDate),
      "signed by this server, a quantity of 1e300": await signed([{ ...good[0], quantity: 1e300 }]),
      "not base64 at all": "haopu_cart=%%%",
    };
    for (const [label, cart] of Object.entries(cookies)) {
      const cookie = `${owner.cookie}; ${cart}`;
      for (const [page, loader, path] of [["cart", cartLoader, "/services/cart"], ["catalogue", catalogueLoader, "/services"], ["orders", ordersLoader, "/services/orders"]] as const) {
        const answer = await call<typeof loader>(loader, getRequest(path, cookie));
        expect(answer.status, `${label} on ${page}`).toBe(200);
      }
      const cartPage = await call<typeof cartLoader>(cartLoader, getRequest("/services/cart", cookie));
      expect(cartPage.data.count, label).toBe(0);
      const submitted = await call<typeof cartAction>(cartAction, postRequest("/services/cart", { intent: "submit" }, cookie));
      expect(submitted.status, label).toBeLessThan(500);
    }
    // The cookie this server signs is read back.
    const ours = await call<typeof cartLoader>(cartLoader, getRequest("/services/cart", `${owner.cookie}; ${await signed(good)}`));
    expect(ours.data.count).toBe(1);
    expect(await countRows()).toEqual({ orders: 0, bookings: 0, takes: 0, invoices: 0 });
  });

  it("an unknown offering: its page is 404, and a cart holding one is refused with 422", async () => {
    await catalogue();
    const owner = await tenant();
    const page = await call<typeof offeringLoader>(offeringLoader, getRequest("/services/no-such-thing"), { code: "no-such-thing" });
    expect(page.status).toBe(404);
    const posted = await book("no-such-thing", { quantity: "1" }, owner.cookie);
    expect(posted.status).toBe(404);
    const cart = (await cartCookieHeader([{ offeringCode: "no-such-thing", quantity: 1 }, { offeringCode: "stage-1-day", quantity: 1, startDate: daysFromNow(5), days: 1 }])).split(";")[0];
    const cookie = `${owner.cookie}; ${cart}`;
    const shown = await call<typeof cartLoader>(cartLoader, getRequest("/services/cart", cookie));
    expect(shown.data.rows[0].problem?.messageKey).toBe("errors.unknownOffering");
    const submitted = await call<typeof cartAction>(cartAction, postRequest("/services/cart", { intent: "submit" }, cookie));
    expect(submitted.status).toBe(422);
    expect(submitted.data.result.error?.[""]).toEqual([expect.stringMatching(/^errors\.unknownOffering/)]);
    const pkg = await call<typeof packageAction>(packageAction, postRequest("/services/packages/nope", { startDate: daysFromNow(5) }, owner.cookie), { code: "nope" });
    expect(pkg.status).toBe(404);
    expect(await countRows()).toEqual({ orders: 0, bookings: 0, takes: 0, invoices: 0 });
  });

  it("a slot already taken is a 409 next to the form, never a 500", async () => {
    await catalogue();
    const first = await tenant();
    const second = await tenant();
    expect((await book("stage-1-day", { quantity: "1", date: daysFromNow(7), days: "3" }, first.cookie)).status).toBe(302);
    const preview = await previewOf({ offering: "stage-1-day", quantity: "1", date: daysFromNow(8), days: "1" });
    expect(preview.data.preview?.available).toBe(false);
    expect(preview.data.preview?.lines[0].conflict?.messageKey).toBe("errors.slotTaken");
    const refused = await book("stage-1-day", { quantity: "1", date: daysFromNow(8), days: "1" }, second.cookie);
    expect(refused.status).toBe(409);
    expect(refused.data.result.error?.[""]).toEqual([expect.stringMatching(/^errors\.slotTaken::/)]);
    expect((await countRows()).orders).toBe(1);
  });
});

describe("who may see what", () => {
  it("another tenant's order is 404 to read and to act on", async () => {
    await catalogue();
    const a = await tenant();
    const b = await tenant();
    const placed = await book("stage-1-day", { quantity: "1", date: daysFromNow(9), days: "1" }, a.cookie);
    const orderId = orderIdFrom(placed.location);
    expect((await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${orderId}`, b.cookie), { id: orderId })).status).toBe(404);
    expect((await call<typeof orderAction>(orderAction, postRequest(`/services/orders/${orderId}`, { intent: "cancel" }, b.cookie), { id: orderId })).status).toBe(404);
    expect((await call<typeof orderLoader>(orderLoader, getRequest("/services/orders/not-a-uuid", a.cookie), { id: "not-a-uuid" })).status).toBe(404);
    const list = await call<typeof ordersLoader>(ordersLoader, getRequest("/services/orders", b.cookie));
    expect(list.data.orders).toEqual([]);
    expect((await orderRow(orderId)).status).toBe("submitted");
    // The calendar tells B the day is taken, but not by whom.
    const page = await call<typeof offeringLoader>(offeringLoader, getRequest(`/services/stage-1-day?month=${daysFromNow(9).slice(0, 7)}`, b.cookie), { code: "stage-1-day" });
    const taken = page.data.calendar?.bookings.find((x: { startsAt: string }) => parkDay(new Date(x.startsAt)) === daysFromNow(9));
    expect(taken).toMatchObject({ mine: false, tenant: null, orderId: null });
    const mine = await call<typeof offeringLoader>(offeringLoader, getRequest(`/services/stage-1-day?month=${daysFromNow(9).slice(0, 7)}`, a.cookie), { code: "stage-1-day" });
    expect(mine.data.calendar?.bookings[0]).toMatchObject({ mine: true, orderId });
    const staff = await desk();
    const deskPage = await call<typeof offeringLoader>(offeringLoader, getRequest(`/services/stage-1-day?month=${daysFromNow(9).slice(0, 7)}`, staff.cookie), { code: "stage-1-day" });
    expect(deskPage.data.calendar?.bookings[0].tenant?.nameZh).toBe(a.org.nameZh);
  });

  it("a tenant member cannot reach the desk; park staff without services:manage are forbidden", async () => {
    await catalogue();
    const member = await signedInMember({ role: "member" });
    const finance = await signedInMember({ kind: "park", role: "finance" });
    for (const cookie of [member.cookie, finance.cookie]) {
      for (const [loader, path] of [
        [deskLayoutLoader, "/services/desk"],
        [deskQueueLoader, "/services/desk"],
        [deskCalendarLoader, "/services/desk/calendar"],
        [utilisationLoader, "/services/desk/utilisation"],
      ] as const) {
        const answer = await call<typeof loader>(loader, getRequest(path, cookie));
        expect([403, 404]).toContain(answer.status);
      }
    }
    expect((await call<typeof deskQueueLoader>(deskQueueLoader, getRequest("/services/desk", member.cookie))).status).toBe(404);
    expect((await call<typeof deskQueueLoader>(deskQueueLoader, getRequest("/services/desk", finance.cookie))).status).toBe(403);
    const offeringSave = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", { code: "x-1" }, member.cookie), { id: "new" });
    expect(offeringSave.status).toBe(404);
    // Anyone can browse the catalogue with prices; visitors are asked to log in to book.
    const publicPage = await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services"));
    expect(publicPage.status).toBe(200);
    expect(publicPage.data.role).toBe("visitor");
    expect(publicPage.data.offerings.find((o: { code: string }) => o.code === "stage-1-day")?.priceFen).toBe("2800000");
    // A category at a time: the first one with the packages at /services, one other by its chip, every one at ?category=all.
    const categoriesOf = (page: typeof publicPage) => [...new Set(page.data.offerings.map((o: { category: string }) => o.category))];
    expect(publicPage.data.showing).toBe("stages");
    expect(categoriesOf(publicPage)).toEqual(["stages"]);
    const extras = await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services?category=extras"));
    expect(categoriesOf(extras)).toEqual(["extras"]);
    expect(extras.data.packages).toEqual([]);
    const everything = await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services?category=all"));
    expect(everything.data.offerings.length).toBe(everything.data.categories.reduce((sum: number, c: { count: number }) => sum + c.count, 0));
    expect(everything.data.packages.length).toBe(publicPage.data.packages.length);
    expect((await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services?category=nonsense"))).data.showing).toBe("stages");
    const visitorBook = await book("stage-1-day", { quantity: "1", date: daysFromNow(5), days: "1" }, "");
    expect(visitorBook.status).toBe(302);
    expect(visitorBook.location).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("the service desk", () => {
  it("shows the queue oldest first with its age, rejects and asks for changes only with a reason", async () => {
    await catalogue();
    const owner = await tenant();
    const staff = await desk();
    const older = orderIdFrom((await book("stage-1-day", { quantity: "1", date: daysFromNow(10), days: "1" }, owner.cookie)).location);
    const newer = orderIdFrom((await book("stage-1-day", { quantity: "1", date: daysFromNow(11), days: "1" }, owner.cookie)).location);
    const db = await getDb();
    await db.update(serviceOrders).set({ submittedAt: new Date(Date.now() - 30 * 3_600_000), updatedAt: new Date(Date.now() - 30 * 3_600_000) }).where(eq(serviceOrders.id, older));
    const queue = await call<typeof deskQueueLoader>(deskQueueLoader, getRequest("/services/desk", staff.cookie));
    expect(queue.data.waiting.map((o: { id: string }) => o.id)).toEqual([older, newer]);
    expect(queue.data.waiting[0].ageHours).toBe(30);

    const noReason = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${older}`, { intent: "decide", decision: "reject" }, staff.cookie), { id: older });
    expect(noReason.status).toBe(400);
    expect(noReason.data.result.error?.note).toEqual(["errors.reasonRequired"]);
    const changes = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${older}`, { intent: "decide", decision: "request_changes", note: "请补充场景说明" }, staff.cookie), { id: older });
    expect(changes.status).toBe(302);
    // The tenant resubmits; the desk rejects; the day is free again.
    const resubmitted = await call<typeof orderAction>(orderAction, postRequest(`/services/orders/${older}`, { intent: "resubmit", note: "已补充：民国酒店大堂" }, owner.cookie), { id: older });
    expect(resubmitted.status).toBe(302);
    await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${older}`, { intent: "decide", decision: "reject", note: "当日设备检修" }, staff.cookie), { id: older });
    const detail = await call<typeof orderLoader>(orderLoader, getRequest(`/services/orders/${older}`, owner.cookie), { id: older });
    expect(detail.data.order.status).toBe("rejected");
    expect(detail.data.history.map((h: { action: string }) => h.action)).toEqual(["order.submitted", "order.changes_requested", "order.submitted", "order.rejected"]);
    expect(detail.data.history[3].reason).toBe("当日设备检修");
    const again = await book("stage-1-day", { quantity: "1", date: daysFromNow(10), days: "1" }, owner.cookie);
    expect(again.status).toBe(302);
  });

  it("marks a paid order under way and done, and shows every resource's calendar and utilisation", async () => {
    await catalogue();
    const owner = await tenant();
    const staff = await desk();
    const monday = (() => {
      const d = daysFromNow(14);
      const weekday = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7;
      return addDaysIso(d, -weekday);
    })();
    const orderId = orderIdFrom((await book("stage-1-day", { quantity: "1", date: monday, days: "2" }, owner.cookie)).location);
    await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "decide", decision: "approve" }, staff.cookie), { id: orderId });
    await book("extras-day", { quantity: "50", date: monday, days: "1" }, owner.cookie);
    const db = await getDb();
    const order = await orderRow(orderId);
    const [invoice] = await db.select().from(invoices).where(eq(invoices.id, order.invoiceId!));
    await db.transaction((tx) => applyPayment(tx, { invoiceId: invoice.id, method: "bank_transfer", externalRef: "BANK-1", amountFen: invoice.totalFen }));

    const utilisation = await call<typeof utilisationLoader>(utilisationLoader, getRequest(`/services/desk/utilisation?from=${monday}`, staff.cookie));
    const stage = utilisation.data.resources.find((r: { resource: { code: string } }) => r.resource.code === "stage-1");
    expect(stage?.weeks[0]).toMatchObject({ week: monday, used: 48, available: 168, percent: 29, confirmedPercent: 29 });
    const extras = utilisation.data.resources.find((r: { resource: { code: string } }) => r.resource.code === "extras-pool");
    expect(extras?.weeks[0]).toMatchObject({ used: 50, available: 350, percent: 14 });

    const calendar = await call<typeof deskCalendarLoader>(deskCalendarLoader, getRequest(`/services/desk/calendar?from=${monday}`, staff.cookie));
    const stageRow = calendar.data.strip.find((c: { resource: { code: string } }) => c.resource.code === "stage-1");
    expect(stageRow?.bookings).toHaveLength(1);
    expect(stageRow?.bookings[0]).toMatchObject({ status: "confirmed", tenant: { nameZh: owner.org.nameZh }, orderId });

    for (const to of ["in_progress", "completed"]) {
      const moved = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: to }, staff.cookie), { id: orderId });
      expect(moved.status).toBe(302);
    }
    expect((await orderRow(orderId)).status).toBe("completed");
    const late = await call<typeof deskOrderAction>(deskOrderAction, postRequest(`/services/desk/${orderId}`, { intent: "cancel", reason: "太晚了" }, staff.cookie), { id: orderId });
    expect(late.status).toBe(409);
  });

  it("manages the catalogue: offerings, resources and packages, with field errors", async () => {
    await catalogue();
    const staff = await desk();
    const fields = {
      code: "stage-3-day",
      category: "stages",
      nameZh: "三号摄影棚（日租）",
      nameEn: "Stage 3 (per day)",
      descriptionZh: "新棚",
      descriptionEn: "New stage",
      pricingUnit: "day",
      price: "16,800.50",
      minQuantity: "1",
      maxQuantity: "1",
      leadTimeHours: "48",
      freeCancelHours: "72",
      cancelFee: "12.5",
      resourceId: "",
      requiresApproval: "on",
      active: "on",
      sortOrder: "40",
    };
    const reserved = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", { ...fields, code: "desk" }, staff.cookie), { id: "new" });
    expect(reserved.status).toBe(400);
    expect(reserved.data.result.error?.code).toEqual(["services.problems.codeReserved"]);
    const noPrice = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", { ...fields, price: "" }, staff.cookie), { id: "new" });
    expect(noPrice.data.result.error?.price).toEqual(["errors.required"]);
    const badRange = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", { ...fields, minQuantity: "5", maxQuantity: "2" }, staff.cookie), { id: "new" });
    expect(badRange.data.result.error?.maxQuantity).toEqual(["services.problems.maxBelowMin"]);
    const created = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", fields, staff.cookie), { id: "new" });
    expect(created.status).toBe(302);
    const db = await getDb();
    const [row] = await db.select().from(serviceOfferings).where(eq(serviceOfferings.code, "stage-3-day"));
    expect(row).toMatchObject({ priceFen: 1_680_050n, cancelFeeBp: 1250, requiresApproval: true, active: true, resourceId: null });
    const duplicate = await call<typeof offeringEditAction>(offeringEditAction, postRequest("/services/desk/offerings/new", fields, staff.cookie), { id: "new" });
    expect(duplicate.status).toBe(409);
    // Unlisting: gone from the public catalogue and not bookable.
    const { active: _active, ...unlisted } = fields;
    await call<typeof offeringEditAction>(offeringEditAction, postRequest(`/services/desk/offerings/${row.id}`, { ...unlisted, price: "17000" }, staff.cookie), { id: row.id });
    const [edited] = await db.select().from(serviceOfferings).where(eq(serviceOfferings.id, row.id));
    expect(edited).toMatchObject({ priceFen: 1_700_000n, active: false });
    const publicPage = await call<typeof catalogueLoader>(catalogueLoader, getRequest("/services"));
    expect(publicPage.data.offerings.some((o: { code: string }) => o.code === "stage-3-day")).toBe(false);

    const resource = await call<typeof resourceEditAction>(
      resourceEditAction,
      postRequest("/services/desk/resources/new", { code: "suite-c", nameZh: "剪辑机房 C", nameEn: "Edit suite C", kind: "room", capacity: "1", opens: "09:00", closes: "08:00", setupMinutes: "0", teardownMinutes: "15", active: "on" }, staff.cookie),
      { id: "new" },
    );
    expect(resource.data.result.error?.closes).toEqual(["services.problems.endBeforeStart"]);
    const okResource = await call<typeof resourceEditAction>(
      resourceEditAction,
      postRequest("/services/desk/resources/new", { code: "suite-c", nameZh: "剪辑机房 C", nameEn: "Edit suite C", kind: "room", capacity: "1", opens: "09:00", closes: "22:00", setupMinutes: "0", teardownMinutes: "15", active: "on" }, staff.cookie),
      { id: "new" },
    );
    expect(okResource.status).toBe(302);
    const [suite] = await db.select().from(serviceResources).where(eq(serviceResources.code, "suite-c"));
    expect(suite).toMatchObject({ opensMinute: 540, closesMinute: 1320, teardownMinutes: 15 });

    const offerings = await db.select().from(serviceOfferings);
    const hourly = await call<typeof packageEditAction>(
      packageEditAction,
      postRequest("/services/desk/packages/new", { code: "bad-pack", nameZh: "包", nameEn: "Pack", price: "100", "items[0].offeringId": offerings.find((o) => o.code === "post-suite-hour")!.id, "items[0].quantity": "1" }, staff.cookie),
      { id: "new" },
    );
    expect(hourly.status).toBe(422);
    const empty = await call<typeof packageEditAction>(packageEditAction, postRequest("/services/desk/packages/new", { code: "empty-pack", nameZh: "包", nameEn: "Pack", price: "100" }, staff.cookie), { id: "new" });
    expect(empty.status).toBe(400);
  });

  it("expires an unpaid order holding only pool days, giving its places back", async () => {
    await catalogue();
    const owner = await tenant();
    const placed = await book("extras-day", { quantity: "30", date: daysFromNow(4), days: "2" }, owner.cookie);
    const orderId = orderIdFrom(placed.location);
    expect((await orderRow(orderId)).status).toBe("approved");
    // Held to the end of the invoice's due date, the third park day: not a moment less.
    const { heldUntil } = holdDeadline(new Date());
    expect(await expireUnpaidOrders(new Date(heldUntil.getTime() - 60_000))).toBe(0);
    expect(await expireUnpaidOrders(new Date(heldUntil.getTime() + 60_000))).toBe(1);
    expect((await orderRow(orderId)).status).toBe("expired");
    const db = await getDb();
    const lines = await db.select().from(serviceOrderLines).where(eq(serviceOrderLines.orderId, orderId));
    const takes = await db.select().from(serviceCapacityTakes).where(eq(serviceCapacityTakes.orderLineId, lines[0].id));
    expect(takes.every((t) => t.releasedAt !== null)).toBe(true);
    const preview = await previewOf({ offering: "extras-day", quantity: "50", date: daysFromNow(4), days: "2" });
    expect(preview.data.preview?.available).toBe(true);
  });
});
