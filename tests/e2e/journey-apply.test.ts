// Applying to move in, walked as a founder and as an admissions officer, in Chinese at 375 px and
// in English at 1280 px: the form counts its steps one way everywhere (six steps, x/6 — not 六步
// beside 0/5); 工作台 shows someone who has applied where the application stands and what comes
// next (not "你还没有加入任何组织"); the applicant declares the answers true and consents to the
// privacy notice before submitting, and is told next to the boxes when they are not ticked; the
// officer scores before deciding and reads rubric names, not keys ("fit: 5 · team: 4").
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  adminOutboxPage,
  launchBrowser,
  login,
  mainText,
  newContext,
  newPage,
  screenshot,
  signUpVerifyAndLogIn,
  switchLanguage,
  uniqueEmail,
  waitForHydration,
  waitForPath,
} from "./support";

const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 800 };
const REVIEWER_EMAIL = "admissions@haopu.test";
/** A seeded draft application (company step only), read here and never changed. */
const DRAFT_FOUNDER_EMAIL = "founder1@apply.test";
/** A seeded application in review, scored here. */
const IN_REVIEW_COMPANY = "上海岚图视觉科技有限公司";
const COMPANY = `青禾动画工作室${Date.now().toString(36).slice(-4)}`;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function clickAndWait(page: Page, name: string | RegExp, path: string | RegExp) {
  await page.getByRole("button", { name }).click();
  await waitForPath(page, path);
  await waitForHydration(page);
}

/** The form's step list, its progress bar and its counter all count the same steps. */
async function expectOneStepCount(page: Page, counter: RegExp) {
  const listed = await page.locator(".apply-steps li").count();
  expect(listed).toBe(6);
  expect(await page.locator(".apply-progress [role=progressbar]").getAttribute("aria-valuemax")).toBe(String(listed));
  const text = await page.locator(".apply-progress").innerText();
  const match = counter.exec(text);
  expect(match, `counter in "${text}"`).not.toBeNull();
  expect(Number(match![2])).toBe(listed);
  return Number(match![1]);
}

describe("a founder applies, in Chinese on a phone", () => {
  const email = uniqueEmail("apply-journey");
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    context = await newContext(browser, { viewport: PHONE });
    ({ page, errors } = await newPage(context));
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await context?.close();
  });

  test("signs up and meets one count of the steps: the lead, the list, the bar and the counter agree", async () => {
    await page.goto("/signup?redirectTo=%2Fapply");
    await waitForHydration(page);
    const admin = await adminOutboxPage(browser);
    await signUpVerifyAndLogIn(page, admin, { email, password: "journey-apply-2026", displayName: "禾青" });
    await admin.context().close();
    await waitForPath(page, "/apply");
    await waitForHydration(page);
    expect(await expectOneStepCount(page, /已填写 (\d+)\/(\d+) 步/)).toBe(0);
    expect(await page.locator("main .lead").first().innerText()).toContain("6 步");
    expect(await page.locator("main .card-title").innerText()).toContain("第 1 步，共 6 步");
    await screenshot(page, "journey-apply-form-375");
  });

  test("with a draft saved, 工作台 says where the application stands and leads back to it", async () => {
    const form = page.locator("form#apply-company");
    await form.locator("input[name=registered][value=no]").check();
    await form.locator("input[name=nameZh]").fill(COMPANY);
    await form.locator("select[name=category]").selectOption("animation");
    await form.locator("textarea[name=description]").fill("二维动画短剧团队。");
    await form.locator("input[name=contactName]").fill("禾青");
    await form.locator("input[name=contactPhone]").fill("13800138111");
    await clickAndWait(page, "保存并继续", /step=team$/);
    expect(await expectOneStepCount(page, /已填写 (\d+)\/(\d+) 步/)).toBe(1);

    await page.goto("/dashboard");
    await waitForHydration(page);
    const text = await mainText(page);
    expect(text).not.toContain("你还没有加入任何组织");
    const card = page.locator("#my-application");
    expect(await card.innerText()).toContain(COMPANY);
    expect(await card.locator(".badge").innerText()).toBe("草稿");
    expect(await card.innerText()).toContain("已填写 1/6 步");
    await screenshot(page, "journey-apply-dashboard-draft-375");
    await card.getByRole("link", { name: "继续填写申请" }).click();
    await waitForPath(page, "/apply");
    await waitForHydration(page);
    expect(await page.locator("form#apply-team").count()).toBe(1);
  });

  test("fills the other steps and reaches the declaration", async () => {
    await page.locator("form#apply-team input[name=size]").fill("6");
    await page.locator("form#apply-team textarea[name=keyPeople]").fill("禾青 · 导演");
    await clickAndWait(page, "保存并继续", /step=plan$/);
    await page.locator("textarea[name=projects]").fill("两部二维动画短剧。");
    await page.locator("textarea[name=wantsFromPark]").fill("后期机房与公司注册协助。");
    await clickAndWait(page, "保存并继续", /step=needs$/);
    for (const [name, value] of [["officeSeats", "6"], ["stageDaysPerMonth", "0"], ["gpuHoursPerMonth", "100"], ["llmMillionTokensPerMonth", "10"], ["apartments", "1"]]) {
      await page.locator(`input[name=${name}]`).fill(value);
    }
    await clickAndWait(page, "保存并继续", /step=attachments$/);
    const upload = page.locator("form#apply-upload");
    await upload.locator("input[type=file]").setInputFiles({ name: "青禾商业计划书.pdf", mimeType: "application/pdf", buffer: PDF });
    await upload.getByRole("button", { name: "上传" }).click();
    await expect.poll(() => page.locator("ul.attachments").innerText()).toContain("青禾商业计划书.pdf");
    await clickAndWait(page, "保存并继续", /step=review$/);
    expect(await expectOneStepCount(page, /已填写 (\d+)\/(\d+) 步/)).toBe(5);
  });

  test("submitting without the declaration is refused next to each box; the privacy notice opens", async () => {
    const declaration = page.locator("#apply-declaration");
    await expect.poll(() => declaration.innerText()).toContain("信息真实性承诺");
    const privacyLink = declaration.getByRole("link", { name: /隐私政策/ });
    expect(await privacyLink.getAttribute("href")).toBe("/privacy");

    await page.getByRole("button", { name: "提交申请" }).click();
    const truthful = page.locator(".field", { has: page.locator("input[name=truthful]") });
    const privacy = page.locator(".field", { has: page.locator("input[name=privacy]") });
    await expect.poll(() => truthful.locator(".field-errors").innerText()).toContain("请勾选");
    expect(await privacy.locator(".field-errors").innerText()).toContain("请勾选");
    expect(new URL(page.url()).pathname).toBe("/apply");
    await screenshot(page, "journey-apply-declaration-refused-375");

    const notice = await context.newPage();
    const response = await notice.goto("/privacy");
    expect(response?.status()).toBe(200);
    expect(await notice.locator("main h1").innerText()).toContain("隐私政策");
    expect(await notice.locator("main").innerText()).toContain("入驻申请");
    await screenshot(notice, "journey-apply-privacy-375");
    await notice.close();

    await page.locator("input[name=truthful]").check();
    await page.locator("input[name=privacy]").check();
    // Ticking a box clears its error at once.
    expect(await page.locator("#apply-declaration .field-errors").count()).toBe(0);
    await clickAndWait(page, "提交申请", "/apply/status");
    expect(await mainText(page)).toContain("申请已提交");
  });

  test("工作台 then shows it submitted and what happens next", async () => {
    await page.goto("/dashboard");
    await waitForHydration(page);
    const card = page.locator("#my-application");
    expect(await card.locator(".badge").innerText()).toBe("已提交");
    expect(await card.innerText()).toContain("等待招商团队开始审核");
    expect(await mainText(page)).not.toContain("你还没有加入任何组织");
    await screenshot(page, "journey-apply-dashboard-submitted-375");
    await card.getByRole("link", { name: "查看申请" }).click();
    await waitForPath(page, "/apply/status");
    expect(errors).toEqual([]);
  });

  test("the officer sees the declaration recorded with the submission: which text, and when", async () => {
    const reviewerContext = await newContext(browser, { viewport: DESKTOP });
    const { page: reviewer } = await newPage(reviewerContext);
    await login(reviewer, REVIEWER_EMAIL);
    await reviewer.goto(`/admissions?q=${encodeURIComponent(COMPANY)}`);
    await waitForHydration(reviewer);
    await reviewer.locator("#applications a", { hasText: COMPANY }).click();
    await waitForPath(reviewer, /^\/admissions\/[0-9a-f-]{36}$/);
    const declared = reviewer.locator("[data-field=declaration]");
    const text = await declared.innerText();
    expect(text).toContain("信息真实性承诺");
    expect(text).toContain("隐私政策");
    expect(text).toMatch(/第 \S+ 版/);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await reviewerContext.close();
  });
});

describe("an officer reviews, in Chinese at 1280 px and in English on a phone", () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    context = await newContext(browser, { viewport: DESKTOP });
    ({ page, errors } = await newPage(context));
    page.setDefaultTimeout(10_000);
    await login(page, REVIEWER_EMAIL);
  });

  afterAll(async () => {
    // The language is remembered on the account; other browser tests read this officer in Chinese.
    await page.goto("/dashboard");
    await switchLanguage(page, "zh-CN");
    await context?.close();
  });

  test("scoring comes before deciding, and the history names the criteria", async () => {
    await page.goto(`/admissions?q=${encodeURIComponent(IN_REVIEW_COMPANY)}`);
    await waitForHydration(page);
    await page.locator("#applications a", { hasText: IN_REVIEW_COMPANY }).click();
    await waitForPath(page, /^\/admissions\/[0-9a-f-]{36}$/);
    await waitForHydration(page);
    const scoreFirst = await page.evaluate(() => {
      const score = document.querySelector("#review-score");
      const decide = document.querySelector("#review-decide");
      return Boolean(score && decide && score.compareDocumentPosition(decide) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(scoreFirst, "the score form comes before the decision form").toBe(true);

    const score = page.locator("form#review-score");
    for (const select of await score.locator("select").all()) await select.selectOption("4");
    await score.getByRole("button", { name: "保存评分" }).click();
    await expect.poll(() => page.locator("main p.notice").innerText()).toContain("评分已保存");
    const scored = page.locator(".timeline li", { hasText: "评分" }).first();
    const text = await scored.innerText();
    expect(text).not.toMatch(/\b(fit|team|plan|needs): \d/);
    expect(text).toContain("团队 4");
    expect(text).toContain("契合度 4");
    await screenshot(page, "journey-apply-review-1280");

    await page.setViewportSize(PHONE);
    await switchLanguage(page, "en");
    const english = await page.locator(".timeline li", { hasText: /Scored/ }).first().innerText();
    expect(english).not.toMatch(/\b(fit|team|plan|needs): \d/);
    expect(english).toContain("Team 4");
    expect(english).toContain("Fit with film + AI 4");
    await screenshot(page, "journey-apply-review-en-375");
    expect(errors).toEqual([]);
  });
});

describe("a founder with a draft, in English at 1280 px", () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    context = await newContext(browser, { viewport: DESKTOP });
    ({ page, errors } = await newPage(context));
    page.setDefaultTimeout(10_000);
    await login(page, DRAFT_FOUNDER_EMAIL);
    await switchLanguage(page, "en");
  });

  afterAll(async () => {
    await page.goto("/dashboard");
    await switchLanguage(page, "zh-CN");
    await context?.close();
  });

  test("the dashboard shows the draft and the next step; the form counts six steps", async () => {
    await page.goto("/dashboard");
    await waitForHydration(page);
    expect(await mainText(page)).not.toContain("not part of any organisation");
    const card = page.locator("#my-application");
    expect(await card.locator(".badge").innerText()).toBe("Draft");
    expect(await card.innerText()).toMatch(/\d of 6 steps filled in/);
    await screenshot(page, "journey-apply-dashboard-en-1280");
    await card.getByRole("link", { name: "Continue the application" }).click();
    await waitForPath(page, "/apply");
    await waitForHydration(page);
    await expectOneStepCount(page, /(\d+) of (\d+) steps filled in/);
    expect(await page.locator("main .lead").first().innerText()).toContain("6 steps");
  });

  test("the declaration is asked in English and a missing tick is named next to its box", async () => {
    await page.goto("/apply?step=review");
    await waitForHydration(page);
    const declaration = page.locator("#apply-declaration");
    expect(await declaration.innerText()).toContain("true");
    expect(await declaration.getByRole("link", { name: /privacy notice/i }).getAttribute("href")).toBe("/privacy");
    // Nothing is sent: the unticked boxes are named before the server is asked.
    await page.getByRole("button", { name: "Submit application" }).click();
    const truthful = page.locator(".field", { has: page.locator("input[name=truthful]") });
    await expect.poll(() => truthful.locator(".field-errors").innerText()).toContain("Please tick");
    await screenshot(page, "journey-apply-declaration-en-1280");

    await page.goto("/privacy");
    await waitForHydration(page);
    expect(await page.locator("main h1").innerText()).toContain("Privacy");
    expect(errors).toEqual([]);
  });
});
