// The events' pure rules: times typed in park time, check-in codes typed by people.
import { describe, expect, it } from "vitest";
import { checkInSchema, formatCheckInCode, instantToParkLocal, normaliseCheckInCode } from "~/modules/circle/events-forms";
import { parkLocalToInstant } from "~/modules/platform/dates";

describe("park-time input fields", () => {
  it.each([
    ["2026-12-18T09:30", "2026-12-18T01:30:00.000Z"],
    ["2026-12-18T00:15", "2026-12-17T16:15:00.000Z"],
    ["2026-12-31T23:59", "2026-12-31T15:59:00.000Z"],
  ])("%s in Shanghai is %s", (typed, utc) => {
    expect(parkLocalToInstant(typed)?.toISOString()).toBe(utc);
    expect(instantToParkLocal(new Date(utc))).toBe(typed);
  });

  it.each(["2026-02-30T10:00", "2026-12-18T24:00", "2026-12-18T10:60", "2026-12-18 10:00", "", "<script>"])("refuses %j", (typed) => {
    expect(parkLocalToInstant(typed)).toBeNull();
  });
});

describe("check-in codes", () => {
  it.each([
    ["abcd-2345", "ABCD2345"],
    [" ABCD 2345 ", "ABCD2345"],
    ["abcd2345", "ABCD2345"],
  ])("%j is read as %s", (typed, code) => {
    expect(normaliseCheckInCode(typed)).toBe(code);
    expect(checkInSchema.safeParse({ code: typed }).success).toBe(true);
  });

  it.each(["ABCD-234", "ABCD-23456", "ABCD-0O1I", "<script>", ""])("refuses %j", (typed) => {
    expect(checkInSchema.safeParse({ code: typed }).success).toBe(false);
  });

  it("shows codes as two groups of four", () => {
    expect(formatCheckInCode("ABCD2345")).toBe("ABCD-2345");
  });
});
