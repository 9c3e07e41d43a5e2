// Every page of the foundation, on a phone (375 px) and a laptop (1280 px): it renders without
// console errors, fits the phone's width, and leaves a screenshot in test-output/screenshots/.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADMIN_EMAIL, launchBrowser, login, newContext, newPage, OWNER_EMAIL, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Loads `path` at both sizes; returns the page's console errors. */
async function checkPage(page: Page, path: string, name: string) {
  await page.setViewportSize(PHONE);
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers 200`).toBe(200);
  expect(new URL(page.url()).pathname, `${path} is not redirected`).toBe(path);
  await waitForHydration(page);
  await page.evaluate(() => document.fonts.ready);

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) {
    // Name the culprits to make the failure actionable.
    const wide = await page.evaluate((limit) => {
      return [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/\s+/g, ".")}` : ""} → ${Math.round(el.getBoundingClientRect().right)} px`);
    }, PHONE.width);
    expect.fail(`${path} is ${width} px wide at 375 px: ${wide.join("; ")}`);
  }
  await screenshot(page, `${name}-375`);

  await page.setViewportSize(LAPTOP);
  await screenshot(page, `${name}-1280`);
}

describe("as a visitor", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser);
  });
  afterAll(async () => {
    await context?.close();
  });

  test.each([
    ["/", "landing"],
    ["/login", "login"],
    ["/signup", "signup"],
    ["/privacy", "privacy"],
  ])("%s renders at 375 and 1280 px without console errors", async (path, name) => {
    const { page, errors } = await newPage(context);
    await checkPage(page, path, name);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the landing page is in Chinese by default, even for an English browser", async () => {
    const english = await newContext(browser, { locale: "en-US", extraHTTPHeaders: { "accept-language": "en-US,en;q=0.9" } });
    const page = await english.newPage();
    await page.goto("/");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.getByRole("button", { name: "English", exact: true }).count()).toBe(1);
    await english.close();
  });
});

describe("as the park admin", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext(browser);
    const page = await context.newPage();
    await login(page, ADMIN_EMAIL);
    await page.close();
  });
  afterAll(async () => {
    await context?.close();
  });

  test.each([
    ["/dashboard", "dashboard"],
    ["/org/members", "org-members"],
    ["/admin/tenants", "admin-tenants"],
    ["/admin/audit", "admin-audit"],
    ["/admin/outbox", "admin-outbox"],
    ["/notifications", "notifications"],
    ["/account", "account"],
  ])("%s renders at 375 and 1280 px without console errors", async (path, name) => {
    const { page, errors } = await newPage(context);
    await checkPage(page, path, name);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the navigation is reachable on a phone (menu) and through the header's menus on a laptop", async () => {
    const { page, errors } = await newPage(context);
    await page.setViewportSize(PHONE);
    await page.goto("/dashboard");
    await waitForHydration(page);
    const logoutButton = page.locator('form[action="/logout"] button');
    const outboxLink = page.locator('nav a[href="/admin/outbox"]');
    expect(await outboxLink.isVisible()).toBe(false);
    await page.locator("details.nav-drawer > summary").click();
    await expect.poll(() => outboxLink.isVisible()).toBe(true);
    expect(await logoutButton.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "nav-open-375");

    await page.setViewportSize(LAPTOP);
    await page.reload();
    await waitForHydration(page);
    expect(await page.locator("details.nav-drawer > summary").isVisible()).toBe(false);
    // The park admin's consoles sit under one 园区管理 menu; the account menu holds the logout.
    const parkMenu = page.locator("details.nav-menu > summary", { hasText: "园区管理" });
    expect(await outboxLink.isVisible()).toBe(false);
    await parkMenu.click();
    await expect.poll(() => outboxLink.isVisible()).toBe(true);
    expect(await page.locator('nav a[href="/finance"]').isVisible()).toBe(true);
    await screenshot(page, "nav-park-menu-1280");
    await page.keyboard.press("Escape");
    await expect.poll(() => outboxLink.isVisible()).toBe(false);
    await page.locator("details.nav-user-menu > summary").click();
    await expect.poll(() => logoutButton.isVisible()).toBe(true);
    await screenshot(page, "nav-account-menu-1280");
    // A click elsewhere closes it; following a link in a menu closes the menu too.
    await page.locator("main h1").click();
    await expect.poll(() => logoutButton.isVisible()).toBe(false);
    await parkMenu.click();
    await outboxLink.click();
    await waitForPath(page, "/admin/outbox");
    expect(await page.locator("details.nav-menu[open]").count()).toBe(0);
    expect(await page.locator("details.nav-menu > summary", { hasText: "园区管理" }).getAttribute("class")).toBe("active");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the dashboard says what is waiting", () => {
  test("the park admin gets a card per desk, and a card's link opens that desk", async () => {
    const context = await newContext(browser);
    const { page, errors } = await newPage(context);
    await login(page, ADMIN_EMAIL);
    await page.setViewportSize(LAPTOP);
    await page.goto("/dashboard");
    await waitForHydration(page);
    expect(await page.title()).toBe("工作台 · 昊浦汇");
    const titles = await page.locator(".today-card h3").allInnerTexts();
    expect(titles).toEqual(["入驻审核", "服务台", "财务", "公寓管理", "注册服务台"]);
    // The seeded park has overdue invoices, so finance's overdue figure is flagged.
    expect(await page.locator('[data-card="finance"] .figure-alert').count()).toBeGreaterThan(0);
    await screenshot(page, "dashboard-admin-1280");
    await page.locator('[data-card="finance"] a.button').click();
    await waitForPath(page, "/finance");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("in English the cards and the header's menus read in English, on a phone and a laptop", async () => {
    const context = await newContext(browser);
    const { page, errors } = await newPage(context);
    await login(page, ADMIN_EMAIL);
    await page.getByRole("button", { name: "English", exact: true }).click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    try {
      await page.setViewportSize(LAPTOP);
      await page.goto("/dashboard");
      await waitForHydration(page);
      expect(await page.locator(".today-card h3").allInnerTexts()).toEqual(["Admissions", "Service desk", "Finance", "Apartments office", "Registration desk"]);
      expect(await page.title()).toBe("Dashboard · Haopu Hub");
      // A client-side navigation brings the next page's title in English too.
      await page.locator('[data-card="finance"] a.button').click();
      await waitForPath(page, "/finance");
      await expect.poll(() => page.title()).toBe("Finance · Haopu Hub");
      await page.goto("/dashboard");
      await waitForHydration(page);
      expect(await page.locator("details.nav-menu > summary").first().innerText()).toContain("Park admin");
      expect(await page.locator(".today").innerText()).not.toMatch(/[\u4e00-\u9fff]/);
      await screenshot(page, "dashboard-admin-en-1280");
      await checkPage(page, "/dashboard", "dashboard-admin-en");
    } finally {
      // The choice is remembered on the account, and the other browser tests read the admin's pages in Chinese.
      await page.goto("/dashboard");
      await page.getByRole("button", { name: "中文", exact: true }).click();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a tenant owner sees what the company owes and its credits, on a phone", async () => {
    const context = await newContext(browser);
    const { page, errors } = await newPage(context);
    await login(page, OWNER_EMAIL);
    await checkPage(page, "/dashboard", "dashboard-owner");
    const billing = await page.locator('[data-card="billing"]').innerText();
    expect(billing).toContain("待付金额");
    expect(billing).toMatch(/¥[\d,]+\.\d\d/);
    expect(await page.locator('[data-card="compute"]').innerText()).toContain("可用算力点");
    expect(errors).toEqual([]);
    await context.close();
  });
});
