// Programmes and open calls in a real browser, on the demo park's 百部精品短剧计划: the animation
// studio's owner finds the call from the circle on a phone (375 px), finishes its draft entry,
// attaches the proposal and submits; the park's admin (a reviewer) scores it, closes the call and
// selects it; the studio sees the award's credits in its balance and the award on its profile.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ADMIN_EMAIL, launchBrowser, login, mainText, newContext, newPage, OWNER_EMAIL, screenshot, waitForHydration, waitForPath } from "./support";

const ENTRY_TITLE = `《青焰》动画短剧 ${Date.now().toString(36)}`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function pageFor(options: { phone?: boolean } = {}) {
  const context = await newContext(browser, options.phone ? { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } : {});
  contexts.push(context);
  return newPage(context);
}

async function availableCredits(page: Page) {
  await page.goto("/compute");
  const text = await page.locator("[data-testid=balance-available] strong").innerText();
  return Number(text.replace(/,/g, ""));
}

describe("a call from entry to award", () => {
  let studio: Page;
  let studioErrors: string[];
  let staff: Page;
  let callPath = "";
  let creditsBefore = 0;

  beforeAll(async () => {
    ({ page: studio, errors: studioErrors } = await pageFor({ phone: true }));
    ({ page: staff } = await pageFor());
  });

  test("the studio finds 百部精品短剧计划 from the circle on a phone, attaches its proposal and submits", async () => {
    await login(studio, OWNER_EMAIL);
    creditsBefore = await availableCredits(studio);
    await studio.goto("/circle");
    await waitForHydration(studio);
    await studio.locator('main a[href="/circle/calls"]').first().click();
    await waitForPath(studio, "/circle/calls");
    await studio.locator("main a", { hasText: "百部精品短剧计划" }).first().click();
    await waitForPath(studio, /^\/circle\/calls\/[0-9a-f-]{36}$/);
    callPath = new URL(studio.url()).pathname;
    const callText = await mainText(studio);
    expect(callText).toContain("评分标准");
    expect(callText).toMatch(/还剩 \d+ 天/);
    await studio.locator(`main a[href="${callPath}/entry"]`).click();
    await waitForPath(studio, `${callPath}/entry`);
    await waitForHydration(studio);
    expect(await mainText(studio)).toContain("还需上传：项目计划书");

    await studio.locator("#entry-file").setInputFiles({ name: "青焰-计划书.pdf", mimeType: "application/pdf", buffer: PDF });
    await studio.locator("#entry-upload button[type=submit]").click();
    await studio.locator("[data-testid=entry-files]", { hasText: "青焰-计划书.pdf" }).waitFor();
    await studio.locator("form#call-entry input[name=title]").fill(ENTRY_TITLE);
    await studio.locator("form#call-entry textarea[name=summary]").fill("12 集动画短剧，AI 辅助分镜。<b>不是粗体</b>");
    await studio.locator('form#call-entry button[value="submit"]').click();
    await studio.locator("[role=status]", { hasText: "申报已提交" }).waitFor();
    await studio.locator("[data-testid=entry-status]", { hasText: "已提交" }).waitFor({ timeout: 5_000 });
    // Usable at 375 px: nothing wider than the screen.
    expect(await studio.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(studio, "circle-call-entry-phone");
    expect(studioErrors).toEqual([]);
  });

  test("the park's admin scores the entry, closes the call and selects it", async () => {
    await login(staff, ADMIN_EMAIL);
    await staff.goto(`${callPath}/manage`);
    await waitForHydration(staff);
    const row = staff.locator(`[data-testid=call-entries] tr[data-entry="${ENTRY_TITLE}"]`);
    await row.locator("a", { hasText: ENTRY_TITLE }).click();
    await waitForPath(staff, /\/review\/[0-9a-f-]{36}$/);
    await waitForHydration(staff);
    expect(await mainText(staff)).toContain("青焰-计划书.pdf");
    await staff.locator('input[name="points[0]"]').fill("36");
    await staff.locator('input[name="points[1]"]').fill("26");
    await staff.locator('input[name="points[2]"]').fill("27");
    await staff.locator("form#call-score button[type=submit]").click();
    await staff.locator("[role=status]", { hasText: "打分已保存" }).waitFor();

    await staff.goto(`${callPath}/manage`);
    await waitForHydration(staff);
    expect(await row.innerText()).toContain("89.0");
    await staff.locator('button[value="close"]').click();
    await staff.locator("[role=status]", { hasText: "征集已截止" }).waitFor();
    await row.locator('button[value="award"]').click();
    await staff.locator("[role=status]", { hasText: "已评为获奖/入选" }).waitFor();
    await row.locator("[data-testid=entry-awarded]").waitFor();
    await screenshot(staff, "circle-call-console");
  });

  test("the studio sees the award's credits and the award on its profile", async () => {
    expect(await availableCredits(studio)).toBe(creditsBefore + 5000);
    await studio.goto("/circle/companies/qingyan");
    const awards = studio.locator("[data-testid=profile-call-awards]");
    await awards.waitFor();
    expect(await awards.innerText()).toContain("百部精品短剧计划");
    expect(await awards.innerText()).toContain(ENTRY_TITLE);
    await studio.goto(callPath);
    expect(await studio.locator("[data-testid=call-winners]").innerText()).toContain("上海青焰动画工作室");
    expect(studioErrors).toEqual([]);
  });
});
