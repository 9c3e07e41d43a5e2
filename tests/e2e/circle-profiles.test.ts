// The circle's logos, people and files in a real browser, on the seeded demo park: a company owner
// on a 375 px phone uploads a logo (a wrong file first, refused with the reason) and sees it in the
// directory; a member publishes their own profile, another company finds it by pinyin, and it is
// gone once turned off; visitors see public logos and public people only; a post's file downloads
// for members and not for visitors.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoLogoPng } from "#db/seed/circle-files";
import { launchBrowser, login, mainText, newContext, newPage, waitForHydration } from "./support";

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

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Whether an <img> loads a real image (a 404 leaves it with no width); scrolled to, as it loads lazily. */
async function loaded(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  return img.evaluate(async (element: HTMLImageElement) => {
    await element.decode().catch(() => undefined);
    return element.naturalWidth > 0;
  });
}

describe("a company logo", () => {
  test("an owner on a phone uploads one (a wrong file is refused with the reason) and sees it in the directory", async () => {
    const { page, errors } = await pageFor({ phone: true });
    await login(page, "owner@haipai.test");
    await page.goto("/circle?q=海派");
    const card = page.locator("[data-testid=circle-directory] li", { hasText: "海派微剧场文化" });
    // No logo yet: the company's initials stand in.
    expect(await card.locator("[data-testid=circle-initials]").innerText()).toBe("海派");

    await page.goto("/circle/profile");
    await waitForHydration(page);
    const section = page.locator("#logo");
    await section.locator("input[type=file]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'></svg>") });
    await section.locator("button[type=submit]", { hasText: "上传标志" }).click();
    await section.locator("[role=alert]", { hasText: "只接受 PDF 或图片" }).waitFor();

    await section.locator("input[type=file]").setInputFiles({ name: "海派.png", mimeType: "image/png", buffer: Buffer.from(demoLogoPng([30, 90, 160])) });
    await section.locator("button[type=submit]", { hasText: "上传标志" }).click();
    await section.locator("[role=status]", { hasText: "标志已更新" }).waitFor();
    expect(await section.locator("[role=alert]").count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.goto("/circle?q=海派");
    const logo = page.locator("[data-testid=circle-directory] li", { hasText: "海派微剧场文化" }).locator("img[data-testid=circle-logo]");
    expect(await logo.getAttribute("src")).toMatch(/^\/circle\/logos\/haipai\?v=/);
    expect(await loaded(logo)).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The refused file was answered 400 on purpose (the browser logs it); nothing else went wrong.
    expect(errors.filter((e) => !/400 \(Bad Request\) \(http:\/\/[^)]+\/circle\/profile\/logo\.data\)/.test(e))).toEqual([]);
  });
});

describe("a person's own profile", () => {
  test("a member publishes it, another company finds it by pinyin on the company page; turned off, it is gone", async () => {
    const { page: stunt } = await pageFor({ phone: true });
    await login(stunt, "stunt@jifeng.test");
    await stunt.goto("/circle/me");
    await waitForHydration(stunt);
    expect(await stunt.locator("[data-testid=circle-me-status]").innerText()).toContain("未公开");
    const form = stunt.locator("form#circle-me");
    await form.locator("input[name=title]").fill("特技协调");
    await form.locator("label", { hasText: "威亚特技" }).locator("input").check();
    await form.locator("textarea[name=bio]").fill("威亚与高空特技十年。<i>不是斜体</i>");
    await form.locator("button[type=submit]").click();
    await stunt.locator("[data-testid=circle-me-status]", { hasText: "已公开" }).waitFor();
    expect(await overflow(stunt)).toBeLessThanOrEqual(0);

    const { page: studio } = await pageFor();
    await login(studio, "owner@qingyan.test");
    await studio.goto("/circle?q=maxiao");
    const found = studio.locator("[data-testid=circle-people-found]");
    expect(await found.innerText()).toContain("马骁");
    expect(await found.innerText()).toContain("上海疾风动作影视有限公司");
    await studio.goto("/circle/companies/jifeng");
    const people = studio.locator("[data-testid=circle-people]");
    expect(await people.innerText()).toContain("马骁 · 特技协调");
    expect(await people.innerText()).toContain("<i>不是斜体</i>");
    expect(await people.locator("i").count()).toBe(0);
    expect(await people.innerText()).not.toContain("stunt@jifeng.test");

    await stunt.goto("/circle/me");
    await waitForHydration(stunt);
    await stunt.locator("button", { hasText: "关闭并删除我的名片" }).click();
    await stunt.locator("main [role=status]", { hasText: "不会再出现在任何地方" }).waitFor();

    await studio.goto("/circle/companies/jifeng");
    expect(await studio.locator("[data-testid=circle-people]").innerText()).not.toContain("马骁");
    await studio.goto("/circle?q=maxiao");
    expect(await studio.locator("[data-testid=circle-people-found]").count()).toBe(0);
  });
});

describe("what visitors see", () => {
  test("public profiles with their logos and public people only; a hidden profile and its logo are 404", async () => {
    const { page } = await pageFor();
    await page.goto("/circle");
    const directory = page.locator("[data-testid=circle-directory]");
    const text = await directory.innerText();
    expect(text).toContain("上海青焰动画工作室");
    expect(text).not.toContain("弈境互动娱乐");
    expect(text).not.toContain("海派微剧场文化");
    expect(await loaded(directory.locator("li", { hasText: "上海青焰动画工作室" }).locator("img[data-testid=circle-logo]"))).toBe(true);
    expect(await page.content()).not.toMatch(/[\w.+-]+@[\w-]+\.test/);

    // The hidden company (it has a logo) and a members-only company: 404, logo included.
    expect((await page.goto("/circle/companies/yijing"))?.status()).toBe(404);
    expect((await page.request.get("/circle/logos/yijing")).status()).toBe(404);
    expect((await page.request.get("/circle/logos/haipai")).status()).toBe(404);
    expect((await page.request.get("/circle/logos/qingyan")).status()).toBe(200);

    // Public people of a public company; a person who kept to members is not shown.
    await page.goto("/circle/companies/qingyan");
    expect(await page.locator("[data-testid=circle-people]").innerText()).toContain("韩子墨");
    await page.goto("/circle/companies/shiguang");
    expect(await page.locator("[data-testid=circle-people]").innerText()).not.toContain("邱然");
    expect(await mainText(page)).not.toMatch(/@[\w-]+\.test/);
  });

  test("members see the members-only person; a post's file downloads for members, not for visitors", async () => {
    const { page } = await pageFor();
    await login(page, "owner@jifeng.test");
    await page.goto("/circle/companies/shiguang");
    expect(await page.locator("[data-testid=circle-people]").innerText()).toContain("邱然");

    await page.goto("/circle/board");
    await page.locator("[data-testid=circle-posts] a", { hasText: "本周需要短剧调色团队" }).click();
    const files = page.locator("[data-testid=circle-attachments]");
    await files.waitFor();
    const link = files.locator("a", { hasText: "外滩往事第二季-调色需求.pdf" });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/circle\/attachments\/[0-9a-f-]{36}$/);
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/pdf");
    expect((await download.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Nobody but the author may change the files: no remove buttons for another company.
    expect(await files.locator("button").count()).toBe(0);

    const { page: stranger } = await pageFor();
    const refused = await stranger.request.get(href!, { maxRedirects: 0 });
    expect(refused.status()).toBe(302);
    expect(refused.headers()["location"]).toMatch(/^\/login/);
  });
});
