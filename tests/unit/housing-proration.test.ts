// Rent by days is exact in fen for every month length, and utilities come from meter readings at
// the park's tariffs. The table states the rule: [startsOn, endsOn) inside the month, full month =
// the monthly rent, otherwise rent × days ÷ days-in-month rounded half up.
import { describe, expect, it } from "vitest";
import { daysInMonth, nextMonthStart, previousMonthStart, proratedRentFen } from "~/modules/housing/proration";
import { ELECTRICITY_FEN_PER_KWH, WATER_FEN_PER_M3, usageFen, utilityLines } from "~/modules/housing/utilities";
import { invoiceTotals } from "~/modules/billing/money";

describe("proratedRentFen", () => {
  const rent = 300_000n; // ¥3,000.00 a month
  const cases: { name: string; month: string; startsOn: string; endsOn: string; days: number; daysInMonth: number; amountFen: bigint }[] = [
    { name: "a full 31-day month", month: "2027-01-01", startsOn: "2026-12-01", endsOn: "2027-06-01", days: 31, daysInMonth: 31, amountFen: 300_000n },
    { name: "a full 28-day February", month: "2027-02-01", startsOn: "2027-01-15", endsOn: "2027-06-01", days: 28, daysInMonth: 28, amountFen: 300_000n },
    { name: "a full 29-day February (2028 is a leap year)", month: "2028-02-01", startsOn: "2028-01-01", endsOn: "2028-03-01", days: 29, daysInMonth: 29, amountFen: 300_000n },
    { name: "a full 30-day month", month: "2027-04-01", startsOn: "2027-04-01", endsOn: "2027-05-01", days: 30, daysInMonth: 30, amountFen: 300_000n },
    // 300000 × 12 / 28 = 128571.43 → 128571
    { name: "move-in on 17 February 2027: 12 of 28 days", month: "2027-02-01", startsOn: "2027-02-17", endsOn: "2027-08-17", days: 12, daysInMonth: 28, amountFen: 128_571n },
    // 300000 × 13 / 29 = 134482.76 → 134483 (rounded up)
    { name: "move-in on 17 February 2028: 13 of 29 days", month: "2028-02-01", startsOn: "2028-02-17", endsOn: "2028-08-17", days: 13, daysInMonth: 29, amountFen: 134_483n },
    // ends_on is the move-out day: the 29th is the last night. 300000 × 29 / 30 = 290000
    { name: "move-out on 30 April: 29 of 30 days", month: "2027-04-01", startsOn: "2026-10-01", endsOn: "2027-04-30", days: 29, daysInMonth: 30, amountFen: 290_000n },
    // 300000 × 10 / 31 = 96774.19 → 96774
    { name: "a lease inside one 31-day month (5th to 15th)", month: "2027-03-01", startsOn: "2027-03-05", endsOn: "2027-03-15", days: 10, daysInMonth: 31, amountFen: 96_774n },
    { name: "the lease's last month ending on the 1st: nothing", month: "2027-05-01", startsOn: "2027-01-01", endsOn: "2027-05-01", days: 0, daysInMonth: 31, amountFen: 0n },
    { name: "a lease that starts next month: nothing", month: "2027-05-01", startsOn: "2027-06-01", endsOn: "2027-12-01", days: 0, daysInMonth: 31, amountFen: 0n },
    { name: "one night at the end of December", month: "2026-12-01", startsOn: "2026-12-31", endsOn: "2027-01-31", days: 1, daysInMonth: 31, amountFen: 9_677n },
  ];

  it.each(cases)("$name", (c) => {
    expect(proratedRentFen({ monthlyRentFen: rent, month: c.month, startsOn: c.startsOn, endsOn: c.endsOn })).toEqual({
      days: c.days,
      daysInMonth: c.daysInMonth,
      amountFen: c.amountFen,
    });
  });

  it("rounds exactly half a fen up, and just under half down", () => {
    // 15 fen × 1 / 30 = 0.5 → 1; 14 fen × 1 / 30 = 0.4667 → 0
    expect(proratedRentFen({ monthlyRentFen: 15n, month: "2027-04-01", startsOn: "2027-04-30", endsOn: "2027-05-10" }).amountFen).toBe(1n);
    expect(proratedRentFen({ monthlyRentFen: 14n, month: "2027-04-01", startsOn: "2027-04-30", endsOn: "2027-05-10" }).amountFen).toBe(0n);
  });

  it("stays exact for a rent too large for a float to hold in fen", () => {
    const huge = 9_007_199_254_740_993n; // 2^53 + 1
    expect(proratedRentFen({ monthlyRentFen: huge, month: "2027-04-01", startsOn: "2027-04-16", endsOn: "2027-06-01" }).amountFen).toBe(
      (2n * huge * 15n + 30n) / 60n,
    );
  });

  it("splits a month between back-to-back leases without losing more than a fen", () => {
    const first = proratedRentFen({ monthlyRentFen: rent, month: "2027-02-01", startsOn: "2027-01-01", endsOn: "2027-02-17" });
    const second = proratedRentFen({ monthlyRentFen: rent, month: "2027-02-01", startsOn: "2027-02-17", endsOn: "2027-09-01" });
    expect(first.days + second.days).toBe(28);
    const sum = first.amountFen + second.amountFen;
    expect(sum >= rent - 1n && sum <= rent + 1n).toBe(true);
  });

  it("refuses a month that is not the first day of a month", () => {
    expect(() => proratedRentFen({ monthlyRentFen: rent, month: "2027-02-17", startsOn: "2027-02-17", endsOn: "2027-03-01" })).toThrow(RangeError);
  });

  it("knows every month length and steps across years", () => {
    expect(["2027-01-01", "2027-02-01", "2028-02-01", "2027-04-01", "2100-02-01", "2000-02-01"].map(daysInMonth)).toEqual([31, 28, 29, 30, 28, 29]);
    expect(nextMonthStart("2026-12-01")).toBe("2027-01-01");
    expect(previousMonthStart("2027-01-01")).toBe("2026-12-01");
  });
});

describe("utilityLines", () => {
  const previous = { readOn: "2027-03-01", electricityKwh: "1200.00", waterM3: "35.50" };

  it("charges electricity and water used between two readings at the park's tariffs", () => {
    const lines = utilityLines(previous, { readOn: "2027-04-01", electricityKwh: "1356.75", waterM3: "39.80" });
    // 156.75 kWh × 62 fen = 9718.5 → 9719 fen; 4.30 m³ × 500 fen = 2150 fen
    expect(lines).toEqual([
      expect.objectContaining({ quantity: 1, unitPriceFen: 9_719n, descriptionZh: expect.stringContaining("156.75 度") }),
      expect.objectContaining({ quantity: 1, unitPriceFen: 2_150n, descriptionEn: expect.stringContaining("4.30 m³") }),
    ]);
    expect(invoiceTotals(lines, 0).totalFen).toBe(11_869n);
    expect(ELECTRICITY_FEN_PER_KWH).toBe(62n);
    expect(WATER_FEN_PER_M3).toBe(500n);
  });

  it("gives no line for a meter that did not move, and none for a meter that went backwards", () => {
    expect(utilityLines(previous, { readOn: "2027-04-01", electricityKwh: "1200", waterM3: "35.5" })).toEqual([]);
    const lines = utilityLines(previous, { readOn: "2027-04-01", electricityKwh: "12.00", waterM3: "36.50" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ unitPriceFen: 500n, descriptionEn: expect.stringContaining("Water") });
  });

  it("rounds usage half up to the fen", () => {
    expect(usageFen(1n, 62n)).toBe(1n); // 0.01 kWh × 62 = 0.62 fen → 1
    expect(usageFen(1n, 49n)).toBe(0n); // 0.49 → 0
    expect(usageFen(1n, 50n)).toBe(1n); // 0.50 → 1
  });
});
