// Paying and billing, walked as a tenant owner: an invoice past its due date reads 已逾期 on the
// list, on the invoice and on 工作台 alike, and no invoice was issued after its own due date.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
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

/** "2026年12月7日" → "2026-12-07". */
function isoOf(zhDate: string) {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(zhDate);
  if (!m) throw new Error(`not a date: ${zhDate}`);
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}

describe("billing journey: the overdue label", () => {
  test("the list, the invoice and 工作台 agree on which invoices are overdue", async () => {
    await page.goto("/billing");
    await waitForHydration(page);
    const rows = page.locator("table tbody tr");
    const overdueRows = rows.filter({ hasText: "已逾期" });
    const overdue = await overdueRows.count();
    expect(overdue).toBeGreaterThanOrEqual(1);
    // Every row whose due date has passed and is unpaid says so; no other row does.
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
    for (const row of await rows.all()) {
      const due = isoOf(await row.locator("td[data-label=付款期限]").innerText());
      const issued = isoOf(await row.locator("td").first().locator(".muted").innerText());
      expect(issued <= due, `issued ${issued} after its due date ${due}`).toBe(true);
      const status = await row.locator("td[data-label=状态]").innerText();
      if (status.includes("已付清") || status.includes("已作废")) continue;
      expect(status.includes("已逾期")).toBe(due < today);
    }
    await screenshot(page, "journey-billing-list-375");

    await overdueRows.first().locator("a").first().click();
    await waitForPath(page, /^\/billing\/invoices\//);
    expect(await page.locator(".invoice-head .badge").innerText()).toBe("已逾期");
    await screenshot(page, "journey-billing-overdue-invoice-375");

    await page.goto("/dashboard");
    await waitForHydration(page);
    const figure = page.locator("div.figure", { has: page.locator("dt", { hasText: "已逾期账单" }) });
    expect(await figure.locator("dd").innerText()).toBe(String(overdue));
  });

  test("after paying, the page says what happened, how, and leads back; the first fapiao is one click, made out from the company record", async () => {
    // A small order that needs no review: its invoice is issued at once.
    const start = addDaysIso(parkDay(new Date()), 55);
    await page.goto(`/services/extras-day?month=${start.slice(0, 7)}&date=${start}`);
    await waitForHydration(page);
    await page.locator("[data-testid=preview-total]").waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "立即预订" }).click();
    await waitForPath(page, /^\/services\/orders\/[0-9a-f-]{36}/);
    const orderPath = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "去付款" }).click();
    await waitForPath(page, /^\/billing\/invoices\//);
    await page.getByRole("button", { name: /立即支付/ }).click();
    await waitForPath(page, /^\/billing\/checkout\/cs_fake_/);
    await page.getByRole("button", { name: "确认支付" }).click();
    await waitForPath(page, /^\/billing\/invoices\//);
    const notice = await page.locator("[data-testid=paid-notice]").innerText();
    expect(notice).toContain("¥318.00");
    expect(notice).toContain("在线支付");
    expect(await page.locator("[data-testid=paid-notice] a").getAttribute("href")).toBe(orderPath);

    // The fapiao panel shows who it will be made out to, taken from the company record.
    const panel = page.locator("section.card", { has: page.getByRole("heading", { name: "发票", exact: true }) });
    const details = await panel.innerText();
    expect(details).toContain("上海青焰动画工作室");
    expect(details).toMatch(/91310\w{13}/);
    await panel.getByRole("button", { name: "申请开票" }).click();
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain("待开具");
    await screenshot(page, "journey-billing-paid-375");
  });
});
