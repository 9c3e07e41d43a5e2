// The money rules as tables: each row is a case a finance person could check by hand.
import { describe, expect, it } from "vitest";
import { ageingBucket, canTransition, fenToGroupedYuan, fenToYuanString, invoiceTotals, isOverdue, parseYuanToFen, shownStatus, vatFen, type InvoiceStatus } from "~/modules/billing/money";
import { cancellationFeeFen, canMoveOrder, lineAmountFen, orderCancellationFeeFen, orderTransitions, priceWithVat, unitsFor, type OrderStatus } from "~/modules/services/pricing";

const at = (iso: string) => new Date(iso);

describe("VAT is rounded half up to the fen", () => {
  it.each([
    { subtotalFen: 0n, rateBp: 600, vat: 0n },
    { subtotalFen: 1n, rateBp: 600, vat: 0n }, // one fen: 0.06 fen
    { subtotalFen: 1n, rateBp: 5000, vat: 1n }, // 0.5 fen: half up
    { subtotalFen: 1n, rateBp: 4999, vat: 0n }, // 0.4999 fen
    { subtotalFen: 24n, rateBp: 600, vat: 1n }, // 1.44 fen
    { subtotalFen: 25n, rateBp: 600, vat: 2n }, // 1.5 fen: half up
    { subtotalFen: 100_00n, rateBp: 0, vat: 0n }, // VAT-exempt
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
    { subtotalFen: 0n, total: 0n },
    { subtotalFen: 1n, total: 1n },
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
    { unit: "hour", start: "2026-12-08T10:00:00+08:00", end: "2026-12-08T09:00:00+08:00", units: 0 },
    { unit: "day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-09T00:00:00+08:00", units: 1 }, // ends at park midnight: one day
    { unit: "day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-09T00:01:00+08:00", units: 2 },
    { unit: "person_day", start: "2026-12-08T09:00:00+08:00", end: "2026-12-10T18:00:00+08:00", units: 3 },
    { unit: "quote", start: "2026-12-08T09:00:00+08:00", end: "2026-12-20T09:00:00+08:00", units: 1 },
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
    { amountFen: 0n, cancelFeeBp: 10000, fee: 0n },
    { amountFen: 1_000_00n, cancelFeeBp: 0, fee: 0n },
    { amountFen: 1n, cancelFeeBp: 10000, fee: 1n }, // one fen, all of it
    { amountFen: 1n, cancelFeeBp: 4999, fee: 0n }, // 0.4999 fen rounds down
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
    { status: "confirmed", packaged: true, totalFen: 5_000_00n, fee: 1_875_00n, why: "a package dearer than its lines: the fee scales up with it" },
  ])("$why", ({ status, packaged, totalFen, fee }) => {
    const lines = [line(1_000_00n, 5000), line(1_000_00n, 2500)];
    expect(orderCancellationFeeFen({ status, totalFen, packaged }, lines, at("2026-12-10T08:00:00+08:00"))).toBe(fee);
  });

  it.each([
    { status: "awaiting_tenant_approval", charged: false },
    { status: "submitted", charged: false },
    { status: "quoted", charged: false },
    { status: "changes_requested", charged: false },
    { status: "approved", charged: true },
    { status: "confirmed", charged: true },
    { status: "in_progress", charged: false },
    { status: "completed", charged: false },
    { status: "rejected", charged: false },
    { status: "cancelled", charged: false },
    { status: "expired", charged: false },
  ])("a $status order is charged to cancel: $charged", ({ status, charged }) => {
    const fee = orderCancellationFeeFen({ status, totalFen: 1_000_00n, packaged: false }, [line(1_000_00n, 5000)], at("2026-12-10T08:00:00+08:00"));
    expect(fee).toBe(charged ? 500_00n : 0n);
  });

  it.each([
    { lineFen: [1n, 1n], bp: [5000, 0], totalFen: 3n, fee: 2n, why: "1 fen fee × 3 ÷ 2 = 1.5 fen: half up" },
    { lineFen: [3n, 3n], bp: [5000, 0], totalFen: 1n, fee: 0n, why: "2 fen fee × 1 ÷ 6 = 0.33 fen: down" },
    { lineFen: [0n, 0n], bp: [5000, 5000], totalFen: 1_000_00n, fee: 0n, why: "nothing catalogued: nothing to scale" },
  ])("a package's fee is scaled in whole fen: $why", ({ lineFen, bp, totalFen, fee }) => {
    const lines = lineFen.map((amountFen, i) => line(amountFen, bp[i]));
    expect(orderCancellationFeeFen({ status: "approved", totalFen, packaged: true }, lines, at("2026-12-10T08:00:00+08:00"))).toBe(fee);
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
    { input: "0.01", fen: 1n }, // one fen
    { input: "0.005", fen: null }, // less than a fen is not an amount
    { input: "1,234,567.89", fen: 123_456_789n },
    { input: "¥ 12", fen: null },
    { input: "１２", fen: null }, // full-width digits
    { input: "100000000", fen: 10_000_000_000n }, // the largest typed amount
    { input: "100000000.01", fen: null },
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

  it.each([
    { fen: 0n, grouped: "0.00" },
    { fen: 1n, grouped: "0.01" },
    { fen: 99_999n, grouped: "999.99" },
    { fen: 100_000n, grouped: "1,000.00" },
    { fen: 311_234n, grouped: "3,112.34" },
    { fen: 123_456_789_00n, grouped: "123,456,789.00" },
    { fen: -100_000n, grouped: "-1,000.00" },
  ])("$fen fen reads ¥$grouped in a sentence", ({ fen, grouped }) => {
    expect(fenToGroupedYuan(fen)).toBe(grouped);
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
    { dueOn: "2027-02-28", today: "2027-03-30", bucket: "1-30", overdue: true }, // 30 days
    { dueOn: "2028-02-28", today: "2028-03-30", bucket: "31-60", overdue: true }, // 31 days: a leap year
    { dueOn: "2026-12-31", today: "2027-01-01", bucket: "1-30", overdue: true }, // the year turns
  ] as const)("due $dueOn, today $today: $bucket", ({ dueOn, today, bucket, overdue }) => {
    expect(ageingBucket(dueOn, today)).toBe(bucket);
    expect(isOverdue({ status: "open", dueOn }, today)).toBe(overdue);
  });

  it.each(["paid", "void", "draft"])("a %s invoice is never overdue", (status) => {
    expect(isOverdue({ status, dueOn: "2020-01-01" }, "2026-12-07")).toBe(false);
  });

  it.each([
    { status: "open", dueOn: "2026-12-06", shown: "overdue" },
    { status: "open", dueOn: "2026-12-07", shown: "open" }, // due today: not yet overdue
    { status: "open", dueOn: null, shown: "open" }, // no due date: never overdue
    { status: "paid", dueOn: "2026-12-06", shown: "paid" },
    { status: "void", dueOn: "2026-12-06", shown: "void" },
    { status: "draft", dueOn: "2026-12-06", shown: "draft" },
  ])("an $status invoice due $dueOn reads $shown on 2026-12-07", ({ status, dueOn, shown }) => {
    expect(shownStatus({ status, dueOn }, "2026-12-07")).toBe(shown);
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
