import { describe, expect, it } from "vitest";
import { MAX_TYPED_FEN, parseYuanToFen, yuanProblem } from "~/modules/billing/money";

describe("typed yuan amounts", () => {
  it.each([
    ["1280", 128_000n],
    ["1,280.50", 128_050n],
    ["¥0.01", 1n],
    ["100,000,000.00", MAX_TYPED_FEN],
    ["100000000.01", null],
    ["9999999999999", null],
    ["1e3", null],
    ["-5", null],
    ["0.105", null],
  ])("%s → %s fen", (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each([
    ["100,000,000", null],
    ["100000000.01", "errors.amountTooLarge"],
    ["9999999999999.99", "errors.amountTooLarge"],
    ["99999999999999", "errors.amountFormat"],
    ["abc", "errors.amountFormat"],
  ])("%s has problem %s", (input, problem) => {
    expect(yuanProblem(input)).toBe(problem);
  });
});
