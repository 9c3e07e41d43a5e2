// The money rules as tables: each row is a case a finance person could check by hand.
import { describe, expect, it } from "vitest";
import { ageingBucket, canTransition, fenToYuanString, invoiceTotals, isOverdue, parseYuanToFen, vatFen, type InvoiceStatus } from "~/modules/billing/money";
import { cancellationFeeFen, canMoveOrder, lineAmountFen, orderCancellationFeeFen, orderTransitions, priceWithVat, unitsFor, type OrderStatus } from "~/modules/services/pricing";

const at = (iso: string) => new Date(iso);

describe("VAT is rounded half up to the fen", () => {
  it.each([
    { subtotalFen: 0n, rateBp: 600, vat: 0n },
    { subtotalFen: 100_00n, rateBp: 600, vat: 6_00n },
    { subtotalFen: 8n, rateBp: 600, vat: 0n }, // 0.48 fen
    { subtotalFen: 9n, rateBp: 600, vat: 1n }, // 0.54 fen
    { subtotalFen: 25n, rateBp: 200, vat: 1n }, // 0.5 fen: half up
    { subtotalFen: 1_234_567n, rateBp: 900, vat: 111_111n }, // 111 111.03
    { subtotalFen: 1_000_000_000_00n, rateBp: 1300, vat: 13_000_000_000n },
  ])("$subtotalFen fen at $rateBp bp → $vat fen", ({ subtotalFen, rateBp, vat }) => {
    expect(vatFen(subtotalFen, rateBp)).toBe(vat);
  });

  it("refuses a negative subtotal", () => {
    expect(() => vatFen(-1n, 600)).toThrow(RangeError);
  });

  it.each([
    { subtotalFen: 1_000_00n, total: 1_060_00n },
    { subtotalFen: 33_33n, total: 35_33n },
  ])("a services price of $subtotalFen fen totals $total fen with 6 % VAT", ({ subtotalFen, total }) => {
    const price = priceWithVat(subtotalFen);
    expect(price.totalFen).toBe(total);
    expect(price.subtotalFen + price.vatFen).toBe(price.totalFen);
  });

  it("an invoice's VAT is worked out on its subtotal, not line by line", () => {
    const line = (unitPriceFen: bigint, quantity = 1) => ({ descriptionZh: "", descriptionEn: "", quantity, unitPriceFen });
    expect(invoiceTotals([line(9n), line(9n)], 600)).toEqual({ subtotalFen: 18n, vatFen: 1n, totalFen: 19n });
    expect(invoiceTotals([line(1_500_00n, 3)], 600)).toEqual({ subtotalFen: 4_500_00n, vatFen: 270_00n, totalFen: 4_770_00n });
  });
});

describe("a service line costs unit price × quantity × units", () => {
  it.each([
    { unitPriceFen: 800_00n, quantity: 1, units: 1, amount: 800_00n },
    { unitPriceFen: 800_00n, quantity: 2, units: 3, amount: 4_800_00n },
    { unitPriceFen: 12_345n, quantity: 0, units: 5, amount: 0n },
    { unitPriceFen: 99n, quantity: 7, units: 0, amount: 0n },
  ])("$unitPriceFen × $quantity × $units = $amount fen", ({ unitPriceFen, quantity, units, amount }) => {
    expect(lineAmountFen(unitPriceFen, quantity, units)).toBe(amount);
  });

  it.each([
    { unit: "hour", start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T10:00:00+08:00", units: 1 },
    { unit: "hour", start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T10:01:00+08:00", units: 2 },
    { unit: "half_day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T13:00:00+08:00", units: 1 },
    { unit: "half_day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T13:30:00+08:00", units: 2 },
    { unit: "day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-08T18:00:00+08:00", units: 1 },
    { unit: "day", start: "2026-12-08T22:00:00+08:00", end: "2026-12-09T02:00:00+08:00", units: 2 },
    { unit: "night", start: "2026-12-08T00:00:00+08:00", end: "2026-12-11T00:00:00+08:00", units: 3 },
    { unit: "item", start: "2026-12-08T09:00:00+08:00", end: "2026-12-10T09:00:00+08:00", units: 1 },
    { unit: "hour", start: "2026-12-08T10:00:00+08:00", end: "2026-12-08T10:00:00+08:00", units: 0 },
  ] as const)("$unit from $start to $end is $units unit(s)", ({ unit, start, end, units }) => {
    expect(unitsFor(unit, at(start), at(end))).toBe(units);
  });
});

describe("cancelling is free until the offering's notice, then a share of the amount", () => {
  const startsAt = at("2026-12-10T09:00:00+08:00");
  it.each([
    { now: "2026-12-08T09:00:00+08:00", freeCancelHours: 48, cancelFeeBp: 5000, fee: 0n, why: "exactly 48 h before: still free" },
    { now: "2026-12-08T09:00:01+08:00", freeCancelHours: 48, cancelFeeBp: 5000, fee: 500_00n, why: "a second inside the notice: half" },
    { now: "2026-12-10T08:00:00+08:00", freeCancelHours: 24, cancelFeeBp: 10000, fee: 1_000_00n, why: "an hour before, 100 %" },
    { now: "2026-12-11T09:00:00+08:00", freeCancelHours: 24, cancelFeeBp: 3000, fee: 300_00n, why: "after the start: the fee still applies" },
    { now: "2026-12-09T12:00:00+08:00", freeCancelHours: 0, cancelFeeBp: 5000, fee: 0n, why: "no notice needed" },
  ])("$why", ({ now, freeCancelHours, cancelFeeBp, fee }) => {
    expect(cancellationFeeFen({ amountFen: 1_000_00n, startsAt, now: at(now), freeCancelHours, cancelFeeBp })).toBe(fee);
  });

  it.each([
    { amountFen: 1n, cancelFeeBp: 5000, fee: 1n }, // 0.5 fen rounds up
    { amountFen: 3n, cancelFeeBp: 1000, fee: 0n }, // 0.3 fen rounds down
    { amountFen: 333n, cancelFeeBp: 3333, fee: 111n }, // 110.99 fen
  ])("$cancelFeeBp bp of $amountFen fen is $fee fen (half up)", ({ amountFen, cancelFeeBp, fee }) => {
    expect(cancellationFeeFen({ amountFen, startsAt, now: startsAt, freeCancelHours: 24, cancelFeeBp })).toBe(fee);
  });

  it("a line without a start is never charged", () => {
    expect(cancellationFeeFen({ amountFen: 1_000_00n, startsAt: null, now: startsAt, freeCancelHours: 24, cancelFeeBp: 10000 })).toBe(0n);
  });

  const line = (amountFen: bigint, cancelFeeBp: number) => ({ amountFen, startsAt, freeCancelHours: 24, cancelFeeBp });
  it.each([
    { status: "submitted", packaged: false, totalFen: 2_000_00n, fee: 0n, why: "an order not yet approved costs nothing to cancel" },
    { status: "approved", packaged: false, totalFen: 2_000_00n, fee: 750_00n, why: "each line under its own policy" },
    { status: "confirmed", packaged: false, totalFen: 500_00n, fee: 500_00n, why: "never more than the order's total" },
    { status: "confirmed", packaged: true, totalFen: 1_000_00n, fee: 375_00n, why: "a package: the fee scaled to the package price" },
  ])("$why", ({ status, packaged, totalFen, fee }) => {
    const lines = [line(1_000_00n, 5000), line(1_000_00n, 2500)];
    expect(orderCancellationFeeFen({ status, totalFen, packaged }, lines, at("2026-12-10T08:00:00+08:00"))).toBe(fee);
  });
});

describe("yuan typed by a person are read exactly as fen", () => {
  it.each([
    { input: "1234.56", fen: 123_456n },
    { input: "1,234.5", fen: 123_450n },
    { input: "¥1234", fen: 123_400n },
    { input: "￥0.01", fen: 1n },
    { input: "  88  ", fen: 8_800n },
    { input: "0", fen: 0n },
    { input: "1.234", fen: null },
    { input: "-5", fen: null },
    { input: "12a", fen: null },
    { input: "", fen: null },
    { input: "1e3", fen: null },
    { input: ".5", fen: null },
  ])("'$input' → $fen", ({ input, fen }) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each([
    { fen: 123_456n, yuan: "1234.56" },
    { fen: 5n, yuan: "0.05" },
    { fen: -1_050n, yuan: "-10.50" },
  ])("$fen fen is written $yuan", ({ fen, yuan }) => {
    expect(fenToYuanString(fen)).toBe(yuan);
    expect(parseYuanToFen(yuan.replace("-", ""))).toBe(fen < 0n ? -fen : fen);
  });
});

describe("an open invoice ages from its due day", () => {
  it.each([
    { dueOn: "2026-12-07", today: "2026-12-07", bucket: "current", overdue: false },
    { dueOn: "2026-12-08", today: "2026-12-07", bucket: "current", overdue: false },
    { dueOn: "2026-12-06", today: "2026-12-07", bucket: "1-30", overdue: true },
    { dueOn: "2026-11-07", today: "2026-12-07", bucket: "1-30", overdue: true },
    { dueOn: "2026-11-06", today: "2026-12-07", bucket: "31-60", overdue: true },
    { dueOn: "2026-10-08", today: "2026-12-07", bucket: "31-60", overdue: true },
    { dueOn: "2026-10-07", today: "2026-12-07", bucket: "61-90", overdue: true },
    { dueOn: "2026-09-08", today: "2026-12-07", bucket: "61-90", overdue: true },
    { dueOn: "2026-09-07", today: "2026-12-07", bucket: "90+", overdue: true },
    { dueOn: "2024-02-29", today: "2026-12-07", bucket: "90+", overdue: true },
  ] as const)("due $dueOn, today $today: $bucket", ({ dueOn, today, bucket, overdue }) => {
    expect(ageingBucket(dueOn, today)).toBe(bucket);
    expect(isOverdue({ status: "open", dueOn }, today)).toBe(overdue);
  });

  it.each(["paid", "void", "draft"])("a %s invoice is never overdue", (status) => {
    expect(isOverdue({ status, dueOn: "2020-01-01" }, "2026-12-07")).toBe(false);
  });
});

describe("the invoice state machine", () => {
  const states: InvoiceStatus[] = ["draft", "open", "paid", "void"];
  const allowed: Record<InvoiceStatus, InvoiceStatus[]> = { draft: ["open", "void"], open: ["paid", "void"], paid: [], void: [] };
  it.each(states.flatMap((from) => states.map((to) => ({ from, to, ok: allowed[from].includes(to) }))))("$from → $to: $ok", ({ from, to, ok }) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});

describe("the service order state machine", () => {
  const allowed: Record<OrderStatus, OrderStatus[]> = {
    awaiting_tenant_approval: ["submitted", "cancelled"],
    submitted: ["approved", "quoted", "rejected", "changes_requested", "cancelled", "expired"],
    quoted: ["approved", "cancelled", "expired"],
    changes_requested: ["submitted", "cancelled"],
    approved: ["confirmed", "cancelled", "expired"],
    confirmed: ["in_progress", "cancelled"],
    in_progress: ["completed"],
    rejected: [],
    completed: [],
    cancelled: [],
    expired: [],
  };
  const states = Object.keys(orderTransitions) as OrderStatus[];
  it("knows exactly these states", () => {
    expect(states.sort()).toEqual((Object.keys(allowed) as OrderStatus[]).sort());
  });
  it.each(states.flatMap((from) => states.map((to) => ({ from, to, ok: allowed[from].includes(to) }))))("$from → $to: $ok", ({ from, to, ok }) => {
    expect(canMoveOrder(from, to)).toBe(ok);
  });
});
