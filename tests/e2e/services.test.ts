// Booking in a real browser: a tenant member books Stage 1 for two days plus 20 extras through
// the cart (the price shown before submitting is what the invoice charges), the services manager
// approves in a second browser, the tenant pays on the demo gateway and sees the order confirmed;
// the calendar shows the booking, and a second tenant finds those days taken.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatCny } from "~/i18n/format";
import { addDaysIso, parkDay } from "~/modules/services/pricing";
import { launchBrowser, login, mainText, newContext, newPage, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };
const TENANT = "producer@qingyan.test";
const SECOND_TENANT = "owner@pujiang.test";
const DESK = "services@haopu.test";

// Far enough ahead that the demo park's busy calendar (the coming four weeks) leaves it free.
const first = addDaysIso(parkDay(new Date()), 40);
/** Both booked days in one month, so one month view shows them. */
const day = addDaysIso(first, 1).slice(0, 7) === first.slice(0, 7) ? first : addDaysIso(first, 2);
const month = day.slice(0, 7);
const title = `E2E 棚拍 ${Date.now().toString(36)}`;
/** 2 stage days at ¥28,000 and 20 extras × 2 days at ¥300, plus 6% VAT. */
const subtotalFen = 2n * 2_800_000n + 20n * 2n * 30_000n;
const totalFen = subtotalFen + (subtotalFen * 600n + 5000n) / 10000n;
const cny = (fen: bigint) => formatCny(fen, "zh-CN");

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function expectFitsPhone(page: Page, path: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) {
    const wide = await page.evaluate((limit) => {
      return [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !el.closest(".cal-scroll, .table-wrap"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/\s+/g, ".")} → ${Math.round(el.getBoundingClientRect().right)} px`);
    }, PHONE.width);
    expect.fail(`${path} is ${width} px wide at 375 px: ${wide.join("; ")}`);
  }
}

/** Shots of a page at 375 and 1280 px, checking it fits the phone. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize(PHONE);
  await page.evaluate(() => document.fonts.ready);
  await expectFitsPhone(page, new URL(page.url()).pathname);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize(LAPTOP);
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
}

async function previewTotal(page: Page) {
  const total = page.locator("[data-testid=preview-total]");
  await total.waitFor({ state: "visible", timeout: 15_000 });
  return total.innerText();
}

describe("booking a stage and extras, approved, paid and confirmed", () => {
  let tenant: BrowserContext;
  let desk: BrowserContext;
  let page: Page;
  let errors: string[];
  let orderPath = "";

  beforeAll(async () => {
    tenant = await newContext(browser, { viewport: PHONE });
    desk = await newContext(browser, { viewport: LAPTOP });
  });
  afterAll(async () => {
    await tenant?.close();
    await desk?.close();
  });

  test("a visitor browses the catalogue with prices; screenshots of /services", async () => {
    const visitor = await newContext(browser, { viewport: PHONE });
    const { page: v, errors: visitorErrors } = await newPage(visitor);
    await v.goto("/");
    await waitForHydration(v);
    await v.getByRole("link", { name: "查看全部服务与价格" }).click();
    await waitForPath(v, "/services");
    await v.getByRole("heading", { level: 1, name: "一站式服务" }).waitFor();
    const text = await mainText(v);
    // A category at a time: the first (摄影棚) with the packages; every category one tap away.
    expect(text).toContain("一号摄影棚（日租）");
    expect(text).toContain("¥28,000.00");
    expect(text).toContain("短剧开机套餐");
    expect(text).not.toContain("按需报价");
    await shoot(v, "services-catalogue");
    await v.getByRole("navigation", { name: "按类别筛选" }).getByRole("link", { name: /^全部/ }).click();
    await waitForPath(v, /\/services\?category=all/);
    await expect.poll(() => mainText(v)).toContain("按需报价");
    expect(await mainText(v)).toContain("一号摄影棚（日租）");
    await v.getByRole("link", { name: /^群演/ }).first().click();
    await waitForPath(v, /\/services\?category=extras/);
    await expect.poll(() => mainText(v)).not.toContain("一号摄影棚（日租）");
    expect(await mainText(v)).toContain("群众演员（人·天）");
    expect(visitorErrors).toEqual([]);
    await visitor.close();
  });

  test("the tenant member puts Stage 1 for two days and 20 extras in the cart, seeing the price first", async () => {
    ({ page, errors } = await newPage(tenant));
    await login(page, TENANT);
    await page.goto(`/services/stage-1-day?month=${month}&date=${day}`);
    await waitForHydration(page);
    // The first preview (one day) appears once React has hydrated the form: edit it after that.
    expect(await previewTotal(page)).toBe(cny(2_800_000n + 168_000n));
    await page.locator("input[name=days]").fill("2");
    await expect.poll(() => previewTotal(page), { timeout: 15_000 }).toBe(cny(2n * 2_800_000n + (2n * 2_800_000n * 600n + 5000n) / 10000n));
    expect(await page.locator(".price-preview").innerText()).toContain("所选时段可预订");
    await shoot(page, "services-offering-stage");
    await page.getByRole("button", { name: "加入购物车" }).click();
    await waitForPath(page, "/services/cart");

    await page.goto(`/services/extras-day?month=${month}&date=${day}`);
    await waitForHydration(page);
    expect(await previewTotal(page)).toBe(cny(30_000n + 1_800n));
    await page.locator("input[name=quantity]").fill("20");
    await page.locator("input[name=days]").fill("2");
    await expect.poll(() => previewTotal(page), { timeout: 15_000 }).toBe(cny(1_200_000n + 72_000n));
    await page.getByRole("button", { name: "加入购物车" }).click();
    await waitForPath(page, "/services/cart");

    expect(await page.locator("[data-testid=cart-line]").count()).toBe(2);
    expect(await page.locator("[data-testid=cart-total]").innerText()).toBe(cny(totalFen));
    await page.locator("input[name=title]").fill(title);
    await page.getByRole("button", { name: "提交订单" }).click();
    await waitForPath(page, /^\/services\/orders\/[0-9a-f-]{36}/);
    orderPath = new URL(page.url()).pathname;
    const text = await mainText(page);
    expect(text).toContain("订单已提交");
    expect(text).toContain("待审核");
    expect(await page.locator("[data-testid=order-total]").innerText()).toBe(cny(totalFen));
  });

  test("the services manager approves it in a second browser", async () => {
    const { page: staff, errors: staffErrors } = await newPage(desk);
    await login(staff, DESK);
    await staff.goto("/services/desk");
    await waitForHydration(staff);
    await shoot(staff, "services-desk");
    await staff.getByRole("link", { name: title }).click();
    await waitForPath(staff, orderPath.replace("/services/orders/", "/services/desk/"));
    expect(await mainText(staff)).toContain(cny(totalFen));
    await staff.getByRole("button", { name: "批准并开具账单" }).click();
    await waitForPath(staff, /\?done=approve/);
    expect(await mainText(staff)).toContain("已批准，账单已开具");
    // The desk's calendar shows who holds Stage 1.
    await staff.goto(`/services/stage-1-day?month=${month}`);
    await waitForHydration(staff);
    expect(await staff.locator(`td[data-day="${day}"]`).innerText()).toContain("上海青焰动画工作室");
    await shoot(staff, "services-offering-desk");
    expect(staffErrors).toEqual([]);
  });

  test("the tenant pays the invoice on the demo gateway and sees the order confirmed", async () => {
    await page.goto(orderPath);
    await waitForHydration(page);
    expect(await mainText(page)).toContain("已批准待付款");
    await page.getByRole("link", { name: "去付款" }).click();
    await waitForPath(page, /^\/billing\/invoices\//);
    const invoicePath = new URL(page.url()).pathname;
    expect(await mainText(page)).toContain(cny(totalFen));
    await page.getByRole("button", { name: /立即支付/ }).click();
    await waitForPath(page, /^\/billing\/checkout\/cs_fake_/);
    await page.getByRole("button", { name: "确认支付" }).click();
    await waitForPath(page, invoicePath);
    expect(await mainText(page)).toContain("付款成功");

    await page.goto(orderPath);
    await waitForHydration(page);
    const text = await mainText(page);
    expect(text).toContain("已确认");
    expect(text).toContain("订单确认");
    await shoot(page, "services-order-confirmed");

    // The calendar shows the booking as the tenant's own, both days.
    await page.goto(`/services/stage-1-day?month=${month}`);
    await waitForHydration(page);
    for (const d of [day, addDaysIso(day, 1)]) expect(await page.locator(`td[data-day="${d}"]`).getAttribute("data-state")).toBe("mine");
    expect(errors).toEqual([]);
  });

  test("a second tenant trying the same days sees them taken and cannot book them", async () => {
    const other = await newContext(browser, { viewport: PHONE });
    const { page: p, errors: otherErrors } = await newPage(other);
    await login(p, SECOND_TENANT);
    await p.goto(`/services/stage-1-day?month=${month}&date=${day}`);
    await waitForHydration(p);
    for (const d of [day, addDaysIso(day, 1)]) expect(await p.locator(`td[data-day="${d}"]`).getAttribute("data-state")).toBe("taken");
    expect(await p.locator(`td[data-day="${day}"]`).innerText()).not.toContain("青焰");
    await p.locator(".price-preview .form-errors").waitFor({ state: "visible", timeout: 15_000 });
    await p.locator("input[name=days]").fill("2");
    await expect.poll(() => p.locator(".price-preview").innerText(), { timeout: 15_000 }).toContain("所选时段已被预订");
    await p.getByRole("button", { name: "立即预订" }).click();
    await expect.poll(() => p.locator("form .form-errors").first().innerText(), { timeout: 15_000 }).toContain("所选时段已被预订");
    expect(new URL(p.url()).pathname).toBe("/services/stage-1-day");
    await shoot(p, "services-offering-taken");
    // The refused booking answered 409 (the browser logs that status); nothing else went wrong.
    expect(otherErrors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await other.close();
  });
});
