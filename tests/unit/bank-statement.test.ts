// Reading bank statements and payers' memos: the pure rules behind matching transfers to invoices.
import { describe, expect, it } from "vitest";
import { findTransferReferences, normaliseStatementDate, parseBankStatement } from "~/modules/billing/bank-statement";
import { decodeStatement } from "~/modules/billing/statement-file.server";
import { isPdf, missingForSpecialFapiao } from "~/modules/billing/fapiao-forms";
import { isIsoDate } from "~/modules/billing/finance-forms";
import { AppError } from "~/modules/platform/errors";

describe("findTransferReferences", () => {
  it.each([
    ["货款 HP-7K2Q-M9XD", ["HP-7K2Q-M9XD"]],
    ["hp7k2qm9xd", ["HP-7K2Q-M9XD"]],
    ["HP 7K2Q M9XD 谢谢", ["HP-7K2Q-M9XD"]],
    ["HP-7K2Q-M9XD,HP-ABCD-EFGH;HP-7K2Q-M9XD", ["HP-7K2Q-M9XD", "HP-ABCD-EFGH"]],
    // An invoice number is not a transfer reference (0 and 1 are not in the alphabet).
    ["HP-2026-000123", []],
    // Inside a longer code it is not a reference either.
    ["SHP-7K2Q-M9XD", []],
    ["HP-7K2Q-M9XDZ", []],
    ["", []],
  ])("%s → %j", (memo, expected) => {
    expect(findTransferReferences(memo)).toEqual(expected);
  });
});

describe("dates in statements", () => {
  it.each([
    ["2026-05-03", "2026-05-03"],
    ["2026/5/3", "2026-05-03"],
    ["2026.05.03", "2026-05-03"],
    ["20260503", "2026-05-03"],
    ["2026年5月3日", "2026-05-03"],
    ["2026-05-03 14:22:01", "2026-05-03"],
    ["2026-02-30", null],
    ["03/05/2026", null],
    ["", null],
  ])("%s → %s", (input, expected) => {
    expect(normaliseStatementDate(input)).toBe(expected);
  });

  it.each([
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-5-3", false],
  ])("isIsoDate(%s) is %s", (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe("parseBankStatement", () => {
  const today = "2026-05-10";

  it("reads Chinese headers (with units and a BOM), amounts with separators and quoted memos", () => {
    const csv = '\uFEFF交易日期,金额（元）,付款人,流水号,摘要\n2026-05-06,"10,600.00",上海青禾动画有限公司,ICBC001,"货款, HP-7K2Q-M9XD"\n\n';
    expect(parseBankStatement(csv, today)).toEqual({
      rows: [
        { line: 2, receivedOn: "2026-05-06", amountFen: 1_060_000n, payerName: "上海青禾动画有限公司", bankReference: "ICBC001", memo: "货款, HP-7K2Q-M9XD" },
      ],
      invalid: [],
    });
  });

  it("reads English headers in any order and case, memo optional", () => {
    const csv = "Reference,Payer Name,AMOUNT,Date\nR1,Acme,¥88.5,2026/05/01\n";
    expect(parseBankStatement(csv, today).rows).toEqual([
      { line: 2, receivedOn: "2026-05-01", amountFen: 8_850n, payerName: "Acme", bankReference: "R1", memo: "" },
    ]);
  });

  it("lists every bad row with all its reasons", () => {
    const csv = ["date,amount,payer,reference", "2026-05-32,abc,,", "2026-05-11,1,x,R2", "2026-05-01,1,x,R3", "2026-05-01,2,y,R3"].join("\n");
    expect(parseBankStatement(csv, today).invalid).toEqual([
      { line: 2, bankReference: "", reasons: ["errors.statementDate", "errors.statementAmount", "errors.statementPayer", "errors.statementReference"] },
      { line: 3, bankReference: "R2", reasons: ["errors.dateInFuture"] },
      { line: 5, bankReference: "R3", reasons: ["errors.statementDuplicateReference"] },
    ]);
  });

  it.each([
    ["no header it knows", "foo,bar\n1,2", "errors.statementColumns"],
    ["only a header", "date,amount,payer,reference\n", "errors.statementEmpty"],
    ["an unclosed quote", 'date,amount,payer,reference\n"2026-05-01,1,x,R1', "errors.statementUnreadable"],
  ])("refuses a file with %s", (_label, csv, key) => {
    expect(() => parseBankStatement(csv, today)).toThrow(AppError);
    try {
      parseBankStatement(csv, today);
    } catch (error) {
      expect((error as AppError).messageKey).toBe(key);
    }
  });

  it("decodes UTF-8 and falls back to GB18030", () => {
    expect(decodeStatement(new TextEncoder().encode("付款人"))).toBe("付款人");
    expect(decodeStatement(Buffer.from("b8b6bfeec8cb", "hex"))).toBe("付款人");
  });
});

describe("fapiao rules", () => {
  it.each([
    ["%PDF-1.7\n", true],
    ["%PDF", false],
    ["<html>%PDF-", false],
    ["", false],
  ])("isPdf(%j) is %s", (text, expected) => {
    expect(isPdf(new TextEncoder().encode(text))).toBe(expected);
  });

  it("a special fapiao needs address, phone, bank and account", () => {
    expect(missingForSpecialFapiao({ address: "地址", phone: " ", bankName: "", bankAccount: "123" })).toEqual(["phone", "bankName"]);
  });
});
