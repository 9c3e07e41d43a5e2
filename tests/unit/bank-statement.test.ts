// Reading bank statements and payers' memos: the pure rules behind matching transfers to invoices.
import { describe, expect, it } from "vitest";
import { findInvoiceMentions, findTransferReferences, normaliseStatementDate, parseBankStatement, parseStatementAmount } from "~/modules/billing/bank-statement";
import { decodeStatement, readStatementFile } from "~/modules/billing/statement-file.server";
import { isPdf, missingForSpecialFapiao } from "~/modules/billing/fapiao-forms";
import { isIsoDate } from "~/modules/platform/dates";
import { AppError } from "~/modules/platform/errors";
import { bocomStatement, ccbStatement, cmbStatement, fullWidth, icbcStatement } from "../fixtures/bank-statements";

describe("findTransferReferences", () => {
  it.each([
    ["货款 HP-7K2Q-M9XD", ["HP-7K2Q-M9XD"]],
    ["hp7k2qm9xd", ["HP-7K2Q-M9XD"]],
    ["HP 7K2Q M9XD 谢谢", ["HP-7K2Q-M9XD"]],
    ["HP-7K2Q-M9XD,HP-ABCD-EFGH;HP-7K2Q-M9XD", ["HP-7K2Q-M9XD", "HP-ABCD-EFGH"]],
    // Typed on a phone's full-width keyboard, or with a long dash.
    ["付款ＨＰ－７Ｋ２Ｑ－Ｍ９ＸＤ", ["HP-7K2Q-M9XD"]],
    ["ｈｐ７ｋ２ｑｍ９ｘｄ", ["HP-7K2Q-M9XD"]],
    ["HP—7K2Q—M9XD", ["HP-7K2Q-M9XD"]],
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

describe("findInvoiceMentions", () => {
  it.each([
    ["账单 HP-2026-000123 及 HP-7K2Q-M9XD", ["HP-2026-000123", "HP-7K2Q-M9XD"]],
    ["ＨＰ－２０２６－０００１２３ 服务费", ["HP-2026-000123"]],
    ["HP 7K2Q M9XD / hp2026000124", ["HP-7K2Q-M9XD", "HP-2026-000124"]],
    ["HP-2026-0001234", []],
    ["电话 13800000000", []],
  ])("%s → %j", (memo, expected) => {
    expect(findInvoiceMentions(memo)).toEqual(expected);
  });
});

describe("statement amounts", () => {
  it.each([
    ["10,600.00", 1_060_000n],
    ["１２，３４５．００", 1_234_500n],
    ["+88.5", 8_850n],
    ["¥1,234,567.89", 123_456_789n],
    ["100.00元", 10_000n],
    ["-3,200.00", -320_000n],
    ["(45.00)", -4_500n],
    ["", 0n],
    ["--", 0n],
    ["0.00", 0n],
    ["12.345", null],
    ["abc", null],
  ])("%s → %s", (input, expected) => {
    expect(parseStatementAmount(input)).toBe(expected);
  });
});

describe("banks' own exports", () => {
  const today = "2026-12-07";
  const day = "2026-12-06";
  const incoming = [
    { date: day, amount: "10,600.00", payer: "上海青禾动画有限公司", reference: "ICBC-0001", message: `付账单 ${fullWidth("HP-7K2Q-M9XD")}` },
    { date: day, amount: "888.00", payer: "北京短剧工作室", reference: "ICBC-0002", message: "服务费" },
  ];

  it("工行: a GB18030 CSV with a title above the header, 借/贷 columns, an outgoing payment and a 合计 line", async () => {
    const bytes = icbcStatement(incoming, { date: day, amount: "3,200.00", reference: "ICBC-0003" });
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const parsed = parseBankStatement(await readStatementFile(bytes), today);
    expect(parsed.headerLine).toBe(4);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 5, receivedOn: day, amountFen: 1_060_000n, payerName: "上海青禾动画有限公司", bankReference: "ICBC-0001", memo: `货款 / 汇入汇款 / 付账单 ${fullWidth("HP-7K2Q-M9XD")}` },
      { line: 6, receivedOn: day, amountFen: 88_800n, payerName: "北京短剧工作室", bankReference: "ICBC-0002", memo: "货款 / 汇入汇款 / 服务费" },
    ]);
    expect(findInvoiceMentions(parsed.rows[0].memo)).toEqual(["HP-7K2Q-M9XD"]);
    expect(parsed.skipped.map(({ line, reason, amountFen }) => ({ line, reason, amountFen }))).toEqual([
      { line: 7, reason: "outgoing", amountFen: 320_000n },
      { line: 8, reason: "total", amountFen: null },
      { line: 9, reason: "note", amountFen: null },
    ]);
  });

  it("招行: an .xlsx with numbers as numbers, a date cell, 用途 beside 摘要, the bank's interest and a 合计 row", async () => {
    const bytes = await cmbStatement(
      [
        { date: day, amount: "50,000.50", payer: "上海星河算力科技有限公司", reference: "CMB-0001", message: "HP-2026-000123 算力包" },
        { date: day, amount: "1,234,567.89", payer: "上海青禾动画有限公司", reference: "CMB-0002", message: "HP 7K2Q M9XD" },
      ],
      { date: day, amount: 12.34, reference: "CMB-0003" },
    );
    const parsed = parseBankStatement(await readStatementFile(bytes), today);
    expect(parsed.headerLine).toBe(4);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 5, receivedOn: day, amountFen: 5_000_050n, payerName: "上海星河算力科技有限公司", bankReference: "CMB-0001", memo: "HP-2026-000123 算力包 / 网银跨行汇款 / CN" },
      { line: 6, receivedOn: day, amountFen: 123_456_789n, payerName: "上海青禾动画有限公司", bankReference: "CMB-0002", memo: "HP 7K2Q M9XD / 网银跨行汇款 / CN" },
    ]);
    expect(parsed.skipped.map(({ line, reason, amountFen }) => ({ line, reason, amountFen }))).toEqual([
      { line: 7, reason: "interest", amountFen: 1_234n },
      { line: 8, reason: "total", amountFen: 100n },
    ]);
  });

  it("建行: a UTF-8 CSV with a BOM, 借方发生额（支取）/贷方发生额（收入） and 备注", async () => {
    const parsed = parseBankStatement(await readStatementFile(ccbStatement(incoming)), today);
    expect(parsed.headerLine).toBe(3);
    expect(parsed.rows.map((r) => [r.line, r.receivedOn, r.amountFen, r.bankReference, r.memo])).toEqual([
      [4, day, 1_060_000n, "ICBC-0001", `付账单 ${fullWidth("HP-7K2Q-M9XD")} / 转账`],
      [5, day, 88_800n, "ICBC-0002", "服务费 / 转账"],
    ]);
    expect(parsed.skipped.map((s) => s.reason)).toEqual(["total"]);
  });

  it("交行: tab-separated GB18030 text with one signed amount and a 借贷标志", async () => {
    const parsed = parseBankStatement(await readStatementFile(bocomStatement(incoming, { date: day, amount: "9,000.00", reference: "BOCOM-9" })), today);
    expect(parsed.rows.map((r) => [r.bankReference, r.amountFen, r.payerName, r.memo])).toEqual([
      ["ICBC-0001", 1_060_000n, "上海青禾动画有限公司", `付账单 ${fullWidth("HP-7K2Q-M9XD")} / 跨行汇入`],
      ["ICBC-0002", 88_800n, "北京短剧工作室", "服务费 / 跨行汇入"],
    ]);
    expect(parsed.skipped.map(({ reason, amountFen, bankReference }) => ({ reason, amountFen, bankReference }))).toEqual([
      { reason: "outgoing", amountFen: 900_000n, bankReference: "BOCOM-9" },
      { reason: "total", amountFen: null, bankReference: "" },
    ]);
  });

  it("refuses a legacy .xls (or an HTML page named .xls) saying to save it as .xlsx or CSV", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(readStatementFile(ole)).rejects.toMatchObject({ messageKey: "errors.statementLegacyExcel" });
    await expect(readStatementFile(new TextEncoder().encode("<html><table><tr><td>交易日期</td></tr></table></html>"))).rejects.toMatchObject({
      messageKey: "errors.statementLegacyExcel",
    });
  });

  it("refuses a title-only file naming what is missing and the closest line", () => {
    try {
      parseBankStatement("中国工商银行单位账户交易明细\n交易时间,对方单位名称,摘要\n2026-12-01,某公司,x\n", today);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).messageKey).toBe("errors.statementColumns");
      expect((error as AppError).params).toMatchObject({ found: "交易时间, 对方单位名称, 摘要" });
      expect(String((error as AppError).params.missing)).toContain("贷方发生额");
    }
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
      skipped: [],
      headerLine: 1,
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

  it("skips a hand-made file's negative amounts as outgoing, not as errors", () => {
    const csv = "date,amount,payer,reference\n2026-05-01,-5,x,R1\n2026-05-01,5,x,R2\n";
    const parsed = parseBankStatement(csv, today);
    expect(parsed.rows.map((r) => r.bankReference)).toEqual(["R2"]);
    expect(parsed.skipped).toEqual([{ line: 2, reason: "outgoing", bankReference: "R1", amountFen: 500n, text: "2026-05-01 -5 x R1" }]);
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
