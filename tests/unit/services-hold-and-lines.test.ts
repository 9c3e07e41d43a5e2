// The order's hold and its invoice's due date are one deadline; invoice lines say what they count.
import { describe, expect, it } from "vitest";
import { holdDeadline, holdStartedBefore, quantityLabel } from "~/modules/services/pricing";

describe("holdDeadline", () => {
  it("holds to the end of the third park day, the day the invoice falls due", () => {
    // 02:30 on 7 December in Shanghai (18:30 UTC the day before).
    const placed = new Date("2026-12-06T18:30:00Z");
    const { payBy, heldUntil } = holdDeadline(placed);
    expect(payBy).toBe("2026-12-10");
    expect(heldUntil.toISOString()).toBe("2026-12-10T16:00:00.000Z"); // 11 December 00:00 in Shanghai
  });

  it("late in the evening still counts from that park day", () => {
    expect(holdDeadline(new Date("2026-12-07T15:59:00Z")).payBy).toBe("2026-12-10"); // 23:59 on the 7th
    expect(holdDeadline(new Date("2026-12-07T16:00:00Z")).payBy).toBe("2026-12-11"); // 00:00 on the 8th
  });

  it("an order last moved before holdStartedBefore(now) has run out of its hold, and no other", () => {
    const moved = new Date("2026-12-06T18:30:00Z");
    const { heldUntil } = holdDeadline(moved);
    expect(moved < holdStartedBefore(new Date(heldUntil.getTime() - 1))).toBe(false);
    expect(moved < holdStartedBefore(heldUntil)).toBe(true);
  });
});

describe("quantityLabel", () => {
  it.each([
    ["person_day", 30, 3, "30 人 × 3 天", "30 people × 3 days"],
    ["person_day", 1, 1, "1 人 × 1 天", "1 person × 1 day"],
    ["day", 1, 2, "2 天", "2 days"],
    ["day", 2, 3, "2 × 3 天", "2 × 3 days"],
    ["hour", 1, 4, "4 小时", "4 hours"],
    ["half_day", 1, 2, "2 个半天", "2 half-days"],
    ["night", 3, 2, "3 间 × 2 晚", "3 rooms × 2 nights"],
    ["item", 5, 1, "5 项", "5 items"],
  ] as const)("%s × %i × %i", (unit, quantity, units, zh, en) => {
    expect(quantityLabel(unit, quantity, units)).toEqual({ zh, en });
  });
});
