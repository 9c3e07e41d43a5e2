// Buying compute credits, walked as an AI company's owner: a summary (credits, bonus, price with
// VAT, how to pay) comes before any invoice exists, and an unpaid pack invoice can be cancelled.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, login, newContext, newPage, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const OWNER = "owner@qingyan.test";

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, { viewport: PHONE });
  ({ page } = await newPage(context));
  await login(page, OWNER);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe("buying a credit pack", () => {
  test("a summary comes first; confirming makes the invoice; the unpaid invoice can be cancelled", async () => {
    await page.goto("/compute");
    await waitForHydration(page);
    const invoicesBefore = await countInvoices();
    await page.locator("li.pack").first().getByRole("link", { name: "购买" }).click();
    await waitForPath(page, /^\/compute\?pack=/);
    const summary = page.locator("[data-testid=pack-summary]");
    const text = await summary.innerText();
    expect(text).toContain("算力点");
    expect(text).toContain("增值税（6%）");
    expect(text).toContain("合计");
    expect(text).toContain("对公转账");
    await screenshot(page, "journey-credits-summary-375");
    // Nothing is billed yet.
    expect(await countInvoices()).toBe(invoicesBefore);
    await page.goto("/compute");
    await waitForHydration(page);
    await page.locator("li.pack").first().getByRole("link", { name: "购买" }).click();
    await waitForPath(page, /^\/compute\?pack=/);
    await page.locator("[data-testid=pack-summary]").getByRole("button", { name: "确认下单" }).click();
    await waitForPath(page, /^\/billing\/invoices\//);
    expect(await countInvoices()).toBe(invoicesBefore + 1);

    await page.goto("/compute");
    await waitForHydration(page);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator(".banner").getByRole("button", { name: "取消订单" }).first().click();
    await expect.poll(() => page.locator("main").innerText(), { timeout: 15_000 }).toContain("已取消该算力订单");
    await page.goto("/billing");
    await waitForHydration(page);
    expect(await page.locator("table tbody tr").first().innerText()).toContain("已作废");
  });
});

async function countInvoices() {
  const other = await context.newPage();
  await other.goto("/billing");
  const n = await other.locator("table tbody tr").count();
  await other.close();
  return n;
}
