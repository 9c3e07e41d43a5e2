// The friend circle in a real browser: an animation studio posts that it is looking for a
// live-action crew, the action crew says it is interested, the studio accepts and both see each
// other's contact person; a suggested partner on 工作台; visitors see only opt-in public profiles;
// a hidden profile is 404. The studio works on a phone-sized screen (375 px).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, login, mainText, newContext, newPage, openNavIfCollapsed, waitForHydration, waitForPath } from "./support";

const STUDIO = "owner@qingyan.test";
const CREW = "owner@jifeng.test";
const TITLE = `寻找真人实拍剧组 live-action crew ${Date.now().toString(36)}`;

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

describe("the collaboration board", () => {
  let studio: Page;
  let studioErrors: string[];
  let crew: Page;
  let postPath = "";

  beforeAll(async () => {
    ({ page: studio, errors: studioErrors } = await pageFor({ phone: true }));
    ({ page: crew } = await pageFor());
  });

  test("the studio finds 朋友圈 in its menu on a phone and posts that it is looking for a live-action crew", async () => {
    await login(studio, STUDIO);
    await openNavIfCollapsed(studio);
    await studio.locator('header a[href="/circle"]').first().click();
    await waitForPath(studio, "/circle");
    await waitForHydration(studio);
    await studio.goto("/circle/board");
    const form = studio.locator("form#circle-post");
    await form.locator("select[name=kind]").selectOption("looking");
    await form.locator("input[name=title]").fill(TITLE);
    await form.locator("textarea[name=body]").fill("三周外景，需要动作指导与威亚。<b>不是粗体</b>");
    await form.locator("label", { hasText: "真人实拍" }).locator("input").check();
    await form.locator("input[name=budgetMin]").fill("50,000");
    await form.locator("input[name=budgetMax]").fill("80000");
    await form.locator("button[type=submit]").click();
    await waitForPath(studio, /^\/circle\/board\/[0-9a-f-]{36}\?created=1$/);
    postPath = new URL(studio.url()).pathname;
    const text = await mainText(studio);
    expect(text).toContain(TITLE);
    // Typed markup is shown as text, never run as HTML.
    expect(text).toContain("<b>不是粗体</b>");
    expect(await studio.locator("main b").count()).toBe(0);
    // Nothing on the page is wider than the phone.
    const overflow = await studio.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("the action crew says it is interested; neither side sees a contact yet", async () => {
    await login(crew, CREW);
    await crew.goto(postPath);
    await waitForHydration(crew);
    await crew.locator("main form", { hasText: "感兴趣" }).locator("button[type=submit]").click();
    await crew.locator("main [role=status]", { hasText: "已告诉对方" }).waitFor();
    expect(await crew.locator("[data-testid=circle-contact]").count()).toBe(0);
  });

  test("the studio accepts, then both see each other's contact person", async () => {
    await studio.goto(postPath);
    await waitForHydration(studio);
    const interests = studio.locator("[data-testid=circle-interests]");
    expect(await interests.innerText()).toContain("上海疾风动作影视有限公司");
    await interests.locator("button", { hasText: "接受" }).click();
    await studio.locator("[data-testid=circle-contact]").waitFor();
    expect(await studio.locator("[data-testid=circle-contact]").innerText()).toContain("owner@jifeng.test");

    await crew.goto(postPath);
    await crew.locator("[data-testid=circle-contact]").waitFor();
    expect(await crew.locator("[data-testid=circle-contact]").innerText()).toContain("producer@qingyan.test");
    expect(studioErrors).toEqual([]);
  });

  test("工作台 shows the studio a suggested partner, and /circle says why", async () => {
    await studio.goto("/dashboard");
    const card = studio.locator("[data-card=circle]");
    await card.waitFor();
    expect(await card.innerText()).toContain("上海疾风动作影视有限公司");
    await studio.goto("/circle");
    const suggestions = await studio.locator("[data-testid=circle-suggestions]").innerText();
    expect(suggestions).toContain("上海疾风动作影视有限公司");
    expect(suggestions).toMatch(/他们提供.*真人实拍.*；你们在找/);
  });

  test("a search carried in a link finds a company by its initials", async () => {
    await crew.goto("/circle?q=qy");
    expect(await crew.locator("[data-testid=circle-directory]").innerText()).toContain("上海青焰动画工作室");
  });
});

describe("who sees which profile", () => {
  test("a visitor sees only the profiles opted in to the public", async () => {
    const { page } = await pageFor();
    await page.goto("/circle");
    const directory = await page.locator("[data-testid=circle-directory]").innerText();
    expect(directory).toContain("上海青焰动画工作室");
    expect(directory).not.toContain("栖梧编剧工作室");
    expect(directory).not.toContain("弈境互动娱乐");
    expect((await page.goto("/circle/companies/qiwu"))?.status()).toBe(404);
    expect((await page.goto("/circle/companies/qingyan"))?.status()).toBe(200);
  });

  test("a hidden profile is 404 to another tenant, and shown to its own company", async () => {
    const { page } = await pageFor();
    await login(page, CREW);
    expect((await page.goto("/circle/companies/yijing"))?.status()).toBe(404);
    expect((await page.goto("/circle/companies/qiwu"))?.status()).toBe(200);
    const { page: own } = await pageFor();
    await login(own, "owner@yijing.test");
    expect((await own.goto("/circle/companies/yijing"))?.status()).toBe(200);
    expect(await mainText(own)).toContain("这个主页已隐藏");
  });
});
