// A film crew booking a stage, walked as a person would: days inside the notice period are greyed
// with the reason, and the price-and-availability box always answers for the date selected now —
// after the date field was typed into, after an error, after a calendar pick.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatDate } from "~/i18n/format";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
import { launchBrowser, login, newContext, newPage, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const TENANT = "producer@qingyan.test";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, { viewport: PHONE });
  ({ page, errors } = await newPage(context));
  await login(page, TENANT);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const preview = () => page.locator("[data-testid=price-preview]");

/** The preview's text once it has settled on an answer (not "正在计算价格…"). */
async function settledPreview() {
  await expect.poll(async () => (await preview().innerText()).includes("正在计算"), { timeout: 15_000 }).toBe(false);
  return preview().innerText();
}

/** Free, clickable days of the month on screen. */
async function freeDays(): Promise<string[]> {
  return page.locator("td.cal-day[data-state=free]:not(.cal-outside)").evaluateAll((cells) => cells.filter((c) => c.querySelector("a.cal-pick")).map((c) => (c as HTMLElement).dataset.day!));
}

describe("booking a stage (services journey)", () => {
  test("days inside the 72-hour notice are greyed, not links, and say why", async () => {
    const today = parkDay(new Date());
    const soon = addDaysIso(today, 1);
    await page.goto(`/services/stage-1-day?month=${soon.slice(0, 7)}`);
    await waitForHydration(page);
    const cell = page.locator(`td[data-day="${soon}"]`);
    expect(await cell.getAttribute("data-state")).not.toBe("free");
    expect(await cell.locator("a").count()).toBe(0);
    expect(await cell.getAttribute("title")).toContain("需至少提前 72 小时预订");
    // Tapping the day (a phone has no hover) shows the reason under the calendar.
    await cell.locator("button").click();
    await expect.poll(() => page.locator("[data-testid=calendar-reason]").innerText()).toContain("需至少提前 72 小时预订");
    await screenshot(page, "journey-stage-notice-375");
  });

  test("the price box answers for the date selected now, never for the one before", async () => {
    const later = addDaysIso(parkDay(new Date()), 40).slice(0, 7);
    await page.goto(`/services/stage-1-day?month=${later}`);
    await waitForHydration(page);
    const days = await freeDays();
    expect(days.length).toBeGreaterThanOrEqual(2);
    const [a, b] = [days[0], days[days.length - 1]];

    await page.locator(`td[data-day="${a}"] a.cal-pick`).click();
    await waitForPath(page, new RegExp(`date=${a}`));
    await expect.poll(() => page.locator("input[name=date]").inputValue()).toBe(a);
    let text = await settledPreview();
    expect(text).toContain("所选时段可预订");

    // A date inside the notice period typed into the field: the box says why, for that date.
    const soon = addDaysIso(parkDay(new Date()), 1);
    await page.locator("input[name=date]").fill(soon);
    await expect.poll(() => preview().innerText(), { timeout: 15_000 }).toContain("需至少提前 72 小时预订");

    // Then another free day picked on the calendar: the answer is for it, not for the typed date.
    await page.locator(`td[data-day="${b}"] a.cal-pick`).click();
    await waitForPath(page, new RegExp(`date=${b}`));
    await expect.poll(() => page.locator("input[name=date]").inputValue()).toBe(b);
    text = await settledPreview();
    expect(text).toContain("所选时段可预订");
    expect(text).not.toContain("需至少提前");
    expect(await page.locator("[data-testid=preview-total]").innerText()).toBe("¥29,680.00");
    // The field itself carries no leftover error either.
    expect(await page.locator("form.booking-form").innerText()).not.toContain("需至少提前");
    await screenshot(page, "journey-stage-preview-375");
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  test("30 extras for 3 days: the invoice line reads 30 人 × 3 天, and the hold and the payment deadline are one date", async () => {
    const start = addDaysIso(parkDay(new Date()), 45);
    await page.goto(`/services/extras-day?month=${start.slice(0, 7)}&date=${start}`);
    await waitForHydration(page);
    await page.locator("input[name=quantity]").fill("30");
    await page.locator("input[name=days]").fill("3");
    await expect.poll(() => page.locator("[data-testid=preview-total]").innerText(), { timeout: 15_000 }).toBe("¥28,620.00");
    await page.getByRole("button", { name: "立即预订" }).click();
    await waitForPath(page, /^\/services\/orders\/[0-9a-f-]{36}/);
    // Extras need no review: the invoice is issued at once, due the day the hold ends.
    const payBy = formatDate(addDaysIso(parkDay(new Date()), 3), "zh-CN");
    const orderText = await page.locator("main").innerText();
    expect(orderText).toContain(`请在 ${payBy}（含）前付款`);
    expect(orderText).toContain("逾期未付，所订档期将自动释放");
    expect(orderText).not.toContain("72 小时");
    await screenshot(page, "journey-stage-order-375");

    await page.getByRole("link", { name: "去付款" }).click();
    await waitForPath(page, /^\/billing\/invoices\//);
    const invoiceText = await page.locator("main").innerText();
    expect(invoiceText).toContain(`请在 ${payBy}（含）前付款`);
    expect(invoiceText).toContain("逾期未付，所订档期将自动释放");
    const line = page.locator("table tbody tr").first();
    const lineText = await line.innerText();
    expect(lineText).toContain("群众演员");
    expect(lineText).toContain("30 人 × 3 天");
    expect(lineText).toContain("¥300.00");
    expect(lineText).toContain("¥27,000.00");
    expect(lineText).not.toContain("（人·天） × 3");
    await screenshot(page, "journey-stage-invoice-375");
  });

  test("extras and lighting are added from inside the stage booking, on the stage's dates, and the line's note reaches the order", async () => {
    const start = addDaysIso(parkDay(new Date()), 50);
    await page.goto(`/services/stage-2-day?month=${start.slice(0, 7)}&date=${start}`);
    await waitForHydration(page);
    await page.locator("input[name=days]").fill("2");
    await page.locator("textarea[name=note]").fill("需天车");
    const addOns = page.locator("[data-testid=add-ons]");
    await addOns.getByLabel("群众演员（人·天）").fill("20");
    await addOns.getByLabel("大型灯光套装（日租）").fill("1");
    // Stage 2 × 2 days ¥36,000, 20 extras × 2 days ¥12,000, a lighting kit × 2 days ¥7,000; plus 6% VAT.
    await expect.poll(() => page.locator("[data-testid=preview-total]").innerText(), { timeout: 15_000 }).toBe("¥58,300.00");
    await screenshot(page, "journey-stage-addons-375");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await waitForPath(page, "/services/cart");
    expect(await page.locator("[data-testid=cart-line]").count()).toBe(3);
    const cart = await page.locator("main").innerText();
    expect(cart).toContain("需天车");
    await page.getByRole("button", { name: "提交订单" }).click();
    await waitForPath(page, /^\/services\/orders\/[0-9a-f-]{36}/);
    const order = await page.locator("main").innerText();
    expect(order).toContain("需天车");
    expect(order).toContain("群众演员（人·天）");
    expect(order).toContain("大型灯光套装（日租）");
    // All three lines run on the stage's two days.
    const when = await page.locator("td[data-label=日期], td[data-label=时间]").allInnerTexts();
    expect(new Set(when).size).toBe(1);
  });
});
