import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvNumber, toCsv } from "~/modules/platform/csv.server";

function cellsOf(csv: string) {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  return parse(csv.slice(1)) as string[][];
}

describe("CSV exports", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ["+86 138", "'+86 138"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["＝1+2", "'＝1+2"],
    ["星火动画", "星火动画"],
    ["a=b", "a=b"],
  ])("defuses text typed as %j", (typed, written) => {
    expect(cellsOf(toCsv(["name"], [[typed]]))[1][0]).toBe(written);
  });

  it("keeps amounts numbers, negative ones too", () => {
    const [, row] = cellsOf(toCsv(["a", "b", "c", "d"], [[csvNumber("-12.50"), csvNumber("1234.5"), -3, 7n]]));
    expect(row).toEqual(["-12.50", "1234.5", "-3", "7"]);
    expect(row.map(Number).every(Number.isFinite)).toBe(true);
  });

  it("refuses to write text as a number", () => {
    expect(() => csvNumber("=1+2")).toThrow();
    expect(() => csvNumber("-")).toThrow();
  });
});
