// The instants a usage event names: ISO 8601 with an offset, checked against the calendar.
import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "~/modules/credits/usage.server";

describe("parseIsoInstant", () => {
  it.each([
    ["2026-12-07T05:00:00Z", "2026-12-07T05:00:00.000Z"],
    ["2026-12-07 05:00Z", "2026-12-07T05:00:00.000Z"],
    ["2026-12-07T13:00:00+08:00", "2026-12-07T05:00:00.000Z"],
    ["2026-12-07T13:00:00+0800", "2026-12-07T05:00:00.000Z"],
    ["2026-12-07T00:30:00-05", "2026-12-07T05:30:00.000Z"],
    ["2026-12-07T05:00:00.1234567z", "2026-12-07T05:00:00.123Z"],
    ["2026-12-07T05:00:00.5Z", "2026-12-07T05:00:00.500Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29T23:59:59Z", "2000-02-29T23:59:59.000Z"],
    ["2027-01-01T07:59:59+08:00", "2026-12-31T23:59:59.000Z"],
    ["1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"],
    ["1969-12-31T23:59:59Z", "1969-12-31T23:59:59.000Z"],
    ["0099-03-01T00:00:00Z", "0099-03-01T00:00:00.000Z"],
    ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59.000Z"],
  ])("%s is %s", (text, iso) => {
    expect(parseIsoInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    "2026-02-29T00:00:00Z", // not a leap year
    "1900-02-29T00:00:00Z", // not a leap year either (divisible by 100, not by 400)
    "2026-02-30T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-12-00T00:00:00Z",
    "2026-12-07T24:00:00Z",
    "2026-12-07T05:60:00Z",
    "2026-12-07T05:00:60Z",
    "2026-12-07T05:00:00+15:00",
    "2026-12-07T05:00:00+08:60",
    "2026-12-07T05:00:00", // no offset: which hour would it be?
    "2026-12-07",
    "",
    "yesterday",
  ])("refuses %s", (text) => {
    expect(parseIsoInstant(text)).toBeNull();
  });

  it("refuses what is not text", () => {
    for (const value of [null, undefined, 1_765_000_000_000, new Date(), {}]) expect(parseIsoInstant(value)).toBeNull();
  });
});
