import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCny, formatDate, formatDateTime } from "~/i18n/format";

describe("formatCny", () => {
  it.each([
    [0n, "¥0.00", "CN¥0.00"],
    [1, "¥0.01", "CN¥0.01"],
    ["99", "¥0.99", "CN¥0.99"],
    [100, "¥1.00", "CN¥1.00"],
    [12345n, "¥123.45", "CN¥123.45"],
    ["100000000", "¥1,000,000.00", "CN¥1,000,000.00"],
    // Beyond 2^53: a double would round this to …456.8 or worse.
    [123456789012345678n, "¥1,234,567,890,123,456.78", "CN¥1,234,567,890,123,456.78"],
    ["123456789012345678", "¥1,234,567,890,123,456.78", "CN¥1,234,567,890,123,456.78"],
    [-1, "-¥0.01", "-CN¥0.01"],
    [-12345n, "-¥123.45", "-CN¥123.45"],
    ["-100", "-¥1.00", "-CN¥1.00"],
  ] as [bigint | number | string, string, string][])("%s fen is %s (zh-CN) and %s (en)", (fen, zh, en) => {
    expect(formatCny(fen, "zh-CN")).toBe(zh);
    expect(formatCny(fen, "en")).toBe(en);
  });

  it("keeps every digit of amounts a double cannot hold", () => {
    const fen = 2n ** 62n + 1n; // 4611686018427387905 fen
    expect(formatCny(fen, "en").replace(/[^\d]/g, "")).toBe(fen.toString());
  });

  it("refuses a fractional number of fen rather than rounding it silently", () => {
    expect(() => formatCny(1.5, "zh-CN")).toThrow();
    expect(() => formatCny("12.34", "zh-CN")).toThrow();
  });
});

describe("dates and times", () => {
  const originalTz = process.env.TZ;
  beforeAll(() => {
    // A server far from Shanghai: the park's time must not depend on where the process runs.
    process.env.TZ = "America/Los_Angeles";
  });
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("the process really runs in another zone during these tests", () => {
    expect(new Date("2026-11-25T16:30:00Z").getHours()).toBe(8);
  });

  it("shows 16:30 UTC on 25 November as 00:30 on 26 November in Shanghai", () => {
    const zh = formatDateTime(new Date("2026-11-25T16:30:00Z"), "zh-CN");
    expect(zh).toContain("00:30");
    expect(zh).toContain("2026年11月26日");
    const en = formatDateTime("2026-11-25T16:30:00Z", "en");
    expect(en).toContain("00:30");
    expect(en).toContain("26 Nov 2026");
  });

  it("shows the Shanghai date, a day after the UTC date late in the evening", () => {
    expect(formatDate("2026-12-31T17:00:00Z", "zh-CN")).toBe("2027年1月1日");
    expect(formatDate("2026-12-31T17:00:00Z", "en")).toBe("1 Jan 2027");
    expect(formatDate("2026-12-31T15:59:00Z", "en")).toBe("31 Dec 2026");
  });

  it("renders nothing for a missing value", () => {
    expect(formatDateTime(null, "zh-CN")).toBe("");
    expect(formatDate(undefined, "en")).toBe("");
  });
});
