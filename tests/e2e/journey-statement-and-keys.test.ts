// Two journeys at 375 px: finance uploads the statement as 工商银行 exports it (GB18030 CSV, a title
// above the table, 合计 below, the payer's words typed full-width in 个性化信息), sees what would
// happen row by row, and applies it; an AI company's owner creates its own API key on
// /compute/api, sees it once, uses it, and revokes it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fullWidth, icbcStatement } from "../fixtures/bank-statements";
import { baseUrl, launchBrowser, login, mainText, newContext, newPage, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("finance imports the bank's own export", () => {
  test("a 工行 GB18030 CSV is previewed (matched, unmatched, skipped with reasons) and then applied", async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const { page, errors } = await newPage(context);
    await login(page, "finance@haopu.test");

    // An open invoice of a company the other journeys do not pay.
    await page.goto("/finance/invoices?status=open");
    await waitForHydration(page);
    const row = page
      .locator("main table tbody tr")
      .filter({ hasNotText: "青焰" })
      .filter({ hasNotText: "浦江" })
      .last();
    const number = (await row.locator("a").first().innerText()).trim();
    await row.locator("a").first().click();
    await waitForPath(page, /^\/finance\/invoices\/[0-9a-f-]{36}$/);
    const invoicePath = new URL(page.url()).pathname;
    const reference = (await page.locator("dl.details dd code").first().innerText()).trim();
    expect(reference).toMatch(/^HP-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    const run = Date.now().toString(36).toUpperCase();
    const file = path.join(os.tmpdir(), `icbc-${run}.csv`);
    fs.writeFileSync(
      file,
      icbcStatement(
        [
          { date: today, amount: "1,000,000.00", payer: "上海某影视有限公司", reference: `ICBC${run}A`, message: `付账单 ${fullWidth(reference)}` },
          { date: today, amount: "888.00", payer: "北京短剧工作室", reference: `ICBC${run}B`, message: "服务费" },
        ],
        { date: today, amount: "3,200.00", reference: `ICBC${run}C` },
      ),
    );

    await page.goto("/finance/transfers");
    await waitForHydration(page);
    const importForm = page.locator("form", { has: page.locator('input[name="intent"][value="preview"]') });
    await importForm.locator('input[type="file"]').setInputFiles(file);
    await importForm.getByRole("button", { name: "预览" }).click();
    const preview = page.locator("[data-testid=statement-preview]");
    await preview.waitFor({ timeout: 15_000 });
    const previewText = await preview.innerText();
    expect(previewText).toContain("可匹配 1 笔，未匹配 1 笔");
    expect(previewText).toContain("表头在第 4 行");
    expect(previewText).toContain(number);
    expect(previewText).toContain("摘要中没有转账识别码");
    expect(previewText).toContain("支出（付出的款项）");
    expect(previewText).toContain("合计行");
    await screenshot(page, "journey-statement-preview-375");
    // Nothing is recorded by a preview.
    await page.goto(invoicePath);
    expect(await mainText(page)).not.toContain(`ICBC${run}A`);

    await page.goto("/finance/transfers");
    await waitForHydration(page);
    await importForm.locator('input[type="file"]').setInputFiles(file);
    await importForm.getByRole("button", { name: "预览" }).click();
    await preview.waitFor({ timeout: 15_000 });
    await preview.getByRole("button", { name: "确认导入 2 笔" }).click();
    await page.getByRole("heading", { name: "导入结果" }).waitFor({ timeout: 15_000 });
    expect(await mainText(page)).toContain("已匹配 1 笔，未匹配 1 笔");
    await screenshot(page, "journey-statement-applied-375");

    await page.goto(invoicePath);
    await waitForHydration(page);
    const invoiceText = await mainText(page);
    expect(invoiceText).toContain("已付清");
    expect(invoiceText).toContain(`ICBC${run}A`);
    expect(errors).toEqual([]);
    fs.rmSync(file);
    await context.close();
  });
});

describe("an AI company's own API key", () => {
  test("the owner creates a key for one project on /compute/api, sees it once, it works, and revoking it stops it", async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const { page, errors } = await newPage(context);
    await login(page, "owner@xingyuan.test");
    await page.goto("/compute/api");
    await waitForHydration(page);
    const slug = (await page.locator("[data-testid=tenant-slug]").innerText()).trim();

    const name = `渲染农场 ${Date.now().toString(36)}`;
    await page.getByLabel("名称").fill(name);
    await page.getByLabel("适用范围").selectOption({ index: 1 });
    await page.getByRole("button", { name: "创建密钥" }).click();
    const shown = page.locator("[data-testid=new-api-key]");
    await shown.waitFor({ timeout: 15_000 });
    const key = await shown.inputValue();
    expect(key).toMatch(/^hpt_/);
    expect(await page.locator(".new-key").innerText()).toContain("无法再次查看");
    await screenshot(page, "journey-api-key-created-375");

    // The key reads the company's own balance, not another's.
    const own = await fetch(`${baseUrl()}/api/v1/tenants/${slug}/balance`, { headers: { Authorization: `Bearer ${key}` } });
    expect(own.status).toBe(200);
    const other = await fetch(`${baseUrl()}/api/v1/tenants/qingyan/balance`, { headers: { Authorization: `Bearer ${key}` } });
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe("forbidden_tenant");

    // Shown once: after a reload only its prefix is left, with when it was last used.
    await page.reload();
    await waitForHydration(page);
    expect(await page.locator("[data-testid=new-api-key]").count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    const keyRow = page.locator("[data-testid=tenant-api-keys] tr, [data-testid=tenant-api-keys] li").filter({ hasText: name });
    expect(await keyRow.innerText()).toContain(key.slice(0, 8));
    expect(await keyRow.innerText()).not.toContain("从未使用");

    page.once("dialog", (dialog) => void dialog.accept());
    await keyRow.getByRole("button", { name: "吊销" }).click();
    await page.getByText(`密钥「${name}」已吊销`).waitFor({ timeout: 15_000 });
    expect(await keyRow.innerText()).toContain("吊销");
    const after = await fetch(`${baseUrl()}/api/v1/tenants/${slug}/balance`, { headers: { Authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
    await screenshot(page, "journey-api-key-revoked-375");
    expect(errors).toEqual([]);
    await context.close();
  });
});
