// Compute credits in a real browser: a tenant admin buys a pack, pays it on the demo gateway and
// sees the balance rise; the park admin creates a gateway API key (shown once); usage posted with
// it through the real HTTP API appears in the tenant's chart and statement. Screenshots of the
// compute pages and the park's console at 375 and 1280 px.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCredits } from "~/modules/credits/units";
import { ADMIN_EMAIL, baseUrl, launchBrowser, login, mainText, newContext, newPage, OWNER_EMAIL, screenshot, waitForHydration, waitForPath } from "./support";

const PHONE = { width: 375, height: 800 };
const LAPTOP = { width: 1280, height: 800 };

let browser: Browser;
let ownerContext: BrowserContext;
let adminContext: BrowserContext;
let owner: Page;
let admin: Page;
let ownerErrors: string[];
let adminErrors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ownerContext = await newContext(browser);
  ({ page: owner, errors: ownerErrors } = await newPage(ownerContext));
  await login(owner, OWNER_EMAIL);
  adminContext = await newContext(browser);
  ({ page: admin, errors: adminErrors } = await newPage(adminContext));
  await login(admin, ADMIN_EMAIL);
});

afterAll(async () => {
  await browser?.close();
});

/** The available balance on /compute, in milli-credits. */
async function availableMilli(page: Page) {
  const text = (await page.locator("[data-testid=balance-available] strong").innerText()).trim();
  const milli = parseCredits(text);
  if (milli === null) throw new Error(`not a balance: ${text}`);
  return milli;
}

/** Bars drawn in the daily chart (Recharts draws a rectangle for each non-zero value). */
async function drawnDailyBars(page: Page) {
  const chart = page.locator("figure.chart").first().locator(".chart-canvas");
  await chart.scrollIntoViewIfNeeded(); // charts are drawn when they come near the screen
  await chart.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
  return chart.locator(".recharts-bar-rectangle path").count();
}

/** Opens `path` at 375 px (no sideways scrolling) and 1280 px, leaving a screenshot of each. */
async function screenshotsOf(page: Page, path: string, name: string) {
  await page.setViewportSize(PHONE);
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers 200`).toBe(200);
  await waitForHydration(page);
  await page.evaluate(() => document.fonts.ready);
  // Charts are drawn when they come near the screen: bring each there and let it draw before measuring.
  for (const canvas of await page.locator(".chart-canvas").all()) {
    await canvas.scrollIntoViewIfNeeded();
    await canvas.locator("svg").first().waitFor({ timeout: 15_000 });
  }
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} fits a 375 px phone`).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, `${name}-375`);
  await page.setViewportSize(LAPTOP);
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-1280`);
}

function today() {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

describe("compute credits", () => {
  test("a tenant admin buys a pack, pays it on the demo gateway and sees the balance rise", async () => {
    await owner.goto("/compute");
    await waitForHydration(owner);
    const before = await availableMilli(owner);
    const text = await mainText(owner);
    expect(text).toContain("购买算力套餐");
    expect(text).toContain("每日用量");

    const starter = owner.locator("li.pack", { hasText: "入门包" });
    await starter.getByRole("link", { name: "购买" }).click();
    // A summary first; the invoice exists once the order is placed.
    await owner.locator("[data-testid=pack-summary]").getByRole("button", { name: "确认下单" }).click();
    await waitForPath(owner, /^\/billing\/invoices\//);
    const invoicePath = new URL(owner.url()).pathname;
    expect(await mainText(owner)).toContain("入门包（1,000 算力点）");
    await owner.getByRole("button", { name: /立即支付/ }).click();
    await waitForPath(owner, /^\/billing\/checkout\//);
    await owner.getByRole("button", { name: "确认支付" }).click();
    await waitForPath(owner, invoicePath);
    expect(await mainText(owner)).toContain("付款成功");
    // What paying did, and the way back.
    expect(await owner.locator("[data-testid=paid-notice]").innerText()).toContain("1,000 算力点已到账");

    await owner.locator('nav.main-nav a[href="/compute"]').click();
    await waitForPath(owner, "/compute");
    await waitForHydration(owner);
    expect(await availableMilli(owner)).toBe(before + 1_000_000n);
  });

  test("usage posted through the HTTP API with a key made on the console appears in the chart and the statement", async () => {
    // The park admin creates a key; the page shows it once.
    await admin.goto("/admin/credits/keys");
    await waitForHydration(admin);
    await admin.locator("input[name=name]").fill(`e2e gateway ${Date.now()}`);
    await admin.getByRole("button", { name: "创建密钥" }).click();
    const keyInput = admin.locator("[data-testid=new-api-key]");
    await keyInput.waitFor();
    const key = await keyInput.inputValue();
    expect(key).toMatch(/^hpk_/);
    expect(await mainText(admin)).toContain("离开或刷新此页面后将无法再次查看");
    await screenshot(admin, "admin-credits-key-created-1280");
    await admin.reload();
    await waitForHydration(admin);
    expect(await admin.locator("[data-testid=new-api-key]").count()).toBe(0);
    expect(await admin.content()).not.toContain(key);

    await owner.goto("/compute");
    await waitForHydration(owner);
    const before = await availableMilli(owner);
    const barsBefore = await drawnDailyBars(owner);
    const todayRow = owner.locator(`[data-testid=usage-by-day] tr[data-day="${today()}"]`);
    expect(await todayRow.locator("td").nth(1).textContent()).toBe("0");

    // Usage counts on the park day it started: never start before today's midnight in Shanghai.
    const start = new Date(Math.max(Date.now() - 3600_000, Date.parse(`${today()}T00:00:00+08:00`))).toISOString();
    const end = new Date().toISOString();
    const stamp = Date.now().toString(36);
    const response = await fetch(`${baseUrl()}/api/v1/usage`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        events: [
          // 1 GPU-hour on an H800 (18 credits) and a million DeepSeek-V3 output tokens (8 credits).
          { id: `e2e-${stamp}-gpu`, tenant: "qingyan", meter: "gpu_seconds", model: "H800", quantity: 3600, started_at: start, ended_at: end },
          { id: `e2e-${stamp}-llm`, tenant: "qingyan", meter: "llm_tokens_out", model: "deepseek-v3", quantity: 1_000_000, started_at: start, ended_at: end },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { applied: number; applied_cost_milli: string };
    expect(answer).toMatchObject({ applied: 2, applied_cost_milli: "26000" });

    await owner.reload();
    await waitForHydration(owner);
    expect(await availableMilli(owner)).toBe(before - 26_000n);
    expect(await todayRow.locator("td").nth(1).textContent()).toBe("18");
    expect(await todayRow.locator("td").nth(2).textContent()).toBe("8");
    await expect.poll(() => drawnDailyBars(owner)).toBe(barsBefore + 2);
    await screenshotsOf(owner, "/compute", "compute");

    await owner.goto("/compute/statement");
    await waitForHydration(owner);
    const newest = owner.locator("[data-testid=statement] tbody tr").first();
    expect(await newest.getAttribute("data-kind")).toBe("usage");
    const line = await newest.innerText();
    expect(line).toContain("2 条用量记录");
    expect(line).toContain("-26");
    expect(parseCredits(await owner.locator("[data-testid=statement-closing]").innerText())).toBe(before - 26_000n);
    // The line before it is the pack bought in the test above.
    expect(await owner.locator("[data-testid=statement] tbody tr[data-kind=purchase]").count()).toBeGreaterThan(0);
    await screenshotsOf(owner, "/compute/statement", "compute-statement");
  });

  test("the other compute pages and the park's console render on a phone and a laptop", async () => {
    await screenshotsOf(owner, "/compute/projects", "compute-projects");
    await screenshotsOf(owner, "/compute/api", "compute-api");
    expect(await owner.locator("[data-testid=tenant-slug]").innerText()).toBe("qingyan");
    for (const [path, name] of [
      ["/admin/credits", "admin-credits"],
      ["/admin/credits/grants", "admin-credits-grants"],
      ["/admin/credits/prices", "admin-credits-prices"],
      ["/admin/credits/packs", "admin-credits-packs"],
      ["/admin/credits/keys", "admin-credits-keys"],
    ]) {
      await screenshotsOf(admin, path, name);
    }
    await admin.goto("/admin/credits");
    await waitForHydration(admin);
    expect(await mainText(admin)).toContain("已售出套餐");
    await admin.getByRole("button", { name: "立即核对" }).click();
    await admin.locator("[data-testid=reconcile-result]").waitFor();
    expect(await admin.locator("[data-testid=reconcile-result]").innerText()).toContain("核对通过");
    expect(ownerErrors).toEqual([]);
    expect(adminErrors).toEqual([]);
  });

  test("on a phone the charts are fetched and drawn only when scrolled to, so the page starts without them", async () => {
    const { page } = await newPage(ownerContext);
    const chartScripts: string[] = [];
    page.on("request", (request) => {
      if (/charts\.client/.test(request.url())) chartScripts.push(request.url());
    });
    await page.setViewportSize(PHONE);
    await page.goto("/compute");
    await waitForHydration(page);
    const canvas = page.locator(".chart-canvas").first();
    const top = await canvas.evaluate((element) => element.getBoundingClientRect().top);
    expect(top, "the first chart starts more than half a screen below the first screen").toBeGreaterThan(1.5 * PHONE.height);
    await page.waitForTimeout(500);
    expect(chartScripts, "no chart code before scrolling").toEqual([]);
    expect(await page.locator("svg.recharts-surface").count()).toBe(0);
    // Its numbers are there all along, as a table under "view as table".
    expect(await page.locator("[data-testid=usage-by-day]").count()).toBe(1);

    await canvas.scrollIntoViewIfNeeded();
    await canvas.locator("svg.recharts-surface").first().waitFor({ timeout: 15_000 });
    expect(chartScripts.length).toBeGreaterThan(0);
    await page.close();
  });
});
